"""The one screening decision and the facts it reads from stored columns, without a database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Table

from core.db.models import Candidate, ScreeningOutcome
from core.domain.candidate import CandidateProfile
from core.domain.rules import EducationLevel, JapaneseLevel, RuleKind, Sex, normalize_parameters
from core.domain.states import Status
from core.screening.facts import (
    FACT_COLUMNS,
    CandidateFacts,
    Criterion,
    RuleOutcome,
    TestKind,
    candidate_facts,
)
from core.services.screening_decision import CriteriaNotEvaluable, decide, parse_criteria

SCREENED_ON = date(2025, 6, 15)
CANDIDATE_TABLE: Table = Candidate.__table__  # type: ignore[attr-defined]
OUTCOME_TABLE: Table = ScreeningOutcome.__table__  # type: ignore[attr-defined]


def stored(**overrides: Any) -> dict[str, Any]:
    """A candidate's columns as a table model's ``model_dump()`` gives them."""
    columns = Candidate(
        id=7,
        country_code="XA",
        call_id=1,
        full_name="Test Candidate",
        date_of_birth=date(2000, 3, 15),
        sex="male",
        education_level="upper_secondary",
        education_track="general",
        job_field="manufacturing",
        height_cm=170.0,
        weight_kg=65.0,
        japanese_level="N4",
        prior_internship_in_japan=False,
        prior_work_in_japan=False,
        military_service_completed=True,
        criminal_record=False,
        country_details={"priority_groups": ["veteran_family"]},
        status="registered",
    ).model_dump()
    columns.update(overrides)
    return columns


def rule(kind: RuleKind, rule_id: str, **parameters: Any) -> dict[str, Any]:
    """One criterion as a criteria version stores it."""
    return {
        "id": rule_id,
        "kind": kind.value,
        "title": f"Test {rule_id}",
        "parameters": normalize_parameters(kind, parameters),
    }


CRITERIA = parse_criteria(
    [
        rule(RuleKind.AGE_RANGE, "age", min_years=18, max_years=30),
        rule(RuleKind.HEIGHT_MIN, "height", male=160, female=150),
        rule(RuleKind.EDUCATION_MIN, "education", level="upper_secondary"),
        rule(RuleKind.NO_CRIMINAL_RECORD, "no-criminal-record"),
        rule(RuleKind.DOCUMENT_CHECK, "documents"),
    ]
)
DOCUMENTS = [{"kind": "document_check", "passed": True, "score": None, "details": {}}]


def no_custom(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome | None:
    raise AssertionError(f"built-in rule {criterion.id} reached the custom evaluator")


def screen(columns: dict[str, Any], tests: list[dict[str, Any]] = DOCUMENTS) -> Any:
    return decide(columns, tests, CRITERIA, screened_on=SCREENED_ON, custom=no_custom)


def test_a_candidate_who_meets_every_rule_passes() -> None:
    verdict = screen(stored())
    assert (verdict.passed, verdict.status, verdict.reason) == (
        True,
        Status.SCREENING_PASSED,
        "passed every rule",
    )
    assert [o.rule_id for o in verdict.outcomes] == [c.id for c in CRITERIA]
    assert all(o.passed for o in verdict.outcomes)


def test_the_history_names_every_failed_rule_in_the_criteria_order() -> None:
    verdict = screen(stored(height_cm=140.0, education_level="lower_secondary"), tests=[])
    assert (verdict.passed, verdict.status) == (False, Status.SCREENING_FAILED)
    assert verdict.reason == "failed height, education, documents"


def test_facts_that_are_not_declared_fail_with_a_reason() -> None:
    verdict = screen(stored(height_cm=None, criminal_record=None))
    assert verdict.reason == "failed height, no-criminal-record"
    actual = {o.rule_id: o.actual for o in verdict.outcomes if not o.passed}
    assert actual == {"height": "not recorded", "no-criminal-record": "not declared"}


def test_outcome_columns_are_numbered_and_cut_to_their_column_length() -> None:
    long_rule = Criterion(id="long", kind=RuleKind.CUSTOM, title="Long", parameters={})

    def wordy(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
        return RuleOutcome(
            rule_id=criterion.id,
            kind=criterion.kind,
            passed=False,
            expected="e" * 600,
            actual="a" * 600,
            reason="r" * 1200,
        )

    verdict = decide(
        stored(), DOCUMENTS, [*CRITERIA, long_rule], screened_on=SCREENED_ON, custom=wordy
    )
    columns = verdict.outcome_columns()
    assert [c["position"] for c in columns] == list(range(len(CRITERIA) + 1))
    last = columns[-1]
    assert (last["rule_id"], last["kind"], last["passed"]) == ("long", "custom", False)
    for name in ("expected", "actual", "reason"):
        assert len(last[name]) == OUTCOME_TABLE.c[name].type.length
    assert set(last) | {"id", "decision_id"} == set(OUTCOME_TABLE.c.keys())


def test_an_outcome_for_another_rule_is_refused_as_criteria_that_cannot_be_evaluated() -> None:
    custom_rule = Criterion(id="own-rule", kind=RuleKind.CUSTOM, title="Own", parameters={})

    def confused(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
        return RuleOutcome("other-rule", RuleKind.CUSTOM, True, "x", "x", "x")

    with pytest.raises(CriteriaNotEvaluable, match="names rule 'other-rule'"):
        decide(stored(), [], [custom_rule], screened_on=SCREENED_ON, custom=confused)


def test_the_facts_are_the_candidate_columns_the_facts_declare() -> None:
    declared = set(CandidateFacts.model_fields) - {"screened_on", "tests"}
    assert set(FACT_COLUMNS) == declared
    assert declared <= set(CANDIDATE_TABLE.c.keys())
    assert declared == set(CandidateProfile.model_fields) | {"country_code"}


def test_facts_convert_stored_values_by_their_declared_types() -> None:
    columns = stored()
    facts = candidate_facts(
        columns,
        [{"kind": "maths", "passed": None, "score": 17.5, "details": {"sheet": 2}}],
        SCREENED_ON,
    )
    assert (facts.sex, facts.education_level, facts.japanese_level) == (
        Sex.MALE,
        EducationLevel.UPPER_SECONDARY,
        JapaneseLevel.N4,
    )
    assert isinstance(facts.sex, Sex) and facts.screened_on == SCREENED_ON
    assert facts.country_details == columns["country_details"]
    assert facts.country_details is not columns["country_details"]
    assert facts.tests[TestKind.MATHS].score == 17.5
    assert facts.tests[TestKind.MATHS].details == {"sheet": 2}
    assert candidate_facts(stored(japanese_level=""), [], SCREENED_ON).japanese_level is None
    assert candidate_facts(stored(japanese_level=None), [], SCREENED_ON).japanese_level is None


def test_a_missing_column_or_an_unknown_value_is_an_error_not_a_fact() -> None:
    incomplete = stored()
    del incomplete["criminal_record"]
    with pytest.raises(KeyError, match="criminal_record"):
        candidate_facts(incomplete, [], SCREENED_ON)
    with pytest.raises(ValueError, match="'unknown' is not a valid Sex"):
        candidate_facts(stored(sex="unknown"), [], SCREENED_ON)
