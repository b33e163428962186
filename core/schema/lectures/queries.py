"""The lectures' root query fields, for IM Japan staff."""

from __future__ import annotations

import strawberry

from core.schema.base import Info, lookup_id
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.lectures.types import LectureCourse
from core.schema.permissions import IM_JAPAN
from core.services import lectures


@strawberry.type
class LecturesQuery:
    @strawberry.field(
        description="One course of post-entry lectures by id; null when there is none.",
        permission_classes=IM_JAPAN,
    )
    async def lecture_course(self, info: Info, id: strawberry.ID) -> LectureCourse | None:
        key = lookup_id(id, "id", "LectureCourse")
        return None if key is None else await LectureCourse.load(info, key)

    @strawberry.field(
        description="Courses of post-entry lectures, the latest start first, a page at a time.",
        permission_classes=IM_JAPAN,
    )
    async def lecture_courses(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[LectureCourse] | None:
        return await connection(
            info,
            lectures.courses(),
            LectureCourse.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
