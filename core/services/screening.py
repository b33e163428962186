"""Recording selection tests and screening a candidate against the call's criteria."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationInfo, field_validator
from pydantic.alias_generators import to_camel
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, ScreeningDecision, ScreeningOutcome, TestResult
from core.domain.states import Step, require_step
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message, message_of
from core.screening.details import TEST_DETAILS, camel_model
from core.screening.engine import CustomEvaluator
from core.screening.facts import TestKind
from core.services.calls import current_criteria
from core.services.dates import HappenedOn
from core.services.history import move
from core.services.inputs import Input, OneOf, RowId, one_of
from core.services.lookups import get_candidate
from core.services.screening_decision import CriteriaNotEvaluable, decide, parse_criteria

if TYPE_CHECKING:
    TestDetails = OneOf
else:
    TestDetails = one_of(
        "TestDetails",
        {
            kind.value: camel_model(model)
            for kind, model in TEST_DETAILS.items()
            if model.model_fields  # a kind that records nothing has no member
        },
        "A test's details, under the key of its kind (the result's kind).",
        module=__name__,
    )
"""The details of a test result, one member per test kind that records details
(:data:`core.screening.details.TEST_DETAILS`)."""


class RecordTestResultInput(Input):
    candidate_id: RowId
    kind: TestKind
    score: float | None = Field(default=None, ge=0, le=1000, validate_default=True)
    details: TestDetails | None = None
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
        if passed is None and given["score"] is None and given["details"] is None:
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
    details = test_details(data)
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


def test_details(data: RecordTestResultInput) -> dict[str, Any]:
    """The details to store: those given, which must be of the result's kind."""
    if data.details is None:
        return {}
    key, value = data.details.chosen()
    if key != data.kind.value:
        raise DomainValidationError.single(
            f"details.{to_camel(key)}",
            Message(
                "these are the details of a {given} test, and the result is of {kind}",
                given=key,
                kind=data.kind.value,
            ),
            ErrorCode.INVALID,
        )
    stored: dict[str, Any] = value.model_dump(mode="json", exclude_none=True)
    return stored


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
