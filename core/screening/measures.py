"""Checks of the body: height, weight, eyesight, body marks, physical fitness.

Eyesight and body marks read the body check's ``details`` (keys listed on
:class:`~core.screening.facts.TestResultFacts`). A call only needs the details
its parameters ask about: a rule that allows glasses does not need to know
whether the candidate wears them. A needed detail that is not recorded fails
the rule, naming the detail, rather than being guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.domain.rules import BodyMarks, BySex, FitnessStandard, PhysicalFitness, Sex, Vision
from core.i18n import Joined, Message
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome, TestKind
from core.screening.outcomes import (
    NOT_RECORDED,
    check_test_passed,
    count,
    flag,
    measure,
    number,
    outcome,
    people,
)

_COMMA = Message(", ")
"""Between the items of a list in a sentence (``、`` in Japanese)."""


def check_height(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    what = (Message("Height"), Message("height"))
    return _minimum_by_sex(criterion, candidate, candidate.height_cm, what, "cm")


def check_weight(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    what = (Message("Weight"), Message("weight"))
    return _minimum_by_sex(criterion, candidate, candidate.weight_kg, what, "kg")


def _minimum_by_sex(
    criterion: Criterion,
    candidate: CandidateFacts,
    value: float | None,
    what: tuple[Message, Message],
    unit: str,
) -> RuleOutcome:
    """``what`` is the measurement's name at the start of a sentence and within one."""
    rule = BySex.model_validate(criterion.parameters)
    minimum = rule.male if candidate.sex == Sex.MALE else rule.female
    group = people(candidate.sex)
    actual = NOT_RECORDED if value is None else f"{number(value)} {unit}"
    if minimum is None:
        return outcome(
            criterion,
            passed=True,
            expected=f"no minimum for {group}",
            actual=actual,
            reason=Message(
                "There is no minimum {what} for {group} in this call.", what=what[1], group=group
            ),
        )
    expected = f"at least {number(minimum)} {unit}"
    limit = Message(
        "the minimum of {minimum} {unit} for {group}",
        minimum=number(minimum),
        unit=unit,
        group=group,
    )
    if value is None:
        passed = False
        reason = Message("{what} is not recorded; {limit} applies.", what=what[0], limit=limit)
    elif value < minimum:
        passed = False
        reason = Message(
            "{what} {actual} is below {limit}.", what=what[0], actual=actual, limit=limit
        )
    else:
        passed = True
        reason = Message("{what} {actual} meets {limit}.", what=what[0], actual=actual, limit=limit)
    return outcome(criterion, passed=passed, expected=expected, actual=actual, reason=reason)


@dataclass(frozen=True)
class _Ban:
    """A body-check detail that must be ``False``."""

    key: str
    label: Message


@dataclass(frozen=True)
class _Minimum:
    """A body-check measurement that must reach ``minimum``; ``title`` starts a sentence."""

    key: str
    label: Message
    title: Message
    minimum: float


def check_vision(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    rule = Vision.model_validate(criterion.parameters)
    allowed = {
        _Ban("colour_vision_deficiency", Message("colour-vision deficiency")): (
            rule.colour_vision_deficiency_allowed
        ),
        _Ban("glasses", Message("glasses")): rule.glasses_allowed,
        _Ban("contact_lenses", Message("contact lenses")): rule.contact_lenses_allowed,
    }
    bans = [ban for ban, is_allowed in allowed.items() if is_allowed is False]
    minimums = [
        _Minimum(key, label, title, minimum)
        for minimum, key, label, title in (
            (
                rule.min_uncorrected_acuity,
                "uncorrected_acuity",
                Message("uncorrected acuity"),
                Message("Uncorrected acuity"),
            ),
            (
                rule.min_corrected_acuity,
                "corrected_acuity",
                Message("corrected acuity"),
                Message("Corrected acuity"),
            ),
        )
        if minimum is not None
    ]
    return _check_body(criterion, candidate, bans, minimums, _with_corrected_acuity)


def _with_corrected_acuity(details: Mapping[str, Any]) -> Mapping[str, Any]:
    """Without glasses or contact lenses, corrected acuity is the uncorrected one.

    Examiners often record only the uncorrected acuity of a candidate who needs
    no correction; both flags must be recorded as ``False`` for this to apply.
    """
    uncorrected = measure(details, "uncorrected_acuity")
    if (
        measure(details, "corrected_acuity") is None
        and uncorrected is not None
        and flag(details, "glasses") is False
        and flag(details, "contact_lenses") is False
    ):
        return {**details, "corrected_acuity": uncorrected}
    return details


def check_body_marks(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    rule = BodyMarks.model_validate(criterion.parameters)
    bans: list[_Ban] = []
    if not rule.tattoos_allowed:
        bans.append(_Ban("tattoos", Message("tattoos")))
        if rule.removed_marks_count:
            bans.append(_Ban("removed_tattoos", Message("removed tattoos")))
    if rule.piercings_allowed is False:
        bans.append(_Ban("piercings", Message("piercings")))
    return _check_body(criterion, candidate, bans, [])


def _check_body(
    criterion: Criterion,
    candidate: CandidateFacts,
    bans: Sequence[_Ban],
    minimums: Sequence[_Minimum],
    prepare: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
) -> RuleOutcome:
    expected_parts: list[str] = [Message("no {label}", label=ban.label) for ban in bans]
    expected_parts += [
        Message("{label} at least {minimum}", label=m.label, minimum=number(m.minimum))
        for m in minimums
    ]
    expected = Joined(_COMMA, expected_parts) or "no requirement in this call"
    if not expected_parts:
        return outcome(
            criterion,
            passed=True,
            expected=expected,
            actual="not needed",
            reason=Message("This call sets no requirement for this check."),
        )
    body = candidate.tests.get(TestKind.BODY_CHECK)
    if body is None:
        return outcome(
            criterion,
            passed=False,
            expected=expected,
            actual=NOT_RECORDED,
            reason=Message("The body check is not recorded."),
        )
    details = prepare(body.details) if prepare is not None else body.details
    actual_parts: list[str] = []
    found: list[str] = []
    low: list[str] = []
    missing: list[str] = []
    for ban in bans:
        present = flag(details, ban.key)
        if present is None:
            missing.append(ban.label)
            actual_parts.append(f"{ban.label} {NOT_RECORDED}")
        elif present:
            found.append(ban.label)
            actual_parts.append(ban.label)
        else:
            actual_parts.append(f"no {ban.label}")
    for m in minimums:
        value = measure(details, m.key)
        if value is None:
            missing.append(m.label)
            actual_parts.append(f"{m.label} {NOT_RECORDED}")
            continue
        actual_parts.append(f"{m.label} {number(value)}")
        if value < m.minimum:
            low.append(
                Message(
                    "{label} {value} is below the minimum of {minimum}.",
                    label=m.title,
                    value=number(value),
                    minimum=number(m.minimum),
                )
            )
    sentences: list[str] = []
    if found:
        sentences.append(
            Message("Not accepted in this call: {found}.", found=Joined(_COMMA, found))
        )
    sentences += low
    if missing:
        sentences.append(
            Message("The body check does not record: {missing}.", missing=Joined(_COMMA, missing))
        )
    passed = not sentences
    reason = (
        Joined(" ", sentences)
        if sentences
        else Message("The body check meets the rule: {expected}.", expected=expected)
    )
    return outcome(
        criterion, passed=passed, expected=expected, actual=", ".join(actual_parts), reason=reason
    )


def check_physical_fitness(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    """Compare the measured results with the standard for the candidate's sex.

    Without a standard for that sex (Thailand and Sri Lanka set theirs per
    call), the examiner's verdict on the test decides.
    """
    rule = PhysicalFitness.model_validate(criterion.parameters)
    standard = rule.male if candidate.sex == Sex.MALE else rule.female
    if standard is None or not _has_values(standard):
        return check_test_passed(
            criterion,
            candidate,
            TestKind.PHYSICAL_FITNESS,
            expected=f"passed (examiner's verdict; no standard for {people(candidate.sex)})",
        )
    expected = _describe_standard(standard)
    test = candidate.tests.get(TestKind.PHYSICAL_FITNESS)
    if test is None:
        return outcome(
            criterion,
            passed=False,
            expected=expected,
            actual=NOT_RECORDED,
            reason=Message("The physical fitness test is not recorded."),
        )
    group = people(candidate.sex)
    actual_parts: list[str] = []
    short: list[str] = []
    missing: list[str] = []
    run = measure(test.details, "run_minutes")
    if standard.run_max_minutes is not None:
        limit = count(standard.run_max_minutes, "minute")
        if run is None:
            missing.append(Message("run time"))
        else:
            actual_parts.append(f"run in {count(run, 'minute')}")
            if run > standard.run_max_minutes:
                short.append(
                    Message(
                        "the run took {took}, over {limit}", took=count(run, "minute"), limit=limit
                    )
                )
    for key, unit, units, minimum in (
        ("push_ups", "push-up", Message("push-ups"), standard.push_ups),
        ("sit_ups", "sit-up", Message("sit-ups"), standard.sit_ups),
    ):
        if minimum is None:
            continue
        done = measure(test.details, key)
        if done is None:
            missing.append(units)
            continue
        actual_parts.append(count(done, unit))
        if done < minimum:
            short.append(
                Message(
                    "{done}, fewer than {minimum}", done=count(done, unit), minimum=number(minimum)
                )
            )
    sentences: list[str] = []
    if short:
        sentences.append(
            Message(
                "Below the standard for {group}: {short}.",
                group=group,
                short=Joined(Message("; "), short),
            )
        )
    if missing:
        sentences.append(
            Message(
                "The physical fitness test does not record: {missing}.",
                missing=Joined(_COMMA, missing),
            )
        )
    actual_parts += [f"{label} {NOT_RECORDED}" for label in missing]
    reason = (
        Joined(" ", sentences)
        if sentences
        else Message("The results meet the standard for {group}.", group=group)
    )
    return outcome(
        criterion,
        passed=not sentences,
        expected=expected,
        actual=", ".join(actual_parts),
        reason=reason,
    )


def _has_values(standard: FitnessStandard) -> bool:
    return any(
        value is not None
        for value in (standard.run_max_minutes, standard.push_ups, standard.sit_ups)
    )


def _describe_standard(standard: FitnessStandard) -> str:
    parts = []
    if standard.run_max_minutes is not None:
        distance = f"{number(standard.run_distance_m)} m " if standard.run_distance_m else ""
        parts.append(f"run {distance}in at most {count(standard.run_max_minutes, 'minute')}")
    if standard.push_ups is not None:
        parts.append(f"at least {count(standard.push_ups, 'push-up')}")
    if standard.sit_ups is not None:
        parts.append(f"at least {count(standard.sit_ups, 'sit-up')}")
    return ", ".join(parts)
