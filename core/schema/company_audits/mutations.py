"""Recording audits and guidance visits of host companies (IM Japan staff)."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.company_audits.inputs import (
    RecordAuditFollowUpInput,
    RecordGuidanceVisitInput,
    RecordHostCompanyAuditInput,
)
from core.schema.company_audits.types import GuidanceVisit, HostCompanyAudit
from core.schema.permissions import IM_JAPAN
from core.services import company_audits


@strawberry.type
class HostCompanyAuditPayload:
    audit: HostCompanyAudit | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.Audit) -> HostCompanyAuditPayload:
        return cls(audit=HostCompanyAudit.from_row(row))


@strawberry.type
class GuidanceVisitPayload:
    visit: GuidanceVisit | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.Visit) -> GuidanceVisitPayload:
        return cls(visit=GuidanceVisit.from_row(row))


@strawberry.type
class CompanyAuditsMutation:
    @strawberry.mutation(
        description=(
            "Record an audit of a host company. The interns interviewed must be interns of "
            "the company. A regular audit must check the site, the records and the housing "
            "and hear the managers, and interview at least the rules' share of the interns "
            "(1/4 rounded up, and at least 2 when there are 2 or more); the refusal names "
            "the field."
        ),
        permission_classes=IM_JAPAN,
    )
    async def record_host_company_audit(
        self, info: Info, input: RecordHostCompanyAuditInput
    ) -> HostCompanyAuditPayload | None:
        return await mutate(
            info,
            company_audits.RecordAuditInput,
            input,
            company_audits.record_audit,
            HostCompanyAuditPayload,
        )

    @strawberry.mutation(
        description="Record the follow-up of an audit (and the day it was reported to OTIT).",
        permission_classes=IM_JAPAN,
    )
    async def record_audit_follow_up(
        self, info: Info, input: RecordAuditFollowUpInput
    ) -> HostCompanyAuditPayload | None:
        return await mutate(
            info,
            company_audits.RecordFollowUpInput,
            input,
            company_audits.record_follow_up,
            HostCompanyAuditPayload,
        )

    @strawberry.mutation(
        description="Record a guidance visit to a host company, with the interns met.",
        permission_classes=IM_JAPAN,
    )
    async def record_guidance_visit(
        self, info: Info, input: RecordGuidanceVisitInput
    ) -> GuidanceVisitPayload | None:
        return await mutate(
            info,
            company_audits.RecordVisitInput,
            input,
            company_audits.record_visit,
            GuidanceVisitPayload,
        )
