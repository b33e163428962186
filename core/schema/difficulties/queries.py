"""The difficulties' root query field."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from core.domain.supervision import DifficultyKind
from core.schema.base import Info
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.difficulties.types import Difficulty
from core.schema.permissions import GOVERNMENTS
from core.services import difficulties
from core.services.difficulties import DifficultyFilter


@strawberry.type
class DifficultiesQuery:
    @strawberry.field(
        description=(
            "Interns who cannot continue, earliest first (then by id), a page at a time. "
            "IM Japan sees all; a ministry and an embassy their nationals' (an embassy those "
            "in Japan), without details; host companies are refused."
        ),
        permission_classes=GOVERNMENTS,
    )
    async def difficulties(
        self,
        info: Info,
        kind: DifficultyKind | None = None,
        open: Annotated[
            bool | None,
            strawberry.argument(description="True: not resolved; false: resolved; null: both."),
        ] = None,
        overdue_on: Annotated[
            date | None,
            strawberry.argument(
                description="Only those whose form 18 was due before this day and not filed by it."
            ),
        ] = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Difficulty] | None:
        listing = difficulties.listing(
            info.context.scope, DifficultyFilter(kind=kind, open=open, overdue_on=overdue_on)
        )
        return await connection(
            info, listing, Difficulty.from_row, first=first, after=after, last=last, before=before
        )
