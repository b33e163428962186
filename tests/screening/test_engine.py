"""The screening engine: every built-in rule kind, passing, failing and with missing facts.

Candidates are screened on 15 June 2025; birth dates are written out so each
age is visible in the test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.domain.rules import EducationLevel, JapaneseLevel, RuleKind, Sex, normalize_parameters
from core.screening.engine import CHECKS, evaluate
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome, TestKind, TestResultFacts

SCREENED_ON = date(2025, 6, 15)


def candidate(**overrides: Any) -> CandidateFacts:
    values: dict[str, Any] = {
        "country_code": "XA",
        "date_of_birth": date(2000, 3, 15),
        "sex": Sex.MALE,
        "education_level": EducationLevel.UPPER_SECONDARY,
        "screened_on": SCREENED_ON,
    }
    values.update(overrides)
    return CandidateFacts(**values)


def criterion(kind: RuleKind, rule_id: str | None = None, **parameters: Any) -> Criterion:
    return Criterion(
        id=rule_id or kind.value.replace("_", "-"),
        kind=kind,
        title=f"Test {kind.value}",
        parameters=normalize_parameters(kind, parameters),
    )


def no_custom(rule: Criterion, candidate: CandidateFacts) -> RuleOutcome | None:
    raise AssertionError(f"built-in rule {rule.id} reached the custom evaluator")


def check(rule: Criterion, **facts: Any) -> RuleOutcome:
    outcomes = evaluate([rule], candidate(**facts), custom=no_custom)
    assert len(outcomes) == 1
    assert outcomes[0].rule_id == rule.id
    assert outcomes[0].kind == rule.kind
    return outcomes[0]


def results(*recorded: TestResultFacts) -> dict[TestKind, TestResultFacts]:
    return {result.kind: result for result in recorded}


def body_check(**details: Any) -> dict[TestKind, TestResultFacts]:
    return results(TestResultFacts(kind=TestKind.BODY_CHECK, details=details))


# --- the engine itself ------------------------------------------------------


def test_every_kind_but_custom_is_evaluated_by_core() -> None:
    assert set(CHECKS) == set(RuleKind) - {RuleKind.CUSTOM}


def test_one_outcome_per_criterion_in_order() -> None:
    criteria = [
        criterion(RuleKind.NO_CRIMINAL_RECORD, "first"),
        criterion(RuleKind.SEX, "second", allowed=["female"]),
        criterion(RuleKind.NO_CRIMINAL_RECORD, "third"),
    ]
    outcomes = evaluate(criteria, candidate(criminal_record=False), custom=no_custom)
    assert [(o.rule_id, o.passed) for o in outcomes] == [
        ("first", True),
        ("second", False),
        ("third", True),
    ]


def test_no_criteria_no_outcomes() -> None:
    assert evaluate([], candidate(), custom=no_custom) == []


def test_custom_rule_goes_to_the_custom_evaluator() -> None:
    rule = criterion(RuleKind.CUSTOM, "bonus", points=3)
    seen: list[tuple[Criterion, CandidateFacts]] = []

    def custom(rule: Criterion, facts: CandidateFacts) -> RuleOutcome | None:
        seen.append((rule, facts))
        return RuleOutcome(
            rule_id=rule.id,
            kind=rule.kind,
            passed=True,
            expected="3 points",
            actual="3 points",
            reason="ok",
        )

    facts = candidate()
    [result] = evaluate([rule], facts, custom=custom)
    assert seen == [(rule, facts)]
    assert (result.rule_id, result.passed, result.expected) == ("bonus", True, "3 points")


def test_custom_rule_nobody_evaluates_fails() -> None:
    rule = criterion(RuleKind.CUSTOM, "bonus")
    [result] = evaluate([rule], candidate(), custom=lambda rule, facts: None)
    assert result.passed is False
    assert result.kind == RuleKind.CUSTOM
    assert "No country plugin evaluates the rule 'bonus'" in result.reason


def test_custom_outcome_for_another_rule_is_an_error() -> None:
    def custom(rule: Criterion, facts: CandidateFacts) -> RuleOutcome:
        return RuleOutcome("other", RuleKind.CUSTOM, True, "", "", "")

    with pytest.raises(ValueError, match="names rule 'other'"):
        evaluate([criterion(RuleKind.CUSTOM, "bonus")], candidate(), custom=custom)


# --- age_range --------------------------------------------------------------

ADULT_TO_26 = criterion(RuleKind.AGE_RANGE, min_years=18, max_years=26)


@pytest.mark.parametrize(
    ("born", "passed", "actual"),
    [
        (date(2007, 6, 15), True, "18 years"),  # 18th birthday on the screening day
        (date(2007, 6, 16), False, "17 years 11 months"),  # the day before it
        (date(2001, 3, 15), True, "24 years 3 months"),
        (date(1998, 6, 16), True, "26 years 11 months"),  # the maximum is in whole years
        (date(1998, 6, 15), False, "27 years"),  # 27th birthday
    ],
)
def test_age_range(born: date, passed: bool, actual: str) -> None:
    result = check(ADULT_TO_26, date_of_birth=born)
    assert (result.passed, result.actual) == (passed, actual)
    assert result.expected == "18 to 26 years"


def test_age_below_minimum_reason() -> None:
    result = check(ADULT_TO_26, date_of_birth=date(2007, 6, 16))
    assert result.reason == "Age 17 years 11 months on 2025-06-15 is below the minimum of 18 years."


def test_age_above_maximum_reason() -> None:
    result = check(ADULT_TO_26, date_of_birth=date(1990, 1, 1))
    assert "above the maximum of 26 years" in result.reason


@pytest.mark.parametrize(
    ("born", "passed"),
    [
        (date(2006, 1, 15), False),  # 19 years 5 months
        (date(2005, 12, 16), False),  # 19 years 5 months 30 days
        (date(2005, 12, 15), True),  # 19 years 6 months
    ],
)
def test_age_minimum_with_months(born: date, passed: bool) -> None:
    rule = criterion(RuleKind.AGE_RANGE, min_years=19, min_months=6, max_years=26)
    result = check(rule, date_of_birth=born)
    assert result.passed is passed
    assert result.expected == "19 years 6 months to 26 years"


def test_age_without_maximum() -> None:
    rule = criterion(RuleKind.AGE_RANGE, min_years=20)
    result = check(rule, date_of_birth=date(1960, 1, 1))
    assert result.passed is True
    assert result.expected == "at least 20 years"


def test_born_on_29_february_has_a_birthday_on_28_february_in_other_years() -> None:
    # relativedelta's convention: 29 February plus 18 years is 28 February 2022.
    rule = criterion(RuleKind.AGE_RANGE, min_years=18)
    born = date(2004, 2, 29)
    assert check(rule, date_of_birth=born, screened_on=date(2022, 2, 27)).passed is False
    assert check(rule, date_of_birth=born, screened_on=date(2022, 2, 28)).passed is True


def test_age_with_birth_after_screening_fails() -> None:
    result = check(ADULT_TO_26, date_of_birth=date(2026, 1, 1))
    assert result.passed is False
    assert "after the screening date" in result.reason


# --- sex --------------------------------------------------------------------


def test_sex() -> None:
    men_only = criterion(RuleKind.SEX, allowed=["male"])
    assert check(men_only, sex=Sex.MALE).passed is True
    refused = check(men_only, sex=Sex.FEMALE)
    assert refused.passed is False
    assert (refused.expected, refused.actual) == ("men", "woman")
    assert refused.reason == "This call is open to men only."
    both = criterion(RuleKind.SEX, allowed=["male", "female"])
    assert check(both, sex=Sex.FEMALE).passed is True


# --- education_min ----------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "passed"),
    [
        (EducationLevel.LOWER_SECONDARY, False),
        (EducationLevel.SECONDARY, False),
        (EducationLevel.UPPER_SECONDARY, True),
        (EducationLevel.POST_SECONDARY, True),
    ],
)
def test_education_min(level: EducationLevel, passed: bool) -> None:
    rule = criterion(
        RuleKind.EDUCATION_MIN, level="upper_secondary", accepted_qualifications=["THPT"]
    )
    result = check(rule, education_level=level)
    assert result.passed is passed
    assert result.expected == "upper secondary or higher (THPT)"
    assert result.actual == level.value.replace("_", " ")


# --- height_min / weight_min ------------------------------------------------

HEIGHT = criterion(RuleKind.HEIGHT_MIN, male=160)


def test_height_below_minimum() -> None:
    result = check(HEIGHT, height_cm=158)
    assert result.passed is False
    assert (result.expected, result.actual) == ("at least 160 cm", "158 cm")
    assert result.reason == "Height 158 cm is below the minimum of 160 cm for men."


@pytest.mark.parametrize(("height", "passed"), [(160, True), (159.9, False), (175.5, True)])
def test_height_boundary(height: float, passed: bool) -> None:
    assert check(HEIGHT, height_cm=height).passed is passed


def test_height_not_recorded_fails() -> None:
    result = check(HEIGHT, height_cm=None)
    assert result.passed is False
    assert result.actual == "not recorded"
    assert "not recorded" in result.reason


def test_height_without_minimum_for_the_candidate_s_sex_passes() -> None:
    result = check(HEIGHT, sex=Sex.FEMALE, height_cm=140)
    assert result.passed is True
    assert result.reason == "There is no minimum height for women in this call."


def test_weight_by_sex() -> None:
    rule = criterion(RuleKind.WEIGHT_MIN, male=50, female=40)
    assert check(rule, sex=Sex.FEMALE, weight_kg=45).passed is True
    man = check(rule, sex=Sex.MALE, weight_kg=45)
    assert man.passed is False
    assert man.reason == "Weight 45 kg is below the minimum of 50 kg for men."
    assert check(rule, sex=Sex.FEMALE, weight_kg=None).passed is False
    no_female_minimum = criterion(RuleKind.WEIGHT_MIN, male=50)
    result = check(no_female_minimum, sex=Sex.FEMALE, weight_kg=None)
    assert result.passed is True
    assert "no minimum weight for women" in result.reason


# --- vision -----------------------------------------------------------------

VIETNAM_VISION = criterion(
    RuleKind.VISION,
    glasses_allowed=True,
    colour_vision_deficiency_allowed=False,
    min_uncorrected_acuity=0.1,
    min_corrected_acuity=0.7,
)
NO_GLASSES = criterion(
    RuleKind.VISION,
    glasses_allowed=False,
    contact_lenses_allowed=False,
    colour_vision_deficiency_allowed=False,
)
GOOD_EYES = {
    "colour_vision_deficiency": False,
    "glasses": False,
    "contact_lenses": False,
    "uncorrected_acuity": 1.0,
    "corrected_acuity": 1.0,
}


def test_vision_passes() -> None:
    assert check(VIETNAM_VISION, tests=body_check(**GOOD_EYES)).passed is True
    assert check(NO_GLASSES, tests=body_check(**GOOD_EYES)).passed is True


def test_vision_glasses_allowed_or_not() -> None:
    eyes = {**GOOD_EYES, "glasses": True, "uncorrected_acuity": 0.3, "corrected_acuity": 0.9}
    assert check(VIETNAM_VISION, tests=body_check(**eyes)).passed is True
    refused = check(NO_GLASSES, tests=body_check(**eyes))
    assert refused.passed is False
    assert "glasses" in refused.reason


def test_vision_contact_lenses() -> None:
    result = check(NO_GLASSES, tests=body_check(**{**GOOD_EYES, "contact_lenses": True}))
    assert result.passed is False
    assert "contact lenses" in result.reason


def test_vision_colour_deficiency() -> None:
    eyes = {**GOOD_EYES, "colour_vision_deficiency": True}
    assert check(VIETNAM_VISION, tests=body_check(**eyes)).passed is False
    allowed = criterion(RuleKind.VISION, colour_vision_deficiency_allowed=True)
    assert check(allowed, tests=body_check(**eyes)).passed is True


@pytest.mark.parametrize(
    ("uncorrected", "corrected", "passed"),
    [(0.1, 0.7, True), (0.05, 0.9, False), (0.5, 0.6, False)],
)
def test_vision_acuity(uncorrected: float, corrected: float, passed: bool) -> None:
    eyes = {
        **GOOD_EYES,
        "glasses": True,
        "uncorrected_acuity": uncorrected,
        "corrected_acuity": corrected,
    }
    result = check(VIETNAM_VISION, tests=body_check(**eyes))
    assert result.passed is passed
    if not passed:
        assert "below the minimum" in result.reason


def test_vision_without_correction_uses_uncorrected_acuity_as_corrected() -> None:
    eyes = {k: v for k, v in GOOD_EYES.items() if k != "corrected_acuity"}
    assert check(VIETNAM_VISION, tests=body_check(**eyes)).passed is True
    weak = {**eyes, "uncorrected_acuity": 0.5}
    assert check(VIETNAM_VISION, tests=body_check(**weak)).passed is False


def test_vision_missing_body_check_fails() -> None:
    result = check(VIETNAM_VISION)
    assert result.passed is False
    assert result.reason == "The body check is not recorded."


def test_vision_missing_detail_is_named() -> None:
    eyes = {k: v for k, v in GOOD_EYES.items() if k not in {"glasses", "corrected_acuity"}}
    result = check(VIETNAM_VISION, tests=body_check(**eyes))
    assert result.passed is False
    assert "does not record: corrected acuity" in result.reason
    # glasses are allowed in this call, so their absence is not needed
    assert check(NO_GLASSES, tests=body_check(**eyes)).reason.endswith("does not record: glasses.")


def test_vision_detail_of_the_wrong_type_counts_as_missing() -> None:
    result = check(NO_GLASSES, tests=body_check(**{**GOOD_EYES, "glasses": "no"}))
    assert result.passed is False
    assert "does not record: glasses" in result.reason


# --- body_marks -------------------------------------------------------------

NO_TATTOOS = criterion(RuleKind.BODY_MARKS, tattoos_allowed=False, removed_marks_count=True)
NO_MARKS = criterion(RuleKind.BODY_MARKS, tattoos_allowed=False, piercings_allowed=False)
CLEAN = {"tattoos": False, "removed_tattoos": False, "piercings": False}


def test_body_marks_clean_passes() -> None:
    result = check(NO_MARKS, tests=body_check(**CLEAN))
    assert result.passed is True
    assert result.actual == "no tattoos, no removed tattoos, no piercings"


@pytest.mark.parametrize("mark", ["tattoos", "removed_tattoos", "piercings"])
def test_body_marks_each_mark_fails(mark: str) -> None:
    result = check(NO_MARKS, tests=body_check(**{**CLEAN, mark: True}))
    assert result.passed is False
    assert mark.replace("_", " ") in result.reason


def test_removed_tattoos_pass_when_they_do_not_count() -> None:
    rule = criterion(RuleKind.BODY_MARKS, tattoos_allowed=False, removed_marks_count=False)
    assert check(rule, tests=body_check(tattoos=False, removed_tattoos=True)).passed is True


def test_piercings_only_checked_when_not_allowed() -> None:
    marks = {"tattoos": False, "removed_tattoos": False, "piercings": True}
    assert check(NO_TATTOOS, tests=body_check(**marks)).passed is True


def test_tattoos_allowed() -> None:
    rule = criterion(RuleKind.BODY_MARKS, tattoos_allowed=True)
    assert check(rule, tests=body_check(tattoos=True)).passed is True


def test_body_marks_missing() -> None:
    assert check(NO_TATTOOS).passed is False
    result = check(NO_MARKS, tests=body_check(tattoos=False))
    assert result.passed is False
    assert "does not record: removed tattoos, piercings" in result.reason


# --- no_prior_work_in_japan -------------------------------------------------

INTERNSHIP = criterion(RuleKind.NO_PRIOR_WORK_IN_JAPAN, scope="technical_internship")
ANY_WORK = criterion(RuleKind.NO_PRIOR_WORK_IN_JAPAN, scope="any_work")


@pytest.mark.parametrize(
    ("rule", "internship", "work", "passed"),
    [
        (INTERNSHIP, False, None, True),
        (INTERNSHIP, False, True, True),
        (INTERNSHIP, True, False, False),
        (INTERNSHIP, None, False, False),
        (ANY_WORK, False, False, True),
        (ANY_WORK, False, True, False),
        (ANY_WORK, True, False, False),
        (ANY_WORK, False, None, False),
        (ANY_WORK, None, False, False),
        (ANY_WORK, None, True, False),
    ],
)
def test_no_prior_work_in_japan(
    rule: Criterion, internship: bool | None, work: bool | None, passed: bool
) -> None:
    result = check(rule, prior_internship_in_japan=internship, prior_work_in_japan=work)
    assert result.passed is passed


def test_no_prior_work_not_declared_reason() -> None:
    result = check(ANY_WORK, prior_internship_in_japan=False, prior_work_in_japan=None)
    assert result.actual == "not declared"
    assert "worked in Japan is not declared" in result.reason


# --- no_criminal_record -----------------------------------------------------


@pytest.mark.parametrize(
    ("record", "passed", "actual"),
    [(False, True, "none"), (True, False, "criminal record"), (None, False, "not declared")],
)
def test_no_criminal_record(record: bool | None, passed: bool, actual: str) -> None:
    result = check(criterion(RuleKind.NO_CRIMINAL_RECORD), criminal_record=record)
    assert (result.passed, result.actual) == (passed, actual)


# --- military_service_completed ---------------------------------------------

MILITARY = criterion(RuleKind.MILITARY_SERVICE_COMPLETED)


@pytest.mark.parametrize(
    ("sex", "completed", "passed"),
    [
        (Sex.MALE, True, True),
        (Sex.MALE, False, False),
        (Sex.MALE, None, False),
        (Sex.FEMALE, None, True),
        (Sex.FEMALE, False, True),
    ],
)
def test_military_service(sex: Sex, completed: bool | None, passed: bool) -> None:
    result = check(MILITARY, sex=sex, military_service_completed=completed)
    assert result.passed is passed
    if sex == Sex.FEMALE:
        assert result.actual == "does not apply"


# --- math_score_min ---------------------------------------------------------


def maths(score: float | None) -> dict[TestKind, TestResultFacts]:
    return results(TestResultFacts(kind=TestKind.MATHS, score=score))


PASS_MARK = criterion(RuleKind.MATH_SCORE_MIN, max_score=20, pass_mark=14)
BY_FIELD = criterion(
    RuleKind.MATH_SCORE_MIN,
    max_score=100,
    pass_marks_by_job_field={"manufacturing": 60, "construction": 40},
)


@pytest.mark.parametrize(("score", "passed"), [(14, True), (13, False), (20, True), (13.5, False)])
def test_math_score_pass_mark(score: float, passed: bool) -> None:
    result = check(PASS_MARK, tests=maths(score))
    assert result.passed is passed
    assert result.expected == "at least 14 of 20"


@pytest.mark.parametrize(
    ("field", "score", "passed"),
    [
        ("manufacturing", 60, True),
        ("manufacturing", 59, False),
        ("construction", 40, True),
        ("construction", 39, False),
    ],
)
def test_math_score_by_job_field(field: str, score: float, passed: bool) -> None:
    result = check(BY_FIELD, job_field=field, tests=maths(score))
    assert result.passed is passed
    assert result.actual == f"{score} of 100"


def test_math_score_job_field_falls_back_to_pass_mark() -> None:
    rule = criterion(
        RuleKind.MATH_SCORE_MIN, max_score=100, pass_mark=50, pass_marks_by_job_field={"a": 70}
    )
    assert check(rule, job_field="b", tests=maths(55)).passed is True
    assert check(rule, job_field="a", tests=maths(55)).passed is False


def test_math_score_without_an_applicable_pass_mark_fails() -> None:
    unknown = check(BY_FIELD, job_field="agriculture", tests=maths(100))
    assert unknown.passed is False
    assert "'agriculture'" in unknown.reason
    none = check(BY_FIELD, job_field=None, tests=maths(100))
    assert none.passed is False
    assert "No job field is recorded" in none.reason


def test_math_score_missing() -> None:
    assert check(PASS_MARK).passed is False
    result = check(PASS_MARK, tests=maths(None))
    assert result.passed is False
    assert result.reason == "The maths test score is not recorded."


# --- physical_fitness -------------------------------------------------------

FITNESS = criterion(
    RuleKind.PHYSICAL_FITNESS,
    male={"run_distance_m": 3000, "run_max_minutes": 15, "push_ups": 35, "sit_ups": 25},
    female={"run_distance_m": 1500, "run_max_minutes": 11, "push_ups": 20, "sit_ups": 15},
)


def fitness(passed: bool | None = None, **details: Any) -> dict[TestKind, TestResultFacts]:
    return results(TestResultFacts(kind=TestKind.PHYSICAL_FITNESS, passed=passed, details=details))


@pytest.mark.parametrize(
    ("sex", "details", "passed"),
    [
        (Sex.MALE, {"run_minutes": 15, "push_ups": 35, "sit_ups": 25}, True),
        (Sex.MALE, {"run_minutes": 15.5, "push_ups": 40, "sit_ups": 30}, False),
        (Sex.MALE, {"run_minutes": 14, "push_ups": 34, "sit_ups": 30}, False),
        (Sex.MALE, {"run_minutes": 14, "push_ups": 40, "sit_ups": 24}, False),
        (Sex.FEMALE, {"run_minutes": 11, "push_ups": 20, "sit_ups": 15}, True),
        (Sex.FEMALE, {"run_minutes": 12, "push_ups": 20, "sit_ups": 15}, False),
    ],
)
def test_physical_fitness_standard(sex: Sex, details: dict[str, float], passed: bool) -> None:
    # The examiner's verdict does not override measured results against a standard.
    result = check(FITNESS, sex=sex, tests=fitness(passed=not passed, **details))
    assert result.passed is passed


def test_physical_fitness_wording() -> None:
    result = check(FITNESS, tests=fitness(run_minutes=16, push_ups=35, sit_ups=25))
    assert (
        result.expected
        == "run 3000 m in at most 15 minutes, at least 35 push-ups, at least 25 sit-ups"
    )
    assert result.actual == "run in 16 minutes, 35 push-ups, 25 sit-ups"
    assert "over 15 minutes" in result.reason


def test_physical_fitness_missing_measurement_fails() -> None:
    result = check(FITNESS, tests=fitness(passed=True, run_minutes=14, push_ups=40))
    assert result.passed is False
    assert "does not record: sit-ups" in result.reason


def test_physical_fitness_missing_test_fails() -> None:
    assert check(FITNESS).passed is False


def test_physical_fitness_only_set_values_are_compared() -> None:
    rule = criterion(RuleKind.PHYSICAL_FITNESS, male={"push_ups": 35})
    assert check(rule, tests=fitness(push_ups=35)).passed is True
    assert check(rule, tests=fitness(push_ups=30, run_minutes=99)).passed is False


@pytest.mark.parametrize(
    ("rule", "sex"),
    [
        (criterion(RuleKind.PHYSICAL_FITNESS), Sex.MALE),  # standards set per call
        (criterion(RuleKind.PHYSICAL_FITNESS, male={"run_max_minutes": 15}), Sex.FEMALE),
        (criterion(RuleKind.PHYSICAL_FITNESS, male={"run_distance_m": 3000}), Sex.MALE),
    ],
)
def test_physical_fitness_without_standard_uses_the_examiner_s_verdict(
    rule: Criterion, sex: Sex
) -> None:
    verdict = check(rule, sex=sex, tests=fitness(passed=True))
    assert verdict.passed is True
    assert "examiner's verdict" in verdict.expected
    assert check(rule, sex=sex, tests=fitness(passed=False)).passed is False
    missing_verdict = check(rule, sex=sex, tests=fitness(passed=None, run_minutes=10))
    assert missing_verdict.passed is False
    assert missing_verdict.actual == "not recorded"
    assert check(rule, sex=sex).passed is False


# --- interview, medical_check, document_check -------------------------------


@pytest.mark.parametrize(
    ("kind", "test_kind", "name"),
    [
        (RuleKind.INTERVIEW, TestKind.INTERVIEW, "interview"),
        (RuleKind.MEDICAL_CHECK, TestKind.MEDICAL_CHECK, "medical check"),
        (RuleKind.DOCUMENT_CHECK, TestKind.DOCUMENT_CHECK, "document check"),
    ],
)
def test_verdict_rules(kind: RuleKind, test_kind: TestKind, name: str) -> None:
    rule = criterion(kind)

    def recorded(passed: bool | None) -> RuleOutcome:
        return check(rule, tests=results(TestResultFacts(kind=test_kind, passed=passed)))

    assert recorded(True).passed is True
    failed = recorded(False)
    assert (failed.passed, failed.actual) == (False, "not passed")
    assert failed.reason == f"The {name} was not passed."
    for missing in (recorded(None), check(rule)):
        assert (missing.passed, missing.actual) == (False, "not recorded")
    # another test's verdict does not count
    other = TestKind.EXAM
    assert check(rule, tests=results(TestResultFacts(kind=other, passed=True))).passed is False


# --- japanese_level ---------------------------------------------------------

REQUIRED_N4 = criterion(RuleKind.JAPANESE_LEVEL, min_level="N4", required=True)
OPTIONAL = criterion(RuleKind.JAPANESE_LEVEL, min_level="N5", required=False)


def japanese(passed: bool | None) -> dict[TestKind, TestResultFacts]:
    return results(TestResultFacts(kind=TestKind.JAPANESE, passed=passed))


@pytest.mark.parametrize(
    ("level", "passed"),
    [
        (JapaneseLevel.N5, False),
        (JapaneseLevel.N4, True),
        (JapaneseLevel.N3, True),
        (JapaneseLevel.N1, True),
    ],
)
def test_japanese_level_required(level: JapaneseLevel, passed: bool) -> None:
    result = check(REQUIRED_N4, japanese_level=level)
    assert result.passed is passed
    assert result.actual == f"JLPT {level.value}"


def test_japanese_without_level_uses_the_japanese_test() -> None:
    assert check(REQUIRED_N4, tests=japanese(True)).passed is True
    assert check(REQUIRED_N4, tests=japanese(False)).passed is False
    assert check(REQUIRED_N4, tests=japanese(None)).passed is False
    missing = check(REQUIRED_N4)
    assert missing.passed is False
    assert "Neither a JLPT level nor a Japanese test result is recorded" in missing.reason


def test_japanese_level_below_minimum_is_not_rescued_by_the_test() -> None:
    assert check(REQUIRED_N4, japanese_level=JapaneseLevel.N5, tests=japanese(True)).passed is False


def test_japanese_not_required_always_passes() -> None:
    without = check(OPTIONAL)
    assert (without.passed, without.actual) == (True, "none")
    assert "favour" in without.reason
    held = check(OPTIONAL, japanese_level=JapaneseLevel.N4)
    assert (held.passed, held.actual) == (True, "JLPT N4")


# --- every outcome is written for people --------------------------------------


def test_outcomes_never_show_python_values() -> None:
    criteria = [
        ADULT_TO_26,
        HEIGHT,
        VIETNAM_VISION,
        NO_MARKS,
        ANY_WORK,
        MILITARY,
        BY_FIELD,
        FITNESS,
        REQUIRED_N4,
    ]
    outcomes = evaluate(criteria, candidate(), custom=no_custom)
    assert all(not o.passed for o in outcomes[1:])
    for o in outcomes:
        for text in (o.expected, o.actual, o.reason):
            assert text
            assert "None" not in text and "True" not in text and "False" not in text
            assert ".0 " not in f"{text} "
