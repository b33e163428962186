"""The route to SSW (i)'s root query fields: sittings, the obligations, a change."""

from __future__ import annotations

from datetime import date

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
    invalid,
    sizes,
)
from core.schema.ids import lookup_id
from core.schema.permissions import TEST_RESULTS
from core.schema.ssw.types import EsdObligation, EsdSkillsSitting, EsdTestGrade, SswChange
from core.services import clock, esd_obligations, esd_sittings, pages, ssw


@strawberry.type
class SswQuery:
    @strawberry.field(
        description=(
            "Skills test sittings of ESD workers the caller sees (IM Japan all, a ministry "
            "or embassy its nationals, a host company its workers), failed ones too, by day "
            "sat (then id), a page at a time."
        ),
        permission_classes=TEST_RESULTS,
    )
    async def esd_skills_sittings(
        self,
        info: Info,
        candidate_id: strawberry.ID | None = None,
        grade: EsdTestGrade | None = None,
        passed: bool | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[EsdSkillsSitting] | None:
        listing = esd_sittings.sittings(
            info.context.scope,
            candidate_id=filter_id(candidate_id, "candidateId", "Candidate"),
            grade=grade,
            passed=passed,
        )
        return await connection(
            info,
            listing,
            EsdSkillsSitting.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description=(
            "The year-one obligations (sit a Japanese test at A1 and the basic-grade skills "
            "test, passed or not, within esd.year_one.months of the work start) and the A2 "
            "course (by the plan's end) of every ESD worker the caller sees, as of `on` "
            "(default today): by due day (unknown last), then worker, a page at a time."
        ),
        permission_classes=TEST_RESULTS,
    )
    async def esd_obligations(
        self,
        info: Info,
        on: date | None = None,
        overdue_only: bool = False,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[EsdObligation] | None:
        try:
            pages.check_size(first, "first")
            pages.check_size(last, "last")
        except pages.PageInputError as exc:
            raise invalid(exc) from None
        rows = await services(info).read(
            esd_obligations.obligations, on=on or clock.today(), overdue_only=overdue_only
        )
        try:
            page = esd_obligations.page_of(rows, **sizes(first, after, last, before))
        except pages.PageInputError as exc:
            raise invalid(exc) from None

        async def count() -> int:
            return len(rows)

        return Connection.of(page, EsdObligation.of, count)

    @strawberry.field(
        description=(
            "The change of an ESD worker to Specified Skilled Worker (i), with the passes it "
            "used; null when there is none or the caller does not see the person."
        ),
        permission_classes=TEST_RESULTS,
    )
    async def ssw_change(self, info: Info, candidate_id: strawberry.ID) -> SswChange | None:
        key = lookup_id(candidate_id, "candidateId", "Candidate")
        if key is None:
            return None
        found = await services(info).read(ssw.ssw_change, candidate_id=key)
        return SswChange.of(found) if found else None
