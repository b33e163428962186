"""Applicant profiles for the benchmark data: what a candidate declares and scores.

A seeded candidate takes one profile and one birth date; their screening
decision is what the real rule engine (with the country plugins' own rules)
decides for that profile, evaluated once per country, profile, birth date and
screening day and then reused, so a million decisions cost a few thousand
evaluations. Names and numbers are synthetic ("Bench Candidate 000123").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.plugins.registry import CountryRegistry
from core.screening.engine import CustomEvaluator
from core.screening.facts import Criterion
from core.services.screening_decision import Verdict, decide

BASE: dict[str, Any] = {
    "sex": "male",
    "education_level": "upper_secondary",
    "education_track": "smk_teknik",
    "job_field": "manufacturing",
    "height_cm": 170.0,
    "weight_kg": 65.0,
    "japanese_level": "N4",
    "prior_internship_in_japan": False,
    "prior_work_in_japan": False,
    "military_service_completed": True,
    "criminal_record": False,
    "country_details": {"lesson_hours": 200, "illegal_stay_abroad": False},
}

Test = tuple[str, bool | None, float | None, dict[str, Any]]
"""kind, passed, score, details."""

BODY = {
    "tattoos": False,
    "removed_tattoos": False,
    "piercings": False,
    "glasses": False,
    "contact_lenses": False,
    "colour_vision_deficiency": False,
    "uncorrected_acuity": 1.0,
    "corrected_acuity": 1.0,
}
FITNESS = {"run_minutes": 12, "push_ups": 40, "sit_ups": 30}


def passing_tests(country: str, *, maths: float | None = None) -> tuple[Test, ...]:
    score = maths if maths is not None else {"VN": 75.0}.get(country, 18.0)
    return (
        ("document_check", True, None, {}),
        ("maths", None, score, {}),
        ("body_check", True, None, dict(BODY)),
        ("physical_fitness", True, None, dict(FITNESS)),
        ("interview", True, None, {}),
        ("medical_check", True, None, {}),
        ("japanese", True, None, {}),
        ("exam", True, None, {}),
    )


@dataclass(frozen=True)
class Profile:
    name: str
    values: Mapping[str, Any] = field(default_factory=dict)
    """Overrides of :data:`BASE`."""
    tests: str = "all"
    """``all`` passing, ``none``, ``no-japanese``, ``weak-maths``, ``failed-interview``."""
    _made: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def candidate_values(self) -> Mapping[str, Any]:
        """The candidate's columns: one shared, read-only mapping per profile."""
        if "values" not in self._made:
            values = {**BASE, **self.values}
            values["country_details"] = dict(values["country_details"])
            self._made["values"] = values
        return self._made["values"]  # type: ignore[no-any-return]

    def test_rows(self, country: str) -> tuple[Test, ...]:
        """The profile's tests in ``country``: the same objects on every call."""
        if country not in self._made:
            self._made[country] = self._tests(country)
        return self._made[country]  # type: ignore[no-any-return]

    def _tests(self, country: str) -> tuple[Test, ...]:
        tests = passing_tests(country, maths=2.0 if self.tests == "weak-maths" else None)
        if self.tests == "none":
            return ()
        if self.tests == "no-japanese":
            return tuple(t for t in tests if t[0] != "japanese")
        if self.tests == "failed-interview":
            return tuple((k, False if k == "interview" else p, s, d) for k, p, s, d in tests)
        return tests


PROFILES = (
    Profile("passing"),
    Profile("passing-taller", {"height_cm": 176.0, "weight_kg": 70.0, "japanese_level": "N3"}),
    Profile("passing-construction", {"job_field": "construction", "height_cm": 168.0}),
    Profile("short", {"height_cm": 148.0, "weight_kg": 44.0}),
    Profile("no-japanese", {"japanese_level": None}, tests="no-japanese"),
    Profile("weak-maths", tests="weak-maths"),
    Profile("failed-interview", tests="failed-interview"),
    Profile("female", {"sex": "female", "height_cm": 158.0, "weight_kg": 50.0}),
    Profile("worked-in-japan", {"prior_work_in_japan": True, "prior_internship_in_japan": True}),
    Profile("lower-secondary", {"education_level": "lower_secondary"}),
    Profile("untested", tests="none"),
)
BIRTH_MONTHS = (3, 9)
AGES = (21, 25, 29, 33)


class Screener:
    """The real engine's decisions, remembered per (country, profile, birth date, day)."""

    def __init__(self, registry: CountryRegistry, custom: CustomEvaluator) -> None:
        self.custom = custom
        self.criteria = {
            entry.code: [
                Criterion(id=r.id, kind=r.kind, title=r.title, parameters=dict(r.parameters))
                for r in entry.screening_rules
            ]
            for entry in registry.countries
        }
        self._decisions: dict[tuple[str, str, date, date], Verdict] = {}
        self._choices: dict[tuple[str, date, bool], list[tuple[Profile, date]]] = {}

    def decide(self, country: str, profile: Profile, born: date, day: date) -> Verdict:
        key = (country, profile.name, born, day)
        found = self._decisions.get(key)
        if found is None:
            # Plain column mappings: the decision reads columns by name, and
            # building table models costs more than the evaluation itself.
            row = {"country_code": country, "date_of_birth": born, **profile.candidate_values()}
            tests = [
                {"kind": kind, "passed": passed, "score": score, "details": details}
                for kind, passed, score, details in profile.test_rows(country)
            ]
            found = decide(row, tests, self.criteria[country], screened_on=day, custom=self.custom)
            self._decisions[key] = found
        return found

    def choices(self, country: str, day: date, *, passing: bool) -> list[tuple[Profile, date]]:
        """The (profile, birth date) pairs that pass, or fail, on ``day``."""
        key = (country, day, passing)
        if key not in self._choices:
            for wanted in (True, False):
                self._choices[(country, day, wanted)] = []
            for profile in PROFILES:
                for age in AGES:
                    for month in BIRTH_MONTHS:
                        born = date(day.year - age, month, 1 + month)
                        passed = self.decide(country, profile, born, day).passed
                        self._choices[(country, day, passed)].append((profile, born))
            if not self._choices[(country, day, True)]:
                raise RuntimeError(f"no benchmark profile passes {country}'s rules on {day}")
        return self._choices[key]
