"""Mutation payloads: the affected objects, and the errors (empty on success)."""

from __future__ import annotations

import strawberry

from core.errors import ErrorCode
from core.schema.errors import UserError
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


@strawberry.type
class RecruitmentCallPayload:
    call: RecruitmentCall | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CallCriteriaPayload:
    call: RecruitmentCall | None = None
    criteria: CriteriaVersion | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CandidatePayload:
    candidate: Candidate | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


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


@strawberry.type
class TestResultPayload:
    __test__ = False
    test_result: TestResult | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="Screening's result: failing the rules is a decision, not an error.")
class ScreeningPayload:
    candidate: Candidate | None = None
    decision: ScreeningDecision | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TrainingCohortPayload:
    cohort: TrainingCohort | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TrainingResultPayload:
    training_result: TrainingResult | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class HostCompanyPayload:
    host_company: HostCompany | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
