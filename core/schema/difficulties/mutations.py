"""The difficulties' mutations, for IM Japan staff, and their payload."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.difficulties.inputs import (
    FileDifficultyReportInput,
    ReportDifficultyInput,
    ResolveDifficultyInput,
)
from core.schema.difficulties.types import Difficulty
from core.schema.permissions import IM_JAPAN
from core.services import difficulties


@strawberry.type
class DifficultyPayload:
    difficulty: Difficulty | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.Difficulty) -> DifficultyPayload:
        return cls(difficulty=Difficulty.from_row(row))


@strawberry.type
class DifficultiesMutation:
    @strawberry.mutation(
        description=(
            "Record that an intern in Japan cannot continue (missing, ill...), as the host "
            "company reported it; form 18 is then due by dueOn. The candidate's status is "
            "unchanged: the open difficulty is the state (Candidate.openDifficulty)."
        ),
        permission_classes=IM_JAPAN,
    )
    async def report_difficulty(
        self, info: Info, input: ReportDifficultyInput
    ) -> DifficultyPayload | None:
        return await mutate(
            info,
            difficulties.ReportDifficultyInput,
            input,
            difficulties.report_difficulty,
            DifficultyPayload,
        )

    @strawberry.mutation(
        description="Record that form 18 went to OTIT (once; not before the event).",
        permission_classes=IM_JAPAN,
    )
    async def file_difficulty_report(
        self, info: Info, input: FileDifficultyReportInput
    ) -> DifficultyPayload | None:
        return await mutate(
            info,
            difficulties.FileDifficultyInput,
            input,
            difficulties.file_difficulty_report,
            DifficultyPayload,
        )

    @strawberry.mutation(
        description="Close a difficulty with how it ended (once; not before the event).",
        permission_classes=IM_JAPAN,
    )
    async def resolve_difficulty(
        self, info: Info, input: ResolveDifficultyInput
    ) -> DifficultyPayload | None:
        return await mutate(
            info,
            difficulties.ResolveDifficultyInput,
            input,
            difficulties.resolve_difficulty,
            DifficultyPayload,
        )
