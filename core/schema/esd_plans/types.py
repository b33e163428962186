"""The ESD plan's type: a Node, read by id within the reader's scope."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.relay import NodeID

from core.db import models
from core.domain.esd import EsdPlanBase
from core.schema.base import Info
from core.schema.derive import record_fields
from core.schema.esd_fields.types import EsdField
from core.schema.lifecycle.types import Candidate, HostCompany, TrainingPlanStatus
from core.schema.nodes import GatedNode
from core.services import esd_plans


@strawberry.type(
    description=(
        "A worker's ESD plan (育成就労計画): one per worker for the whole period, no stages, "
        "certified by the body rule esd.plan.certifier names. IM Japan sees every plan, a "
        "host company those naming it, a ministry or an embassy those of the candidates it "
        "sees."
    )
)
@record_fields(EsdPlanBase, after="status")
class EsdPlan(GatedNode):
    id: NodeID[int]
    version: int
    status: TrainingPlanStatus
    applied_on: date | None
    certified_on: date | None
    certified_by: str | None = strawberry.field(
        description="The certifying body, as rule esd.plan.certifier named it that day."
    )
    certificate_number: str | None
    extended_to: date | None = strawberry.field(
        description="The last day of the period after the extension for failed tests; null: none."
    )
    extension_reason: str | None
    ended_on: date | None
    end_reason: str | None
    created_at: datetime
    row: strawberry.Private[models.EsdPlan]
    listed_field: strawberry.Private[EsdField | None]

    GATE = ("Query", "esdPlans")

    @classmethod
    async def load(cls, info: Info, key: int) -> EsdPlan | None:
        listing = await info.context.loaders.nodes.esd_plan.load(key)
        return cls.of(listing) if listing else None

    @strawberry.field(description="The field, its categories and its period in force today.")
    def field(self) -> EsdField | None:
        return self.listed_field

    @strawberry.field(description="The worker; null for a reader who does not see the candidate.")
    async def candidate(self, info: Info) -> Candidate | None:
        row = await info.context.loaders.candidate.load(self.row.candidate_id)
        return Candidate.from_row(row) if row else None

    @strawberry.field(description="The host company the plan is made with.")
    async def host_company(self, info: Info) -> HostCompany | None:
        row = await info.context.loaders.host_company.load(self.row.host_company_id)
        return HostCompany.from_row(row) if row else None

    @classmethod
    def of(cls, listing: esd_plans.EsdPlanListing) -> EsdPlan:
        row = listing.plan
        assert row.id is not None
        return cls(
            id=row.id,
            version=row.version,
            status=TrainingPlanStatus(row.status),
            **{name: getattr(row, name) for name in EsdPlanBase.model_fields},
            applied_on=row.applied_on,
            certified_on=row.certified_on,
            certified_by=row.certified_by,
            certificate_number=row.certificate_number,
            extended_to=row.extended_to,
            extension_reason=row.extension_reason,
            ended_on=row.ended_on,
            end_reason=row.end_reason,
            created_at=row.created_at,
            row=row,
            listed_field=EsdField.of(listing.field) if listing.field else None,
        )
