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


def check_height(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    return _minimum_by_sex(criterion, candidate, candidate.height_cm, "Height", "cm")


def check_weight(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    return _minimum_by_sex(criterion, candidate, candidate.weight_kg, "Weight", "kg")


def _minimum_by_sex(
    criterion: Criterion, candidate: CandidateFacts, value: float | None, what: str, unit: str
) -> RuleOutcome:
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
            reason=f"There is no minimum {what.lower()} for {group} in this call.",
        )
    expected = f"at least {number(minimum)} {unit}"
    limit = f"the minimum of {number(minimum)} {unit} for {group}"
    if value is None:
        passed, reason = False, f"{what} is not recorded; {limit} applies."
    elif value < minimum:
        passed, reason = False, f"{what} {actual} is below {limit}."
    else:
        passed, reason = True, f"{what} {actual} meets {limit}."
    return outcome(criterion, passed=passed, expected=expected, actual=actual, reason=reason)


@dataclass(frozen=True)
class _Ban:
    """A body-check detail that must be ``False``."""

    key: str
    label: str


@dataclass(frozen=True)
class _Minimum:
    """A body-check measurement that must reach ``minimum``."""

    key: str
    label: str
    minimum: float


def check_vision(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    rule = Vision.model_validate(criterion.parameters)
    allowed = {
        _Ban("colour_vision_deficiency", "colour-vision deficiency"): (
            rule.colour_vision_deficiency_allowed
        ),
        _Ban("glasses", "glasses"): rule.glasses_allowed,
        _Ban("contact_lenses", "contact lenses"): rule.contact_lenses_allowed,
    }
    bans = [ban for ban, is_allowed in allowed.items() if is_allowed is False]
    minimums = [
        _Minimum(key, label, minimum)
        for minimum, key, label in (
            (rule.min_uncorrected_acuity, "uncorrected_acuity", "uncorrected acuity"),
            (rule.min_corrected_acuity, "corrected_acuity", "corrected acuity"),
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
        bans.append(_Ban("tattoos", "tattoos"))
        if rule.removed_marks_count:
            bans.append(_Ban("removed_tattoos", "removed tattoos"))
    if rule.piercings_allowed is False:
        bans.append(_Ban("piercings", "piercings"))
    return _check_body(criterion, candidate, bans, [])


def _check_body(
    criterion: Criterion,
    candidate: CandidateFacts,
    bans: Sequence[_Ban],
    minimums: Sequence[_Minimum],
    prepare: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
) -> RuleOutcome:
    expected_parts = [f"no {ban.label}" for ban in bans]
    expected_parts += [f"{m.label} at least {number(m.minimum)}" for m in minimums]
    expected = ", ".join(expected_parts) or "no requirement in this call"
    if not expected_parts:
        return outcome(
            criterion,
            passed=True,
            expected=expected,
            actual="not needed",
            reason="This call sets no requirement for this check.",
        )
    body = candidate.tests.get(TestKind.BODY_CHECK)
    if body is None:
        return outcome(
            criterion,
            passed=False,
            expected=expected,
            actual=NOT_RECORDED,
            reason="The body check is not recorded.",
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
                f"{m.label.capitalize()} {number(value)} is below the minimum of "
                f"{number(m.minimum)}."
            )
    sentences = []
    if found:
        sentences.append(f"Not accepted in this call: {', '.join(found)}.")
    sentences += low
    if missing:
        sentences.append(f"The body check does not record: {', '.join(missing)}.")
    passed = not sentences
    reason = " ".join(sentences) if sentences else f"The body check meets the rule: {expected}."
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
            reason="The physical fitness test is not recorded.",
        )
    group = people(candidate.sex)
    actual_parts: list[str] = []
    short: list[str] = []
    missing: list[str] = []
    run = measure(test.details, "run_minutes")
    if standard.run_max_minutes is not None:
        limit = count(standard.run_max_minutes, "minute")
        if run is None:
            missing.append("run time")
        else:
            actual_parts.append(f"run in {count(run, 'minute')}")
            if run > standard.run_max_minutes:
                short.append(f"the run took {count(run, 'minute')}, over {limit}")
    for key, unit, minimum in (
        ("push_ups", "push-up", standard.push_ups),
        ("sit_ups", "sit-up", standard.sit_ups),
    ):
        if minimum is None:
            continue
        done = measure(test.details, key)
        if done is None:
            missing.append(f"{unit}s")
            continue
        actual_parts.append(count(done, unit))
        if done < minimum:
            short.append(f"{count(done, unit)}, fewer than {number(minimum)}")
    sentences = []
    if short:
        sentences.append(f"Below the standard for {group}: {'; '.join(short)}.")
    if missing:
        sentences.append(f"The physical fitness test does not record: {', '.join(missing)}.")
    actual_parts += [f"{label} {NOT_RECORDED}" for label in missing]
    reason = " ".join(sentences) if sentences else f"The results meet the standard for {group}."
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
