"""Host companies, dispatch to Japan, moves between stages, return, withdrawal."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from pydantic import Field, ValidationInfo, create_model, field_validator
from pydantic.alias_generators import to_camel
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, HostCompany, StageRecord
from core.domain.families import HostCompanyBase
from core.domain.states import STAGE_OF_STATUS, STATUS_OF_STAGE, Status, Step, require_step
from core.domain.titp import (
    GATES,
    MAX_YEARS_IN_JAPAN,
    NEXT_STAGE,
    STAGE_YEARS,
    ReturnOutcome,
    SkillsTest,
    Stage,
    prefecture_name,
    skills_test_label,
    stage_label,
)
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Joined, Message
from core.services import lectures
from core.services.dates import HappenedOn
from core.services.history import move
from core.services.inputs import Input, RowId, optional_fields
from core.services.lookups import get_candidate, get_or_refuse


def known_prefecture(value: str) -> str:
    """The prefecture's name, for its name or ISO code; refused when Japan has none such."""
    name = prefecture_name(value)
    if name is None:
        raise ValueError(
            Message(
                "{value} is not a prefecture of Japan (name or ISO code JP-01..JP-47)",
                value=repr(value),
            )
        )
    return name


class CreateHostCompanyInput(Input, HostCompanyBase):  # type: ignore[misc]  # Input's config
    """A new host company: the fields of :class:`HostCompanyBase`, the prefecture known."""

    @field_validator("prefecture")
    @classmethod
    def _known_prefecture(cls, value: str) -> str:
        return known_prefecture(value)


HostCompanyChanges: type[Input] = create_model(
    "HostCompanyChanges",
    __base__=Input,
    __doc__="The host company's fields to change, each optional and bounded as when registered.",
    **optional_fields(HostCompanyBase),
)


class UpdateHostCompanyInput(HostCompanyChanges):
    """A change of a host company: the fields given (the prefecture known)."""

    host_company_id: RowId

    @field_validator("prefecture")
    @classmethod
    def _known_prefecture(cls, value: str | None) -> str | None:
        return None if value is None else known_prefecture(value)


class DispatchInput(Input):
    candidate_id: RowId
    host_company_id: RowId
    entry_date: HappenedOn


class AdvanceStageInput(Input):
    candidate_id: RowId
    skills_test: SkillsTest
    passed_on: HappenedOn
    starts_on: HappenedOn

    @field_validator("starts_on")
    @classmethod
    def _test_before_stage(cls, starts_on: date, info: ValidationInfo) -> date:
        passed_on = info.data.get("passed_on")
        if passed_on is not None and starts_on < passed_on:
            raise ValueError(Message("startsOn is before the skills test was passed (passedOn)"))
        return starts_on


class RecordReturnInput(Input):
    candidate_id: RowId
    returned_on: HappenedOn
    outcome: ReturnOutcome
    reason: str | None = Field(default=None, min_length=1, max_length=500, validate_default=True)

    @field_validator("reason")
    @classmethod
    def _early_return_has_a_reason(cls, reason: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("outcome") is ReturnOutcome.EARLY_RETURN and reason is None:
            raise ValueError(Message("reason is required for an early return"))
        return reason


class WithdrawInput(Input):
    candidate_id: RowId
    reason: str = Field(min_length=1, max_length=500)


async def create_host_company(
    *, session: AsyncSession, data: CreateHostCompanyInput
) -> HostCompany:
    await _refuse_duplicate_company(session, data.name, data.prefecture)
    company = HostCompany(
        name=data.name, prefecture=data.prefecture, job_category=data.job_category
    )
    session.add(company)
    await session.flush()
    return company


async def update_host_company(
    *, session: AsyncSession, data: UpdateHostCompanyInput
) -> HostCompany:
    """Change the given fields of a host company, checked as when it was registered."""
    company = await get_or_refuse(
        session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
    )
    given = data.model_dump(exclude_unset=True, exclude={"host_company_id"})
    if not given:
        raise DomainValidationError.single(
            None, Message("give at least one field to change"), ErrorCode.REQUIRED
        )
    removed = [
        UserErrorData(
            field=to_camel(name), message=Message("cannot be removed"), code=ErrorCode.REQUIRED
        )
        for name, value in given.items()
        if value is None
    ]
    if removed:
        raise DomainValidationError(removed)
    name, prefecture = given.get("name", company.name), given.get("prefecture", company.prefecture)
    if (name, prefecture) != (company.name, company.prefecture):
        await _refuse_duplicate_company(session, name, prefecture)
    for field, value in given.items():
        setattr(company, field, value)
    session.add(company)
    await session.flush()
    return company


async def _refuse_duplicate_company(session: AsyncSession, name: str, prefecture: str) -> None:
    duplicate = await session.exec(
        select(HostCompany.id).where(HostCompany.name == name, HostCompany.prefecture == prefecture)
    )
    if duplicate.first() is not None:
        raise DomainValidationError.single(
            "name",
            Message(
                "{name} in {prefecture} is already registered",
                name=repr(name),
                prefecture=prefecture,
            ),
            ErrorCode.DUPLICATE,
        )


async def dispatch(
    *, session: AsyncSession, scope: Scope, data: DispatchInput, actor: str | None
) -> Candidate:
    """Place a candidate who completed training with a host company: stage (i) begins."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.DISPATCH)
    await lectures.require_complete(session, data.candidate_id, field="candidateId")
    company = await get_or_refuse(
        session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
    )
    assert candidate.training_completed_on is not None and candidate.id is not None
    if data.entry_date < candidate.training_completed_on:
        raise DomainValidationError.single(
            "entryDate",
            Message(
                "entry is before training was completed ({completed})",
                completed=str(candidate.training_completed_on),
            ),
            ErrorCode.INVALID,
        )
    candidate.host_company_id = company.id
    candidate.entered_japan_on = data.entry_date
    session.add(
        StageRecord(candidate_id=candidate.id, stage=Stage.I.value, started_on=data.entry_date)
    )
    await move(
        session, candidate, Status.IN_JAPAN_I, actor=actor, reason=f"placed with {company.name}"
    )
    await session.flush()
    return candidate


async def advance_stage(
    *, session: AsyncSession, scope: Scope, data: AdvanceStageInput, actor: str | None
) -> Candidate:
    """Move to the next stage; the skills test that gates it must have been passed."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    current_status = require_step(candidate.status, Step.ADVANCE_STAGE)
    current = STAGE_OF_STATUS[current_status]
    following = NEXT_STAGE[current]
    if data.skills_test not in GATES[following]:
        allowed = Joined(
            Message(" or "), [skills_test_label(test) for test in sorted(GATES[following])]
        )
        raise DomainValidationError.single(
            "skillsTest",
            Message(
                "moving to stage ({stage}) needs {allowed}, not {test}",
                stage=stage_label(following),
                allowed=allowed,
                test=skills_test_label(data.skills_test),
            ),
            ErrorCode.INVALID,
        )
    record = await _stage_record(session, candidate, current)
    stage_end = record.started_on + relativedelta(years=STAGE_YEARS[current])
    if not record.started_on < data.starts_on <= stage_end:
        raise DomainValidationError.single(
            "startsOn",
            Message(
                "stage ({stage}) must start after stage ({current}) began "
                "({began}) and by its end ({end})",
                stage=stage_label(following),
                current=stage_label(current),
                began=str(record.started_on),
                end=str(stage_end),
            ),
            ErrorCode.INVALID,
        )
    assert candidate.id is not None
    session.add(
        StageRecord(
            candidate_id=candidate.id,
            stage=following.value,
            started_on=data.starts_on,
            skills_test=data.skills_test.value,
            skills_test_passed_on=data.passed_on,
        )
    )
    await move(
        session,
        candidate,
        STATUS_OF_STAGE[following],
        actor=actor,
        reason=f"passed {data.skills_test.value}",
    )
    await session.flush()
    return candidate


async def record_return(
    *, session: AsyncSession, scope: Scope, data: RecordReturnInput, actor: str | None
) -> Candidate:
    """Record the return home; the record stays for employment support."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    current_status = require_step(candidate.status, Step.RECORD_RETURN)
    record = await _stage_record(session, candidate, STAGE_OF_STATUS[current_status])
    assert candidate.entered_japan_on is not None
    latest = candidate.entered_japan_on + relativedelta(years=MAX_YEARS_IN_JAPAN)
    if not record.started_on <= data.returned_on <= latest:
        raise DomainValidationError.single(
            "returnedOn",
            Message(
                "the return must fall between the start of the current stage ({started}) "
                "and {years} years after entry ({latest})",
                started=str(record.started_on),
                years=MAX_YEARS_IN_JAPAN,
                latest=str(latest),
            ),
            ErrorCode.INVALID,
        )
    candidate.returned_on = data.returned_on
    candidate.return_outcome = data.outcome.value
    candidate.return_reason = data.reason
    await move(
        session, candidate, Status.RETURNED, actor=actor, reason=data.reason or data.outcome.value
    )
    await session.flush()
    return candidate


async def withdraw(
    *, session: AsyncSession, scope: Scope, data: WithdrawInput, actor: str | None
) -> Candidate:
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.WITHDRAW)
    await move(session, candidate, Status.WITHDRAWN, actor=actor, reason=data.reason)
    await session.flush()
    return candidate


async def _stage_record(session: AsyncSession, candidate: Candidate, stage: Stage) -> StageRecord:
    result = await session.exec(
        select(StageRecord).where(
            StageRecord.candidate_id == candidate.id, StageRecord.stage == stage.value
        )
    )
    return result.one()
