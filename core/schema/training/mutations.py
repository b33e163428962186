"""Training mutations and their payloads: cohorts, enrolment, results, completion."""

from __future__ import annotations

from typing import Any

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.lifecycle.mutations import CandidatePayload
from core.schema.lifecycle.types import TrainingCohort, TrainingResult
from core.schema.permissions import CASEWORK
from core.schema.training import inputs
from core.services import training


@strawberry.type
class TrainingCohortPayload:
    cohort: TrainingCohort | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: tuple[models.TrainingCohort, Any]) -> TrainingCohortPayload:
        cohort, _phases = result
        return cls(cohort=TrainingCohort.from_row(cohort))


@strawberry.type
class TrainingResultPayload:
    training_result: TrainingResult | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.TrainingResult) -> TrainingResultPayload:
        return cls(training_result=TrainingResult.from_row(row))


@strawberry.type
class TrainingMutation:
    @strawberry.mutation(
        description="Create a pre-entry training cohort.", permission_classes=CASEWORK
    )
    async def create_training_cohort(
        self, info: Info, input: inputs.CreateTrainingCohortInput
    ) -> TrainingCohortPayload | None:
        return await mutate(
            info, training.CreateCohortInput, input, training.create_cohort, TrainingCohortPayload
        )

    @strawberry.mutation(
        description="Enrol a candidate who passed screening in a cohort.",
        permission_classes=CASEWORK,
    )
    async def enrol_candidate(
        self, info: Info, input: inputs.EnrolCandidateInput
    ) -> CandidatePayload | None:
        return await mutate(info, training.EnrolInput, input, training.enrol, CandidatePayload)

    @strawberry.mutation(
        description="Record attendance and assessment in a training phase.",
        permission_classes=CASEWORK,
    )
    async def record_training_result(
        self, info: Info, input: inputs.RecordTrainingResultInput
    ) -> TrainingResultPayload | None:
        return await mutate(
            info,
            training.RecordTrainingResultInput,
            input,
            training.record_training_result,
            TrainingResultPayload,
        )

    @strawberry.mutation(
        description="Complete training: every phase passed, the cohort ended.",
        permission_classes=CASEWORK,
    )
    async def complete_training(
        self, info: Info, input: inputs.CompleteTrainingInput
    ) -> CandidatePayload | None:
        return await mutate(
            info,
            training.CompleteTrainingInput,
            input,
            training.complete_training,
            CandidatePayload,
        )
