"""Inputs of the dispatch's mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.lifecycle.types  # noqa: F401
from core.schema.derive import input_from
from core.services import dispatch


@input_from(dispatch.CreateHostCompanyInput)
class CreateHostCompanyInput:
    pass


@input_from(dispatch.UpdateHostCompanyInput)
class UpdateHostCompanyInput:
    """The host company's fields to change: a field left out or null is unchanged."""


@input_from(dispatch.DispatchInput)
class DispatchCandidateInput:
    pass


@input_from(
    dispatch.AdvanceStageInput,
    deprecated={
        "skills_test": dispatch.DEPRECATED_TEST_FIELDS,
        "passed_on": dispatch.DEPRECATED_TEST_FIELDS,
    },
)
class AdvanceStageInput:
    pass


@input_from(dispatch.RecordReturnInput)
class RecordReturnInput:
    pass


@input_from(dispatch.WithdrawInput)
class WithdrawCandidateInput:
    pass
