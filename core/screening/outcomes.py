"""Helpers for writing rule checks, in core and in country plugins.

Outcomes are read by ministry officers and by candidates, so values are
written for people: numbers without a trailing ``.0``, units spelled out,
``not recorded`` rather than ``None``.

Recorded values arrive in untyped mappings (``TestResultFacts.details``,
``CandidateFacts.country_details``); :func:`flag` and :func:`measure` read
them and treat a value of the wrong type as not recorded, so a check never
compares ``"yes"`` with ``True``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.domain.rules import Sex
from core.i18n import N_, Message
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome, TestKind

NOT_RECORDED = "not recorded"
"""An outcome's ``actual`` when the value the rule needs is not recorded."""

NOT_DECLARED = "not declared"
"""An outcome's ``actual`` when the candidate has not declared the fact."""

TEST_NAMES: dict[TestKind, str] = {
    TestKind.DOCUMENT_CHECK: Message("document check"),
    TestKind.MATHS: Message("maths test"),
    TestKind.BODY_CHECK: Message("body check"),
    TestKind.PHYSICAL_FITNESS: Message("physical fitness test"),
    TestKind.INTERVIEW: Message("interview"),
    TestKind.MEDICAL_CHECK: Message("medical check"),
    TestKind.JAPANESE: Message("Japanese test"),
    TestKind.EXAM: Message("exam"),
}
"""How outcome reasons name each test kind (messages, translated with the reason)."""


def outcome(
    criterion: Criterion, *, passed: bool, expected: str, actual: str, reason: str
) -> RuleOutcome:
    """The outcome of ``criterion``, carrying its id and kind.

    ``reason`` is read by candidates in their language: make it a
    :class:`~core.i18n.Message` (``Message("The {label} was passed.", label=...)``)
    whose template the catalogues translate; plain text is shown as it is.
    """
    return RuleOutcome(
        rule_id=criterion.id,
        kind=criterion.kind,
        passed=passed,
        expected=expected,
        actual=actual,
        reason=reason,
    )


def number(value: float) -> str:
    """``160.0`` as ``160``, ``0.7`` as ``0.7``."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:g}"


def count(value: float, unit: str, plural: str | None = None) -> str:
    """``1 month``, ``3 months``, ``17.5 minutes``.

    The units of :data:`UNITS` are translated messages; another unit is English text.
    """
    one, many = UNITS.get(unit, (None, None))
    if one is not None and many is not None and plural is None:
        return Message(one if value == 1 else many, n=number(value))
    word = unit if value == 1 else (plural or f"{unit}s")
    return f"{number(value)} {word}"


UNITS: dict[str, tuple[str, str]] = {
    "year": (N_("{n} year"), N_("{n} years")),
    "month": (N_("{n} month"), N_("{n} months")),
    "minute": (N_("{n} minute"), N_("{n} minutes")),
    "push-up": (N_("{n} push-up"), N_("{n} push-ups")),
    "sit-up": (N_("{n} sit-up"), N_("{n} sit-ups")),
    "lesson hour": (N_("{n} lesson hour"), N_("{n} lesson hours")),
}
"""The units :func:`count` words in every language: the templates of one and of many."""


def people(sex: Sex) -> str:
    """``men`` or ``women``, as a call addresses them."""
    return Message("men") if sex == Sex.MALE else Message("women")


def readable(key: str) -> str:
    """An identifier as words: ``upper_secondary`` as ``upper secondary``."""
    return key.replace("_", " ")


def flag(values: Mapping[str, Any], key: str) -> bool | None:
    """A recorded yes/no value; ``None`` when absent or not a bool."""
    value = values.get(key)
    return value if isinstance(value, bool) else None


def measure(values: Mapping[str, Any], key: str) -> float | None:
    """A recorded number; ``None`` when absent or not a number."""
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def verdict(passed: bool | None) -> str:
    """A recorded pass as ``passed``, ``not passed`` or ``not recorded``."""
    if passed is None:
        return NOT_RECORDED
    return "passed" if passed else "not passed"


def check_test_passed(
    criterion: Criterion,
    candidate: CandidateFacts,
    kind: TestKind,
    *,
    name: str | None = None,
    expected: str = "passed",
) -> RuleOutcome:
    """Pass when the latest ``kind`` test is recorded as passed.

    ``name`` is how the reason calls the test (``TEST_NAMES`` by default); a
    :class:`~core.i18n.Message`, so that it is translated with the reason.
    """
    label = name or TEST_NAMES[kind]
    test = candidate.tests.get(kind)
    passed = test.passed if test is not None else None
    if passed is None:
        reason = Message("The {label} result is not recorded.", label=label)
    elif passed:
        reason = Message("The {label} was passed.", label=label)
    else:
        reason = Message("The {label} was not passed.", label=label)
    return outcome(
        criterion,
        passed=passed is True,
        expected=expected,
        actual=verdict(passed),
        reason=reason,
    )
