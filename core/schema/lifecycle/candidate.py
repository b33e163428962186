"""The Candidate type, its connection for paginated lists, and pipeline counts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

import strawberry

from core.db import models
from core.domain.candidate import CandidateBase, record_values
from core.schema.base import Info
from core.schema.derive import record_fields
from core.schema.lifecycle.enums import (
    CandidateStatus,
    ReturnOutcome,
)
from core.schema.lifecycle.types import (
    HostCompany,
    RecruitmentCall,
    ScreeningDecision,
    StageRecord,
    StatusChange,
    TestResult,
    TrainingCohort,
    TrainingResult,
)
from core.schema.permissions import CASEWORK, PERSONAL


@strawberry.type(
    description=(
        "An applicant, followed from recruitment to Japan and back. Personal fields "
        "(birth date, body, declarations, tests, history) are for IM Japan and the "
        "sending ministry; embassies and host companies see name, status and stay."
    )
)
@record_fields(CandidateBase, after="country_code", personal=PERSONAL)
class Candidate:
    id: strawberry.ID
    country_code: str
    status: CandidateStatus
    training_completed_on: date | None
    entered_japan_on: date | None
    returned_on: date | None
    return_outcome: ReturnOutcome | None
    return_reason: str | None = strawberry.field(permission_classes=PERSONAL)
    row: strawberry.Private[models.Candidate]

    @strawberry.field(permission_classes=CASEWORK)
    async def call(self, info: Info) -> RecruitmentCall:
        row = await info.context.loaders.call.load(self.row.call_id)
        assert row is not None
        return RecruitmentCall.from_row(row)

    @strawberry.field(permission_classes=CASEWORK)
    async def cohort(self, info: Info) -> TrainingCohort | None:
        if self.row.cohort_id is None:
            return None
        row = await info.context.loaders.cohort.load(self.row.cohort_id)
        return TrainingCohort.from_row(row) if row else None

    @strawberry.field
    async def host_company(self, info: Info) -> HostCompany | None:
        if self.row.host_company_id is None:
            return None
        row = await info.context.loaders.host_company.load(self.row.host_company_id)
        return HostCompany.from_row(row) if row else None

    @strawberry.field(
        description="Every status change, oldest first.",
        permission_classes=PERSONAL,
    )
    async def history(self, info: Info) -> list[StatusChange]:
        entries = await info.context.loaders.history.load(self._key)
        return [StatusChange.from_row(row, actor) for row, actor in entries]

    @strawberry.field(
        description="Test results, one per test (the latest).", permission_classes=PERSONAL
    )
    async def test_results(self, info: Info) -> list[TestResult]:
        return [
            TestResult.from_row(row) for row in await info.context.loaders.tests.load(self._key)
        ]

    @strawberry.field(
        description="Every screening decision, oldest first.", permission_classes=PERSONAL
    )
    async def screening_decisions(self, info: Info) -> list[ScreeningDecision]:
        rows = await info.context.loaders.decisions.load(self._key)
        return [ScreeningDecision.from_row(row) for row in rows]

    @strawberry.field(permission_classes=PERSONAL)
    async def latest_screening_decision(self, info: Info) -> ScreeningDecision | None:
        rows = await info.context.loaders.decisions.load(self._key)
        return ScreeningDecision.from_row(rows[-1]) if rows else None

    @strawberry.field
    async def stages(self, info: Info) -> list[StageRecord]:
        return [
            StageRecord.from_row(row) for row in await info.context.loaders.stages.load(self._key)
        ]

    @strawberry.field(permission_classes=PERSONAL)
    async def training_results(self, info: Info) -> list[TrainingResult]:
        rows = await info.context.loaders.training_results.load(self._key)
        return [TrainingResult.from_row(row) for row in rows]

    @property
    def _key(self) -> int:
        assert self.row.id is not None
        return self.row.id

    @classmethod
    def from_row(cls, row: models.Candidate) -> Candidate:
        return cls(
            id=strawberry.ID(str(row.id)),
            country_code=row.country_code,
            **record_values(CandidateBase, row),
            status=CandidateStatus(row.status),
            training_completed_on=row.training_completed_on,
            entered_japan_on=row.entered_japan_on,
            returned_on=row.returned_on,
            return_outcome=ReturnOutcome(row.return_outcome) if row.return_outcome else None,
            return_reason=row.return_reason,
            row=row,
        )


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class CandidateEdge:
    cursor: str
    node: Candidate


@strawberry.type(description="A page of candidates; totalCount counts every match.")
class CandidateConnection:
    edges: list[CandidateEdge]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="All candidates matching the filter (counted only when asked).")
    async def total_count(self) -> int:
        return await self.count()


@strawberry.type(description="How many candidates of a country are at each step.")
class PipelineCounts:
    country_code: str
    applied: int
    passed_screening: int
    failed_screening: int
    in_training: int
    training_completed: int
    in_japan_i: int = strawberry.field(name="inJapanI", description="In stage (i).")
    in_japan_ii: int = strawberry.field(name="inJapanII", description="In stage (ii).")
    in_japan_iii: int = strawberry.field(name="inJapanIII", description="In stage (iii).")
    returned: int
    withdrawn: int
