"""Root query fields of host companies' audits, guidance visits and what is due."""

from __future__ import annotations

from datetime import date

import strawberry
from graphql import GraphQLError

from core.i18n import message_of
from core.schema.base import Info, lookup_id, services
from core.schema.company_audits.types import GuidanceVisit, HostCompanyAudit, HostCompanyDue
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.ids import filter_id
from core.schema.permissions import COMPANY_RECORDS, IM_JAPAN
from core.services import company_audits, company_audits_due


@strawberry.type
class CompanyAuditsQuery:
    @strawberry.field(
        description="One audit of a host company by id; null when there is none to see.",
        permission_classes=COMPANY_RECORDS,
    )
    async def host_company_audit(self, info: Info, id: strawberry.ID) -> HostCompanyAudit | None:
        key = lookup_id(id, "id", "HostCompanyAudit")
        return None if key is None else await HostCompanyAudit.load(info, key)

    @strawberry.field(
        description=(
            "Audits of host companies, newest first (then by id, descending), of one company "
            "and held between two days (both included) when given. A host company sees its own."
        ),
        permission_classes=COMPANY_RECORDS,
    )
    async def host_company_audits(
        self,
        info: Info,
        host_company_id: strawberry.ID | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[HostCompanyAudit] | None:
        listing = company_audits.audits_listing(
            info.context.scope,
            host_company_id=filter_id(host_company_id, "hostCompanyId", "HostCompany"),
            from_date=from_date,
            to_date=to_date,
        )
        return await connection(
            info,
            listing,
            HostCompanyAudit.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description="One guidance visit by id; null when there is none to see.",
        permission_classes=COMPANY_RECORDS,
    )
    async def guidance_visit(self, info: Info, id: strawberry.ID) -> GuidanceVisit | None:
        key = lookup_id(id, "id", "GuidanceVisit")
        return None if key is None else await GuidanceVisit.load(info, key)

    @strawberry.field(
        description=(
            "Guidance visits to host companies, newest first, of one company and between two "
            "days (both included) when given. A host company sees its own."
        ),
        permission_classes=COMPANY_RECORDS,
    )
    async def guidance_visits(
        self,
        info: Info,
        host_company_id: strawberry.ID | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[GuidanceVisit] | None:
        listing = company_audits.visits_listing(
            info.context.scope,
            host_company_id=filter_id(host_company_id, "hostCompanyId", "HostCompany"),
            from_date=from_date,
            to_date=to_date,
        )
        return await connection(
            info,
            listing,
            GuidanceVisit.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        name="auditsDue",
        description=(
            "For IM Japan's planning: per host company with interns in Japan (by name), the "
            "regular audits and guidance visits due on or before `before` (at most 12 months "
            "after today) and not done, overdue ones included. Audit periods count from the "
            "month the interns' post-entry lectures started; visits are monthly while the "
            "company has interns in stage (i). A plain list: one entry per company with "
            "something due, each bounded by `before`."
        ),
        permission_classes=IM_JAPAN,
    )
    async def audits_due(
        self, info: Info, before: date, host_company_id: strawberry.ID | None = None
    ) -> list[HostCompanyDue] | None:
        company = filter_id(host_company_id, "hostCompanyId", "HostCompany")
        today = company_audits_due.japan_today()
        try:
            company_audits_due.check_horizon(before, today)
        except ValueError as exc:
            raise GraphQLError(message_of(exc), extensions={"code": "INVALID"}) from None
        found = await services(info).read(
            company_audits_due.audits_due, before=before, host_company_id=company, today=today
        )
        return [HostCompanyDue.of(due) for due in found]
