"""The transition from TITP to ESD (reference section 8), decided by date.

Each rule is one pure decision (:func:`titp_application`, :func:`titp_start`,
:func:`titp_entry`, :func:`titp_stage_ii`, :func:`titp_stage_iii`,
:func:`esd_application`, :func:`programme_rule`) that takes the dated rule
values it compares and answers an :class:`Outcome`: passed or not, the values
compared, an explanation with the rule's source. The mutations refuse with a
failed outcome's message (:func:`refuse_unless`: training plans, the entry,
the move to stage (iii)); :func:`transition_check` answers every outcome for
one person on one day, as screening answers its outcomes.

The rule values are read for the day of the act they judge (the application,
the certification, the entry, the start of stage (iii); the check's day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, StageRecord, TrainingPlan
from core.domain.esd import Programme
from core.domain.supervision import PlanStatus, SourceTag
from core.domain.titp import Stage
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.services import rules
from core.services.programme import NO_CHANGE_SOURCE, programme_of

IN_FORCE_RULE = "esd.in_force_from"
LATEST_START_RULE = "transition.titp.latest_start"
ENTER_BY_RULE = "transition.titp.enter_by"
STAGE_II_MONTHS_RULE = "transition.titp.stage_iii.stage_ii_months"
ESD_APPLICATIONS_RULE = "esd.plan.applications_from"
PROGRAMME_RULE = "programme.one_only"
"""Not a dated rule value: the reference's rule that a person is under one programme
and never changes from TITP to ESD (:mod:`core.services.programme`)."""

RULES = (
    IN_FORCE_RULE,
    LATEST_START_RULE,
    ENTER_BY_RULE,
    STAGE_II_MONTHS_RULE,
    ESD_APPLICATIONS_RULE,
)
"""The dated rule values the check reads (in one statement)."""

LIVE_PLAN = (PlanStatus.DRAFTED, PlanStatus.APPLIED, PlanStatus.CERTIFIED)


class TransitionStep(StrEnum):
    """A step whose opening the transition rules decide by date."""

    TITP_PLAN_APPLICATION = "titp_plan_application"
    TITP_PLAN_START = "titp_plan_start"
    TITP_ENTRY = "titp_entry"
    TITP_STAGE_II = "titp_stage_ii"
    TITP_STAGE_III = "titp_stage_iii"
    ESD_PLAN_APPLICATION = "esd_plan_application"


PROGRAMME_OF_STEP = {
    step: Programme.ESD if step is TransitionStep.ESD_PLAN_APPLICATION else Programme.TITP
    for step in TransitionStep
}


@dataclass(frozen=True)
class Outcome:
    """One rule's result for one step: ``compared`` the values compared, written with
    the relation that holds between them ("2027-03-31 < 2027-04-01")."""

    rule: str
    step: TransitionStep
    passed: bool
    compared: str
    message: Message
    source_url: str | None
    tag: SourceTag
    provisional: bool


def _outcome(
    rule: rules.Rule, step: TransitionStep, passed: bool, compared: str, message: Message
) -> Outcome:
    return Outcome(
        rule=rule.key,
        step=step,
        passed=passed,
        compared=compared,
        message=message,
        source_url=rule.source_url,
        tag=SourceTag(rule.tag),
        provisional=rule.provisional,
    )


def _relation(left: date, right: date) -> str:
    sign = "<" if left < right else "=" if left == right else ">"
    return f"{left.isoformat()} {sign} {right.isoformat()}"


def refuse_unless(outcome: Outcome, field: str) -> None:
    """Refuse on ``field`` with the outcome's explanation when it failed."""
    if not outcome.passed:
        raise DomainValidationError.single(field, outcome.message, ErrorCode.NOT_ALLOWED_STATE)


# --- the decisions --------------------------------------------------------------------


def titp_application(applied_on: date, in_force: rules.Rule) -> Outcome:
    """A new stage (i) TITP plan is applied for before ESD is in force, never from it."""
    first = in_force.day()
    passed = applied_on < first
    values = {
        "in_force": first.isoformat(),
        "day": applied_on.isoformat(),
        "rule": in_force.key,
        "source": in_force.source_url or "-",
    }
    message = (
        Message(
            "TITP plans can be applied for before {in_force} (rule {rule}); {day} is before "
            "it (source: {source})",
            **values,
        )
        if passed
        else Message(
            "no TITP plan applications from {in_force} (rule {rule}): {day} is not before it; "
            "apply for an ESD plan instead (source: {source})",
            **values,
        )
    )
    return _outcome(
        in_force,
        TransitionStep.TITP_PLAN_APPLICATION,
        passed,
        _relation(applied_on, first),
        message,
    )


def titp_start(start: date, latest: rules.Rule) -> Outcome:
    """A stage (i) TITP plan starts by ``transition.titp.latest_start``."""
    last = latest.day()
    passed = start <= last
    message = Message(
        "a stage (i) TITP plan must start by {latest} (rule {rule}); the planned start is "
        "{start} (source: {source})",
        latest=last.isoformat(),
        rule=latest.key,
        start=start.isoformat(),
        source=latest.source_url or "-",
    )
    return _outcome(latest, TransitionStep.TITP_PLAN_START, passed, _relation(start, last), message)


def titp_entry(entered_on: date, enter_by: rules.Rule) -> Outcome:
    """A TITP intern enters Japan by ``transition.titp.enter_by``."""
    last = enter_by.day()
    passed = entered_on <= last
    message = Message(
        "a TITP intern must enter Japan by {latest} (rule {rule}); the entry is on {day} "
        "(source: {source})",
        latest=last.isoformat(),
        rule=enter_by.key,
        day=entered_on.isoformat(),
        source=enter_by.source_url or "-",
    )
    return _outcome(
        enter_by, TransitionStep.TITP_ENTRY, passed, _relation(entered_on, last), message
    )


def titp_stage_ii(on: date, in_force: rules.Rule) -> Outcome:
    """Stage (ii) stays open on both sides of the day ESD is in force: a stage (i)
    completed after it may go on to stage (ii) (reference section 8)."""
    first = in_force.day()
    message = Message(
        "stage (ii) stays open on both sides of {in_force} (rule {rule}): a stage (i) "
        "completed after that day may go on to stage (ii) (source: {source})",
        in_force=first.isoformat(),
        rule=in_force.key,
        source=in_force.source_url or "-",
    )
    return _outcome(in_force, TransitionStep.TITP_STAGE_II, True, _relation(on, first), message)


def titp_stage_iii(
    starts_on: date, stage_ii_began: date | None, in_force: rules.Rule, months: rules.Rule
) -> Outcome:
    """A stage (iii) starting on or after the day ESD is in force needs stage (ii) begun
    at least ``months`` months before that day (counted from the stage (ii) record's
    start); one starting earlier is not bound."""
    first = in_force.day()
    step = TransitionStep.TITP_STAGE_III
    if starts_on < first:
        message = Message(
            "a stage (iii) starting before {in_force} ({day}) is not bound by rule {rule} "
            "(source: {source})",
            in_force=first.isoformat(),
            day=starts_on.isoformat(),
            rule=months.key,
            source=months.source_url or "-",
        )
        return _outcome(months, step, True, _relation(starts_on, first), message)
    count = months.whole()
    latest = first - relativedelta(months=count)
    if stage_ii_began is None:
        passed, compared = False, f"no stage (ii) start; needed by {latest.isoformat()}"
        found = Message("no stage (ii) is recorded")
    else:
        done = stage_ii_began + relativedelta(months=count)
        passed = done <= first
        compared = f"{stage_ii_began.isoformat()} + {count} months = {_relation(done, first)}"
        found = Message("stage (ii) began on {began}", began=stage_ii_began.isoformat())
    message = Message(
        "a stage (iii) starting on {day}, on or after {in_force}, needs stage (ii) begun at "
        "least {months} months before {in_force}, by {latest} (rule {rule}); {found} "
        "(source: {source})",
        day=starts_on.isoformat(),
        in_force=first.isoformat(),
        months=count,
        latest=latest.isoformat(),
        rule=months.key,
        found=found,
        source=months.source_url or "-",
    )
    return _outcome(months, step, passed, compared, message)


def esd_application(on: date, applications_from: rules.Rule) -> Outcome:
    """ESD plans are applied for from ``esd.plan.applications_from``."""
    first = applications_from.day()
    passed = on >= first
    message = Message(
        "ESD plans can be applied for from {first} (rule {rule}); the day is {day} "
        "(source: {source})",
        first=first.isoformat(),
        rule=applications_from.key,
        day=on.isoformat(),
        source=applications_from.source_url or "-",
    )
    return _outcome(
        applications_from,
        TransitionStep.ESD_PLAN_APPLICATION,
        passed,
        _relation(on, first),
        message,
    )


def programme_rule(step: TransitionStep, current: Programme | None) -> Outcome:
    """A step of one programme is closed to a person under the other one."""
    wanted = PROGRAMME_OF_STEP[step]
    passed = current is None or current is wanted
    if current is None:
        message = Message("the candidate is under no programme yet: the first plan fixes it")
    elif passed:
        message = Message("the candidate is under {current}", current=current.value.upper())
    else:
        message = Message(
            "the candidate is under {current}, not {wanted}: a person is under one "
            "programme only, and there is no change from TITP to ESD (source: {source})",
            current=current.value.upper(),
            wanted=wanted.value.upper(),
            source=NO_CHANGE_SOURCE,
        )
    under = current.value.upper() if current else "none"
    return Outcome(
        rule=PROGRAMME_RULE,
        step=step,
        passed=passed,
        compared=f"under {under}; the step is {wanted.value.upper()}",
        message=message,
        source_url=NO_CHANGE_SOURCE,
        tag=SourceTag.SECONDARY,
        provisional=False,
    )


# --- the check ------------------------------------------------------------------------


@dataclass(frozen=True)
class TransitionCheck:
    """Which programme a person is under and which steps the transition rules leave
    open on ``on``: a step is open when every outcome of it passed."""

    candidate_id: int
    on: date
    programme: Programme | None
    outcomes: list[Outcome]

    @property
    def open_steps(self) -> list[TransitionStep]:
        return [
            step
            for step in TransitionStep
            if all(outcome.passed for outcome in self.outcomes if outcome.step is step)
        ]


@dataclass(frozen=True)
class Facts:
    """What the check compares of a person."""

    programme: Programme | None
    planned_start: date | None
    """The planned start of the live stage (i) plan (latest version), if any."""
    entered_on: date | None
    stage_ii_began: date | None


def decide(on: date, facts: Facts, book: rules.RuleBook) -> list[Outcome]:
    """Every outcome of every step on ``on``, in the order of the steps: the programme
    first, then the step's dated rule. A step already taken is judged by its recorded
    date (the plan's planned start, the entry); one not taken by ``on``."""
    in_force = book.in_force(IN_FORCE_RULE, on)
    dated = {
        TransitionStep.TITP_PLAN_APPLICATION: titp_application(on, in_force),
        TransitionStep.TITP_PLAN_START: titp_start(
            facts.planned_start or on, book.in_force(LATEST_START_RULE, on)
        ),
        TransitionStep.TITP_ENTRY: titp_entry(
            facts.entered_on or on, book.in_force(ENTER_BY_RULE, on)
        ),
        TransitionStep.TITP_STAGE_II: titp_stage_ii(on, in_force),
        TransitionStep.TITP_STAGE_III: titp_stage_iii(
            on, facts.stage_ii_began, in_force, book.in_force(STAGE_II_MONTHS_RULE, on)
        ),
        TransitionStep.ESD_PLAN_APPLICATION: esd_application(
            on, book.in_force(ESD_APPLICATIONS_RULE, on)
        ),
    }
    outcomes: list[Outcome] = []
    for step in TransitionStep:
        outcomes += [programme_rule(step, facts.programme), dated[step]]
    return outcomes


async def transition_check(
    *, session: AsyncSession, scope: Scope, candidate_id: int, on: date
) -> TransitionCheck | None:
    """The check of the candidate on ``on``; None when the caller does not see them.

    Four statements: the candidate (within ``scope``), the rules, the live stage (i)
    plan, the stage (ii) record."""
    candidate = (
        await session.exec(
            select(Candidate).where(col(Candidate.id) == candidate_id, *scope.candidates())
        )
    ).first()
    if candidate is None:
        return None
    book = await rules.rule_book(session, RULES)
    plan = (
        await session.exec(
            select(TrainingPlan)
            .where(
                col(TrainingPlan.candidate_id) == candidate_id,
                col(TrainingPlan.stage) == Stage.I.value,
                col(TrainingPlan.status).in_([status.value for status in LIVE_PLAN]),
            )
            .order_by(col(TrainingPlan.version).desc())
            .limit(1)
        )
    ).first()
    second = (
        await session.exec(
            select(StageRecord).where(
                col(StageRecord.candidate_id) == candidate_id,
                col(StageRecord.stage) == Stage.II.value,
            )
        )
    ).first()
    facts = Facts(
        programme=programme_of(candidate),
        planned_start=plan.planned_start if plan is not None else None,
        entered_on=candidate.entered_japan_on,
        stage_ii_began=second.started_on if second is not None else None,
    )
    return TransitionCheck(
        candidate_id=candidate_id,
        on=on,
        programme=facts.programme,
        outcomes=decide(on, facts, book),
    )
