"""The ESD plans' root query fields: a list with filters (one by id is `node`)."""

from __future__ import annotations

import strawberry

from core.domain.supervision import PlanStatus
from core.schema.base import Info, filter_id
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.esd_plans.types import EsdPlan
from core.schema.lifecycle.types import TrainingPlanStatus
from core.schema.permissions import SIGNED_IN
from core.services import esd_plans


@strawberry.type
class EsdPlansQuery:
    @strawberry.field(
        description=(
            "ESD plans, every version, newest first (by id), a page at a time: IM Japan sees "
            "all, a host company those naming it, a ministry or an embassy those of the "
            "candidates it sees."
        ),
        permission_classes=SIGNED_IN,
    )
    async def esd_plans(
        self,
        info: Info,
        candidate_id: strawberry.ID | None = None,
        status: TrainingPlanStatus | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[EsdPlan]:
        where = esd_plans.EsdPlanFilter(
            candidate_id=filter_id(candidate_id, "candidateId", "Candidate"),
            status=PlanStatus(status) if status else None,
        )
        listing = esd_plans.esd_plans(info.context.scope, where)
        return await connection(
            info, listing, EsdPlan.of, first=first, after=after, last=last, before=before
        )
