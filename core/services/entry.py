"""The entry chain (reference B3): the Certificate of Eligibility applied for and
issued, the visa issued, the entry into Japan; one record per intern.

Each step needs the one before it (the refusal names the missing step as its
field, ``coeIssuedOn``...) and is dated on or after it, never after today. The
application for the Certificate needs a certified stage (i) plan and follows
its certification. Recording the entry sets the candidate's
``entered_japan_on``; the status does not change until dispatch
(:func:`core.services.dispatch.dispatch`, whose entry date is this one).

A worker under ESD (the programme their applied ESD plan fixed) needs a certified
ESD plan instead of the stage (i) plan, and enters only with Japanese at rule
``esd.entry.cefr`` (a passed test) or a certified course of at least
``esd.entry.course_hours`` hours, taken by the entry day (reference section 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import Field
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, EntryRecord, LanguageResult
from core.domain.entry import (
    BEFORE_DISPATCH,
    ENTRY_STEPS,
    EntryStep,
    step_field,
    step_missing,
    step_recorded,
)
from core.domain.esd import LanguageResultKind, Programme, meets
from core.domain.states import Status, status_label
from core.domain.titp import Stage
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Joined, Message
from core.services import rules, transition
from core.services.dates import HappenedOn
from core.services.esd_plans import require_certified_esd_plan
from core.services.inputs import Input, RowId
from core.services.lookups import get_candidate
from core.services.plans import require_certified_plan
from core.services.programme import programme_of

ENTRY_CEFR_RULE = "esd.entry.cefr"
ENTRY_COURSE_RULE = "esd.entry.course_hours"


class RecordCoeApplicationInput(Input):
    candidate_id: RowId
    applied_on: HappenedOn


class RecordCoeIssuedInput(Input):
    candidate_id: RowId
    issued_on: HappenedOn
    coe_number: str = Field(
        min_length=1, max_length=40, description="The Certificate of Eligibility's number."
    )


class RecordVisaIssuedInput(Input):
    candidate_id: RowId
    issued_on: HappenedOn


class RecordEntryInput(Input):
    candidate_id: RowId
    entered_on: HappenedOn


@dataclass(frozen=True)
class EntryResult:
    candidate: Candidate
    entry: EntryRecord


async def entry_of(session: AsyncSession, candidate_id: int) -> EntryRecord | None:
    """The candidate's entry record, if any step is recorded."""
    statement = select(EntryRecord).where(col(EntryRecord.candidate_id) == candidate_id)
    return (await session.exec(statement)).first()


async def record_coe_application(
    *, session: AsyncSession, scope: Scope, data: RecordCoeApplicationInput
) -> EntryResult:
    """The Certificate of Eligibility applied for, after the stage (i) plan's certification."""
    candidate = await _candidate(session, scope, data.candidate_id)
    assert candidate.id is not None
    if programme_of(candidate) is Programme.ESD:
        await _after_esd_certification(session, candidate.id, data.applied_on)
        return await _record(
            session, candidate, EntryStep.COE_APPLIED, data.applied_on, "appliedOn"
        )
    plan = await require_certified_plan(session, candidate.id, Stage.I, field="candidateId")
    assert plan.certified_on is not None
    if data.applied_on < plan.certified_on:
        raise DomainValidationError.single(
            "appliedOn",
            Message(
                "appliedOn is before the stage (i) plan was certified ({certified})",
                certified=plan.certified_on.isoformat(),
            ),
            ErrorCode.INVALID,
        )
    return await _record(session, candidate, EntryStep.COE_APPLIED, data.applied_on, "appliedOn")


async def record_coe_issued(
    *, session: AsyncSession, scope: Scope, data: RecordCoeIssuedInput
) -> EntryResult:
    candidate = await _candidate(session, scope, data.candidate_id)
    return await _record(
        session,
        candidate,
        EntryStep.COE_ISSUED,
        data.issued_on,
        "issuedOn",
        coe_number=data.coe_number,
    )


async def record_visa_issued(
    *, session: AsyncSession, scope: Scope, data: RecordVisaIssuedInput
) -> EntryResult:
    candidate = await _candidate(session, scope, data.candidate_id)
    return await _record(session, candidate, EntryStep.VISA_ISSUED, data.issued_on, "issuedOn")


async def record_entry(
    *, session: AsyncSession, scope: Scope, data: RecordEntryInput
) -> EntryResult:
    """The entry into Japan: the candidate's ``entered_japan_on``; no status change.

    A TITP intern enters by ``transition.titp.enter_by`` (reference section 8: a plan
    certified with its Certificate before ESD is in force, and one applied for before
    and certified later, both bind the entry to that day); refused on ``enteredOn``.
    A candidate under no programme yet is a TITP intern here: the chain before the
    entry needs a certified stage (i) TITP plan."""
    candidate = await _candidate(session, scope, data.candidate_id)
    if programme_of(candidate) is not Programme.ESD:
        enter_by = await rules.rule_in_force(session, transition.ENTER_BY_RULE, data.entered_on)
        transition.refuse_unless(transition.titp_entry(data.entered_on, enter_by), "enteredOn")
    completed = candidate.training_completed_on
    if completed is not None and data.entered_on < completed:
        raise DomainValidationError.single(
            "enteredOn",
            Message(
                "entry is before training was completed ({completed})",
                completed=completed.isoformat(),
            ),
            ErrorCode.INVALID,
        )
    if programme_of(candidate) is Programme.ESD:
        assert candidate.id is not None
        await require_esd_entry_language(session, candidate.id, data.entered_on)
    result = await _record(session, candidate, EntryStep.ENTERED, data.entered_on, "enteredOn")
    candidate.entered_japan_on = data.entered_on
    session.add(candidate)
    await session.flush()
    return result


async def _after_esd_certification(
    session: AsyncSession, candidate_id: int, applied_on: date
) -> None:
    """An ESD worker's Certificate is applied for after the ESD plan's certification."""
    plan = await require_certified_esd_plan(session, candidate_id, field="candidateId")
    assert plan.certified_on is not None
    if applied_on < plan.certified_on:
        raise DomainValidationError.single(
            "appliedOn",
            Message(
                "appliedOn is before the ESD plan was certified ({certified})",
                certified=plan.certified_on.isoformat(),
            ),
            ErrorCode.INVALID,
        )


async def require_esd_entry_language(
    session: AsyncSession, candidate_id: int, entered_on: date
) -> None:
    """An ESD worker enters with a passed Japanese test at the rule's CEFR level or a
    certified course of the rule's hours, taken on or before ``entered_on``; refused
    on ``enteredOn`` naming both ways, their rules and sources."""
    level = await rules.rule_in_force(session, ENTRY_CEFR_RULE, entered_on)
    hours = await rules.rule_in_force(session, ENTRY_COURSE_RULE, entered_on)
    found = await session.exec(
        select(LanguageResult).where(
            col(LanguageResult.candidate_id) == candidate_id,
            col(LanguageResult.taken_on) <= entered_on,
        )
    )
    for result in found.all():
        if result.kind == LanguageResultKind.TEST.value:
            if result.passed and meets(result.cefr, level.text()):
                return
        elif result.certified_course and (result.course_hours or 0) >= hours.whole():
            return
    raise DomainValidationError.single(
        "enteredOn",
        Message(
            "an ESD worker enters with Japanese at {level} (a passed test, rule {level_rule}, "
            "source: {level_source}) or a certified course of at least {hours} hours (rule "
            "{hours_rule}, source: {hours_source}), taken by {day}: neither is recorded",
            level=level.text(),
            level_rule=level.key,
            level_source=level.source_url or "-",
            hours=hours.whole(),
            hours_rule=hours.key,
            hours_source=hours.source_url or "-",
            day=entered_on.isoformat(),
        ),
        ErrorCode.NOT_ALLOWED_STATE,
    )


async def _candidate(session: AsyncSession, scope: Scope, candidate_id: int) -> Candidate:
    candidate = await get_candidate(session, candidate_id, scope)
    status = Status(candidate.status)
    if status not in BEFORE_DISPATCH:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "the entry into Japan is recorded after screening and before dispatch ({allowed}); "
                "the candidate is {status}",
                allowed=Joined(", ", [status_label(s) for s in BEFORE_DISPATCH]),
                status=status_label(status),
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    return candidate


async def _record(
    session: AsyncSession,
    candidate: Candidate,
    step: EntryStep,
    on: date,
    field: str,
    *,
    coe_number: str | None = None,
) -> EntryResult:
    """Record ``step`` on ``on``: the step before it recorded, on or before ``on``."""
    assert candidate.id is not None
    record = await entry_of(session, candidate.id) or EntryRecord(candidate_id=candidate.id)
    done: date | None = getattr(record, step.value)
    if done is not None:
        raise DomainValidationError.single(
            field, step_recorded(step, done.isoformat()), ErrorCode.NOT_ALLOWED_STATE
        )
    position = ENTRY_STEPS.index(step)
    if position > 0:
        before = ENTRY_STEPS[position - 1]
        previous: date | None = getattr(record, before.value)
        if previous is None:
            raise DomainValidationError.single(
                step_field(before), step_missing(before), ErrorCode.NOT_ALLOWED_STATE
            )
        if on < previous:
            raise DomainValidationError.single(
                field,
                Message(
                    "{field} is before the step it follows ({step}: {date})",
                    field=field,
                    step=step_field(before),
                    date=previous.isoformat(),
                ),
                ErrorCode.INVALID,
            )
    setattr(record, step.value, on)
    if coe_number is not None:
        record.coe_number = coe_number
    session.add(record)
    await session.flush()
    return EntryResult(candidate=candidate, entry=record)
