"""The language records' root query fields: the test levels, and results a page at a time."""

from __future__ import annotations

import strawberry

from core.schema.base import Info, filter_id, services
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.language.types import LanguageResult, LanguageResultKind, LanguageTestLevel
from core.schema.permissions import SIGNED_IN, TEST_RESULTS
from core.services import language


@strawberry.type
class LanguageQuery:
    @strawberry.field(
        description=(
            "Every level of every Japanese test the service knows, with its CEFR level and "
            "source, by test (a plain list: a few dozen at most)."
        ),
        permission_classes=SIGNED_IN,
    )
    async def language_test_levels(self, info: Info) -> list[LanguageTestLevel]:
        rows = await services(info).read(language.test_levels)
        return [LanguageTestLevel.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "Japanese tests and courses of the people the caller sees (IM Japan all, a "
            "ministry or embassy its nationals, a host company its workers), by day taken "
            "(then id), a page at a time."
        ),
        permission_classes=TEST_RESULTS,
    )
    async def language_results(
        self,
        info: Info,
        candidate_id: strawberry.ID | None = None,
        kind: LanguageResultKind | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[LanguageResult] | None:
        listing = language.results(
            info.context.scope,
            candidate_id=filter_id(candidate_id, "candidateId", "Candidate"),
            kind=kind,
        )
        return await connection(
            info,
            listing,
            LanguageResult.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
