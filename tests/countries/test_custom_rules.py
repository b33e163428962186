"""The bundled countries' ``custom`` screening rules, through the real plugin manager.

Criteria are built from the registry's templates, as a recruitment call copies
them; candidates are screened on 15 June 2025.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from core.domain.rules import EducationLevel, RuleKind, Sex
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.screening.custom import evaluate_custom, plugin_evaluator
from core.screening.engine import evaluate
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome, TestKind, TestResultFacts
from tests.conftest import default_settings

SETTINGS = default_settings()
PM = get_plugin_manager(SETTINGS)
REGISTRY = build_registry(PM, SETTINGS)
SCREENED_ON = date(2025, 6, 15)


def template(code: str, rule_id: str) -> Criterion:
    entry = REGISTRY.get(code)
    assert entry is not None
    [found] = [r for r in entry.screening_rules if r.id == rule_id]
    return Criterion(id=found.id, kind=found.kind, title=found.title, parameters=found.parameters)


def custom_templates() -> list[tuple[str, Criterion]]:
    return [
        (entry.code, template(entry.code, rule.id))
        for entry in REGISTRY.countries
        for rule in entry.screening_rules
        if rule.kind == RuleKind.CUSTOM
    ]


def candidate(code: str, **overrides: Any) -> CandidateFacts:
    values: dict[str, Any] = {
        "country_code": code,
        "date_of_birth": date(2000, 3, 15),
        "sex": Sex.MALE,
        "education_level": EducationLevel.UPPER_SECONDARY,
        "screened_on": SCREENED_ON,
    }
    values.update(overrides)
    return CandidateFacts(**values)


def screen(rule: Criterion, facts: CandidateFacts) -> RuleOutcome:
    [result] = evaluate([rule], facts, custom=plugin_evaluator(PM, SETTINGS))
    assert (result.rule_id, result.kind) == (rule.id, RuleKind.CUSTOM)
    return result


def maths(score: float | None) -> dict[TestKind, TestResultFacts]:
    return {TestKind.MATHS: TestResultFacts(kind=TestKind.MATHS, score=score)}


# --- every country ----------------------------------------------------------


def test_the_custom_rules_of_the_bundled_countries() -> None:
    assert {(code, rule.id) for code, rule in custom_templates()} == {
        ("VN", "maths-with-priority-points"),
        ("VN", "no-illegal-stay-abroad"),
        ("ID", "age-by-education-track"),
        ("ID", "technical-training"),
        ("BD", "im-japan-exam"),
    }


@pytest.mark.parametrize(("code", "rule"), custom_templates(), ids=lambda v: getattr(v, "id", v))
def test_every_custom_rule_is_evaluated_by_its_country(code: str, rule: Criterion) -> None:
    result = evaluate_custom(PM, SETTINGS, rule, candidate(code))
    assert result is not None
    assert result.rule_id == rule.id
    assert result.expected and result.actual and result.reason


def ask(plugin_name: str, rule: Criterion, facts: CandidateFacts) -> RuleOutcome | None:
    """Call ``screening_evaluate_rule`` on one plugin alone."""
    plugin = PM.get_plugin(plugin_name)
    others = [p for p in PM.get_plugins() if p is not plugin]
    caller = PM.subset_hook_caller("screening_evaluate_rule", remove_plugins=others)
    result: RuleOutcome | None = caller(rule=rule, candidate=facts, settings=SETTINGS)
    return result


@pytest.mark.parametrize(("code", "rule"), custom_templates(), ids=lambda v: getattr(v, "id", v))
def test_no_other_plugin_evaluates_a_country_s_rule(code: str, rule: Criterion) -> None:
    for entry in REGISTRY.countries:
        if entry.code != code:
            assert ask(entry.plugin, rule, candidate(code)) is None
            assert ask(entry.plugin, rule, candidate(entry.code)) is None


@pytest.mark.parametrize(("code", "rule"), custom_templates(), ids=lambda v: getattr(v, "id", v))
def test_the_owner_returns_none_for_another_country_s_candidate(code: str, rule: Criterion) -> None:
    owner = REGISTRY.by_code[code].plugin
    assert ask(owner, rule, candidate(code)) is not None
    for other in REGISTRY.by_code:
        if other != code:
            assert ask(owner, rule, candidate(other)) is None
    result = screen(rule, candidate("TH"))
    assert result.passed is False
    assert "No country plugin evaluates" in result.reason


@pytest.mark.parametrize("code", ["VN", "ID", "BD"])
def test_the_owner_returns_none_for_an_unknown_rule_id(code: str) -> None:
    rule = Criterion(id="not-a-rule", kind=RuleKind.CUSTOM, title="Unknown")
    assert evaluate_custom(PM, SETTINGS, rule, candidate(code)) is None


@pytest.mark.parametrize("code", ["TH", "LK"])
def test_thailand_and_sri_lanka_have_only_built_in_rules(code: str) -> None:
    entry = REGISTRY.get(code)
    assert entry is not None and entry.screening_rules
    assert all(rule.kind != RuleKind.CUSTOM for rule in entry.screening_rules)
    plugin = PM.get_plugin(entry.plugin)
    hooks = {caller.name for caller in PM.get_hookcallers(plugin) or ()}
    assert "screening_evaluate_rule" not in hooks


# --- Vietnam: maths-with-priority-points ------------------------------------

VN_MATHS = template("VN", "maths-with-priority-points")


def vn_maths(
    score: float | None, field: str | None = "manufacturing", **details: Any
) -> RuleOutcome:
    return screen(
        VN_MATHS, candidate("VN", job_field=field, tests=maths(score), country_details=details)
    )


@pytest.mark.parametrize(
    ("field", "score", "passed"),
    [
        ("manufacturing", 60, True),
        ("manufacturing", 59, False),
        ("construction", 40, True),
        ("construction", 39, False),
    ],
)
def test_vietnam_maths_pass_mark_by_job_field(field: str, score: float, passed: bool) -> None:
    result = vn_maths(score, field)
    assert result.passed is passed
    assert result.actual == f"{score} of 100"


def test_vietnam_priority_points_are_added_above_30() -> None:
    result = vn_maths(45, priority_groups=["poor_district"])
    assert result.passed is True
    assert result.actual == "45 + 20 priority points = 65 of 100"
    assert vn_maths(45).passed is False


@pytest.mark.parametrize(("score", "passed"), [(30, False), (31, True)])
def test_vietnam_priority_points_only_for_scores_over_30(score: float, passed: bool) -> None:
    group = "poor_household_or_ethnic_minority_other_province"  # +10
    result = vn_maths(score, "construction", priority_groups=[group])
    assert result.passed is passed
    if not passed:
        assert "only count for scores over 30" in result.reason


def test_vietnam_only_the_highest_priority_bonus_counts() -> None:
    # 35 + 20 = 55 fails the manufacturing mark of 60; adding both groups (70) would pass.
    result = vn_maths(35, priority_groups=["ethnic_minority_mountainous_province", "poor_district"])
    assert result.passed is False
    assert result.actual == "35 + 20 priority points = 55 of 100"
    assert "not added together" in result.reason


def test_vietnam_unknown_priority_group_fails() -> None:
    result = vn_maths(80, priority_groups=["poor_district", "veteran"])
    assert result.passed is False
    assert "veteran" in result.reason
    assert vn_maths(80, priority_groups="poor_district").passed is False


def test_vietnam_maths_unknown_or_missing_job_field_fails() -> None:
    unknown = vn_maths(90, "agriculture")
    assert unknown.passed is False
    assert "'agriculture'" in unknown.reason
    assert vn_maths(90, None).passed is False


def test_vietnam_maths_missing_score_fails() -> None:
    result = vn_maths(None)
    assert result.passed is False
    assert result.reason == "The maths test score is not recorded."


def test_vietnam_maths_follows_a_call_s_adjusted_parameters() -> None:
    parameters = {**VN_MATHS.parameters, "pass_marks_by_job_field": {"manufacturing": 50}}
    adjusted = replace(VN_MATHS, parameters=parameters)
    facts = candidate("VN", job_field="manufacturing", tests=maths(55))
    assert screen(adjusted, facts).passed is True
    assert screen(VN_MATHS, facts).passed is False


# --- Vietnam: no-illegal-stay-abroad ----------------------------------------

VN_ILLEGAL_STAY = template("VN", "no-illegal-stay-abroad")


@pytest.mark.parametrize(
    ("details", "passed", "actual"),
    [
        ({"illegal_stay_abroad": False}, True, "never"),
        ({"illegal_stay_abroad": True}, False, "has lived or worked illegally abroad"),
        ({}, False, "not declared"),
        ({"illegal_stay_abroad": "no"}, False, "not declared"),
    ],
)
def test_vietnam_no_illegal_stay_abroad(details: dict[str, Any], passed: bool, actual: str) -> None:
    result = screen(VN_ILLEGAL_STAY, candidate("VN", country_details=details))
    assert (result.passed, result.actual) == (passed, actual)


# --- Indonesia: age-by-education-track --------------------------------------

ID_AGE = template("ID", "age-by-education-track")


@pytest.mark.parametrize(
    ("track", "born", "passed"),
    [
        ("smk_teknik", date(2007, 6, 15), True),  # exactly 18
        ("smk_teknik", date(2007, 6, 16), False),  # 17 years 11 months
        ("sma", date(2007, 6, 15), False),  # 18, under 18 years 6 months
        ("sma", date(2006, 12, 16), False),  # 18 years 5 months
        ("sma", date(2006, 12, 15), True),  # 18 years 6 months
        ("sma", date(1998, 6, 16), True),  # 26 years 11 months
        ("smk_teknik", date(1998, 6, 15), False),  # 27
    ],
)
def test_indonesia_age_by_education_track(track: str, born: date, passed: bool) -> None:
    result = screen(ID_AGE, candidate("ID", education_track=track, date_of_birth=born))
    assert result.passed is passed


def test_indonesia_age_names_the_track() -> None:
    result = screen(ID_AGE, candidate("ID", education_track="sma", date_of_birth=date(2007, 6, 15)))
    assert result.expected.startswith("18 years 6 months to 26 years")
    assert "SMA" in result.expected
    assert "below the minimum of 18 years 6 months for SMA" in result.reason


@pytest.mark.parametrize("track", [None, "smk_bisnis"])
def test_indonesia_age_without_a_known_track_fails(track: str | None) -> None:
    result = screen(ID_AGE, candidate("ID", education_track=track))
    assert result.passed is False
    assert "smk_teknik, sma" in result.reason


# --- Indonesia: technical-training ------------------------------------------

ID_TRAINING = template("ID", "technical-training")


@pytest.mark.parametrize(
    ("details", "passed"),
    [
        ({"lesson_hours": 160}, True),
        ({"lesson_hours": 159}, False),
        ({"lesson_hours": 0, "technical_work_months": 6}, True),
        ({"technical_work_months": 5}, False),
        ({"lesson_hours": 100, "technical_work_months": 5}, False),
        ({}, False),
    ],
)
def test_indonesia_technical_training(details: dict[str, Any], passed: bool) -> None:
    result = screen(ID_TRAINING, candidate("ID", country_details=details))
    assert result.passed is passed


def test_indonesia_technical_training_reasons() -> None:
    nothing = screen(ID_TRAINING, candidate("ID"))
    assert "Neither technical training hours nor technical work experience" in nothing.reason
    short = screen(ID_TRAINING, candidate("ID", country_details={"lesson_hours": 120}))
    assert "120 lesson hours is below 160 lesson hours" in short.reason
    assert "technical work is not recorded" in short.reason


# --- Bangladesh: im-japan-exam ----------------------------------------------

BD_EXAM = template("BD", "im-japan-exam")


@pytest.mark.parametrize(("verdict", "passed"), [(True, True), (False, False), (None, False)])
def test_bangladesh_im_japan_exam(verdict: bool | None, passed: bool) -> None:
    tests = {TestKind.EXAM: TestResultFacts(kind=TestKind.EXAM, passed=verdict)}
    result = screen(BD_EXAM, candidate("BD", tests=tests))
    assert result.passed is passed
    assert "IM Japan exam" in result.reason


def test_bangladesh_im_japan_exam_needs_the_exam_itself() -> None:
    tests = {TestKind.INTERVIEW: TestResultFacts(kind=TestKind.INTERVIEW, passed=True)}
    result = screen(BD_EXAM, candidate("BD", tests=tests))
    assert (result.passed, result.actual) == (False, "not recorded")
