"""GraphQL input types of the lifecycle: the candidate filter, and the inputs of the
lifecycle's mutations, derived from the service inputs.

Each mutation's input is the service model it is validated into, made optional field by
field (:func:`core.schema.derive.input_from`): the fields, their types and
their descriptions are declared once, in ``core.services``.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from functools import cache

import strawberry
from pydantic import BaseModel

from core.domain import states
from core.schema.derive import OMIT, input_from, input_tree

# The types module defines the enums the derived inputs take (as GraphQL enums).
from core.schema.lifecycle.types import CandidateStatus, Stage
from core.services import (
    calls,
    candidates,
    corrections,
    csv_import,
    parameters,
    queries,
    screening,
)

CandidatePhase = strawberry.enum(states.Phase, name="CandidatePhase")
CandidateSortField = strawberry.enum(
    queries.CandidateSort,
    name="CandidateSortField",
    description="What a candidate list is sorted by; the id breaks ties.",
)


@strawberry.enum(description="Ascending or descending.")
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(description="Every given condition must hold.")
class CandidateFilterInput:
    country_code: str | None = None
    call_id: strawberry.ID | None = None
    status: CandidateStatus | None = None
    cohort_id: strawberry.ID | None = None
    host_company_id: strawberry.ID | None = None
    name: str | None = strawberry.field(
        default=None,
        description=(
            "Part of the full name; case and the accents of Latin script are ignored "
            "(dang finds Đặng)."
        ),
    )
    statuses: list[CandidateStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    phase: CandidatePhase | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Where in the programme: a group of statuses."
    )
    stage: Stage | None = strawberry.field(
        default=None, description="A stage of the training in Japan (its status)."
    )
    registered_from: date | None = strawberry.field(
        default=None, description="Registered on this day (UTC) or later."
    )
    registered_to: date | None = strawberry.field(
        default=None, description="Registered on this day (UTC) or earlier."
    )
    entered_japan_from: date | None = None
    entered_japan_to: date | None = None


@strawberry.input(description="The order of a candidate list.")
class CandidateOrderInput:
    field: CandidateSortField  # type: ignore[valid-type]
    direction: SortDirection = SortDirection.ASC


def _parameters_name(model: type[BaseModel]) -> str:
    """``AgeRangeAdjustment`` is ``AgeRangeParametersInput``; an entry keeps its name."""
    return model.__name__.replace("Adjustment", "Parameters") + "Input"


@cache
def call_inputs(rules: tuple[parameters.CustomRule, ...]) -> tuple[type, type]:
    """The inputs of ``createRecruitmentCall`` and ``updateCallCriteria``, whose
    ``RuleParametersInput`` has a member per kind of core's and per adjustable
    ``custom`` rule of the plugins (``rules``, known when the schema is built)."""
    model = parameters.rule_parameters(rules)
    for member in model.model_fields.values():
        input_tree(member.annotation.__args__[0], _parameters_name)  # type: ignore[union-attr]

    @input_from(model, one_of=True, name="RuleParametersInput")
    class RuleParametersInput:
        """New values for some parameters of a rule, under the key of the rule's kind, or
        for a custom rule of its plugin and id (the others keep theirs); a custom rule
        whose plugin declares no model of its parameters is not adjusted."""

    @input_from(calls.CriterionAdjustment, overrides={"parameters": RuleParametersInput})
    class CriterionAdjustmentInput:
        pass

    adjust = {"adjust": list[CriterionAdjustmentInput]}

    @input_from(calls.CreateCallInput, overrides=adjust)
    class CreateRecruitmentCallInput:
        """Open a recruitment call; criteria start from the country's rules."""

    @input_from(calls.UpdateCriteriaInput, overrides=adjust)
    class UpdateCallCriteriaInput:
        """Change a call's criteria; decisions already made keep theirs."""

    return CreateRecruitmentCallInput, UpdateCallCriteriaInput


@cache
def candidate_inputs(country_details: type | None) -> tuple[type, type]:
    """The inputs that take a candidate's country details, ``countryDetails`` typed by
    ``country_details`` (``CountryDetailsInput``, generated from the plugins when the
    schema is built; left out when no plugin has details): registration and correction."""
    overrides = {"country_details": country_details or OMIT}

    @input_from(candidates.RegisterCandidateInput, overrides=overrides)
    class RegisterCandidateInput:
        pass

    @input_from(
        corrections.CorrectCandidateInput,
        description=(
            "The personal fields to correct and why: a field left out or null is unchanged."
        ),
        overrides=overrides,
    )
    class CorrectCandidateInput:
        pass

    return RegisterCandidateInput, CorrectCandidateInput


@input_from(csv_import.ImportRequest)
class ImportCandidatesInput:
    """Candidates from a ministry's CSV file (header line first)."""


for _model in screening.TestDetails.model_fields.values():
    input_tree(_model.annotation.__args__[0], lambda model: f"{model.__name__}Input")  # type: ignore[union-attr]


@input_from(screening.TestDetails, one_of=True)
class TestDetailsInput:
    """A test's details, under the key of the result's kind (for the kinds that record any)."""


@input_from(screening.RecordTestResultInput)
class RecordTestResultInput:
    pass


@input_from(screening.ScreenCandidateInput)
class ScreenCandidateInput:
    pass


@input_from(corrections.ReopenScreeningInput)
class ReopenScreeningInput:
    """The screened candidate to return to registered, and why."""
