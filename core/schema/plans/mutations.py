"""The training plans' mutations, for IM Japan staff, and their payload."""

from __future__ import annotations

import strawberry

from core.schema.base import Info, UserError, mutate
from core.schema.lifecycle.types import PlanWarning, TrainingPlan
from core.schema.permissions import IM_JAPAN
from core.schema.plans import inputs
from core.services import plans


@strawberry.type
class TrainingPlanPayload:
    plan: TrainingPlan | None = None
    warnings: list[PlanWarning] = strawberry.field(
        default_factory=list,
        description=(
            "What was accepted but is late (an application after the rule's lead time); "
            "empty when nothing is."
        ),
    )
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: plans.PlanResult) -> TrainingPlanPayload:
        return cls(
            plan=TrainingPlan.of(result.listing),
            warnings=[PlanWarning.of(warning) for warning in result.warnings],
        )


@strawberry.type
class PlansMutation:
    @strawberry.mutation(
        description=(
            "Draft a plan for an intern and a stage (version 1). Refused for an occupation "
            "not in the list or not allowing the stage, and while the intern has a plan for "
            "the stage that is neither superseded nor ended."
        ),
        permission_classes=IM_JAPAN,
    )
    async def draft_training_plan(
        self, info: Info, input: inputs.DraftTrainingPlanInput
    ) -> TrainingPlanPayload | None:
        return await mutate(
            info, plans.DraftTrainingPlanInput, input, plans.draft_plan, TrainingPlanPayload
        )

    @strawberry.mutation(
        description=(
            "Record the application to OTIT. Earlier than titp.plan.earliest_months before the "
            "planned start is refused; later than titp.plan.lead_months.<stage> is accepted "
            "with a warning."
        ),
        permission_classes=IM_JAPAN,
    )
    async def apply_for_training_plan(
        self, info: Info, input: inputs.ApplyForTrainingPlanInput
    ) -> TrainingPlanPayload | None:
        return await mutate(
            info, plans.ApplyForTrainingPlanInput, input, plans.apply_for_plan, TrainingPlanPayload
        )

    @strawberry.mutation(
        description=(
            "Record OTIT's certification; a certified change supersedes the version it changes."
        ),
        permission_classes=IM_JAPAN,
    )
    async def certify_training_plan(
        self, info: Info, input: inputs.CertifyTrainingPlanInput
    ) -> TrainingPlanPayload | None:
        return await mutate(
            info, plans.CertifyTrainingPlanInput, input, plans.certify_plan, TrainingPlanPayload
        )

    @strawberry.mutation(
        description=(
            "Change a certified plan: a new version, drafted, with the fields given and the "
            "others copied; the certified version stays in force until the change is certified. "
            "One change at a time."
        ),
        permission_classes=IM_JAPAN,
    )
    async def change_training_plan(
        self, info: Info, input: inputs.ChangeTrainingPlanInput
    ) -> TrainingPlanPayload | None:
        return await mutate(
            info, plans.ChangeTrainingPlanInput, input, plans.change_plan, TrainingPlanPayload
        )

    @strawberry.mutation(
        description="End a plan that will not be carried out (further), with the day and why.",
        permission_classes=IM_JAPAN,
    )
    async def end_training_plan(
        self, info: Info, input: inputs.EndTrainingPlanInput
    ) -> TrainingPlanPayload | None:
        return await mutate(
            info, plans.EndTrainingPlanInput, input, plans.end_plan, TrainingPlanPayload
        )
