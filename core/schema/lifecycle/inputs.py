"""GraphQL input types of the lifecycle mutations.

Every field is optional in the schema: the services validate the values and
answer a missing or malformed one with a field-level error in the payload
(``code: REQUIRED`` / ``INVALID``) rather than failing the whole request.
Dates are ISO strings (``2026-04-01``) for the same reason.
"""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from core.schema.lifecycle.enums import (
    EducationLevel,
    ImportMode,
    JapaneseLevel,
    ReturnOutcome,
    Sex,
    SkillsTest,
    TestKind,
)
from core.schema.types.enums import Payer

ISO_DATE = "An ISO date, YYYY-MM-DD."


@strawberry.input
class CriterionAdjustmentInput:
    rule_id: str | None = None
    parameters: JSON | None = None


@strawberry.input(description="Open a recruitment call; criteria start from the country's rules.")
class CreateRecruitmentCallInput:
    country_code: str | None = None
    label: str | None = strawberry.field(default=None, description="For example '22-07'.")
    job_fields: list[str] | None = None
    places: int | None = None
    opens_on: str | None = strawberry.field(default=None, description=ISO_DATE)
    closes_on: str | None = strawberry.field(default=None, description=ISO_DATE)
    adjust: list[CriterionAdjustmentInput] | None = None
    omit_rules: list[str] | None = None


@strawberry.input(description="Change a call's criteria; decisions already made keep theirs.")
class UpdateCallCriteriaInput:
    call_id: strawberry.ID | None = None
    adjust: list[CriterionAdjustmentInput] | None = None
    omit_rules: list[str] | None = None
    reason: str | None = None


@strawberry.input
class RegisterCandidateInput:
    call_id: strawberry.ID | None = None
    applicant_number: str | None = None
    full_name: str | None = None
    date_of_birth: str | None = strawberry.field(default=None, description=ISO_DATE)
    sex: Sex | None = None
    education_level: EducationLevel | None = None
    education_track: str | None = None
    job_field: str | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    japanese_level: JapaneseLevel | None = None
    prior_internship_in_japan: bool | None = None
    prior_work_in_japan: bool | None = None
    military_service_completed: bool | None = None
    criminal_record: bool | None = None
    country_details: JSON | None = None


@strawberry.input(description="Candidates from a ministry's CSV file (header line first).")
class ImportCandidatesInput:
    call_id: strawberry.ID | None = None
    csv: str | None = None
    mode: ImportMode | None = None


@strawberry.input
class RecordTestResultInput:
    candidate_id: strawberry.ID | None = None
    kind: TestKind | None = None
    passed: bool | None = None
    score: float | None = None
    details: JSON | None = None
    taken_on: str | None = strawberry.field(default=None, description=ISO_DATE)


@strawberry.input
class ScreenCandidateInput:
    candidate_id: strawberry.ID | None = None
    screened_on: str | None = strawberry.field(
        default=None, description=f"{ISO_DATE} Ages are computed on this day; today if omitted."
    )


@strawberry.input
class CohortPhaseInput:
    name: str | None = None
    starts_on: str | None = None
    ends_on: str | None = None
    paid_by: Payer | None = None


@strawberry.input(description="A cohort; phases default to the country's, laid end to end.")
class CreateTrainingCohortInput:
    country_code: str | None = None
    name: str | None = None
    centre_id: str | None = None
    starts_on: str | None = strawberry.field(default=None, description=ISO_DATE)
    ends_on: str | None = strawberry.field(default=None, description=ISO_DATE)
    phases: list[CohortPhaseInput] | None = None


@strawberry.input
class EnrolCandidateInput:
    candidate_id: strawberry.ID | None = None
    cohort_id: strawberry.ID | None = None


@strawberry.input
class RecordTrainingResultInput:
    candidate_id: strawberry.ID | None = None
    phase_id: strawberry.ID | None = None
    attendance_percent: float | None = None
    assessment_score: float | None = None
    passed: bool | None = None


@strawberry.input
class CompleteTrainingInput:
    candidate_id: strawberry.ID | None = None
    completed_on: str | None = strawberry.field(default=None, description=ISO_DATE)


@strawberry.input
class CreateHostCompanyInput:
    name: str | None = None
    prefecture: str | None = strawberry.field(
        default=None, description="Name or ISO 3166-2 code, e.g. 'Aichi' or 'JP-23'."
    )
    job_category: str | None = None


@strawberry.input
class DispatchCandidateInput:
    candidate_id: strawberry.ID | None = None
    host_company_id: strawberry.ID | None = None
    entry_date: str | None = strawberry.field(default=None, description=ISO_DATE)


@strawberry.input
class AdvanceStageInput:
    candidate_id: strawberry.ID | None = None
    skills_test: SkillsTest | None = None
    passed_on: str | None = strawberry.field(default=None, description=ISO_DATE)
    starts_on: str | None = strawberry.field(default=None, description=ISO_DATE)


@strawberry.input
class RecordReturnInput:
    candidate_id: strawberry.ID | None = None
    returned_on: str | None = strawberry.field(default=None, description=ISO_DATE)
    outcome: ReturnOutcome | None = None
    reason: str | None = None


@strawberry.input
class WithdrawCandidateInput:
    candidate_id: strawberry.ID | None = None
    reason: str | None = None
