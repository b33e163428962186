"""What a demo data set holds: how many candidates stop where, on which dates,
and the names and values Faker and the seeded random generator choose.

Nothing here touches the database. A :class:`Plan` is seeded, so a seed gives
the same choices; the dates count back from ``today``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta
from faker import Faker

from core.auth.roles import COUNTRY_ROLES, Role
from core.db.models import EventType, HostCompany
from core.demo.markers import DEMO_PREFIX, DEMO_SUFFIX, demo_email
from core.domain.programme import MINIMUM_TRAINING_MONTHS
from core.domain.rules import EducationLevel, JapaneseLevel, RuleKind, Sex
from core.plugins.registry import CountryEntry
from core.screening.facts import TestKind
from core.services import events

JOB_FIELDS = ("manufacturing", "construction")
JOB_CATEGORIES = (
    "Machining",
    "Metal press work",
    "Welding",
    "Food manufacturing",
    "Plastic moulding",
    "Construction carpentry",
    "Agriculture",
    "Textile products",
)
BUSINESS_SECTORS = ("Food processing", "Retail", "Workshop", "Agriculture", "Tourism", "Education")
FAKER_LOCALES = {
    "JP": "ja_JP",
    "ID": "id_ID",
    "TH": "th_TH",
    "VN": "vi_VN",
    "BD": "bn_BD",
    "LK": "si_LK",
}
"""Faker locale of the demo names of Japan and each bundled country; others get en_US."""


class Stop(Enum):
    """Where a demo candidate's path through the pipeline ends."""

    REGISTERED = "registered"
    TESTED = "tested"
    SCREENING_FAILED = "screening failed"
    SCREENING_PASSED = "screening passed"
    WITHDRAWN = "withdrawn"
    IN_TRAINING = "in training"
    TRAINING_COMPLETED = "training completed"
    IN_JAPAN_I = "in Japan (i)"
    IN_JAPAN_II = "in Japan (ii)"
    IN_JAPAN_III = "in Japan (iii)"
    RETURNED = "returned"


# Share of each country's candidates ending at each stop (percent).
WEIGHTS = {
    Stop.REGISTERED: 8,
    Stop.TESTED: 8,
    Stop.SCREENING_FAILED: 10,
    Stop.SCREENING_PASSED: 6,
    Stop.WITHDRAWN: 4,
    Stop.IN_TRAINING: 12,
    Stop.TRAINING_COMPLETED: 6,
    Stop.IN_JAPAN_I: 14,
    Stop.IN_JAPAN_II: 10,
    Stop.IN_JAPAN_III: 6,
    Stop.RETURNED: 16,
}

# Candidates are recruited in waves, one call per country each; a wave opened
# this many months ago leaves time for its stops' steps to lie in the past.
WAVE_MONTHS_AGO = {"A": 70, "B": 42, "C": 26, "D": 5}
WAVE_OF = {
    Stop.REGISTERED: "D",
    Stop.TESTED: "D",
    Stop.SCREENING_FAILED: "D",
    Stop.SCREENING_PASSED: "D",
    Stop.WITHDRAWN: "D",
    Stop.IN_TRAINING: "D",
    Stop.TRAINING_COMPLETED: "C",
    Stop.IN_JAPAN_I: "C",
    Stop.IN_JAPAN_II: "B",
    Stop.IN_JAPAN_III: "A",
    Stop.RETURNED: "A",
}
TRAINED = frozenset(WEIGHTS) - {
    Stop.REGISTERED,
    Stop.TESTED,
    Stop.SCREENING_FAILED,
    Stop.SCREENING_PASSED,
    Stop.WITHDRAWN,
}


def allocate(*, count: int) -> list[Stop]:
    """``count`` stops in the proportions of ``WEIGHTS``, each at least once when
    ``count`` allows (largest remainders, so the result is exact and stable)."""
    stops = list(WEIGHTS)
    counts = dict.fromkeys(stops, 1 if count >= len(stops) else 0)
    rest = count - sum(counts.values())
    total = sum(WEIGHTS.values())
    shares = {stop: rest * WEIGHTS[stop] / total for stop in stops}
    for stop in stops:
        counts[stop] += int(shares[stop])
    left = count - sum(counts.values())
    by_remainder = sorted(stops, key=lambda stop: shares[stop] - int(shares[stop]), reverse=True)
    for stop in by_remainder[:left]:
        counts[stop] += 1
    return [stop for stop in stops for _ in range(counts[stop])]


@dataclass(frozen=True)
class Wave:
    """The dates of one wave of recruitment in one country."""

    opens_on: date
    closes_on: date
    screened_on: date
    cohort_starts_on: date
    cohort_ends_on: date


def wave(entry: CountryEntry, name: str, today: date) -> Wave:
    opens = today - relativedelta(months=WAVE_MONTHS_AGO[name])
    closes = opens + relativedelta(months=1) - timedelta(days=1)
    start = closes + relativedelta(months=1)
    return Wave(
        opens_on=opens,
        closes_on=closes,
        screened_on=closes + timedelta(days=10),
        cohort_starts_on=start,
        cohort_ends_on=_training_end(entry, start),
    )


def _training_end(entry: CountryEntry, start: date) -> date:
    """The cohort lasts the country's minimum, or its phases laid end to end if longer."""
    training = entry.pre_entry_training
    months = training.minimum_months if training else MINIMUM_TRAINING_MONTHS
    end = start + relativedelta(months=months)
    if training and training.phases and all(phase.duration for phase in training.phases):
        phases_end = start
        for phase in training.phases:
            assert phase.duration is not None
            phases_end += relativedelta(months=phase.duration.months, days=phase.duration.days)
        end = max(end, phases_end)
    return end


class AccountPlan(NamedTuple):
    """One demo account: its name in the address, role, scope and the scope in words."""

    name: str
    role: Role
    country: str | None
    company_id: int | None
    scope: str


def account_plans(countries: Sequence[CountryEntry], company: HostCompany) -> list[AccountPlan]:
    """One account per role: IM Japan, each country's ministry and embassy, a company."""
    plans = [
        AccountPlan("admin", Role.ADMIN, None, None, "everything"),
        AccountPlan("staff", Role.STAFF, None, None, "every country"),
    ]
    for entry in countries:
        code = entry.code
        for role in sorted(COUNTRY_ROLES):
            kind = role.value.removesuffix("_officer")
            plans.append(AccountPlan(f"{kind}-{code.lower()}", role, code, None, code))
    plans.append(AccountPlan("host-company", Role.HOST_COMPANY, None, company.id, company.name))
    return plans


def account_values(
    name: str, role: Role, password: str, *, country: str | None = None, company: int | None = None
) -> dict[str, Any]:
    """The input of ``create_account`` for the demo account ``name``."""
    return {
        "email": demo_email(name),
        "password": password,
        "role": role,
        "country_code": country,
        "host_company_id": company,
    }


def event_plans(kinds: Sequence[EventType], today: date) -> list[tuple[EventType, date, int, int]]:
    """(type, date, capacity, participants): an upcoming event with a waiting
    list and a past one."""
    return [
        (kinds[0], today + timedelta(days=45), 4, 7),
        (kinds[1 % len(kinds)], today - timedelta(days=60), 40, 10),
    ]


class Plan:
    """The seeded choices of one demo data set: Faker per locale and one random generator."""

    def __init__(self, *, seed: int, today: date) -> None:
        self.seed = seed
        self.today = today
        self.rng = random.Random(seed)
        self._fakers: dict[str, Faker] = {}

    def faker(self, country: str) -> Faker:
        locale = FAKER_LOCALES.get(country, "en_US")
        if locale not in self._fakers:
            fake = Faker(locale)
            fake.seed_instance(self.seed)
            self._fakers[locale] = fake
        return self._fakers[locale]

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))

    def host_companies(self, count: int) -> list[dict[str, Any]]:
        """The inputs of ``count`` host companies with Japanese names, no two alike."""
        japanese = self.faker("JP")
        made: list[dict[str, Any]] = []
        names: set[str] = set()
        while len(made) < count:
            name = f"{japanese.company()} {DEMO_SUFFIX}"
            if name in names:
                continue
            names.add(name)
            made.append(
                {
                    "name": name,
                    "prefecture": f"JP-{self.rng.randint(1, 47):02d}",
                    "job_category": self.rng.choice(JOB_CATEGORIES),
                }
            )
        return made

    def personal_data(
        self, entry: CountryEntry, call_id: int | None, wave: Wave, number: int
    ) -> dict[str, Any]:
        """The registration input of the ``number``-th candidate of a country."""
        fake, rng = self.faker(entry.code), self.rng
        women_allowed = not any(rule.kind is RuleKind.SEX for rule in entry.screening_rules)
        sex = Sex.FEMALE if women_allowed and rng.random() < 0.2 else Sex.MALE
        first = fake.first_name_female() if sex is Sex.FEMALE else fake.first_name_male()
        last = fake.last_name()
        details: dict[str, Any] = {}
        if entry.code == "ID":
            details["lesson_hours"] = rng.randint(160, 320)
        if entry.code == "VN":
            details["illegal_stay_abroad"] = False
            details["priority_groups"] = rng.choice([[], [], ["poor_district"]])
        return {
            "call_id": call_id,
            "applicant_number": f"{DEMO_PREFIX}-{entry.code}-{number:04d}",
            "full_name": f"{last} {first}" if entry.code == "VN" else f"{first} {last}",
            "date_of_birth": wave.screened_on
            - relativedelta(years=rng.randint(20, 25), days=rng.randint(0, 330)),
            "sex": sex,
            "education_level": rng.choice(
                [EducationLevel.UPPER_SECONDARY] * 4 + [EducationLevel.POST_SECONDARY]
            ),
            "education_track": rng.choice(["smk_teknik", "sma"]) if entry.code == "ID" else None,
            "job_field": rng.choice(JOB_FIELDS),
            "height_cm": rng.randint(152, 168) if sex is Sex.FEMALE else rng.randint(162, 183),
            "weight_kg": rng.randint(48, 65) if sex is Sex.FEMALE else rng.randint(55, 82),
            "japanese_level": rng.choice(
                [JapaneseLevel.N5, JapaneseLevel.N4, JapaneseLevel.N4, JapaneseLevel.N3]
            ),
            "prior_internship_in_japan": False,
            "prior_work_in_japan": False,
            "military_service_completed": True if sex is Sex.MALE else None,
            "criminal_record": False,
            "country_details": details,
        }

    def tests(self, country: str, wave: Wave, *, failing: bool) -> list[dict[str, Any]]:
        """Selection test results that pass the bundled countries' criteria; a
        failing candidate fails the interview."""
        rng = self.rng
        maths = rng.randint(62, 95) if country == "VN" else rng.randint(15, 20)

        def taken() -> date:
            return wave.screened_on - self.days(2, 25)

        body = {
            "tattoos": False,
            "removed_tattoos": False,
            "piercings": False,
            "glasses": False,
            "contact_lenses": False,
            "colour_vision_deficiency": False,
            "uncorrected_acuity": rng.choice([0.8, 1.0, 1.2, 1.5]),
            "corrected_acuity": 1.0,
        }
        fitness = {
            "run_minutes": rng.choice([10, 10.5, 11, 11.5, 12]),
            "push_ups": rng.randint(40, 55),
            "sit_ups": rng.randint(30, 45),
        }
        return [
            {"kind": TestKind.DOCUMENT_CHECK, "passed": True, "taken_on": taken()},
            {"kind": TestKind.MATHS, "score": maths, "taken_on": taken()},
            {
                "kind": TestKind.BODY_CHECK,
                "passed": True,
                "details": {"body_check": body},
                "taken_on": taken(),
            },
            {
                "kind": TestKind.PHYSICAL_FITNESS,
                "passed": True,
                "details": {"physical_fitness": fitness},
                "taken_on": taken(),
            },
            {"kind": TestKind.INTERVIEW, "passed": not failing, "taken_on": taken()},
            {"kind": TestKind.MEDICAL_CHECK, "passed": True, "taken_on": taken()},
            {"kind": TestKind.JAPANESE, "passed": True, "taken_on": taken()},
            {"kind": TestKind.EXAM, "passed": True, "taken_on": taken()},
        ]

    def interview_company_names(self, country: str) -> list[str]:
        """Two Japanese companies and a local one at a country's group job interview."""
        japanese = Faker("ja_JP")
        japanese.seed_instance(self.seed + len(country) + ord(country[0]))
        return [japanese.company(), japanese.company(), self.faker(country).company()]

    def participant(
        self,
        event_id: int | None,
        index: int,
        companies: Sequence[HostCompany],
        codes: Sequence[str],
    ) -> dict[str, Any]:
        """The registration input of an event's ``index``-th participant."""
        roles = list(events.ParticipantRole)
        role = roles[index % len(roles)]
        if role is events.ParticipantRole.HOST_COMPANY or not codes:
            company = self.rng.choice(companies)
            return {
                "event_id": event_id,
                "participant_role": events.ParticipantRole.HOST_COMPANY,
                "name": company.name,
                "host_company_id": company.id,
            }
        code = self.rng.choice(codes)
        fake = self.faker(code)
        return {
            "event_id": event_id,
            "participant_role": role,
            "name": f"{fake.first_name()} {fake.last_name()} {DEMO_SUFFIX}",
            "country_code": code,
        }
