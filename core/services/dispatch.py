"""Host companies, dispatch to Japan, moves between stages, return, withdrawal."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from pydantic import Field, ValidationInfo, create_model, field_validator
from pydantic.alias_generators import to_camel
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, Employment, HostCompany, SkillsTestSitting, StageRecord
from core.domain.entry import EntryStep, plan_missing, step_missing
from core.domain.esd import Programme
from core.domain.families import HostCompanyBase
from core.domain.states import STAGE_OF_STATUS, STATUS_OF_STAGE, Status, Step, require_step
from core.domain.supervision import TestGrade
from core.domain.titp import (
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
from core.i18n import Message
from core.services import lectures, rules, skills_tests, stage_conditions, transition
from core.services.dates import HappenedOn
from core.services.entry import entry_of
from core.services.esd_plans import certified_esd_plan, esd_plan_missing
from core.services.history import move
from core.services.inputs import Input, RowId, optional_fields
from core.services.lookups import get_candidate, get_or_refuse
from core.services.plans import certified_plan
from core.services.programme import programme_of


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
    entry_date: HappenedOn | None = Field(
        default=None,
        description=(
            "The recorded entry into Japan (recordEntry); when given it must be that date."
        ),
    )
    starts_on: HappenedOn | None = Field(
        default=None,
        description=(
            "For an ESD worker (required): the first day of work with the host company, on "
            "or after the entry. Not taken for TITP, whose stage (i) begins on the entry date."
        ),
    )


DEPRECATED_TEST_FIELDS = (
    "The recorded skills test sittings (recordSkillsTestSitting) decide; when given, this "
    "must agree with a recorded passed sitting."
)


class AdvanceStageInput(Input):
    candidate_id: RowId
    skills_test: SkillsTest | None = Field(
        default=None,
        description=("When given, the test of a recorded passed sitting that opens the stage."),
    )
    passed_on: HappenedOn | None = Field(
        default=None,
        description=("When given, the day of a recorded passed sitting that opens the stage."),
    )
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
    """Place a candidate who completed training with a host company: stage (i) begins on
    the recorded entry date, under the certified stage (i) plan made with that company."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.DISPATCH)
    company = await get_or_refuse(
        session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
    )
    assert candidate.training_completed_on is not None and candidate.id is not None
    if programme_of(candidate) is Programme.ESD:
        return await _dispatch_esd(session, candidate, company, data, actor)
    if data.starts_on is not None:
        raise DomainValidationError.single(
            "startsOn",
            Message("startsOn is for ESD workers: stage (i) begins on the entry date"),
            ErrorCode.INVALID,
        )
    problems: list[UserErrorData] = []
    plan = await certified_plan(session, candidate.id, Stage.I, host_company_id=company.id)
    if plan is None:
        problems.append(
            UserErrorData(
                field="hostCompanyId",
                message=plan_missing(Stage.I, company.name),
                code=ErrorCode.NOT_ALLOWED_STATE,
            )
        )
    entered_on = await _recorded_entry(session, candidate, data, problems)
    if problems:
        raise DomainValidationError(problems)
    await lectures.require_complete(session, candidate.id, field="candidateId")
    assert plan is not None and entered_on is not None
    candidate.host_company_id = company.id
    candidate.entered_japan_on = entered_on
    session.add(
        StageRecord(
            candidate_id=candidate.id,
            stage=Stage.I.value,
            started_on=entered_on,
            plan_id=plan.id,
            occupation_code=plan.occupation_code,
        )
    )
    await move(
        session, candidate, Status.IN_JAPAN_I, actor=actor, reason=f"placed with {company.name}"
    )
    await session.flush()
    return candidate


async def _recorded_entry(
    session: AsyncSession, candidate: Candidate, data: DispatchInput, problems: list[UserErrorData]
) -> date | None:
    """The recorded entry into Japan, which dispatch needs under either programme; what
    is wrong with it (missing, not the ``entryDate`` given, before training was
    completed) is added to ``problems`` on ``entryDate``."""
    assert candidate.id is not None and candidate.training_completed_on is not None
    entry = await entry_of(session, candidate.id)
    entered_on = entry.entered_on if entry is not None else None
    if entered_on is None:
        problems.append(
            UserErrorData(
                field="entryDate",
                message=step_missing(EntryStep.ENTERED),
                code=ErrorCode.NOT_ALLOWED_STATE,
            )
        )
    elif data.entry_date is not None and data.entry_date != entered_on:
        problems.append(
            UserErrorData(
                field="entryDate",
                message=Message(
                    "entryDate ({given}) is not the recorded entry into Japan ({recorded})",
                    given=data.entry_date.isoformat(),
                    recorded=entered_on.isoformat(),
                ),
                code=ErrorCode.INVALID,
            )
        )
    elif entered_on < candidate.training_completed_on:
        problems.append(
            UserErrorData(
                field="entryDate",
                message=Message(
                    "entry is before training was completed ({completed})",
                    completed=str(candidate.training_completed_on),
                ),
                code=ErrorCode.INVALID,
            )
        )
    return entered_on


async def _dispatch_esd(
    session: AsyncSession,
    candidate: Candidate,
    company: HostCompany,
    data: DispatchInput,
    actor: str | None,
) -> Candidate:
    """An ESD worker starts work with the host company of their certified ESD plan on
    ``startsOn``, after the recorded entry: status in_japan_esd and the first
    employment. TITP's post-entry lectures are not checked: the reference gives ESD's
    lecture hours from seminar notes only (section 3), so nothing is enforced."""
    assert candidate.id is not None and candidate.training_completed_on is not None
    problems: list[UserErrorData] = []
    plan = await certified_esd_plan(session, candidate.id, host_company_id=company.id)
    if plan is None:
        problems.append(
            UserErrorData(
                field="hostCompanyId",
                message=esd_plan_missing(company.name),
                code=ErrorCode.NOT_ALLOWED_STATE,
            )
        )
    entered_on = await _recorded_entry(session, candidate, data, problems)
    if data.starts_on is None:
        problems.append(
            UserErrorData(
                field="startsOn",
                message=Message("startsOn is required for an ESD worker: the first day of work"),
                code=ErrorCode.REQUIRED,
            )
        )
    elif entered_on is not None and data.starts_on < entered_on:
        problems.append(
            UserErrorData(
                field="startsOn",
                message=Message(
                    "startsOn ({day}) is before the entry into Japan ({entered})",
                    day=data.starts_on.isoformat(),
                    entered=entered_on.isoformat(),
                ),
                code=ErrorCode.INVALID,
            )
        )
    if problems:
        raise DomainValidationError(problems)
    assert plan is not None and entered_on is not None and data.starts_on is not None
    candidate.host_company_id = company.id
    candidate.entered_japan_on = entered_on
    assert company.id is not None
    session.add(
        Employment(
            candidate_id=candidate.id,
            host_company_id=company.id,
            work_category_code=plan.work_category_code,
            started_on=data.starts_on,
        )
    )
    await move(
        session, candidate, Status.IN_JAPAN_ESD, actor=actor, reason=f"employed by {company.name}"
    )
    await session.flush()
    return candidate


TEST_OF_GRADE = {TestGrade.BASIC: SkillsTest.BASIC_GRADE, TestGrade.GRADE_3: SkillsTest.GRADE_3}
"""The skills test a stage record names for the grade of the sittings that opened it."""


async def advance_stage(
    *, session: AsyncSession, scope: Scope, data: AdvanceStageInput, actor: str | None
) -> Candidate:
    """Move to the next stage when its conditions hold, checked in this order (the
    first that fails is refused, naming its field): the candidate's status; no open
    difficulty; the start within the current stage; the skills tests of the gate
    passed (recorded sittings) and the deprecated ``skillsTest``/``passedOn``
    agreeing with them; a certified plan for the next stage (for (iii) in an
    eligible occupation); for (iii), the host company excellent, IM Japan's general
    licence valid and the home stay, on the start day. A stage (iii) from the day ESD
    is in force also needs enough of stage (ii) done by that day (checked with the
    start, on ``startsOn``)."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    current_status = require_step(candidate.status, Step.ADVANCE_STAGE)
    assert candidate.id is not None
    await stage_conditions.refuse_open_difficulty(session, candidate.id)
    current = STAGE_OF_STATUS[current_status]
    following = NEXT_STAGE[current]
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
    if following is Stage.III:
        await _check_stage_iii_transition(session, record.started_on, data.starts_on)
    passes = await skills_tests.gate_sittings(
        session, candidate.id, current, following, data.starts_on
    )
    test = TEST_OF_GRADE.get(TestGrade(passes[-1].grade)) if passes else None
    _agree(data, passes, test)
    plan = await stage_conditions.certified_plan_for(session, candidate, following)
    if following is Stage.III:
        await stage_conditions.check_stage_iii(session, candidate.id, plan, data.starts_on)
        candidate.host_company_id = plan.host_company_id
    session.add(
        StageRecord(
            candidate_id=candidate.id,
            stage=following.value,
            started_on=data.starts_on,
            skills_test=test.value if test else None,
            skills_test_passed_on=max((row.sat_on for row in passes), default=None),
            occupation_code=plan.occupation_code,
            plan_id=plan.id,
        )
    )
    await move(
        session,
        candidate,
        STATUS_OF_STAGE[following],
        actor=actor,
        reason=f"passed {test.value}" if test else f"moved to stage {following.value}",
    )
    await session.flush()
    return candidate


async def _check_stage_iii_transition(
    session: AsyncSession, stage_ii_began: date, starts_on: date
) -> None:
    """Refuse on ``startsOn`` a stage (iii) starting on or after ``esd.in_force_from``
    when stage (ii) began less than ``transition.titp.stage_iii.stage_ii_months``
    months before that day (reference section 8; the rules in force on ``starts_on``)."""
    in_force = await rules.rule_in_force(session, transition.IN_FORCE_RULE, starts_on)
    months = await rules.rule_in_force(session, transition.STAGE_II_MONTHS_RULE, starts_on)
    transition.refuse_unless(
        transition.titp_stage_iii(starts_on, stage_ii_began, in_force, months), "startsOn"
    )


def _agree(
    data: AdvanceStageInput, passes: list[SkillsTestSitting], test: SkillsTest | None
) -> None:
    """The deprecated ``skillsTest`` and ``passedOn``, when given, must be those of a
    recorded passed sitting of the gate."""
    if data.skills_test is not None and data.skills_test is not test:
        raise DomainValidationError.single(
            "skillsTest",
            Message(
                "{test} does not agree with the recorded passed sittings ({recorded})",
                test=skills_test_label(data.skills_test),
                recorded=skills_test_label(test) if test else Message("no grade named"),
            ),
            ErrorCode.INVALID,
        )
    days = sorted({row.sat_on for row in passes})
    if data.passed_on is not None and data.passed_on not in days:
        raise DomainValidationError.single(
            "passedOn",
            Message(
                "no recorded passed sitting of the gate was sat on {day} (recorded: {days})",
                day=str(data.passed_on),
                days=", ".join(str(day) for day in days),
            ),
            ErrorCode.INVALID,
        )


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
