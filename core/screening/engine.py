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
from core.i18n import N_, Joined, Message
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
            reason=Message(
                "No country plugin evaluates the rule '{rule}' ({title}) for country {country}.",
                rule=criterion.id,
                title=criterion.title,
                country=candidate.country_code,
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
_AND, _OR = Message(" and "), Message(" or ")


def check_sex(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    rule = SexAllowed.model_validate(criterion.parameters)
    groups = Joined(_AND, [Message(_SEX_WORDS[sex][0]) for sex in rule.allowed])
    passed = candidate.sex in rule.allowed
    return outcome(
        criterion,
        passed=passed,
        expected=" or ".join(_SEX_WORDS[sex][0] for sex in rule.allowed),
        actual=_SEX_WORDS[candidate.sex][1],
        reason=Message(
            N_("This call is open to {groups}.")
            if passed
            else N_("This call is open to {groups} only."),
            groups=groups,
        ),
    )


def check_education(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    rule = EducationMin.model_validate(criterion.parameters)
    order = list(EducationLevel)
    minimum, held = education_label(rule.level), education_label(candidate.education_level)
    qualifications = rule.accepted_qualifications
    expected = f"{minimum} or higher" + (
        f" ({', '.join(qualifications)})" if qualifications else ""
    )
    passed = order.index(candidate.education_level) >= order.index(rule.level)
    return outcome(
        criterion,
        passed=passed,
        expected=expected,
        actual=str(held),
        reason=Message(
            N_("Completed education ({held}) meets the minimum of {minimum}.")
            if passed
            else N_("Completed education ({held}) is below the minimum of {minimum}."),
            held=held,
            minimum=minimum,
        ),
    )


def education_label(level: EducationLevel) -> Message:
    """An education level in words (``upper secondary``), translatable."""
    return Message(readable(level), context="EducationLevel")


def check_no_prior_work_in_japan(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    rule = NoPriorWorkInJapan.model_validate(criterion.parameters)
    internship = (Message("been a technical intern in Japan"), candidate.prior_internship_in_japan)
    work = (Message("worked in Japan"), candidate.prior_work_in_japan)
    if rule.scope == "technical_internship":
        asked, expected = [internship], "never a technical intern in Japan"
    else:
        asked, expected = (
            [internship, work],
            "never worked in Japan, including as a technical intern",
        )
    done: list[str] = [what for what, value in asked if value is True]
    undeclared: list[str] = [what for what, value in asked if value is None]
    if done:
        passed, actual = False, "has " + " and ".join(done)
        reason = Message(
            "Candidates who have {what} cannot apply.",
            what=Joined(_OR, [what for what, _ in asked]),
        )
    elif undeclared:
        passed, actual = False, NOT_DECLARED
        reason = Message(
            "Whether the candidate has {what} is not declared.", what=Joined(_OR, undeclared)
        )
    else:
        passed, actual = True, "has never " + " or ".join(what for what, _ in asked)
        reason = Message(
            "The candidate has never {what}.", what=Joined(_OR, [what for what, _ in asked])
        )
    return outcome(criterion, passed=passed, expected=expected, actual=actual, reason=reason)


def check_no_criminal_record(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    record = candidate.criminal_record
    if record is None:
        actual, reason = (
            NOT_DECLARED,
            Message("Whether the candidate has a criminal record is not declared."),
        )
    elif record:
        actual = "criminal record"
        reason = Message("Candidates with a criminal record cannot apply.")
    else:
        actual, reason = "none", Message("The candidate has declared no criminal record.")
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
            reason=Message("Military service does not apply to women."),
        )
    completed = candidate.military_service_completed
    if completed is None:
        actual = NOT_DECLARED
        reason = Message("Whether military service is completed is not declared.")
    elif completed:
        actual, reason = "completed", Message("Military service is completed.")
    else:
        actual = "not completed"
        reason = Message("Men must have completed their military service.")
    return outcome(
        criterion, passed=completed is True, expected=expected, actual=actual, reason=reason
    )


def check_math_score(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    """The mark for the candidate's job field if the call sets one, else ``pass_mark``."""
    rule = MathScore.model_validate(criterion.parameters)
    field = candidate.job_field
    out_of = f"of {rule.max_score}"
    for_field: str
    if field is not None and field in rule.pass_marks_by_job_field:
        mark, for_field = rule.pass_marks_by_job_field[field], for_job_field(field)
    elif rule.pass_mark is not None:
        mark, for_field = rule.pass_mark, ""
    else:
        fields = ", ".join(rule.pass_marks_by_job_field)
        reason = no_pass_mark(field, fields)
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
            reason=Message("The maths test score is not recorded."),
        )
    passed = score >= mark
    return outcome(
        criterion,
        passed=passed,
        expected=expected,
        actual=f"{number(score)} {out_of}",
        reason=Message(
            N_("Maths score {score} meets the pass mark of {mark}{for_field}.")
            if passed
            else N_("Maths score {score} is below the pass mark of {mark}{for_field}."),
            score=number(score),
            mark=mark,
            for_field=for_field,
        ),
    )


def for_job_field(field: str) -> Message:
    """`` for <field>``, ending a sentence about a pass mark."""
    return Message(" for {field}", field=field)


def no_pass_mark(field: str | None, fields: str) -> Message:
    """Why a pass mark by job field cannot be chosen for the candidate."""
    if field is None:
        return Message(
            "No job field is recorded, and the pass mark depends on it ({fields}).", fields=fields
        )
    return Message(
        "This call sets no pass mark for the job field '{field}' (only {fields}).",
        field=field,
        fields=fields,
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
                Message(
                    "Japanese is not required in this call; {held} counts in the candidate's "
                    "favour.",
                    held=held,
                )
                if level is not None
                else Message(
                    "Japanese is not required in this call; a JLPT level would count in the "
                    "candidate's favour, and none is recorded."
                )
            ),
        )
    minimum = rule.min_level
    wanted = (
        Message("JLPT {minimum} or higher", minimum=minimum.value)
        if minimum is not None
        else Message("a JLPT level")
    )
    expected = f"{wanted} (without a JLPT level, a passed Japanese test)"
    if level is not None:
        order = list(JapaneseLevel)
        passed = minimum is None or order.index(level) >= order.index(minimum)
        if minimum is None:
            reason = Message("The candidate holds {held}.", held=held)
        elif passed:
            reason = Message(
                "{held} meets the minimum of JLPT {minimum}.", held=held, minimum=minimum.value
            )
        else:
            reason = Message(
                "{held} is below the minimum of JLPT {minimum}.", held=held, minimum=minimum.value
            )
        return outcome(criterion, passed=passed, expected=expected, actual=held, reason=reason)
    test = candidate.tests.get(TestKind.JAPANESE)
    verdict = test.passed if test is not None else None
    if verdict is None:
        actual = "no JLPT level, Japanese test not recorded"
        reason = Message("Neither a JLPT level nor a Japanese test result is recorded.")
    elif verdict:
        actual = "no JLPT level, Japanese test passed"
        reason = Message("No JLPT level is recorded, but the Japanese test was passed.")
    else:
        actual = "no JLPT level, Japanese test not passed"
        reason = Message(
            "No JLPT level is recorded and the Japanese test was not passed; {wanted} is needed.",
            wanted=wanted,
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
