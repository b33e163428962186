"""What the screening engine evaluates: criteria, candidate facts, outcomes.

These are plain frozen dataclasses, independent of the database: the
lifecycle services build them from stored rows, and country plugins receive
them in ``screening_evaluate_rule``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

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
