"""The language records' types: the CEFR enum, a test level, a person's result."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import strawberry
from strawberry.relay import NodeID

from core.db import models
from core.domain import esd, supervision
from core.schema.base import Info
from core.schema.catalogue.types import SourceTag
from core.schema.ids import global_id
from core.schema.nodes import GatedNode

if TYPE_CHECKING:
    Cefr = esd.Cefr
    LanguageResultKind = esd.LanguageResultKind
else:
    Cefr = strawberry.enum(
        esd.Cefr,
        name="Cefr",
        description="A level of the Common European Framework of Reference for languages.",
    )
    LanguageResultKind = strawberry.enum(
        esd.LanguageResultKind,
        name="LanguageResultKind",
        description="A Japanese test sat, or a course attended.",
    )

__all__ = ["Cefr", "LanguageResult", "LanguageResultKind", "LanguageTestLevel", "SourceTag"]


@strawberry.type(
    description=(
        "A level of a Japanese test and the CEFR level it stands for, with its source. JLPT "
        "N5 = A1 and N4 = A2 are shipped; other tests are added by an administrator."
    )
)
class LanguageTestLevel:
    test: str = strawberry.field(description="The test's code, e.g. 'jlpt' or 'jft_basic'.")
    level: str = strawberry.field(description="The level as the test names it, e.g. 'N5'.")
    cefr: Cefr
    source_url: str
    tag: supervision.SourceTag

    @classmethod
    def from_row(cls, row: models.LanguageTestLevel) -> LanguageTestLevel:
        return cls(
            test=row.test,
            level=row.level,
            cefr=esd.Cefr(row.cefr),
            source_url=row.source_url,
            tag=supervision.SourceTag(row.tag),
        )


@strawberry.type(
    description=(
        "A Japanese test a person sat (test, level, passed) or a course attended (hours, "
        "provider), dated; every result is kept."
    )
)
class LanguageResult(GatedNode):
    id: NodeID[int]
    candidate_id: strawberry.ID
    kind: LanguageResultKind
    test: str | None
    level: str | None
    passed: bool | None = strawberry.field(description="For a test; null for a course.")
    cefr: Cefr | None = strawberry.field(
        description=(
            "The CEFR level of the test's level, from the test level table; null when the "
            "table does not know the test or level (unknown), and for a course."
        )
    )
    cefr_known: bool = strawberry.field(
        description="Whether the CEFR level of a test is known (false for a course)."
    )
    taken_on: date = strawberry.field(description="The test's day, or the day the course ended.")
    course_hours: int | None
    course_provider: str | None
    course_target: Cefr | None = strawberry.field(description="The level a course aims at.")
    certified_course: bool | None = strawberry.field(
        description=(
            "Taught by a certified Japanese-language school (work track) or by registered "
            "teachers; null when not said."
        )
    )

    GATE = ("Query", "languageResults")

    @classmethod
    async def load(cls, info: Info, key: int) -> LanguageResult | None:
        row = await info.context.loaders.nodes.language_result.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.LanguageResult) -> LanguageResult:
        assert row.id is not None
        return cls(
            id=row.id,
            candidate_id=global_id("Candidate", row.candidate_id),
            kind=esd.LanguageResultKind(row.kind),
            test=row.test,
            level=row.level,
            passed=row.passed,
            cefr=esd.Cefr(row.cefr) if row.cefr else None,
            cefr_known=row.cefr is not None,
            taken_on=row.taken_on,
            course_hours=row.course_hours,
            course_provider=row.course_provider,
            course_target=esd.Cefr(row.course_target) if row.course_target else None,
            certified_course=row.certified_course,
        )
