"""The training plans' root query fields: one by id, and a list with filters."""

from __future__ import annotations

import strawberry

from core.domain.supervision import PlanStatus
from core.domain.titp import Stage as TitpStage
from core.schema.base import Info, filter_id, lookup_id
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.lifecycle.types import Stage, TrainingPlan, TrainingPlanStatus
from core.schema.permissions import SIGNED_IN
from core.services import plans


@strawberry.type
class PlansQuery:
    @strawberry.field(
        description=(
            "One training plan by id; null when there is none or the account does not see it."
        ),
        permission_classes=SIGNED_IN,
    )
    async def training_plan(self, info: Info, id: strawberry.ID) -> TrainingPlan | None:
        key = lookup_id(id, "id", "TrainingPlan")
        return None if key is None else await TrainingPlan.load(info, key)

    @strawberry.field(
        description=(
            "Training plans, every version, newest first (by id), a page at a time: IM Japan "
            "sees all, a host company those naming it, a ministry or an embassy those of the "
            "candidates it sees."
        ),
        permission_classes=SIGNED_IN,
    )
    async def training_plans(
        self,
        info: Info,
        candidate_id: strawberry.ID | None = None,
        host_company_id: strawberry.ID | None = None,
        status: TrainingPlanStatus | None = None,
        stage: Stage | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TrainingPlan]:
        where = plans.PlanFilter(
            candidate_id=filter_id(candidate_id, "candidateId", "Candidate"),
            host_company_id=filter_id(host_company_id, "hostCompanyId", "HostCompany"),
            status=PlanStatus(status) if status else None,
            stage=TitpStage(stage) if stage else None,
        )
        listing = plans.training_plans(info.context.scope, where)
        return await connection(
            info, listing, TrainingPlan.of, first=first, after=after, last=last, before=before
        )
