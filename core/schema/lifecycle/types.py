"""Output types of the lifecycle, built from rows; relations resolve through loaders."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from core.db import models
from core.domain.candidate import record_values
from core.domain.families import HostCompanyBase, RecruitmentCallBase, TrainingCohortBase
from core.i18n import localized_stored
from core.schema.base import Info
from core.schema.derive import record_fields
from core.schema.lifecycle.enums import (
    CandidateStatus,
    SkillsTest,
    Stage,
    TestKind,
)
from core.schema.types.enums import Payer, RuleKind


def _id(row_id: int | None) -> strawberry.ID:
    return strawberry.ID(str(row_id))


@strawberry.type(description="One rule of a call's criteria, with the values in force.")
class CallCriterion:
    id: str
    kind: RuleKind
    title: str
    parameters: JSON


@strawberry.type(description="The criteria of a call as they stood; a change makes a new version.")
class CriteriaVersion:
    id: strawberry.ID
    version: int
    reason: str | None
    created_at: datetime
    criteria: list[CallCriterion]

    @classmethod
    def from_row(cls, row: models.CriteriaVersion) -> CriteriaVersion:
        return cls(
            id=_id(row.id),
            version=row.version,
            reason=row.reason,
            created_at=row.created_at,
            criteria=[
                CallCriterion(
                    id=item["id"],
                    kind=RuleKind(item["kind"]),
                    title=item["title"],
                    parameters=cast(JSON, item["parameters"]),
                )
                for item in row.criteria
            ],
        )


@strawberry.type
@record_fields(RecruitmentCallBase, after="id")
class RecruitmentCall:
    id: strawberry.ID
    row_id: strawberry.Private[int]

    @strawberry.field(description="The criteria in force now.")
    async def criteria(self, info: Info) -> CriteriaVersion | None:
        row = await info.context.loaders.current_criteria.load(self.row_id)
        return CriteriaVersion.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.RecruitmentCall) -> RecruitmentCall:
        assert row.id is not None
        return cls(
            id=_id(row.id),
            **record_values(RecruitmentCallBase, row),
            row_id=row.id,
        )


@strawberry.type
class CohortPhase:
    id: strawberry.ID
    position: int
    name: str
    starts_on: date
    ends_on: date
    paid_by: Payer | None

    @classmethod
    def from_row(cls, row: models.CohortPhase) -> CohortPhase:
        return cls(
            id=_id(row.id),
            position=row.position,
            name=row.name,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            paid_by=Payer(row.paid_by) if row.paid_by else None,
        )


@strawberry.type(description="A pre-entry training cohort.")
@record_fields(TrainingCohortBase, after="id")
class TrainingCohort:
    id: strawberry.ID
    row_id: strawberry.Private[int]

    @strawberry.field
    async def phases(self, info: Info) -> list[CohortPhase]:
        return [
            CohortPhase.from_row(p) for p in await info.context.loaders.phases.load(self.row_id)
        ]

    @classmethod
    def from_row(cls, row: models.TrainingCohort) -> TrainingCohort:
        assert row.id is not None
        return cls(
            id=_id(row.id),
            **record_values(TrainingCohortBase, row),
            row_id=row.id,
        )


@strawberry.type(description="A company in Japan that hosts technical interns.")
@record_fields(HostCompanyBase, after="id")
class HostCompany:
    id: strawberry.ID

    @classmethod
    def from_row(cls, row: models.HostCompany) -> HostCompany:
        return cls(id=_id(row.id), **record_values(HostCompanyBase, row))


@strawberry.type(description="A step of a candidate's history.")
class StatusChange:
    from_status: CandidateStatus | None
    to_status: CandidateStatus
    reason: str | None
    actor: str | None
    changed_at: datetime

    @classmethod
    def from_row(cls, row: models.StatusChange, actor: str | None) -> StatusChange:
        """``actor`` as the reader may see it (``Scope.history_actor``), not the stored text."""
        return cls(
            from_status=CandidateStatus(row.from_status) if row.from_status else None,
            to_status=CandidateStatus(row.to_status),
            reason=row.reason,
            actor=actor,
            changed_at=row.changed_at,
        )


@strawberry.type
class TestResult:
    __test__ = False
    kind: TestKind
    passed: bool | None
    score: float | None
    details: JSON
    taken_on: date | None

    @classmethod
    def from_row(cls, row: models.TestResult) -> TestResult:
        return cls(
            kind=TestKind(row.kind),
            passed=row.passed,
            score=row.score,
            details=cast(JSON, row.details),
            taken_on=row.taken_on,
        )


@strawberry.type(description="One rule's result: the values compared and a reason to read.")
class ScreeningOutcome:
    rule_id: str
    kind: RuleKind
    passed: bool
    expected: str
    actual: str
    reason: str

    @classmethod
    def from_row(cls, row: models.ScreeningOutcome) -> ScreeningOutcome:
        return cls(
            rule_id=row.rule_id,
            kind=RuleKind(row.kind),
            passed=row.passed,
            expected=row.expected,
            actual=row.actual,
            reason=localized_stored(row.reason, row.reason_message),
        )


@strawberry.type
class ScreeningDecision:
    id: strawberry.ID
    passed: bool
    screened_on: date
    decided_at: datetime
    row_id: strawberry.Private[int]
    version_id: strawberry.Private[int]

    @strawberry.field
    async def outcomes(self, info: Info) -> list[ScreeningOutcome]:
        rows = await info.context.loaders.outcomes.load(self.row_id)
        return [ScreeningOutcome.from_row(row) for row in rows]

    @strawberry.field(description="The criteria version the decision applied.")
    async def criteria(self, info: Info) -> CriteriaVersion:
        row = await info.context.loaders.criteria_version.load(self.version_id)
        assert row is not None
        return CriteriaVersion.from_row(row)

    @classmethod
    def from_row(cls, row: models.ScreeningDecision) -> ScreeningDecision:
        assert row.id is not None
        return cls(
            id=_id(row.id),
            passed=row.passed,
            screened_on=row.screened_on,
            decided_at=row.decided_at,
            row_id=row.id,
            version_id=row.criteria_version_id,
        )


@strawberry.type
class StageRecord:
    stage: Stage
    started_on: date
    skills_test: SkillsTest | None
    skills_test_passed_on: date | None

    @classmethod
    def from_row(cls, row: models.StageRecord) -> StageRecord:
        return cls(
            stage=Stage(row.stage),
            started_on=row.started_on,
            skills_test=SkillsTest(row.skills_test) if row.skills_test else None,
            skills_test_passed_on=row.skills_test_passed_on,
        )


@strawberry.type
class TrainingResult:
    phase_id: strawberry.ID
    attendance_percent: float
    assessment_score: float | None
    passed: bool

    @classmethod
    def from_row(cls, row: models.TrainingResult) -> TrainingResult:
        return cls(
            phase_id=_id(row.phase_id),
            attendance_percent=row.attendance_percent,
            assessment_score=row.assessment_score,
            passed=row.passed,
        )
