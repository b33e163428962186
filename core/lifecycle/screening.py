"""Recording selection tests and screening a candidate against the call's criteria."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Self

from pydantic import Field, model_validator
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, ScreeningDecision, ScreeningOutcome, TestResult
from core.domain.rules import EducationLevel, JapaneseLevel, RuleKind, Sex
from core.errors import DomainValidationError, ErrorCode
from core.lifecycle.calls import current_criteria
from core.lifecycle.dates import HappenedOn
from core.lifecycle.history import move
from core.lifecycle.inputs import Input
from core.lifecycle.lookups import get_candidate
from core.lifecycle.states import Status, Step, require_step
from core.screening.engine import evaluate
from core.screening.facts import (
    CandidateFacts,
    Criterion,
    RuleOutcome,
    TestKind,
    TestResultFacts,
)

CustomEvaluator = Callable[[Criterion, CandidateFacts], RuleOutcome | None]


class RecordTestResultInput(Input):
    candidate_id: int
    kind: TestKind
    passed: bool | None = None
    score: float | None = Field(default=None, ge=0, le=1000)
    details: dict[str, Any] = Field(default_factory=dict)
    taken_on: HappenedOn | None = None

    @model_validator(mode="after")
    def _says_something(self) -> Self:
        if self.passed is None and self.score is None and not self.details:
            raise ValueError("passed is required when neither score nor details is given")
        if self.kind is TestKind.MATHS and self.score is None:
            raise ValueError("score is required for a maths result")
        return self


class ScreenCandidateInput(Input):
    candidate_id: int
    screened_on: HappenedOn | None = None


async def record_test_result(
    *, session: AsyncSession, scope: Scope, data: RecordTestResultInput
) -> TestResult:
    """Store a test result; a second result of the same test replaces the first."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.RECORD_TEST_RESULT)
    existing = (
        await session.exec(
            select(TestResult).where(
                TestResult.candidate_id == data.candidate_id, TestResult.kind == data.kind.value
            )
        )
    ).first()
    result = existing or TestResult(candidate_id=data.candidate_id, kind=data.kind.value)
    result.passed = data.passed
    result.score = data.score
    result.details = dict(data.details)
    result.taken_on = data.taken_on
    session.add(result)
    await session.flush()
    return result


async def screen_candidate(
    *,
    session: AsyncSession,
    scope: Scope,
    data: ScreenCandidateInput,
    custom: CustomEvaluator,
    actor: str | None,
) -> tuple[Candidate, ScreeningDecision, list[ScreeningOutcome]]:
    """Evaluate the call's current criteria and record the decision.

    A candidate who fails is a result, not an error: the decision and each
    rule's outcome are stored and the candidate moves to ``screening_failed``.
    """
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.SCREEN)
    version = await current_criteria(session, candidate.call_id)
    tests = (
        await session.exec(select(TestResult).where(TestResult.candidate_id == data.candidate_id))
    ).all()
    screened_on = data.screened_on or date.today()
    facts = candidate_facts(candidate, tests, screened_on)
    criteria = [
        Criterion(
            id=item["id"],
            kind=RuleKind(item["kind"]),
            title=item["title"],
            parameters=item["parameters"],
        )
        for item in version.criteria
    ]
    try:
        results = evaluate(criteria, facts, custom=custom)
    except ValueError as exc:
        # A custom rule's parameters are only checked by its plugin, at screening.
        raise DomainValidationError.single(
            "candidateId",
            f"the call's criteria cannot be evaluated: {exc}; correct them with updateCallCriteria",
            ErrorCode.INVALID,
        ) from None
    passed = all(result.passed for result in results)
    assert version.id is not None and candidate.id is not None
    decision = ScreeningDecision(
        candidate_id=candidate.id,
        criteria_version_id=version.id,
        passed=passed,
        screened_on=screened_on,
    )
    session.add(decision)
    await session.flush()
    assert decision.id is not None
    outcomes = [
        ScreeningOutcome(
            decision_id=decision.id,
            position=position,
            rule_id=result.rule_id,
            kind=result.kind.value,
            passed=result.passed,
            expected=result.expected[:500],
            actual=result.actual[:500],
            reason=result.reason[:1000],
        )
        for position, result in enumerate(results)
    ]
    session.add_all(outcomes)
    failed = [result.rule_id for result in results if not result.passed]
    reason = "passed every rule" if passed else f"failed {', '.join(failed)}"
    target = Status.SCREENING_PASSED if passed else Status.SCREENING_FAILED
    await move(session, candidate, target, actor=actor, reason=reason)
    await session.flush()
    return candidate, decision, outcomes


def candidate_facts(
    candidate: Candidate, tests: list[TestResult] | Any, screened_on: date
) -> CandidateFacts:
    return CandidateFacts(
        country_code=candidate.country_code,
        date_of_birth=candidate.date_of_birth,
        sex=Sex(candidate.sex),
        education_level=EducationLevel(candidate.education_level),
        screened_on=screened_on,
        education_track=candidate.education_track,
        height_cm=candidate.height_cm,
        weight_kg=candidate.weight_kg,
        japanese_level=JapaneseLevel(candidate.japanese_level)
        if candidate.japanese_level
        else None,
        prior_internship_in_japan=candidate.prior_internship_in_japan,
        prior_work_in_japan=candidate.prior_work_in_japan,
        military_service_completed=candidate.military_service_completed,
        criminal_record=candidate.criminal_record,
        job_field=candidate.job_field,
        country_details=dict(candidate.country_details),
        tests={
            TestKind(test.kind): TestResultFacts(
                kind=TestKind(test.kind),
                passed=test.passed,
                score=test.score,
                details=dict(test.details),
            )
            for test in tests
        },
    )
