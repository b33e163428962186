"""Recording selection tests and screening a candidate against the call's criteria."""

from __future__ import annotations

from datetime import date

from pydantic import Field, ValidationInfo, field_validator
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, ScreeningDecision, ScreeningOutcome, TestResult
from core.domain.states import Step, require_step
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message, message_of
from core.screening.engine import CustomEvaluator
from core.screening.facts import TestKind
from core.services.calls import current_criteria
from core.services.dates import HappenedOn
from core.services.details import valid_test_details
from core.services.history import move
from core.services.inputs import Input, JsonObject, RowId
from core.services.lookups import get_candidate
from core.services.screening_decision import CriteriaNotEvaluable, decide, parse_criteria


class RecordTestResultInput(Input):
    candidate_id: RowId
    kind: TestKind
    score: float | None = Field(default=None, ge=0, le=1000, validate_default=True)
    details: JsonObject = Field(default_factory=dict)
    # After score and details, which its check reads (see core.services.inputs.Input).
    passed: bool | None = Field(default=None, validate_default=True)
    taken_on: HappenedOn | None = None

    @field_validator("score")
    @classmethod
    def _maths_has_a_score(cls, score: float | None, info: ValidationInfo) -> float | None:
        if info.data.get("kind") is TestKind.MATHS and score is None:
            raise ValueError(Message("score is required for a maths result"))
        return score

    @field_validator("passed")
    @classmethod
    def _says_something(cls, passed: bool | None, info: ValidationInfo) -> bool | None:
        given = info.data
        if "score" not in given or "details" not in given:
            return passed  # one of them is refused already
        if passed is None and given["score"] is None and not given["details"]:
            raise ValueError(Message("passed is required when neither score nor details is given"))
        return passed


class ScreenCandidateInput(Input):
    candidate_id: RowId
    screened_on: HappenedOn | None = Field(
        default=None,
        description="An ISO date, YYYY-MM-DD. Ages are computed on this day; today if omitted.",
    )


async def record_test_result(
    *, session: AsyncSession, scope: Scope, data: RecordTestResultInput
) -> TestResult:
    """Store a test result; a second result of the same test replaces the first."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.RECORD_TEST_RESULT)
    details = valid_test_details(data.kind, data.details, field="details")
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
    result.details = details
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
    try:
        verdict = decide(
            candidate.model_dump(),
            [test.model_dump() for test in tests],
            parse_criteria(version.criteria),
            screened_on=screened_on,
            custom=custom,
        )
    except CriteriaNotEvaluable as exc:
        # A custom rule's parameters are only checked by its plugin, at screening.
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "the call's criteria cannot be evaluated: {error}; "
                "correct them with updateCallCriteria",
                error=message_of(exc),
            ),
            ErrorCode.INVALID,
        ) from None
    assert version.id is not None and candidate.id is not None
    decision = ScreeningDecision(
        candidate_id=candidate.id,
        criteria_version_id=version.id,
        passed=verdict.passed,
        screened_on=screened_on,
    )
    session.add(decision)
    await session.flush()
    assert decision.id is not None
    outcomes = [
        ScreeningOutcome(decision_id=decision.id, **columns)
        for columns in verdict.outcome_columns()
    ]
    session.add_all(outcomes)
    await move(session, candidate, verdict.status, actor=actor, reason=verdict.reason)
    await session.flush()
    return candidate, decision, outcomes
