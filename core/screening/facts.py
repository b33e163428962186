"""What the screening engine evaluates: criteria, candidate facts, outcomes.

These are plain frozen dataclasses, independent of the database: the
lifecycle services build them from stored rows with :func:`candidate_facts`,
and country plugins receive them in ``screening_evaluate_rule``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from enum import Enum, StrEnum
from types import NoneType, UnionType
from typing import Any, Protocol, Union, get_args, get_origin, get_type_hints

from core.domain.rules import EducationLevel, JapaneseLevel, RuleKind, Sex


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


@dataclass(frozen=True)
class CandidateFacts:
    """Everything screening may compare, as of ``screened_on``.

    ``None`` means not recorded; a rule that needs a value that is not recorded
    fails with a reason saying what is missing. ``country_details`` carries
    facts only the country plugin interprets (Vietnam's ``priority_groups``,
    Indonesia's ``lesson_hours``).
    """

    country_code: str
    date_of_birth: date
    sex: Sex
    education_level: EducationLevel
    screened_on: date
    education_track: str | None = None
    height_cm: float | None = None
    weight_kg: float | None = None
    japanese_level: JapaneseLevel | None = None
    prior_internship_in_japan: bool | None = None
    prior_work_in_japan: bool | None = None
    military_service_completed: bool | None = None
    criminal_record: bool | None = None
    job_field: str | None = None
    country_details: Mapping[str, Any] = field(default_factory=dict)
    tests: Mapping[TestKind, TestResultFacts] = field(default_factory=dict)


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


_NOT_COLUMNS = frozenset({"screened_on", "tests"})
"""The fields of :class:`CandidateFacts` that are not columns of the candidate."""


def _column_reader(hint: Any) -> Callable[[Any], Any]:
    """How a stored column value becomes the value of a field annotated ``hint``.

    Enumerations are stored as their values (an optional one stored empty is
    not recorded); a mapping is copied, so the facts never share the row's JSON.
    """
    optional = get_origin(hint) in (Union, UnionType) and NoneType in get_args(hint)
    if optional:
        (hint,) = (arg for arg in get_args(hint) if arg is not NoneType)
    if isinstance(hint, type) and issubclass(hint, Enum):
        enum: type[Enum] = hint
        return (lambda value: enum(value) if value else None) if optional else enum
    if get_origin(hint) is Mapping:
        return dict
    return _as_stored


def _as_stored(value: Any) -> Any:
    return value


_HINTS = get_type_hints(CandidateFacts)
_READERS: tuple[tuple[str, Callable[[Any], Any]], ...] = tuple(
    (item.name, _column_reader(_HINTS[item.name]))
    for item in fields(CandidateFacts)
    if item.name not in _NOT_COLUMNS
)

FACT_COLUMNS: tuple[str, ...] = tuple(name for name, _ in _READERS)
"""The candidate columns screening reads: the fields of :class:`CandidateFacts`.

A fact added to :class:`CandidateFacts` under the name of its candidate column
is read by :func:`candidate_facts` with no other change.
"""


def candidate_facts(
    columns: Columns, tests: Iterable[Columns], screened_on: date
) -> CandidateFacts:
    """The facts of a candidate from its stored column values, as of ``screened_on``.

    ``columns`` holds the candidate's columns by name (a table model's
    ``model_dump()`` or a Core row's ``_mapping``), each of ``tests`` a test
    result's ``kind``, ``passed``, ``score`` and ``details``; a test kind given
    twice keeps the last. The fields read are those :class:`CandidateFacts`
    declares (:data:`FACT_COLUMNS`), converted by their annotations.

    Raises:
        KeyError: ``columns`` lacks one of :data:`FACT_COLUMNS`.
        ValueError: a stored enumeration value is not one of its members.
    """
    return CandidateFacts(
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
