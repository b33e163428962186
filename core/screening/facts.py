"""What the screening engine evaluates: criteria, candidate facts, outcomes.

These are frozen records, independent of the database: the services build
the facts from stored rows with :func:`candidate_facts`, and country plugins
receive them in ``screening_evaluate_rule``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from pydantic import ConfigDict, Field

from core.domain.candidate import CandidateProfile, stored_reader
from core.domain.rules import RuleKind


class TestKind(StrEnum):
    """The selection tests a ministry records for a candidate."""

    __test__ = False  # not a pytest test class

    DOCUMENT_CHECK = "document_check"
    MATHS = "maths"
    BODY_CHECK = "body_check"
    PHYSICAL_FITNESS = "physical_fitness"
    INTERVIEW = "interview"
    MEDICAL_CHECK = "medical_check"
    JAPANESE = "japanese"
    EXAM = "exam"


@dataclass(frozen=True)
class TestResultFacts:
    """The latest recorded result of one test.

    ``details`` holds measured values, by test kind:

    - ``physical_fitness``: ``run_minutes`` (float), ``push_ups`` (int), ``sit_ups`` (int)
    - ``body_check``: ``tattoos``, ``removed_tattoos``, ``piercings``, ``glasses``,
      ``contact_lenses``, ``colour_vision_deficiency`` (bools) and
      ``uncorrected_acuity``, ``corrected_acuity`` (floats, e.g. 0.7)
    """

    __test__ = False

    kind: TestKind
    passed: bool | None = None
    score: float | None = None
    details: Mapping[str, Any] = field(default_factory=dict)


class CandidateFacts(CandidateProfile):
    """Everything screening may compare, as of ``screened_on``: the candidate's
    profile (:class:`~core.domain.candidate.CandidateProfile`, so a field
    declared there is a fact with no other change), its country and its tests.

    ``None`` means not recorded; a rule that needs a value that is not recorded
    fails with a reason saying what is missing. ``country_details`` carries
    facts only the country plugin interprets (Vietnam's ``priority_groups``,
    Indonesia's ``lesson_hours``). Who the candidate is (name, applicant
    number) is not a fact: no rule can read it.
    """

    # SQLModel types its config as its own TypedDict, a ConfigDict with more keys.
    model_config = ConfigDict(frozen=True)  # type: ignore[assignment]

    country_code: str
    screened_on: date
    tests: Mapping[TestKind, TestResultFacts] = Field(default_factory=dict)


@dataclass(frozen=True)
class Criterion:
    """One rule of a recruitment call's criteria (a template, possibly adjusted)."""

    id: str
    kind: RuleKind
    title: str
    parameters: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleOutcome:
    """The result of one rule for one candidate.

    ``expected`` and ``actual`` are the values compared, written for people
    ("at least 160 cm", "158 cm"); ``reason`` is a sentence a candidate can read.
    """

    rule_id: str
    kind: RuleKind
    passed: bool
    expected: str
    actual: str
    reason: str


class Columns(Protocol):
    """Stored column values by name, read-only: a ``Mapping[str, Any]``.

    A ``dict`` (a table model's ``model_dump()``) or a Core row's ``_mapping``
    (whose keys may also be columns, which ``Mapping[str, Any]`` would refuse).
    """

    def __getitem__(self, name: str, /) -> Any: ...


_READERS: tuple[tuple[str, Callable[[Any], Any]], ...] = tuple(
    (name, stored_reader(info.annotation))
    for name, info in CandidateFacts.model_fields.items()
    if name not in {"screened_on", "tests"}
)

FACT_COLUMNS: tuple[str, ...] = tuple(name for name, _ in _READERS)
"""The candidate columns screening reads: its country and its profile's fields."""


def candidate_facts(
    columns: Columns, tests: Iterable[Columns], screened_on: date
) -> CandidateFacts:
    """The facts of a candidate from its stored column values, as of ``screened_on``.

    ``columns`` holds the candidate's columns by name (a table model's
    ``model_dump()`` or a Core row's ``_mapping``), each of ``tests`` a test
    result's ``kind``, ``passed``, ``score`` and ``details``; a test kind given
    twice keeps the last. The fields read are those :class:`CandidateFacts`
    declares (:data:`FACT_COLUMNS`), converted by their annotations; stored
    values were validated when written, so they are not validated again.

    Raises:
        KeyError: ``columns`` lacks one of :data:`FACT_COLUMNS`.
        ValueError: a stored enumeration value is not one of its members.
    """
    return CandidateFacts.model_construct(
        screened_on=screened_on,
        tests={
            TestKind(test["kind"]): TestResultFacts(
                kind=TestKind(test["kind"]),
                passed=test["passed"],
                score=test["score"],
                details=dict(test["details"]),
            )
            for test in tests
        },
        **{name: read(columns[name]) for name, read in _READERS},
    )
