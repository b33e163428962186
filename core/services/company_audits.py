"""Audits (監査) and guidance visits (訪問指導) of host companies, as IM Japan records them.

Not the service's own audit log (:mod:`core.services.audit`): these are the
supervising organisation's audits of the companies that host interns
(reference section 9). The numbers come from the dated rule values
(:mod:`core.services.rules`) in force on the day of the audit:
``titp.audit.interview_share`` (1/4) and ``titp.audit.interview_minimum`` (2).

The reference says: "interview at least 1/4 of the interns (at least 2 when
there are 2-4)". So the interns to interview are ``ceil(total x share)``, and
at least ``minimum`` when the company has ``minimum`` interns or more (with 1
intern, that one; 2 to 4, two; from 5 on, the share is 2 or more anyway).

A regular audit must record each check the reference lists for every audit:
the site, the records (facilities and records inspected), the housing, and
the reports of the training manager and instructors (``managersHeard``); a
refusal names the field. An extra audit (臨時監査, at once when revocation
grounds are suspected) is targeted: neither the checks nor the share are
required of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import cast

from pydantic import Field, ValidationInfo, field_validator
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Audit, AuditInterview, Candidate, HostCompany, Visit, VisitIntern
from core.domain.supervision import AuditBase, AuditKind, VisitBase
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.services import rules
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import found_or_refuse, get_or_refuse
from core.services.pages import Listing, Nested, column_order

INTERVIEW_SHARE = "titp.audit.interview_share"
INTERVIEW_MINIMUM = "titp.audit.interview_minimum"


class CompanyAuditKind(StrEnum):
    """A regular audit (at least once a quarter) or an extra one (section 9)."""

    REGULAR = AuditKind.REGULAR.value
    EXTRA = AuditKind.EXTRA.value


REGULAR_CHECKS = ("site_checked", "records_checked", "housing_checked", "managers_heard")
"""What every regular audit does, as the reference lists it (施行規則52条)."""


class RecordAuditInput(Input, AuditBase):  # type: ignore[misc]  # Input's config
    """An audit of a host company, with the interns the auditor interviewed."""

    host_company_id: RowId
    kind: CompanyAuditKind = CompanyAuditKind.REGULAR
    held_on: HappenedOn
    interviewed_candidate_ids: list[RowId] = Field(default_factory=list, max_length=10_000)
    reported_to_otit_on: HappenedOn | None = None

    @field_validator("reported_to_otit_on")
    @classmethod
    def _reported_after_the_audit(cls, value: date | None, info: ValidationInfo) -> date | None:
        held_on = info.data.get("held_on")
        if value is not None and held_on is not None and value < held_on:
            raise ValueError(Message("reportedToOtitOn is before the audit (heldOn)"))
        return value

    @field_validator("follow_up_due")
    @classmethod
    def _due_after_the_audit(cls, value: date | None, info: ValidationInfo) -> date | None:
        held_on = info.data.get("held_on")
        if value is not None and held_on is not None and value < held_on:
            raise ValueError(Message("followUpDue is before the audit (heldOn)"))
        return value


class RecordFollowUpInput(Input):
    """What was done after an audit's findings, and when it was reported to OTIT."""

    audit_id: RowId
    follow_up: str = Field(min_length=1, max_length=4000)
    reported_to_otit_on: HappenedOn | None = None


class RecordVisitInput(Input, VisitBase):  # type: ignore[misc]  # Input's config
    """A guidance visit to a host company, with the interns met."""

    host_company_id: RowId
    visited_on: HappenedOn
    met_candidate_ids: list[RowId] = Field(default_factory=list, max_length=10_000)


@dataclass(frozen=True)
class InterviewRule:
    share: object
    minimum: int

    def required(self, total: int) -> int:
        """Interns to interview out of ``total`` (see the module's docstring)."""
        by_share = math.ceil(total * self.share)  # type: ignore[operator]
        return max(by_share, self.minimum) if total >= self.minimum else by_share


async def interview_rule(session: AsyncSession, day: date) -> InterviewRule:
    return InterviewRule(
        share=await rules.fraction(session, INTERVIEW_SHARE, day),
        minimum=await rules.whole(session, INTERVIEW_MINIMUM, day),
    )


async def _interns_of(
    session: AsyncSession, company_id: int, ids: list[int], field: str
) -> list[int]:
    """``ids`` (without repeats, in order), each an intern of the company, or refused
    on ``field.N``."""
    unique = list(dict.fromkeys(ids))
    found = await session.exec(
        select(Candidate.id, Candidate.host_company_id).where(col(Candidate.id).in_(unique))
    )
    company_of = dict(found.all())
    errors: list[UserErrorData] = []
    for index, key in enumerate(ids):
        if key not in company_of:
            errors.append(
                UserErrorData(
                    field=f"{field}.{index}",
                    message=Message("no {label} with id {id}", label=Message("candidate"), id=key),
                    code=ErrorCode.NOT_FOUND,
                )
            )
        elif company_of[key] != company_id:
            errors.append(
                UserErrorData(
                    field=f"{field}.{index}",
                    message=Message("candidate {id} is not an intern of this host company", id=key),
                    code=ErrorCode.INVALID,
                )
            )
    if errors:
        raise DomainValidationError(errors)
    return unique


async def record_audit(*, session: AsyncSession, data: RecordAuditInput) -> Audit:
    """Record an audit; refused (nothing written) when a regular audit lacks a check or
    interviewed fewer interns than the rule in force on its day requires."""
    company = await get_or_refuse(
        session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
    )
    assert company.id is not None
    interviewed = await _interns_of(
        session, company.id, data.interviewed_candidate_ids, "interviewedCandidateIds"
    )
    if len(interviewed) > data.interns_total:
        raise DomainValidationError.single(
            "interviewedCandidateIds",
            Message(
                "{count} interns interviewed, more than the {total} of internsTotal",
                count=len(interviewed),
                total=data.interns_total,
            ),
            ErrorCode.INVALID,
        )
    if data.kind is CompanyAuditKind.REGULAR:
        missing = [
            UserErrorData(
                field=_camel(name),
                message=Message("a regular audit must include this check"),
                code=ErrorCode.REQUIRED,
            )
            for name in REGULAR_CHECKS
            if not getattr(data, name)
        ]
        if missing:
            raise DomainValidationError(missing)
        rule = await interview_rule(session, data.held_on)
        required = rule.required(data.interns_total)
        if len(interviewed) < required:
            raise DomainValidationError.single(
                "interviewedCandidateIds",
                Message(
                    "{count} interns interviewed; a regular audit of {total} interns "
                    "interviews at least {required}",
                    count=len(interviewed),
                    total=data.interns_total,
                    required=required,
                ),
                ErrorCode.INVALID,
            )
    audit = Audit(
        host_company_id=company.id,
        **data.model_dump(include=set(AuditBase.model_fields)),
    )
    audit.kind = data.kind.value
    session.add(audit)
    await session.flush()
    assert audit.id is not None
    session.add_all(AuditInterview(audit_id=audit.id, candidate_id=key) for key in interviewed)
    await session.flush()
    return audit


async def record_follow_up(*, session: AsyncSession, data: RecordFollowUpInput) -> Audit:
    """Record the follow-up of an audit (and its report to OTIT, when given)."""
    audit = await get_or_refuse(
        session, Audit, data.audit_id, field="auditId", label="host company audit"
    )
    if data.reported_to_otit_on is not None and data.reported_to_otit_on < audit.held_on:
        raise DomainValidationError.single(
            "reportedToOtitOn",
            Message("reportedToOtitOn is before the audit (heldOn)"),
            ErrorCode.INVALID,
        )
    audit.follow_up = data.follow_up
    if data.reported_to_otit_on is not None:
        audit.reported_to_otit_on = data.reported_to_otit_on
    session.add(audit)
    await session.flush()
    return audit


async def record_visit(*, session: AsyncSession, data: RecordVisitInput) -> Visit:
    """Record a guidance visit and the interns met (each an intern of the company)."""
    company = await get_or_refuse(
        session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
    )
    assert company.id is not None
    met = await _interns_of(session, company.id, data.met_candidate_ids, "metCandidateIds")
    visit = Visit(
        host_company_id=company.id, **data.model_dump(include=set(VisitBase.model_fields))
    )
    session.add(visit)
    await session.flush()
    assert visit.id is not None
    session.add_all(VisitIntern(visit_id=visit.id, candidate_id=key) for key in met)
    await session.flush()
    return visit


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _between(column: object, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if start is not None:
        conditions.append(col(column) >= start)
    if end is not None:
        conditions.append(col(column) <= end)
    return conditions


AUDIT_ORDER = column_order("held_on", col(Audit.held_on), col(Audit.id), descending=True)
VISIT_ORDER = column_order("visited_on", col(Visit.visited_on), col(Visit.id), descending=True)


def audits_listing(
    scope: Scope,
    *,
    host_company_id: int | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
) -> Listing[Audit]:
    """Audits within ``scope``, newest first, of one company and between two days (both
    included) when given."""
    statement = select(Audit).where(
        *scope.host_company_records(Audit.host_company_id),
        *_between(Audit.held_on, from_date, to_date),
    )
    if host_company_id is not None:
        statement = statement.where(col(Audit.host_company_id) == host_company_id)
    return Listing(name="host_company_audits", statement=statement, order=AUDIT_ORDER)


def visits_listing(
    scope: Scope,
    *,
    host_company_id: int | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
) -> Listing[Visit]:
    """Guidance visits within ``scope``, newest first, filtered as :func:`audits_listing`."""
    statement = select(Visit).where(
        *scope.host_company_records(Visit.host_company_id),
        *_between(Visit.visited_on, from_date, to_date),
    )
    if host_company_id is not None:
        statement = statement.where(col(Visit.host_company_id) == host_company_id)
    return Listing(name="guidance_visits", statement=statement, order=VISIT_ORDER)


COMPANY_AUDITS: Nested[Audit] = Nested(
    name="company_audits",
    statement=select(Audit),
    parent=cast(ColumnElement[int], col(Audit.host_company_id)),
    order=AUDIT_ORDER,
)
"""Each host company's audits, newest first (``HostCompany.audits``)."""

COMPANY_VISITS: Nested[Visit] = Nested(
    name="company_visits",
    statement=select(Visit),
    parent=cast(ColumnElement[int], col(Visit.host_company_id)),
    order=VISIT_ORDER,
)
"""Each host company's guidance visits, newest first (``HostCompany.visits``)."""


async def audit_for_form(session: AsyncSession, audit_id: int) -> AuditRecord:
    """An audit with its company and the interns interviewed (names), for the form."""
    audit = found_or_refuse(
        await session.get(Audit, audit_id), "audit", "host company audit", audit_id
    )
    company = await session.get(HostCompany, audit.host_company_id)
    assert company is not None
    names = await session.exec(
        select(Candidate.full_name)
        .join(AuditInterview, col(AuditInterview.candidate_id) == col(Candidate.id))
        .where(col(AuditInterview.audit_id) == audit_id)
        .order_by(col(AuditInterview.id))
    )
    return AuditRecord(audit=audit, company=company, interviewed=list(names.all()))


@dataclass(frozen=True)
class AuditRecord:
    audit: Audit
    company: HostCompany
    interviewed: list[str]


@dataclass(frozen=True)
class VisitRecord:
    visit: Visit
    met: list[str]


async def visits_for_form(
    session: AsyncSession, host_company_id: int, start: date, end: date
) -> tuple[HostCompany, list[VisitRecord]]:
    """A company and its visits between two days (both included), oldest first, with the
    interns met (names)."""
    company = found_or_refuse(
        await session.get(HostCompany, host_company_id),
        "hostCompany",
        "host company",
        host_company_id,
    )
    visits = (
        await session.exec(
            select(Visit)
            .where(
                col(Visit.host_company_id) == host_company_id,
                col(Visit.visited_on) >= start,
                col(Visit.visited_on) <= end,
            )
            .order_by(col(Visit.visited_on), col(Visit.id))
        )
    ).all()
    ids = [visit.id for visit in visits]
    met: dict[int, list[str]] = {key: [] for key in ids if key is not None}
    if ids:
        rows = await session.exec(
            select(VisitIntern.visit_id, Candidate.full_name)
            .join(Candidate, col(Candidate.id) == col(VisitIntern.candidate_id))
            .where(col(VisitIntern.visit_id).in_(ids))
            .order_by(col(VisitIntern.id))
        )
        for visit_id, name in rows.all():
            met[visit_id].append(name)
    return company, [VisitRecord(visit, met[visit.id or 0]) for visit in visits]
