"""The stages' root query fields: skills test sittings, IM Japan's licences."""

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
)
from core.schema.permissions import IM_JAPAN, TEST_RESULTS
from core.schema.stages.types import (
    SkillsTestSitting,
    StaffingCheck,
    SupervisionLicence,
    TestGrade,
)
from core.services import skills_tests, staffing, stage_conditions


@strawberry.type
class StagesQuery:
    @strawberry.field(
        description=(
            "Skills test sittings of the interns the caller sees (IM Japan all, a ministry "
            "or embassy its nationals, a host company its interns), failed ones too, by day "
            "sat (then id), a page at a time."
        ),
        permission_classes=TEST_RESULTS,
    )
    async def skills_test_sittings(
        self,
        info: Info,
        candidate_id: strawberry.ID | None = None,
        grade: TestGrade | None = None,
        passed: bool | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[SkillsTestSitting] | None:
        listing = skills_tests.sittings(
            info.context.scope,
            candidate_id=filter_id(candidate_id, "candidateId", "Candidate"),
            grade=grade,
            passed=passed,
        )
        return await connection(
            info,
            listing,
            SkillsTestSitting.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description=(
            "IM Japan's licences as the supervising organisation, latest first (a plain "
            "list: a few over the years)."
        ),
        permission_classes=IM_JAPAN,
    )
    async def supervision_licences(self, info: Info) -> list[SupervisionLicence] | None:
        rows = await services(info).read(stage_conditions.licences)
        return [SupervisionLicence.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "The staffing of IM Japan's ESD supervising support licence on a day: the licence "
            "valid that day, its full-time staff, the host companies and ESD workers it "
            "supervises, the ratios per staff member and a warning per rule not met (rules "
            "esd.licence.*, read for the day). IM Japan only."
        ),
        permission_classes=IM_JAPAN,
    )
    async def staffing_check(self, info: Info, on: date) -> StaffingCheck | None:
        return StaffingCheck.of(await services(info).read(staffing.staffing_check, on=on))
