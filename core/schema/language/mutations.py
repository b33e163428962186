"""The language records' mutations and their payloads."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.language import inputs
from core.schema.language.types import LanguageResult, LanguageTestLevel
from core.schema.permissions import ADMIN, CASEWORK
from core.services import language


@strawberry.type
class LanguageTestLevelPayload:
    level: LanguageTestLevel | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.LanguageTestLevel) -> LanguageTestLevelPayload:
        return cls(level=LanguageTestLevel.from_row(row))


@strawberry.type
class LanguageResultPayload:
    language_result: LanguageResult | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.LanguageResult) -> LanguageResultPayload:
        return cls(language_result=LanguageResult.from_row(row))


@strawberry.type
class LanguageMutation:
    @strawberry.mutation(
        description=(
            "Add a level of a Japanese test and the CEFR level it stands for, with its source "
            "and tag. A level already recorded is refused. Results recorded with this test "
            "and level while it was unknown get its CEFR level."
        ),
        permission_classes=ADMIN,
    )
    async def record_language_test_level(
        self, info: Info, input: inputs.RecordLanguageTestLevelInput
    ) -> LanguageTestLevelPayload | None:
        return await mutate(
            info,
            language.RecordTestLevelInput,
            input,
            language.record_test_level,
            LanguageTestLevelPayload,
        )

    @strawberry.mutation(
        description=(
            "Record a Japanese test a person sat (test, level, passed) or a course attended "
            "(courseHours, courseProvider, courseTarget). A test whose level the table does "
            "not hold is accepted with its CEFR level unknown (null). IM Japan for anyone, a "
            "ministry for its nationals."
        ),
        permission_classes=CASEWORK,
    )
    async def record_language_result(
        self, info: Info, input: inputs.RecordLanguageResultInput
    ) -> LanguageResultPayload | None:
        return await mutate(
            info,
            language.RecordLanguageResultInput,
            input,
            language.record_language_result,
            LanguageResultPayload,
        )
