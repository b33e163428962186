"""The screening engine: one outcome per criterion of a call, in order.

Core evaluates every built-in rule kind (one function per kind, in
``CHECKS``); ``custom`` rules go to the ``custom`` callable, which asks the
country plugins (:func:`core.screening.custom.evaluate_custom`). A candidate
who does not meet a rule, or whose facts are missing, gets a failing outcome
that says why; nothing about the candidate raises.

Criteria parameters are read through their kind's model in
:mod:`core.domain.rules`. They were validated when the call was created, so a
parameter error here is a programming error and raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.domain.rules import (
    AgeRange,
    EducationLevel,
    EducationMin,
    JapaneseLevel,
    JapaneseRequirement,
    MathScore,
    NoPriorWorkInJapan,
    RuleKind,
    Sex,
    SexAllowed,
)
from core.screening.age import check_age
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome, TestKind
from core.screening.measures import (
    check_body_marks,
    check_height,
    check_physical_fitness,
    check_vision,
    check_weight,
)
from core.screening.outcomes import (
    NOT_DECLARED,
    NOT_RECORDED,
    check_test_passed,
    number,
    outcome,
    readable,
)

Check = Callable[[Criterion, CandidateFacts], RuleOutcome]
CustomEvaluator = Callable[[Criterion, CandidateFacts], RuleOutcome | None]


def evaluate(
    criteria: Sequence[Criterion], candidate: CandidateFacts, *, custom: CustomEvaluator
) -> list[RuleOutcome]:
    """Evaluate every criterion for ``candidate``; one outcome each, in order.

    Raises:
        ValueError: ``custom`` returned an outcome for another rule.
    """
    return [_evaluate_one(criterion, candidate, custom) for criterion in criteria]


def _evaluate_one(
    criterion: Criterion, candidate: CandidateFacts, custom: CustomEvaluator
) -> RuleOutcome:
    if criterion.kind != RuleKind.CUSTOM:
        return CHECKS[criterion.kind](criterion, candidate)
    result = custom(criterion, candidate)
    if result is None:
        return outcome(
            criterion,
            passed=False,
            expected=criterion.title,
            actual="not evaluated",
            reason=(
                f"No country plugin evaluates the rule '{criterion.id}' ({criterion.title}) "
                f"for country {candidate.country_code}."
            ),
        )
    if result.rule_id != criterion.id:
        raise ValueError(
            f"the outcome for custom rule '{criterion.id}' names rule '{result.rule_id}'"
        )
    return result


def check_age_range(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    return check_age(criterion, candidate, AgeRange.model_validate(criterion.parameters))


_SEX_WORDS = {Sex.MALE: ("men", "man"), Sex.FEMALE: ("women", "woman")}


def check_sex(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    rule = SexAllowed.model_validate(criterion.parameters)
    groups = " and ".join(_SEX_WORDS[sex][0] for sex in rule.allowed)
    passed = candidate.sex in rule.allowed
    return outcome(
        criterion,
        passed=passed,
        expected=" or ".join(_SEX_WORDS[sex][0] for sex in rule.allowed),
        actual=_SEX_WORDS[candidate.sex][1],
        reason=f"This call is open to {groups}" + ("." if passed else " only."),
    )


def check_education(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    rule = EducationMin.model_validate(criterion.parameters)
    order = list(EducationLevel)
    minimum, held = readable(rule.level), readable(candidate.education_level)
    qualifications = rule.accepted_qualifications
    expected = f"{minimum} or higher" + (
        f" ({', '.join(qualifications)})" if qualifications else ""
    )
    passed = order.index(candidate.education_level) >= order.index(rule.level)
    comparison = "meets" if passed else "is below"
    return outcome(
        criterion,
        passed=passed,
        expected=expected,
        actual=held,
        reason=f"Completed education ({held}) {comparison} the minimum of {minimum}.",
    )


def check_no_prior_work_in_japan(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    rule = NoPriorWorkInJapan.model_validate(criterion.parameters)
    internship = ("been a technical intern in Japan", candidate.prior_internship_in_japan)
    work = ("worked in Japan", candidate.prior_work_in_japan)
    if rule.scope == "technical_internship":
        asked, expected = [internship], "never a technical intern in Japan"
    else:
        asked, expected = (
            [internship, work],
            "never worked in Japan, including as a technical intern",
        )
    done = [what for what, value in asked if value is True]
    undeclared = [what for what, value in asked if value is None]
    if done:
        passed, actual = False, "has " + " and ".join(done)
        reason = f"Candidates who have {' or '.join(what for what, _ in asked)} cannot apply."
    elif undeclared:
        passed, actual = False, NOT_DECLARED
        reason = f"Whether the candidate has {' or '.join(undeclared)} is not declared."
    else:
        passed, actual = True, "has never " + " or ".join(what for what, _ in asked)
        reason = f"The candidate has never {' or '.join(what for what, _ in asked)}."
    return outcome(criterion, passed=passed, expected=expected, actual=actual, reason=reason)


def check_no_criminal_record(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    record = candidate.criminal_record
    if record is None:
        actual, reason = (
            NOT_DECLARED,
            "Whether the candidate has a criminal record is not declared.",
        )
    elif record:
        actual, reason = "criminal record", "Candidates with a criminal record cannot apply."
    else:
        actual, reason = "none", "The candidate has declared no criminal record."
    return outcome(
        criterion,
        passed=record is False,
        expected="no criminal record",
        actual=actual,
        reason=reason,
    )


def check_military_service(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    expected = "completed (men only)"
    if candidate.sex != Sex.MALE:
        return outcome(
            criterion,
            passed=True,
            expected=expected,
            actual="does not apply",
            reason="Military service does not apply to women.",
        )
    completed = candidate.military_service_completed
    if completed is None:
        actual, reason = NOT_DECLARED, "Whether military service is completed is not declared."
    elif completed:
        actual, reason = "completed", "Military service is completed."
    else:
        actual, reason = "not completed", "Men must have completed their military service."
    return outcome(
        criterion, passed=completed is True, expected=expected, actual=actual, reason=reason
    )


def check_math_score(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    """The mark for the candidate's job field if the call sets one, else ``pass_mark``."""
    rule = MathScore.model_validate(criterion.parameters)
    field = candidate.job_field
    out_of = f"of {rule.max_score}"
    if field is not None and field in rule.pass_marks_by_job_field:
        mark, for_field = rule.pass_marks_by_job_field[field], f" for {field}"
    elif rule.pass_mark is not None:
        mark, for_field = rule.pass_mark, ""
    else:
        fields = ", ".join(rule.pass_marks_by_job_field)
        if field is None:
            reason = f"No job field is recorded, and the pass mark depends on it ({fields})."
        else:
            reason = f"This call sets no pass mark for the job field '{field}' (only {fields})."
        return outcome(
            criterion,
            passed=False,
            expected=f"the pass mark for the candidate's job field ({fields})",
            actual=f"job field {field or NOT_RECORDED}",
            reason=reason,
        )
    expected = f"at least {mark} {out_of}{for_field}"
    test = candidate.tests.get(TestKind.MATHS)
    score = test.score if test is not None else None
    if score is None:
        return outcome(
            criterion,
            passed=False,
            expected=expected,
            actual=NOT_RECORDED,
            reason="The maths test score is not recorded.",
        )
    passed = score >= mark
    comparison = "meets" if passed else "is below"
    return outcome(
        criterion,
        passed=passed,
        expected=expected,
        actual=f"{number(score)} {out_of}",
        reason=f"Maths score {number(score)} {comparison} the pass mark of {mark}{for_field}.",
    )


def check_japanese(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    """A JLPT level at or above the minimum; without a level, a passed Japanese test."""
    rule = JapaneseRequirement.model_validate(criterion.parameters)
    level = candidate.japanese_level
    held = f"JLPT {level}" if level is not None else "none"
    if not rule.required:
        return outcome(
            criterion,
            passed=True,
            expected="not required; a level counts in the candidate's favour",
            actual=held,
            reason=(
                f"Japanese is not required in this call; {held} counts in the candidate's favour."
                if level is not None
                else "Japanese is not required in this call; a JLPT level would count in the "
                "candidate's favour, and none is recorded."
            ),
        )
    minimum = rule.min_level
    wanted = f"JLPT {minimum} or higher" if minimum is not None else "a JLPT level"
    expected = f"{wanted} (without a JLPT level, a passed Japanese test)"
    if level is not None:
        order = list(JapaneseLevel)
        passed = minimum is None or order.index(level) >= order.index(minimum)
        if minimum is None:
            reason = f"The candidate holds {held}."
        else:
            comparison = "meets" if passed else "is below"
            reason = f"{held} {comparison} the minimum of JLPT {minimum}."
        return outcome(criterion, passed=passed, expected=expected, actual=held, reason=reason)
    test = candidate.tests.get(TestKind.JAPANESE)
    verdict = test.passed if test is not None else None
    if verdict is None:
        actual = "no JLPT level, Japanese test not recorded"
        reason = "Neither a JLPT level nor a Japanese test result is recorded."
    elif verdict:
        actual = "no JLPT level, Japanese test passed"
        reason = "No JLPT level is recorded, but the Japanese test was passed."
    else:
        actual = "no JLPT level, Japanese test not passed"
        reason = (
            f"No JLPT level is recorded and the Japanese test was not passed; {wanted} is needed."
        )
    return outcome(
        criterion, passed=verdict is True, expected=expected, actual=actual, reason=reason
    )


def _test_passed(kind: TestKind) -> Check:
    def check(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
        return check_test_passed(criterion, candidate, kind)

    return check


CHECKS: dict[RuleKind, Check] = {
    RuleKind.AGE_RANGE: check_age_range,
    RuleKind.SEX: check_sex,
    RuleKind.EDUCATION_MIN: check_education,
    RuleKind.HEIGHT_MIN: check_height,
    RuleKind.WEIGHT_MIN: check_weight,
    RuleKind.VISION: check_vision,
    RuleKind.BODY_MARKS: check_body_marks,
    RuleKind.NO_PRIOR_WORK_IN_JAPAN: check_no_prior_work_in_japan,
    RuleKind.NO_CRIMINAL_RECORD: check_no_criminal_record,
    RuleKind.MILITARY_SERVICE_COMPLETED: check_military_service,
    RuleKind.MATH_SCORE_MIN: check_math_score,
    RuleKind.PHYSICAL_FITNESS: check_physical_fitness,
    RuleKind.INTERVIEW: _test_passed(TestKind.INTERVIEW),
    RuleKind.MEDICAL_CHECK: _test_passed(TestKind.MEDICAL_CHECK),
    RuleKind.JAPANESE_LEVEL: check_japanese,
    RuleKind.DOCUMENT_CHECK: _test_passed(TestKind.DOCUMENT_CHECK),
}
"""Every kind but ``custom``, which the country plugins evaluate."""
