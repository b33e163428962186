"""The ESD plans' mutations, for IM Japan staff, and their payload."""

from __future__ import annotations

import strawberry

from core.schema.base import Info, UserError, mutate
from core.schema.esd_plans import inputs
from core.schema.esd_plans.types import EsdPlan
from core.schema.permissions import IM_JAPAN
from core.services import esd_plans


@strawberry.type
class EsdPlanPayload:
    esd_plan: EsdPlan | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, listing: esd_plans.EsdPlanListing) -> EsdPlanPayload:
        return cls(esd_plan=EsdPlan.of(listing))


@strawberry.type
class EsdPlansMutation:
    @strawberry.mutation(
        description=(
            "Draft a worker's ESD plan. Refused for a TITP candidate, an unknown field or a "
            "work category not valid on plannedStart, a start before esd.in_force_from, a "
            "period over esd.period.years, core duties under esd.plan.core_duties_min, and "
            "while the worker has a plan neither ended nor superseded."
        ),
        permission_classes=IM_JAPAN,
    )
    async def draft_esd_plan(
        self, info: Info, input: inputs.DraftEsdPlanInput
    ) -> EsdPlanPayload | None:
        return await mutate(
            info, esd_plans.DraftEsdPlanInput, input, esd_plans.draft_esd_plan, EsdPlanPayload
        )

    @strawberry.mutation(
        description=(
            "Record the application: from esd.plan.applications_from, with IM Japan's "
            "supervising support licence valid that day. Puts the worker under ESD (a TITP "
            "candidate is refused)."
        ),
        permission_classes=IM_JAPAN,
    )
    async def apply_esd_plan(
        self, info: Info, input: inputs.ApplyEsdPlanInput
    ) -> EsdPlanPayload | None:
        return await mutate(
            info, esd_plans.ApplyEsdPlanInput, input, esd_plans.apply_esd_plan, EsdPlanPayload
        )

    @strawberry.mutation(
        description="Record the certification, by the body rule esd.plan.certifier names.",
        permission_classes=IM_JAPAN,
    )
    async def certify_esd_plan(
        self, info: Info, input: inputs.CertifyEsdPlanInput
    ) -> EsdPlanPayload | None:
        return await mutate(
            info,
            esd_plans.CertifyEsdPlanInput,
            input,
            esd_plans.certify_esd_plan,
            EsdPlanPayload,
        )

    @strawberry.mutation(
        description=(
            "Extend a certified plan once, by at most esd.period.extension_years beyond "
            "plannedEnd, after a failed sitting of grade 3 or the SSW (i) skills test or a "
            "failed Japanese test."
        ),
        permission_classes=IM_JAPAN,
    )
    async def extend_esd_plan(
        self, info: Info, input: inputs.ExtendEsdPlanInput
    ) -> EsdPlanPayload | None:
        return await mutate(
            info, esd_plans.ExtendEsdPlanInput, input, esd_plans.extend_esd_plan, EsdPlanPayload
        )

    @strawberry.mutation(
        description="End a plan that will not be carried out (further), with the day and why.",
        permission_classes=IM_JAPAN,
    )
    async def end_esd_plan(
        self, info: Info, input: inputs.EndEsdPlanInput
    ) -> EsdPlanPayload | None:
        return await mutate(
            info, esd_plans.EndEsdPlanInput, input, esd_plans.end_esd_plan, EsdPlanPayload
        )
