"""ESD plans (育成就労計画, reference section 7): one plan per worker for the whole
period, no stages, certified by the 外国人育成就労機構; drafted, applied for,
certified, extended once after failed tests, ended. The statuses are the TITP
plans' (:class:`core.domain.supervision.PlanStatus`).

Every number checked is a dated rule value (:mod:`core.domain.esd_rules`) read for
the day the check is about (the planned start, the day applied for, certified or
the planned end), and a refusal names the rule, the values compared and the
rule's source. A refusal writes nothing (each mutation is one transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from pydantic import Field, field_validator
from sqlalchemy import ColumnElement
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import (
    Candidate,
    EsdField,
    EsdPlan,
    EsdSkillsSitting,
    EsdWorkCategory,
    HostCompany,
    LanguageResult,
    SupervisionLicence,
)
from core.domain.esd import EsdPlanBase, EsdTestGrade, LanguageResultKind, Programme
from core.domain.supervision import LicenceKind, PlanStatus
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.services import clock, rules
from core.services.dates import HappenedOn
from core.services.esd_fields import FieldListing, field_listings, field_or_refuse, valid_on
from core.services.inputs import Input, RowId
from core.services.lookups import found_or_refuse, get_candidate, get_or_refuse
from core.services.pages import Listing, column_order
from core.services.plans import (
    LIVE,
    ApplyForTrainingPlanInput,
    EndTrainingPlanInput,
    end_after_start,
    end_live,
    require_live,
)
from core.services.programme import fix_programme, programme_of

IN_FORCE_RULE = "esd.in_force_from"
PERIOD_RULE = "esd.period.years"
EXTENSION_RULE = "esd.period.extension_years"
CORE_DUTIES_RULE = "esd.plan.core_duties_min"
APPLICATIONS_RULE = "esd.plan.applications_from"
CERTIFIER_RULE = "esd.plan.certifier"

EXTENSION_GRADES = (EsdTestGrade.GRADE_3, EsdTestGrade.SSW_I)
"""The skills tests whose failure opens the extension: those of the move to SSW (i)."""


class DraftEsdPlanInput(Input, EsdPlanBase):  # type: ignore[misc]  # Input's config
    """A worker's ESD plan with the host company it is drafted with."""

    candidate_id: RowId
    host_company_id: RowId

    _end = field_validator("planned_end")(end_after_start)


class ApplyEsdPlanInput(ApplyForTrainingPlanInput):
    """The plan and the day it was applied for, as for a TITP plan."""


class CertifyEsdPlanInput(Input):
    plan_id: RowId
    certified_on: HappenedOn
    certificate_number: str = Field(
        min_length=1, max_length=40, description="The number of the certification."
    )


class ExtendEsdPlanInput(Input):
    plan_id: RowId
    extended_to: date = Field(description="The new last day of the period.")
    reason: str = Field(min_length=1, max_length=500)


class EndEsdPlanInput(EndTrainingPlanInput):
    """The plan, the day it ended and why, as for a TITP plan."""


@dataclass(frozen=True)
class EsdPlanListing:
    """A plan with its field (categories and transfer period in force today)."""

    plan: EsdPlan
    field: FieldListing | None


def _refusal(field: str, rule: rules.Rule, text: Message) -> DomainValidationError:
    """A refusal on ``field`` by ``rule``: ``text`` then the rule's key and source."""
    return DomainValidationError.single(
        field,
        Message(
            "{text} (rule {rule}, source: {source})",
            text=text,
            rule=rule.key,
            source=rule.source_url or "-",
        ),
        ErrorCode.INVALID,
    )


# --- shared with other services -------------------------------------------------------


async def certified_esd_plan(
    session: AsyncSession, candidate_id: int, *, host_company_id: int | None = None
) -> EsdPlan | None:
    """The candidate's certified ESD plan (neither superseded nor ended)."""
    statement = select(EsdPlan).where(
        col(EsdPlan.candidate_id) == candidate_id,
        col(EsdPlan.status) == PlanStatus.CERTIFIED.value,
    )
    if host_company_id is not None:
        statement = statement.where(col(EsdPlan.host_company_id) == host_company_id)
    return (await session.exec(statement.order_by(col(EsdPlan.version).desc()))).first()


def esd_plan_missing(company: str | None = None) -> Message:
    if company is None:
        return Message("the candidate has no certified ESD plan")
    return Message("the candidate has no certified ESD plan with {company}", company=company)


async def require_certified_esd_plan(
    session: AsyncSession, candidate_id: int, *, field: str
) -> EsdPlan:
    plan = await certified_esd_plan(session, candidate_id)
    if plan is None:
        raise DomainValidationError.single(field, esd_plan_missing(), ErrorCode.NOT_ALLOWED_STATE)
    return plan


# --- the mutations --------------------------------------------------------------------


async def draft_esd_plan(
    *, session: AsyncSession, scope: Scope, data: DraftEsdPlanInput
) -> EsdPlanListing:
    """A first plan, drafted; refused (on the field at fault) for a TITP candidate, an
    unknown field or work category, a start before ESD is in force, a period longer than
    the rule's years, core duties under the rule's share, or a live plan already."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    assert candidate.id is not None
    if programme_of(candidate) is Programme.TITP:
        # Refused here already, as the application would be (which fixes the programme).
        fix_programme(candidate, Programme.ESD, field="candidateId")
    await get_or_refuse(
        session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
    )
    await check_plan(session, data)
    live = (
        await session.exec(
            select(EsdPlan).where(
                col(EsdPlan.candidate_id) == candidate.id,
                col(EsdPlan.status).in_([status.value for status in LIVE]),
            )
        )
    ).first()
    if live is not None:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "the candidate already has an ESD plan (version {version}, {status}): one "
                "plan per worker; end it first",
                version=live.version,
                status=live.status,
            ),
            ErrorCode.DUPLICATE,
        )
    highest = (
        await session.exec(
            select(func.max(EsdPlan.version)).where(col(EsdPlan.candidate_id) == candidate.id)
        )
    ).one()
    plan = EsdPlan(
        **data.model_dump(exclude={"candidate_id", "host_company_id"}),
        candidate_id=candidate.id,
        host_company_id=data.host_company_id,
        version=int(highest or 0) + 1,
        status=PlanStatus.DRAFTED.value,
    )
    session.add(plan)
    await session.flush()
    return (await esd_plan_listings(session, [plan]))[0]


async def check_plan(session: AsyncSession, data: EsdPlanBase) -> None:
    """The field and work category, the start, the period and the core duties' share."""
    await field_or_refuse(session, data.field_code, field="fieldCode")
    start = data.planned_start
    category = (
        await session.exec(
            select(EsdWorkCategory).where(
                col(EsdWorkCategory.field_code) == data.field_code,
                col(EsdWorkCategory.code) == data.work_category_code,
            )
        )
    ).first()
    if category is None or not valid_on(category, start):
        raise DomainValidationError.single(
            "workCategoryCode",
            Message(
                "the field {field} has no work category {code} valid on plannedStart ({day}) "
                "(an administrator records them with recordWorkCategory)",
                field=data.field_code,
                code=repr(data.work_category_code),
                day=start.isoformat(),
            ),
            ErrorCode.NOT_FOUND,
        )
    in_force = await rules.rule_in_force(session, IN_FORCE_RULE, start)
    if start < in_force.day():
        raise _refusal(
            "plannedStart",
            in_force,
            Message(
                "plannedStart ({start}) is before ESD takes effect ({from_})",
                start=start.isoformat(),
                from_=in_force.day().isoformat(),
            ),
        )
    period = await rules.rule_in_force(session, PERIOD_RULE, start)
    last = start + relativedelta(years=period.whole()) - timedelta(days=1)
    if data.planned_end > last:
        raise _refusal(
            "plannedEnd",
            period,
            Message(
                "plannedEnd ({end}) is after {last}: a plan covers at most {years} years from "
                "plannedStart ({start})",
                end=data.planned_end.isoformat(),
                last=last.isoformat(),
                years=period.whole(),
                start=start.isoformat(),
            ),
        )
    share = await rules.rule_in_force(session, CORE_DUTIES_RULE, start)
    if Fraction(data.core_duties_percent, 100) < share.fraction():
        minimum = share.fraction()
        raise _refusal(
            "coreDutiesPercent",
            share,
            Message(
                "core duties are {percent}% of the work, under the minimum share of "
                "{numerator}/{denominator}",
                percent=data.core_duties_percent,
                numerator=minimum.numerator,
                denominator=minimum.denominator,
            ),
        )


async def apply_esd_plan(
    *, session: AsyncSession, scope: Scope, data: ApplyEsdPlanInput
) -> EsdPlanListing:
    """Drafted -> applied: from the rule's first day of applications, with IM Japan's
    supervising support licence valid that day; puts the worker under ESD."""
    plan = await _plan(session, scope, data.plan_id)
    _require_status(plan, PlanStatus.DRAFTED, Message("only a drafted plan can be applied for"))
    opens = await rules.rule_in_force(session, APPLICATIONS_RULE, data.applied_on)
    if data.applied_on < opens.day():
        raise _refusal(
            "appliedOn",
            opens,
            Message(
                "appliedOn ({applied}) is before ESD plans can be applied for ({from_})",
                applied=data.applied_on.isoformat(),
                from_=opens.day().isoformat(),
            ),
        )
    licence = await session.exec(
        select(SupervisionLicence.id).where(
            col(SupervisionLicence.kind) == LicenceKind.ESD_SUPERVISING_SUPPORT.value,
            col(SupervisionLicence.valid_from) <= data.applied_on,
            col(SupervisionLicence.valid_to) >= data.applied_on,
        )
    )
    if licence.first() is None:
        raise DomainValidationError.single(
            "appliedOn",
            Message(
                "an ESD plan needs IM Japan's supervising support licence "
                "(esd_supervising_support) valid on appliedOn ({applied}): record it with "
                "recordSupervisionLicence (rule {rule}: the licence must already be granted, "
                "source: {source})",
                applied=data.applied_on.isoformat(),
                rule=opens.key,
                source=opens.source_url or "-",
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    candidate = await session.get(Candidate, plan.candidate_id, with_for_update=True)
    assert candidate is not None
    fix_programme(candidate, Programme.ESD, field="candidateId")
    session.add(candidate)
    plan.status = PlanStatus.APPLIED.value
    plan.applied_on = data.applied_on
    session.add(plan)
    await session.flush()
    return (await esd_plan_listings(session, [plan]))[0]


async def certify_esd_plan(
    *, session: AsyncSession, scope: Scope, data: CertifyEsdPlanInput
) -> EsdPlanListing:
    """Applied -> certified, by the body rule ``esd.plan.certifier`` names that day."""
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
    certifier = await rules.rule_in_force(session, CERTIFIER_RULE, data.certified_on)
    plan.status = PlanStatus.CERTIFIED.value
    plan.certified_on = data.certified_on
    plan.certified_by = certifier.text()
    plan.certificate_number = data.certificate_number
    session.add(plan)
    await session.flush()
    return (await esd_plan_listings(session, [plan]))[0]


async def extend_esd_plan(
    *, session: AsyncSession, scope: Scope, data: ExtendEsdPlanInput
) -> EsdPlanListing:
    """A certified plan's period extended once, by at most the rule's years beyond the
    planned end, when the worker failed a sitting of the tests of the move to SSW (i)
    (grade 3 or the SSW (i) skills test) or a Japanese test during the plan."""
    plan = await _plan(session, scope, data.plan_id)
    _require_status(plan, PlanStatus.CERTIFIED, Message("only a certified plan can be extended"))
    if plan.extended_to is not None:
        raise DomainValidationError.single(
            "planId",
            Message("the plan is extended already (to {day})", day=plan.extended_to.isoformat()),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    extension = await rules.rule_in_force(session, EXTENSION_RULE, plan.planned_end)
    latest = plan.planned_end + relativedelta(years=extension.whole())
    if not plan.planned_end < data.extended_to <= latest:
        raise _refusal(
            "extendedTo",
            extension,
            Message(
                "extendedTo ({day}) must be after plannedEnd ({end}) and at most {years} "
                "years after it ({latest})",
                day=data.extended_to.isoformat(),
                end=plan.planned_end.isoformat(),
                years=extension.whole(),
                latest=latest.isoformat(),
            ),
        )
    if not await _failed_a_test(session, plan):
        raise _refusal(
            "planId",
            extension,
            Message(
                "the period is extended only after failed tests: no failed sitting of "
                "{grades} and no failed Japanese test is recorded since plannedStart ({start})",
                grades=", ".join(grade.value for grade in EXTENSION_GRADES),
                start=plan.planned_start.isoformat(),
            ),
        )
    plan.extended_to = data.extended_to
    plan.extension_reason = data.reason
    session.add(plan)
    await session.flush()
    return (await esd_plan_listings(session, [plan]))[0]


async def _failed_a_test(session: AsyncSession, plan: EsdPlan) -> bool:
    sitting = await session.exec(
        select(EsdSkillsSitting.id).where(
            col(EsdSkillsSitting.candidate_id) == plan.candidate_id,
            col(EsdSkillsSitting.grade).in_([grade.value for grade in EXTENSION_GRADES]),
            col(EsdSkillsSitting.passed).is_(False),
            col(EsdSkillsSitting.sat_on) >= plan.planned_start,
        )
    )
    if sitting.first() is not None:
        return True
    language = await session.exec(
        select(LanguageResult.id).where(
            col(LanguageResult.candidate_id) == plan.candidate_id,
            col(LanguageResult.kind) == LanguageResultKind.TEST.value,
            col(LanguageResult.passed).is_(False),
            col(LanguageResult.taken_on) >= plan.planned_start,
        )
    )
    return language.first() is not None


async def end_esd_plan(
    *, session: AsyncSession, scope: Scope, data: EndEsdPlanInput
) -> EsdPlanListing:
    """A plan that will not be carried out (further): ended, with the day and why."""
    plan = await _plan(session, scope, data.plan_id)
    require_live(plan)
    end_live(plan, data.ended_on, data.reason)
    session.add(plan)
    await session.flush()
    return (await esd_plan_listings(session, [plan]))[0]


def in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    """The plans the actor sees: IM Japan every one, a host company those naming it, a
    ministry or an embassy those of the candidates it sees (as for training plans)."""
    if scope.host_company_id is not None and not scope.nothing:
        return [col(EsdPlan.host_company_id) == scope.host_company_id]
    conditions = scope.candidates()
    if not conditions:
        return []
    return [col(EsdPlan.candidate_id).in_(select(col(Candidate.id)).where(*conditions))]


async def _plan(session: AsyncSession, scope: Scope, plan_id: int) -> EsdPlan:
    """The plan, locked for the mutation, if it is within ``scope``."""
    statement = (
        select(EsdPlan).where(col(EsdPlan.id) == plan_id, *in_scope(scope)).with_for_update()
    )
    return found_or_refuse((await session.exec(statement)).first(), "planId", "ESD plan", plan_id)


def _require_status(plan: EsdPlan, status: PlanStatus, why: Message) -> None:
    if plan.status != status.value:
        raise DomainValidationError.single(
            "planId",
            Message("the plan is {status}: {why}", status=plan.status, why=why),
            ErrorCode.NOT_ALLOWED_STATE,
        )


# --- reading --------------------------------------------------------------------------


async def esd_plan_listings(session: AsyncSession, rows: Sequence[EsdPlan]) -> list[EsdPlanListing]:
    """The plans with their fields: the fields, their categories and every version of
    their period rules in three statements, whatever the number of plans."""
    if not rows:
        return []
    codes = sorted({row.field_code for row in rows})
    fields = (await session.exec(select(EsdField).where(col(EsdField.code).in_(codes)))).all()
    found = await field_listings(session, fields, clock.today())
    listed = {item.field.code: item for item in found}
    return [EsdPlanListing(plan=row, field=listed.get(row.field_code)) for row in rows]


@dataclass(frozen=True)
class EsdPlanFilter:
    candidate_id: int | None = None
    status: PlanStatus | None = None


def esd_plans(scope: Scope, where: EsdPlanFilter) -> Listing[EsdPlanListing]:
    """The plans within ``scope`` that meet ``where``, newest first (by id)."""
    statement = select(EsdPlan).where(*in_scope(scope))
    if where.candidate_id is not None:
        statement = statement.where(col(EsdPlan.candidate_id) == where.candidate_id)
    if where.status is not None:
        statement = statement.where(col(EsdPlan.status) == where.status.value)
    return Listing(
        name="esd_plan",
        statement=statement,
        order=column_order("newest", col(EsdPlan.id), descending=True),
        finish=esd_plan_listings,
    )
