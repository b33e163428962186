"""Object types of host companies' audits and guidance visits, and of what is due."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import TYPE_CHECKING

import strawberry
from strawberry.relay import NodeID

from core.db import models
from core.schema.base import Info
from core.schema.lifecycle.types import Candidate, HostCompany
from core.schema.nodes import GatedNode
from core.services import company_audits, company_audits_due

if TYPE_CHECKING:
    HostCompanyAuditKind = company_audits.CompanyAuditKind
    SupervisionDueKind = company_audits_due.DueKind
else:
    HostCompanyAuditKind = strawberry.enum(
        company_audits.CompanyAuditKind,
        name="HostCompanyAuditKind",
        description="A regular audit (at least once in each period the rules set) or an extra one.",
    )
    SupervisionDueKind = strawberry.enum(
        company_audits_due.DueKind,
        name="SupervisionDueKind",
        description="What is due of a host company: a regular audit or a guidance visit.",
    )


async def _candidates(info: Info, keys: list[int]) -> list[Candidate]:
    """The interns of ``keys`` the reader sees (the candidate loader carries the scope)."""
    found = await asyncio.gather(*(Candidate.load(info, key) for key in keys))
    return [candidate for candidate in found if candidate is not None]


@strawberry.type(
    description=(
        "An audit (監査) of a host company by IM Japan as its supervising organisation "
        "(not an entry of the service's own audit log). Seen by IM Japan and by the "
        "audited host company; ministries and embassies do not see audits."
    )
)
class HostCompanyAudit(GatedNode):
    id: NodeID[int]
    kind: HostCompanyAuditKind
    held_on: date
    auditor: str = strawberry.field(description="The person responsible for supervision.")
    interns_total: int = strawberry.field(description="Interns at the company that day.")
    site_checked: bool
    records_checked: bool = strawberry.field(description="Facilities and records inspected.")
    housing_checked: bool
    managers_heard: bool = strawberry.field(
        description="Reports taken from the training manager and instructors."
    )
    findings: str | None
    follow_up: str | None
    follow_up_due: date | None
    reported_to_otit_on: date | None
    row: strawberry.Private[models.Audit]

    GATE = ("Query", "hostCompanyAudit")

    @classmethod
    async def load(cls, info: Info, key: int) -> HostCompanyAudit | None:
        row = await info.context.loaders.nodes.company_audit.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.Audit) -> HostCompanyAudit:
        assert row.id is not None
        return cls(
            id=row.id,
            kind=HostCompanyAuditKind(row.kind),
            held_on=row.held_on,
            auditor=row.auditor,
            interns_total=row.interns_total,
            site_checked=row.site_checked,
            records_checked=row.records_checked,
            housing_checked=row.housing_checked,
            managers_heard=row.managers_heard,
            findings=row.findings,
            follow_up=row.follow_up,
            follow_up_due=row.follow_up_due,
            reported_to_otit_on=row.reported_to_otit_on,
            row=row,
        )

    @strawberry.field(description="The company audited.")
    async def host_company(self, info: Info) -> HostCompany:
        row = await info.context.loaders.host_company.load(self.row.host_company_id)
        assert row is not None
        return HostCompany.from_row(row)

    @strawberry.field(
        description=(
            "The interns interviewed, in the order recorded (a plain list: bounded by "
            "the company's interns that day)."
        )
    )
    async def interviewed_interns(self, info: Info) -> list[Candidate]:
        assert self.row.id is not None
        rows = await info.context.loaders.audit_interviews.load(self.row.id)
        return await _candidates(info, [row.candidate_id for row in rows])


@strawberry.type(
    description=(
        "A guidance visit (訪問指導) to a host company, due monthly while it has interns "
        "in stage (i). Seen by IM Japan and the host company visited."
    )
)
class GuidanceVisit(GatedNode):
    id: NodeID[int]
    visited_on: date
    visitor: str
    guidance: str
    notes: str | None
    row: strawberry.Private[models.Visit]

    GATE = ("Query", "guidanceVisit")

    @classmethod
    async def load(cls, info: Info, key: int) -> GuidanceVisit | None:
        row = await info.context.loaders.nodes.guidance_visit.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.Visit) -> GuidanceVisit:
        assert row.id is not None
        return cls(
            id=row.id,
            visited_on=row.visited_on,
            visitor=row.visitor,
            guidance=row.guidance,
            notes=row.notes,
            row=row,
        )

    @strawberry.field(description="The company visited.")
    async def host_company(self, info: Info) -> HostCompany:
        row = await info.context.loaders.host_company.load(self.row.host_company_id)
        assert row is not None
        return HostCompany.from_row(row)

    @strawberry.field(
        description="The interns met, in the order recorded (bounded by the company's interns)."
    )
    async def interns_met(self, info: Info) -> list[Candidate]:
        assert self.row.id is not None
        rows = await info.context.loaders.visit_interns.load(self.row.id)
        return await _candidates(info, [row.candidate_id for row in rows])


@strawberry.type(description="A period that needs an audit or a visit of the company, not done.")
class SupervisionDue:
    kind: SupervisionDueKind
    period_start: date
    period_end: date
    due_on: date = strawberry.field(description="The period's last day.")
    overdue: bool = strawberry.field(description="Whether the due date is before today (Japan).")
    last_done_on: date | None = strawberry.field(
        description="The company's latest regular audit (or visit) recorded, whenever it was."
    )

    @classmethod
    def of(cls, item: company_audits_due.DueItem) -> SupervisionDue:
        return cls(
            kind=SupervisionDueKind(item.kind),
            period_start=item.period_start,
            period_end=item.period_end,
            due_on=item.due_on,
            overdue=item.overdue,
            last_done_on=item.last_done_on,
        )


@strawberry.type(description="What one host company has due or overdue, in due order.")
class HostCompanyDue:
    host_company: HostCompany
    audits_counted_from: date | None = strawberry.field(
        description=(
            "The first day of the month its audit periods count from: the month its "
            "interns' post-entry lectures started (or, with none recorded, their stage (i))."
        )
    )
    items: list[SupervisionDue] = strawberry.field(
        description="The periods due and not done (a plain list: bounded by `before`)."
    )

    @classmethod
    def of(cls, due: company_audits_due.CompanyDue) -> HostCompanyDue:
        return cls(
            host_company=HostCompany.from_row(due.company),
            audits_counted_from=due.audits_counted_from,
            items=[SupervisionDue.of(item) for item in due.items],
        )
