"""Training plans (reference B2): one per intern and stage, drafted with the host
company, applied for, certified by OTIT, changed and ended.

A change of a certified plan is a new version (``version`` + 1, ``supersedes_id``
the certified one), drafted, applied for and certified like the first; the
certified version stays in force until its change is certified, and is then
superseded (kept, never deleted). One change may be pending at a time.

The lead times are dated rule values read for the plan's planned start
(:mod:`core.services.rules`): an application earlier than
``titp.plan.earliest_months`` before the start is refused; one later than
``titp.plan.lead_months.<stage>`` before it is accepted with a warning that
names the rule, its months, the date it was due and the rule's source. A change
is not bound by them (its stage has usually begun).

The transition to ESD (reference section 8, :mod:`core.services.transition`):

- No stage (i) TITP plan is applied for on or after ``esd.in_force_from``
  (refused on ``appliedOn``). Plans for stages (ii) and (iii) of interns already
  training stay allowed, and so do changes of certified plans: interns training
  on the day continue, with renewals and certified plan changes (section 8).
- A stage (i) plan starts by ``transition.titp.latest_start`` (refused on
  ``plannedStart`` when applied for, certified or changed). Section 8 states it
  for a plan applied for before ESD and certified from that day; this service
  applies it to every stage (i) plan, whatever its certification day, reading
  section 8 whole: no plan is applied for from that day, and a plan certified
  (with its Certificate of Eligibility) before it binds the intern to enter by
  ``transition.titp.enter_by``, the same day, so it leaves no stage (i) plan
  that may start later. Stages (ii) and (iii) are not bound (a stage (i)
  completed after the day may go on to stage (ii)).
- Applying for a plan puts the candidate under TITP
  (:func:`core.services.programme.fix_programme`); a candidate under ESD is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import Field, ValidationInfo, create_model, field_validator
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, EsdPlan, HostCompany, Occupation, TrainingPlan
from core.domain.entry import plan_missing
from core.domain.esd import Programme
from core.domain.supervision import PlanStatus, TrainingPlanBase
from core.domain.titp import Stage, stage_label
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.services import rules, transition
from core.services.dates import HappenedOn, latest_today
from core.services.inputs import Input, RowId, optional_fields
from core.services.lookups import found_or_refuse, get_candidate, get_or_refuse
from core.services.pages import Listing, column_order
from core.services.programme import fix_programme

EARLIEST_RULE = "titp.plan.earliest_months"
LEAD_RULE = "titp.plan.lead_months."
"""The lead rule of a stage is this prefix and the stage (``titp.plan.lead_months.i``)."""

LIVE = (PlanStatus.DRAFTED, PlanStatus.APPLIED, PlanStatus.CERTIFIED)
"""A plan neither superseded nor ended."""
PENDING = (PlanStatus.DRAFTED, PlanStatus.APPLIED)


def end_after_start(planned_end: date | None, info: ValidationInfo) -> date | None:
    start = info.data.get("planned_start")
    if planned_end is not None and start is not None and planned_end < start:
        raise ValueError(
            Message("plannedEnd is before plannedStart ({start})", start=start.isoformat())
        )
    return planned_end


class DraftTrainingPlanInput(Input, TrainingPlanBase):  # type: ignore[misc]  # Input's config
    """A new plan for an intern and a stage, with the host company it is drafted with."""

    candidate_id: RowId
    host_company_id: RowId
    stage: Stage  # the stored text, narrowed to the stages

    _end = field_validator("planned_end")(end_after_start)


PlanChanges: type[Input] = create_model(
    "PlanChanges",
    __base__=Input,
    __doc__="The plan's fields to change, each optional and bounded as when drafted.",
    **optional_fields(TrainingPlanBase, exclude={"stage"}),
)


class ChangeTrainingPlanInput(PlanChanges):
    """A change of a certified plan: the fields given; the others are copied."""

    plan_id: RowId


class ApplyForTrainingPlanInput(Input):
    plan_id: RowId
    applied_on: HappenedOn


class CertifyTrainingPlanInput(Input):
    plan_id: RowId
    certified_on: HappenedOn
    certificate_number: str = Field(
        min_length=1, max_length=40, description="The number of OTIT's certification."
    )


class EndTrainingPlanInput(Input):
    plan_id: RowId
    ended_on: HappenedOn
    reason: str = Field(min_length=1, max_length=500)


@dataclass(frozen=True)
class PlanWarning:
    """An application later than the lead time: accepted, with what it missed."""

    rule: str
    months: int
    due_by: date
    source_url: str | None
    message: Message


@dataclass(frozen=True)
class PlanListing:
    """A plan with the date its application was due (``None``: no lead rule in force)."""

    plan: TrainingPlan
    due_by: date | None
    lead_months: int | None

    @property
    def application_late(self) -> bool | None:
        """Whether the application came after ``due_by`` (None: not applied for, a
        change, or no rule)."""
        plan = self.plan
        if plan.applied_on is None or self.due_by is None or plan.supersedes_id is not None:
            return None
        return plan.applied_on > self.due_by


@dataclass(frozen=True)
class PlanResult:
    listing: PlanListing
    warnings: list[PlanWarning]


# --- shared with other services -------------------------------------------------------


async def certified_plan(
    session: AsyncSession, candidate_id: int, stage: Stage, *, host_company_id: int | None = None
) -> TrainingPlan | None:
    """The candidate's certified plan in force for ``stage`` (neither superseded nor
    ended), with ``host_company_id`` when given."""
    statement = select(TrainingPlan).where(
        col(TrainingPlan.candidate_id) == candidate_id,
        col(TrainingPlan.stage) == stage.value,
        col(TrainingPlan.status) == PlanStatus.CERTIFIED.value,
    )
    if host_company_id is not None:
        statement = statement.where(col(TrainingPlan.host_company_id) == host_company_id)
    return (await session.exec(statement.order_by(col(TrainingPlan.version).desc()))).first()


async def require_certified_plan(
    session: AsyncSession,
    candidate_id: int,
    stage: Stage,
    *,
    field: str,
    host_company_id: int | None = None,
) -> TrainingPlan:
    """:func:`certified_plan`, or a refusal on ``field`` saying which plan is missing."""
    plan = await certified_plan(session, candidate_id, stage, host_company_id=host_company_id)
    if plan is not None:
        return plan
    company = None
    if host_company_id is not None:
        row = await session.get(HostCompany, host_company_id)
        company = row.name if row is not None else None
    raise DomainValidationError.single(
        field, plan_missing(stage, company), ErrorCode.NOT_ALLOWED_STATE
    )


# --- the mutations --------------------------------------------------------------------


async def draft_plan(
    *, session: AsyncSession, scope: Scope, data: DraftTrainingPlanInput
) -> PlanResult:
    """A first version, drafted; refused for an unknown occupation or one that does not
    allow the stage, or when the candidate has a live plan for the stage already."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    await get_or_refuse(
        session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
    )
    await _check_occupation(session, data.occupation_code, data.stage, data.planned_start)
    assert candidate.id is not None
    live = (
        await session.exec(
            select(TrainingPlan).where(
                col(TrainingPlan.candidate_id) == candidate.id,
                col(TrainingPlan.stage) == data.stage.value,
                col(TrainingPlan.status).in_([status.value for status in LIVE]),
            )
        )
    ).first()
    if live is not None:
        raise DomainValidationError.single(
            "stage",
            Message(
                "the candidate already has a plan for stage ({stage}) (version {version}, "
                "{status}): change or end it instead",
                stage=stage_label(data.stage),
                version=live.version,
                status=live.status,
            ),
            ErrorCode.DUPLICATE,
        )
    plan = TrainingPlan(
        **data.model_dump(exclude={"candidate_id", "host_company_id", "stage"}),
        stage=data.stage.value,
        candidate_id=candidate.id,
        host_company_id=data.host_company_id,
        version=await _next_version(session, candidate.id, data.stage.value),
        status=PlanStatus.DRAFTED.value,
    )
    session.add(plan)
    await session.flush()
    return PlanResult((await plan_listings(session, [plan]))[0], [])


async def apply_for_plan(
    *, session: AsyncSession, scope: Scope, data: ApplyForTrainingPlanInput
) -> PlanResult:
    """Drafted -> applied; too early is refused, later than the lead time warned.

    A first stage (i) plan is refused from ``esd.in_force_from`` on (``appliedOn``)
    and when it starts after ``transition.titp.latest_start`` (``plannedStart``); a
    stage (ii) or (iii) plan and a change stay allowed (see the module). The candidate
    is put under TITP; one under ESD is refused (``planId``)."""
    plan = await _plan(session, scope, data.plan_id)
    _require_status(plan, PlanStatus.DRAFTED, Message("only a drafted plan can be applied for"))
    candidate = await session.get(Candidate, plan.candidate_id, with_for_update=True)
    assert candidate is not None
    fix_programme(candidate, Programme.TITP, field="planId")
    if plan.stage == Stage.I.value and plan.supersedes_id is None:
        in_force = await rules.rule_in_force(session, transition.IN_FORCE_RULE, data.applied_on)
        transition.refuse_unless(
            transition.titp_application(data.applied_on, in_force), "appliedOn"
        )
    await _check_titp_start(session, plan.stage, plan.planned_start, data.applied_on)
    warnings: list[PlanWarning] = []
    if plan.supersedes_id is None:
        start = plan.planned_start
        earliest_months = await rules.whole(session, EARLIEST_RULE, start)
        earliest = start - relativedelta(months=earliest_months)
        if data.applied_on < earliest:
            raise DomainValidationError.single(
                "appliedOn",
                Message(
                    "appliedOn ({applied}) is more than {months} months before plannedStart "
                    "({start}): a plan can be applied for from {earliest} on (rule {rule})",
                    applied=data.applied_on.isoformat(),
                    months=earliest_months,
                    start=start.isoformat(),
                    earliest=earliest.isoformat(),
                    rule=EARLIEST_RULE,
                ),
                ErrorCode.INVALID,
            )
        key = LEAD_RULE + plan.stage
        lead = await rules.rule_in_force(session, key, start)
        due = start - relativedelta(months=lead.whole())
        if data.applied_on > due:
            warnings.append(
                PlanWarning(
                    rule=key,
                    months=lead.whole(),
                    due_by=due,
                    source_url=lead.source_url,
                    message=Message(
                        "the application is late: rule {rule} wants it {months} months before "
                        "plannedStart ({start}), by {due}; applied on {applied} (source: "
                        "{source})",
                        rule=key,
                        months=lead.whole(),
                        start=start.isoformat(),
                        due=due.isoformat(),
                        applied=data.applied_on.isoformat(),
                        source=lead.source_url or "-",
                    ),
                )
            )
    plan.status = PlanStatus.APPLIED.value
    plan.applied_on = data.applied_on
    session.add(plan)
    await session.flush()
    return PlanResult((await plan_listings(session, [plan]))[0], warnings)


async def certify_plan(
    *, session: AsyncSession, scope: Scope, data: CertifyTrainingPlanInput
) -> PlanResult:
    """Applied -> certified; a certified change supersedes the version it changes. A
    stage (i) plan starting after ``transition.titp.latest_start`` is refused."""
    plan = await _plan(session, scope, data.plan_id)
    _require_status(plan, PlanStatus.APPLIED, Message("only a plan applied for can be certified"))
    assert plan.applied_on is not None
    if data.certified_on < plan.applied_on:
        raise DomainValidationError.single(
            "certifiedOn",
            Message(
                "certifiedOn is before the plan was applied for ({applied})",
                applied=plan.applied_on.isoformat(),
            ),
            ErrorCode.INVALID,
        )
    await _check_titp_start(session, plan.stage, plan.planned_start, data.certified_on)
    if plan.supersedes_id is not None:
        earlier = await session.get(TrainingPlan, plan.supersedes_id, with_for_update=True)
        assert earlier is not None
        earlier.status = PlanStatus.SUPERSEDED.value
        session.add(earlier)
    plan.status = PlanStatus.CERTIFIED.value
    plan.certified_on = data.certified_on
    plan.certificate_number = data.certificate_number
    session.add(plan)
    await session.flush()
    return PlanResult((await plan_listings(session, [plan]))[0], [])


async def change_plan(
    *, session: AsyncSession, scope: Scope, data: ChangeTrainingPlanInput
) -> PlanResult:
    """A new version of a certified plan with the fields given, drafted; the certified
    version stays in force until the change is certified. A stage (i) plan changed to
    start after ``transition.titp.latest_start`` is refused."""
    plan = await _plan(session, scope, data.plan_id)
    _require_status(plan, PlanStatus.CERTIFIED, Message("only a certified plan can be changed"))
    await _refuse_pending_change(session, plan)
    given = {
        name: value
        for name, value in data.model_dump(exclude_unset=True, exclude={"plan_id"}).items()
        if value is not None
    }
    if not given:
        raise DomainValidationError.single(
            None, Message("give at least one field to change"), ErrorCode.REQUIRED
        )
    values: dict[str, Any] = {
        name: getattr(plan, name) for name in TrainingPlanBase.model_fields
    } | given
    if values["planned_end"] < values["planned_start"]:
        field = "plannedEnd" if "planned_end" in given else "plannedStart"
        raise DomainValidationError.single(
            field,
            Message(
                "plannedEnd ({end}) is before plannedStart ({start})",
                end=values["planned_end"].isoformat(),
                start=values["planned_start"].isoformat(),
            ),
            ErrorCode.INVALID,
        )
    if "occupation_code" in given or "planned_start" in given:
        await _check_occupation(
            session, values["occupation_code"], Stage(plan.stage), values["planned_start"]
        )
    await _check_titp_start(session, plan.stage, values["planned_start"], latest_today())
    assert plan.id is not None
    change = TrainingPlan(
        **values,
        candidate_id=plan.candidate_id,
        host_company_id=plan.host_company_id,
        version=await _next_version(session, plan.candidate_id, plan.stage),
        supersedes_id=plan.id,
        status=PlanStatus.DRAFTED.value,
    )
    session.add(change)
    await session.flush()
    return PlanResult((await plan_listings(session, [change]))[0], [])


def require_live(plan: TrainingPlan | EsdPlan) -> None:
    """Refuse (on ``planId``) a plan of either programme that is superseded or ended."""
    if plan.status not in LIVE:
        raise DomainValidationError.single(
            "planId",
            Message("the plan is {status} already", status=plan.status),
            ErrorCode.NOT_ALLOWED_STATE,
        )


def end_live(plan: TrainingPlan | EsdPlan, ended_on: date, reason: str) -> None:
    """End a live plan of either programme on ``ended_on``, not before it was applied
    for or certified (refused on ``endedOn``)."""
    latest = plan.certified_on or plan.applied_on
    if latest is not None and ended_on < latest:
        raise DomainValidationError.single(
            "endedOn",
            Message(
                "endedOn is before the plan was applied for or certified ({date})",
                date=latest.isoformat(),
            ),
            ErrorCode.INVALID,
        )
    plan.status = PlanStatus.ENDED.value
    plan.ended_on = ended_on
    plan.end_reason = reason


async def end_plan(
    *, session: AsyncSession, scope: Scope, data: EndTrainingPlanInput
) -> PlanResult:
    """A plan that will not be carried out (further): ended, with the day and why."""
    plan = await _plan(session, scope, data.plan_id)
    require_live(plan)
    await _refuse_pending_change(session, plan)
    end_live(plan, data.ended_on, data.reason)
    session.add(plan)
    await session.flush()
    return PlanResult((await plan_listings(session, [plan]))[0], [])


async def _plan(session: AsyncSession, scope: Scope, plan_id: int) -> TrainingPlan:
    """The plan, locked for the mutation, if it is within ``scope``."""
    statement = (
        select(TrainingPlan)
        .where(col(TrainingPlan.id) == plan_id, *scope.training_plans())
        .with_for_update()
    )
    return found_or_refuse(
        (await session.exec(statement)).first(), "planId", "training plan", plan_id
    )


def _require_status(plan: TrainingPlan, status: PlanStatus, why: Message) -> None:
    if plan.status != status.value:
        raise DomainValidationError.single(
            "planId",
            Message("the plan is {status}: {why}", status=plan.status, why=why),
            ErrorCode.NOT_ALLOWED_STATE,
        )


async def _refuse_pending_change(session: AsyncSession, plan: TrainingPlan) -> None:
    pending = (
        await session.exec(
            select(TrainingPlan).where(
                col(TrainingPlan.supersedes_id) == plan.id,
                col(TrainingPlan.status).in_([status.value for status in PENDING]),
            )
        )
    ).first()
    if pending is not None:
        raise DomainValidationError.single(
            "planId",
            Message(
                "a change of this plan is pending (version {version}, {status}): certify or "
                "end it first",
                version=pending.version,
                status=pending.status,
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )


async def _check_titp_start(session: AsyncSession, stage: str, start: date, on: date) -> None:
    """Refuse on ``plannedStart`` a stage (i) plan starting after the rule
    ``transition.titp.latest_start`` in force on ``on`` (the day of the act)."""
    if stage != Stage.I.value:
        return
    latest = await rules.rule_in_force(session, transition.LATEST_START_RULE, on)
    transition.refuse_unless(transition.titp_start(start, latest), "plannedStart")


async def _next_version(session: AsyncSession, candidate_id: int, stage: str) -> int:
    highest = (
        await session.exec(
            select(func.max(TrainingPlan.version)).where(
                col(TrainingPlan.candidate_id) == candidate_id, col(TrainingPlan.stage) == stage
            )
        )
    ).one()
    return int(highest or 0) + 1


async def _check_occupation(session: AsyncSession, code: str, stage: Stage, on: date) -> None:
    """Refuse on ``occupationCode`` an occupation not in the list, not valid on ``on``,
    or not allowing ``stage`` (unknown, null, is refused too)."""
    occupation = (
        await session.exec(select(Occupation).where(col(Occupation.code) == code))
    ).first()
    problem: Message | None = None
    code_text = repr(code)
    if occupation is None:
        raise DomainValidationError.single(
            "occupationCode",
            Message(
                "no occupation {code} in the list of OTIT's occupations (import the official "
                "list with imjapan occupations import)",
                code=code_text,
            ),
            ErrorCode.NOT_FOUND,
        )
    if (occupation.valid_from is not None and on < occupation.valid_from) or (
        occupation.valid_to is not None and on > occupation.valid_to
    ):
        problem = Message(
            "occupation {code} is not valid on plannedStart ({day})",
            code=code_text,
            day=on.isoformat(),
        )
    elif stage is Stage.II and not occupation.stage_ii_allowed:
        problem = Message("occupation {code} does not allow stage (ii)", code=code_text)
    elif stage is Stage.III and occupation.stage_iii_allowed is None:
        problem = Message(
            "whether occupation {code} allows stage (iii) is not known (import OTIT's official "
            "list)",
            code=code_text,
        )
    elif stage is Stage.III and not occupation.stage_iii_allowed:
        problem = Message("occupation {code} does not allow stage (iii)", code=code_text)
    if problem is not None:
        raise DomainValidationError.single("occupationCode", problem, ErrorCode.INVALID)


# --- reading --------------------------------------------------------------------------


async def plan_listings(session: AsyncSession, rows: Sequence[TrainingPlan]) -> list[PlanListing]:
    """The plans with the dates their applications were due: every version of the lead
    rules is read in one statement, and the one in force on each plan's planned start
    is picked as :func:`core.services.rules.rule_in_force` picks it."""
    if not rows:
        return []
    book = await rules.rule_book(session, sorted({LEAD_RULE + row.stage for row in rows}))
    listed = []
    for row in rows:
        months = _lead_months(book, LEAD_RULE + row.stage, row.planned_start)
        listed.append(
            PlanListing(
                plan=row,
                due_by=None if months is None else row.planned_start - relativedelta(months=months),
                lead_months=months,
            )
        )
    return listed


def _lead_months(book: rules.RuleBook, key: str, day: date) -> int | None:
    """The lead months in force on ``day``; None when no whole number is."""
    try:
        return book.in_force(key, day).whole()
    except rules.RuleMissing:
        return None


@dataclass(frozen=True)
class PlanFilter:
    candidate_id: int | None = None
    host_company_id: int | None = None
    status: PlanStatus | None = None
    stage: Stage | None = None


def training_plans(scope: Scope, where: PlanFilter) -> Listing[PlanListing]:
    """The plans within ``scope`` that meet ``where``, newest first (by id)."""
    statement = select(TrainingPlan).where(*scope.training_plans())
    if where.candidate_id is not None:
        statement = statement.where(col(TrainingPlan.candidate_id) == where.candidate_id)
    if where.host_company_id is not None:
        statement = statement.where(col(TrainingPlan.host_company_id) == where.host_company_id)
    if where.status is not None:
        statement = statement.where(col(TrainingPlan.status) == where.status.value)
    if where.stage is not None:
        statement = statement.where(col(TrainingPlan.stage) == where.stage.value)
    return Listing(
        name="training_plan",
        statement=statement,
        order=column_order("newest", col(TrainingPlan.id), descending=True),
        finish=plan_listings,
    )
