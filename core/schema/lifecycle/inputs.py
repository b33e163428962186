"""GraphQL input types of the lifecycle: the candidate filter, and the inputs of the
lifecycle's mutations, derived from the service inputs.

Each mutation's input is the service model it is validated into, made optional field by
field (:func:`core.schema.derive.input_from`): the fields, their types and
their descriptions are declared once, in ``core.services``.
"""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from core.domain import states
from core.schema.derive import input_from

# The types module defines the enums the derived inputs take (as GraphQL enums).
from core.schema.lifecycle.types import CandidateStatus, Stage
from core.services import calls, candidates, corrections, csv_import, queries, screening

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


@input_from(corrections.CorrectCandidateInput)
class CorrectCandidateInput:
    """The personal fields to correct and why: a field left out or null is unchanged."""


@input_from(corrections.ReopenScreeningInput)
class ReopenScreeningInput:
    """The screened candidate to return to registered, and why."""
