"""Mutation payloads: the affected objects, and the errors (empty on success)."""

from __future__ import annotations

from typing import Any

import strawberry

from core.db import models
from core.errors import ErrorCode
from core.schema.base import UserError
from core.schema.lifecycle.candidate import Candidate
from core.schema.lifecycle.types import (
    CriteriaVersion,
    HostCompany,
    RecruitmentCall,
    ScreeningDecision,
    TestResult,
    TrainingCohort,
    TrainingResult,
)
from core.services.csv_import import ImportReport


@strawberry.type
class RecruitmentCallPayload:
    call: RecruitmentCall | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.RecruitmentCall) -> RecruitmentCallPayload:
        return cls(call=RecruitmentCall.from_row(row))


@strawberry.type
class CallCriteriaPayload:
    call: RecruitmentCall | None = None
    criteria: CriteriaVersion | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(
        cls, result: tuple[models.RecruitmentCall, models.CriteriaVersion]
    ) -> CallCriteriaPayload:
        call, version = result
        return cls(call=RecruitmentCall.from_row(call), criteria=CriteriaVersion.from_row(version))


@strawberry.type
class CandidatePayload:
    candidate: Candidate | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.Candidate) -> CandidatePayload:
        return cls(candidate=Candidate.from_row(row))


@strawberry.type(description="A bad row of an import: its line in the file and the reason.")
class ImportRowError:
    line: int
    column: str | None
    message: str
    code: ErrorCode


@strawberry.type
class ImportCandidatesPayload:
    row_count: int = 0
    imported_count: int = 0
    candidates: list[Candidate] = strawberry.field(default_factory=list)
    row_errors: list[ImportRowError] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, report: ImportReport) -> ImportCandidatesPayload:
        return cls(
            row_count=report.rows,
            imported_count=len(report.imported),
            candidates=[Candidate.from_row(row) for row in report.imported],
            row_errors=[
                ImportRowError(line=e.line, column=e.column, message=e.message, code=e.code)
                for e in report.row_errors
            ],
        )


@strawberry.type
class TestResultPayload:
    __test__ = False
    test_result: TestResult | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.TestResult) -> TestResultPayload:
        return cls(test_result=TestResult.from_row(row))


@strawberry.type(description="Screening's result: failing the rules is a decision, not an error.")
class ScreeningPayload:
    candidate: Candidate | None = None
    decision: ScreeningDecision | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: tuple[models.Candidate, models.ScreeningDecision, Any]) -> ScreeningPayload:
        row, decision, _outcomes = result
        return cls(candidate=Candidate.from_row(row), decision=ScreeningDecision.from_row(decision))


@strawberry.type
class TrainingCohortPayload:
    cohort: TrainingCohort | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: tuple[models.TrainingCohort, Any]) -> TrainingCohortPayload:
        cohort, _phases = result
        return cls(cohort=TrainingCohort.from_row(cohort))


@strawberry.type
class TrainingResultPayload:
    training_result: TrainingResult | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.TrainingResult) -> TrainingResultPayload:
        return cls(training_result=TrainingResult.from_row(row))


@strawberry.type
class HostCompanyPayload:
    host_company: HostCompany | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.HostCompany) -> HostCompanyPayload:
        return cls(host_company=HostCompany.from_row(row))
