"""GraphQL input types of the lifecycle: the candidate filter, and the inputs of the
lifecycle's mutations, derived from the service inputs.

Each mutation's input is the service model it is validated into, made optional field by
field (:func:`core.schema.derive.input_from`): the fields, their types and
their descriptions are declared once, in ``core.services``.
"""

from __future__ import annotations

import strawberry

from core.schema.derive import input_from

# The types module defines the enums the derived inputs take (as GraphQL enums).
from core.schema.lifecycle.types import CandidateStatus
from core.services import calls, candidates, csv_import, screening


@strawberry.input(description="Every given condition must hold.")
class CandidateFilterInput:
    country_code: str | None = None
    call_id: strawberry.ID | None = None
    status: CandidateStatus | None = None
    cohort_id: strawberry.ID | None = None
    host_company_id: strawberry.ID | None = None
    name: str | None = strawberry.field(default=None, description="Part of the full name.")


@input_from(calls.CriterionAdjustment)
class CriterionAdjustmentInput:
    pass


@input_from(calls.CreateCallInput)
class CreateRecruitmentCallInput:
    """Open a recruitment call; criteria start from the country's rules."""


@input_from(calls.UpdateCriteriaInput)
class UpdateCallCriteriaInput:
    """Change a call's criteria; decisions already made keep theirs."""


@input_from(candidates.RegisterCandidateInput)
class RegisterCandidateInput:
    pass


@input_from(csv_import.ImportRequest)
class ImportCandidatesInput:
    """Candidates from a ministry's CSV file (header line first)."""


@input_from(screening.RecordTestResultInput)
class RecordTestResultInput:
    pass


@input_from(screening.ScreenCandidateInput)
class ScreenCandidateInput:
    pass
