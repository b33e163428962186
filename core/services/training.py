"""Pre-entry training: cohorts and phases, enrolment, results, completion."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from pydantic import Field, ValidationInfo, field_validator
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, CohortPhase, TrainingCohort, TrainingResult
from core.domain.contracts import Payer, PreEntryTraining
from core.domain.families import TrainingCohortBase
from core.domain.next_steps import cohort_not_ended, missing_phases, training_incomplete
from core.domain.states import Status, Step, require_step
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.plugins.registry import CountryRegistry
from core.services.dates import HappenedOn
from core.services.history import move
from core.services.inputs import Input, RowId
from core.services.lookups import (
    country_or_refuse,
    get_candidate,
    get_cohort,
    get_or_refuse,
    require_country,
)


class PhaseInput(Input):
    name: str = Field(min_length=1, max_length=120)
    starts_on: date
    ends_on: date
    paid_by: Payer | None = None

    @field_validator("ends_on")
    @classmethod
    def _ordered(cls, ends_on: date, info: ValidationInfo) -> date:
        starts_on = info.data.get("starts_on")
        if starts_on is not None and ends_on < starts_on:
            raise ValueError(Message("endsOn is before startsOn"))
        return ends_on


class CreateCohortInput(Input, TrainingCohortBase):  # type: ignore[misc]  # Input's config
    """A new cohort: the fields of :class:`TrainingCohortBase` and its phases."""

    phases: list[PhaseInput] | None = Field(default=None, max_length=20)

    @field_validator("ends_on")
    @classmethod
    def _after_start(cls, ends_on: date, info: ValidationInfo) -> date:
        starts_on = info.data.get("starts_on")
        if starts_on is not None and ends_on <= starts_on:
            raise ValueError(Message("endsOn must be after startsOn"))
        return ends_on


class EnrolInput(Input):
    candidate_id: RowId
    cohort_id: RowId


class RecordTrainingResultInput(Input):
    candidate_id: RowId
    phase_id: RowId
    attendance_percent: float = Field(ge=0, le=100)
    assessment_score: float | None = Field(default=None, ge=0, le=100)
    passed: bool


class CompleteTrainingInput(Input):
    candidate_id: RowId
    completed_on: HappenedOn


async def create_cohort(
    *, session: AsyncSession, registry: CountryRegistry, scope: Scope, data: CreateCohortInput
) -> tuple[TrainingCohort, list[CohortPhase]]:
    """Create a cohort; it must last at least the country's minimum training length."""
    entry = country_or_refuse(registry, data.country_code.upper(), field="countryCode")
    require_country(scope, entry.code)
    training = entry.pre_entry_training
    errors: list[UserErrorData] = []
    if training is not None:
        minimum_end = data.starts_on + relativedelta(months=training.minimum_months)
        if data.ends_on < minimum_end:
            errors.append(
                UserErrorData(
                    field="endsOn",
                    message=Message(
                        "{country}'s pre-entry training lasts at least "
                        "{months} months: end on {end} or later",
                        country=entry.profile.name,
                        months=training.minimum_months,
                        end=str(minimum_end),
                    ),
                    code=ErrorCode.INVALID,
                )
            )
        centres = {centre.id for centre in training.centres}
        if data.centre_id is not None and data.centre_id not in centres:
            errors.append(
                UserErrorData(
                    field="centreId",
                    message=Message(
                        "no training centre {centre} in {country} (centres: {centres})",
                        centre=repr(data.centre_id),
                        country=entry.code,
                        centres=", ".join(sorted(centres)) or Message("none"),
                    ),
                    code=ErrorCode.NOT_FOUND,
                )
            )
    phases = data.phases if data.phases is not None else _default_phases(data, training)
    errors += _phase_errors(data, phases)
    if errors:
        raise DomainValidationError(errors)
    duplicate = await session.exec(
        select(TrainingCohort.id).where(
            TrainingCohort.country_code == entry.code, TrainingCohort.name == data.name
        )
    )
    if duplicate.first() is not None:
        raise DomainValidationError.single(
            "name",
            Message(
                "{country} already has a cohort named {name}",
                country=entry.code,
                name=repr(data.name),
            ),
            ErrorCode.DUPLICATE,
        )
    cohort = TrainingCohort(
        country_code=entry.code,
        name=data.name,
        centre_id=data.centre_id,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    session.add(cohort)
    await session.flush()
    assert cohort.id is not None
    rows = [
        CohortPhase(
            cohort_id=cohort.id,
            position=position,
            name=phase.name,
            starts_on=phase.starts_on,
            ends_on=phase.ends_on,
            paid_by=phase.paid_by.value if phase.paid_by else None,
        )
        for position, phase in enumerate(phases, start=1)
    ]
    session.add_all(rows)
    await session.flush()
    return cohort, rows


def _default_phases(data: CreateCohortInput, training: PreEntryTraining | None) -> list[PhaseInput]:
    """The country's phases laid end to end from the start date, the last one running to
    the cohort's end. Without phase durations, one phase spans the cohort."""
    template = training.phases if training else ()
    if not template or any(phase.duration is None for phase in template):
        return [
            PhaseInput(name="Pre-entry training", starts_on=data.starts_on, ends_on=data.ends_on)
        ]
    phases: list[PhaseInput] = []
    start = data.starts_on
    for index, phase in enumerate(template):
        assert phase.duration is not None
        length = relativedelta(months=phase.duration.months, days=phase.duration.days)
        end = data.ends_on if index == len(template) - 1 else start + length - relativedelta(days=1)
        if end < start or end > data.ends_on:
            raise DomainValidationError.single(
                "phases",
                Message(
                    "the country's phases do not fit between {starts} and {ends}; "
                    "give the phases explicitly or lengthen the cohort",
                    starts=str(data.starts_on),
                    ends=str(data.ends_on),
                ),
                ErrorCode.INVALID,
            )
        phases.append(
            PhaseInput(name=phase.name, starts_on=start, ends_on=end, paid_by=phase.paid_by)
        )
        start = end + relativedelta(days=1)
    return phases


def _phase_errors(data: CreateCohortInput, phases: list[PhaseInput]) -> list[UserErrorData]:
    errors = []
    if not phases:
        errors.append(
            UserErrorData(
                "phases", Message("a cohort needs at least one phase"), ErrorCode.REQUIRED
            )
        )
    previous_end: date | None = None
    for index, phase in enumerate(phases):
        if phase.starts_on < data.starts_on or phase.ends_on > data.ends_on:
            errors.append(
                UserErrorData(
                    f"phases.{index}",
                    Message("the phase lies outside the cohort's dates"),
                    ErrorCode.INVALID,
                )
            )
        if previous_end is not None and phase.starts_on <= previous_end:
            errors.append(
                UserErrorData(
                    f"phases.{index}.startsOn",
                    Message("the phase starts before the previous one ends"),
                    ErrorCode.INVALID,
                )
            )
        previous_end = phase.ends_on
    return errors


async def enrol(
    *, session: AsyncSession, scope: Scope, data: EnrolInput, actor: str | None
) -> Candidate:
    """Enrol a candidate who passed screening in a cohort of their country."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.ENROL)
    cohort = await get_cohort(session, data.cohort_id, scope)
    if cohort.country_code != candidate.country_code:
        raise DomainValidationError.single(
            "cohortId",
            Message(
                "the cohort trains candidates of {cohort_country}, the candidate is from {country}",
                cohort_country=cohort.country_code,
                country=candidate.country_code,
            ),
            ErrorCode.INVALID,
        )
    candidate.cohort_id = cohort.id
    await move(session, candidate, Status.IN_TRAINING, actor=actor, reason=f"cohort {cohort.name}")
    await session.flush()
    return candidate


async def record_training_result(
    *, session: AsyncSession, scope: Scope, data: RecordTrainingResultInput
) -> TrainingResult:
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.RECORD_TRAINING_RESULT)
    phase = await get_or_refuse(
        session, CohortPhase, data.phase_id, field="phaseId", label="training phase"
    )
    if phase.cohort_id != candidate.cohort_id:
        raise DomainValidationError.single(
            "phaseId",
            Message("the phase belongs to another cohort than the candidate's"),
            ErrorCode.INVALID,
        )
    existing = (
        await session.exec(
            select(TrainingResult).where(
                TrainingResult.candidate_id == data.candidate_id,
                TrainingResult.phase_id == data.phase_id,
            )
        )
    ).first()
    result = existing or TrainingResult(
        candidate_id=data.candidate_id,
        phase_id=data.phase_id,
        attendance_percent=data.attendance_percent,
        passed=data.passed,
    )
    result.attendance_percent = data.attendance_percent
    result.assessment_score = data.assessment_score
    result.passed = data.passed
    session.add(result)
    await session.flush()
    return result


async def complete_training(
    *, session: AsyncSession, scope: Scope, data: CompleteTrainingInput, actor: str | None
) -> Candidate:
    """Training is complete when the cohort has ended and every phase is passed."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.COMPLETE_TRAINING)
    assert candidate.cohort_id is not None
    cohort = await get_or_refuse(
        session, TrainingCohort, candidate.cohort_id, field="candidateId", label="cohort"
    )
    if (running := cohort_not_ended(cohort.ends_on, data.completed_on)) is not None:
        raise DomainValidationError.single("completedOn", running, ErrorCode.INVALID)
    phases = (
        await session.exec(select(CohortPhase).where(CohortPhase.cohort_id == cohort.id))
    ).all()
    results = (
        await session.exec(
            select(TrainingResult).where(TrainingResult.candidate_id == data.candidate_id)
        )
    ).all()
    missing = missing_phases(
        [(phase.id or 0, phase.name) for phase in phases],
        (result.phase_id for result in results if result.passed),
    )
    if (reason := training_incomplete(missing)) is not None:
        raise DomainValidationError.single("candidateId", reason, ErrorCode.NOT_ALLOWED_STATE)
    candidate.training_completed_on = data.completed_on
    await move(
        session, candidate, Status.TRAINING_COMPLETED, actor=actor, reason="training completed"
    )
    await session.flush()
    return candidate
