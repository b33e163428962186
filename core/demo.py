"""A clearly fake demo data set, so that GraphiQL has something to show.

``imjapan seed-demo`` calls :func:`seed_demo`. Every row is made by the same
service functions the mutations use (``core.lifecycle``, ``core.auth``), so
every validation rule applies and the data is consistent: candidates are
registered to a call, tested, screened against its criteria, trained in a
cohort, dispatched, moved between stages and returned, each step on a date the
services accept.

Names come from Faker (seeded, so a seed gives the same data set on the same
day; dates are counted back from ``today``). Nothing here is a real person,
company, phone number or address, and every record is recognisable as demo:

- recruitment calls and training cohorts: labelled ``DEMO-...``; events titled
  ``DEMO ...``;
- host companies, interview companies, founded businesses, event
  participants and interview cities: suffixed ``(demo)``;
- candidates: applicant number ``DEMO-<country>-<n>``, ``countryDetails.demo``
  true, and their history's actor and reasons say "demo";
- accounts: ``demo-...@example.invalid``.

Those markers are also how :func:`census` tells demo rows from real ones and
how :func:`remove_demo_data` finds the rows it may delete.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Any

from dateutil.relativedelta import relativedelta
from faker import Faker
from sqlalchemy import Select, func, or_, update
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.accounts import CreateAccountInput, create_account
from core.auth.roles import COUNTRY_ROLES, Role
from core.auth.scope import EVERYTHING
from core.db.models import (
    Account,
    AssociationMembership,
    AuditEntry,
    AuthSession,
    Candidate,
    CohortPhase,
    CriteriaVersion,
    Event,
    EventRegistration,
    EventType,
    FoundedBusiness,
    HostCompany,
    InterviewCompany,
    InterviewOutcome,
    InterviewRegistration,
    InterviewSession,
    RecruitmentCall,
    ScreeningDecision,
    ScreeningOutcome,
    StageRecord,
    StatusChange,
    TestResult,
    TrainingCohort,
    TrainingResult,
)
from core.domain.programme import MINIMUM_TRAINING_MONTHS
from core.domain.rules import EducationLevel, JapaneseLevel, RuleKind, Sex
from core.domain.titp import ReturnOutcome, SkillsTest
from core.errors import DomainValidationError, ErrorCode
from core.lifecycle import (
    associations,
    calls,
    candidates,
    dispatch,
    events,
    interviews,
    screening,
    training,
)
from core.lifecycle.inputs import validate
from core.lifecycle.screening import CustomEvaluator
from core.lifecycle.states import Status
from core.plugins.registry import CountryEntry, CountryRegistry
from core.screening.facts import TestKind

DEMO_PREFIX = "DEMO"
"""Start of every demo call label, cohort name, event title and applicant number."""
DEMO_SUFFIX = "(demo)"
"""End of every demo company, business, participant name and interview city."""
DEMO_EMAIL_DOMAIN = "example.invalid"
DEMO_EMAIL_PREFIX = "demo-"
ACTOR = "demo data (imjapan seed-demo)"
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


class DemoRefused(Exception):
    """The database is not one to put demo data into (a one-line reason)."""


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


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    scope: str


@dataclass
class DemoReport:
    """What :func:`seed_demo` made (and removed first, with ``reset``)."""

    created: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    accounts: list[DemoAccount] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Census:
    """Rows of the main tables, demo and not (accounts and event types excluded)."""

    demo: dict[str, int]
    other: dict[str, int]

    @property
    def has_demo(self) -> bool:
        return any(self.demo.values())

    @property
    def has_other(self) -> bool:
        return any(self.other.values())


def _demo_calls() -> Select[tuple[int | None]]:
    return select(col(RecruitmentCall.id)).where(col(RecruitmentCall.label).startswith(DEMO_PREFIX))


def _demo_candidates() -> Select[tuple[int | None]]:
    return select(col(Candidate.id)).where(col(Candidate.call_id).in_(_demo_calls()))


def _demo_companies() -> Select[tuple[int | None]]:
    return select(col(HostCompany.id)).where(col(HostCompany.name).endswith(DEMO_SUFFIX))


def _demo_cohorts() -> Select[tuple[int | None]]:
    return select(col(TrainingCohort.id)).where(col(TrainingCohort.name).startswith(DEMO_PREFIX))


def _demo_sessions() -> Select[tuple[int | None]]:
    return select(col(InterviewSession.id)).where(col(InterviewSession.city).endswith(DEMO_SUFFIX))


def _demo_events() -> Select[tuple[int | None]]:
    return select(col(Event.id)).where(col(Event.title).startswith(DEMO_PREFIX))


def _demo_accounts() -> Select[tuple[int | None]]:
    return select(col(Account.id)).where(
        col(Account.email).startswith(DEMO_EMAIL_PREFIX),
        col(Account.email).endswith(f"@{DEMO_EMAIL_DOMAIN}"),
    )


async def census(*, session: AsyncSession) -> Census:
    """Count demo and other rows of the tables a demo data set writes to."""
    tables: dict[str, tuple[Any, Any]] = {
        "recruitment calls": (RecruitmentCall.id, col(RecruitmentCall.id).in_(_demo_calls())),
        "candidates": (Candidate.id, col(Candidate.id).in_(_demo_candidates())),
        "training cohorts": (TrainingCohort.id, col(TrainingCohort.id).in_(_demo_cohorts())),
        "host companies": (HostCompany.id, col(HostCompany.id).in_(_demo_companies())),
        "interview sessions": (
            InterviewSession.id,
            col(InterviewSession.id).in_(_demo_sessions()),
        ),
        "events": (Event.id, col(Event.id).in_(_demo_events())),
    }
    demo: dict[str, int] = {}
    other: dict[str, int] = {}
    for name, (key, is_demo) in tables.items():
        rows = await session.exec(
            select(is_demo, func.count(key)).select_from(key.class_).group_by(is_demo)
        )
        counts = {bool(flag): int(count) for flag, count in rows.all()}
        demo[name] = counts.get(True, 0)
        other[name] = counts.get(False, 0)
    return Census(demo=demo, other=other)


async def remove_demo_data(*, session: AsyncSession) -> dict[str, int]:
    """Delete every demo row (and only those), children first; the counts per table.

    A real row that points at a demo row (an account of a demo host company,
    say) makes the delete fail, and the caller's transaction with it.
    """
    candidates_ = _demo_candidates()
    memberships = select(col(AssociationMembership.id)).where(
        col(AssociationMembership.candidate_id).in_(candidates_)
    )
    registrations = select(col(InterviewRegistration.id)).where(
        or_(
            col(InterviewRegistration.session_id).in_(_demo_sessions()),
            col(InterviewRegistration.candidate_id).in_(candidates_),
        )
    )
    decisions = select(col(ScreeningDecision.id)).where(
        col(ScreeningDecision.candidate_id).in_(candidates_)
    )
    steps: list[tuple[str, Any, Any]] = [
        (
            "founded businesses",
            FoundedBusiness,
            col(FoundedBusiness.membership_id).in_(memberships),
        ),
        (
            "association memberships",
            AssociationMembership,
            col(AssociationMembership.id).in_(memberships),
        ),
        (
            "interview outcomes",
            InterviewOutcome,
            col(InterviewOutcome.registration_id).in_(registrations),
        ),
        (
            "interview registrations",
            InterviewRegistration,
            col(InterviewRegistration.id).in_(registrations),
        ),
        (
            "interview companies",
            InterviewCompany,
            col(InterviewCompany.session_id).in_(_demo_sessions()),
        ),
        ("interview sessions", InterviewSession, col(InterviewSession.id).in_(_demo_sessions())),
        (
            "event registrations",
            EventRegistration,
            or_(
                col(EventRegistration.event_id).in_(_demo_events()),
                col(EventRegistration.candidate_id).in_(candidates_),
                col(EventRegistration.host_company_id).in_(_demo_companies()),
            ),
        ),
        ("events", Event, col(Event.id).in_(_demo_events())),
        ("sign-in sessions", AuthSession, col(AuthSession.account_id).in_(_demo_accounts())),
        ("accounts", Account, col(Account.id).in_(_demo_accounts())),
        ("training results", TrainingResult, col(TrainingResult.candidate_id).in_(candidates_)),
        ("stage records", StageRecord, col(StageRecord.candidate_id).in_(candidates_)),
        ("screening outcomes", ScreeningOutcome, col(ScreeningOutcome.decision_id).in_(decisions)),
        ("screening decisions", ScreeningDecision, col(ScreeningDecision.id).in_(decisions)),
        ("test results", TestResult, col(TestResult.candidate_id).in_(candidates_)),
        ("status changes", StatusChange, col(StatusChange.candidate_id).in_(candidates_)),
        ("candidates", Candidate, col(Candidate.id).in_(candidates_)),
        ("cohort phases", CohortPhase, col(CohortPhase.cohort_id).in_(_demo_cohorts())),
        ("training cohorts", TrainingCohort, col(TrainingCohort.id).in_(_demo_cohorts())),
        ("criteria versions", CriteriaVersion, col(CriteriaVersion.call_id).in_(_demo_calls())),
        ("recruitment calls", RecruitmentCall, col(RecruitmentCall.id).in_(_demo_calls())),
        ("host companies", HostCompany, col(HostCompany.id).in_(_demo_companies())),
    ]
    # The audit log outlives the demo accounts: its entries keep the email.
    await session.exec(
        update(AuditEntry)
        .where(col(AuditEntry.account_id).in_(_demo_accounts()))
        .values(account_id=None)
    )
    removed: dict[str, int] = {}
    for name, model, condition in steps:
        result = await session.exec(delete(model).where(condition))
        removed[name] = int(result.rowcount or 0)
    return removed


async def seed_demo(
    *,
    session: AsyncSession,
    registry: CountryRegistry,
    custom: CustomEvaluator,
    candidates: int,
    seed: int,
    today: date,
    password: str,
    reset: bool = False,
    force: bool = False,
) -> DemoReport:
    """Write a demo data set within the caller's transaction and say what it made.

    ``candidates`` are spread over the registry's countries and, in each, over
    every stop of the pipeline (see ``WEIGHTS``). The demo accounts (one per
    role and scope) all get ``password``.

    Raises:
        DemoRefused: the database holds rows that are not demo (unless
            ``force``), or demo rows already (unless ``reset``, which deletes
            them first).
        DomainValidationError: a service refused a step (``password`` too short).
    """
    validate(CreateAccountInput, _account_values("admin", Role.ADMIN, password))
    found = await census(session=session)
    if found.has_other and not force:
        raise DemoRefused(
            f"the database holds data that is not demo data ({_describe(found.other)}); "
            "demo data goes into a database of its own (add --force to add it anyway)"
        )
    existing_accounts = (
        await session.exec(
            select(func.count()).select_from(Account).where(col(Account.id).in_(_demo_accounts()))
        )
    ).one()
    report = DemoReport()
    if found.has_demo or existing_accounts:
        if not reset:
            demo = {**found.demo, "demo accounts": existing_accounts}
            raise DemoRefused(
                f"the database already holds demo data ({_describe(demo)}); "
                "add --reset to replace it"
            )
        report.removed = await remove_demo_data(session=session)
    builder = _Builder(
        session=session, registry=registry, custom=custom, seed=seed, today=today, report=report
    )
    await builder.build(candidates=candidates, password=password)
    return report


def _describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items() if count) or "nothing"


def _account_values(
    name: str, role: Role, password: str, *, country: str | None = None, company: int | None = None
) -> dict[str, Any]:
    return {
        "email": f"{DEMO_EMAIL_PREFIX}{name}@{DEMO_EMAIL_DOMAIN}",
        "password": password,
        "role": role,
        "country_code": country,
        "host_company_id": company,
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
class _Wave:
    """The dates of one wave of recruitment in one country."""

    opens_on: date
    closes_on: date
    screened_on: date
    cohort_starts_on: date
    cohort_ends_on: date


def _wave(entry: CountryEntry, wave: str, today: date) -> _Wave:
    opens = today - relativedelta(months=WAVE_MONTHS_AGO[wave])
    closes = opens + relativedelta(months=1) - timedelta(days=1)
    start = closes + relativedelta(months=1)
    return _Wave(
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


class _Builder:
    """Makes the demo rows, step by step through the services."""

    def __init__(
        self,
        *,
        session: AsyncSession,
        registry: CountryRegistry,
        custom: CustomEvaluator,
        seed: int,
        today: date,
        report: DemoReport,
    ) -> None:
        self.session = session
        self.registry = registry
        self.custom = custom
        self.seed = seed
        self.today = today
        self.report = report
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

    async def build(self, *, candidates: int, password: str) -> None:
        companies = await self.host_companies(count=max(3, min(20, candidates // 15)))
        countries = self.registry.countries
        returned: dict[str, list[Candidate]] = {}
        for index, entry in enumerate(countries):
            share = candidates // len(countries) + (index < candidates % len(countries))
            returned[entry.code] = await self.country(entry, count=share, companies=companies)
        for entry in countries:
            await self.interviews(entry, returned[entry.code])
            await self.associations(entry, returned[entry.code])
        await self.events(companies)
        await self.accounts(password=password, company=companies[0])

    async def host_companies(self, *, count: int) -> list[HostCompany]:
        japanese = self.faker("JP")
        made: list[HostCompany] = []
        names: set[str] = set()
        while len(made) < count:
            name = f"{japanese.company()} {DEMO_SUFFIX}"
            if name in names:
                continue
            names.add(name)
            data = validate(
                dispatch.CreateHostCompanyInput,
                {
                    "name": name,
                    "prefecture": f"JP-{self.rng.randint(1, 47):02d}",
                    "job_category": self.rng.choice(JOB_CATEGORIES),
                },
            )
            made.append(await dispatch.create_host_company(session=self.session, data=data))
        self.report.created["host companies"] += len(made)
        return made

    async def country(
        self, entry: CountryEntry, *, count: int, companies: Sequence[HostCompany]
    ) -> list[Candidate]:
        """Recruit ``count`` candidates of one country in waves; the ones who returned."""
        waves: dict[str, list[Stop]] = {}
        for stop in allocate(count=count):
            waves.setdefault(WAVE_OF[stop], []).append(stop)
        returned: list[Candidate] = []
        number = 0
        for wave_name in sorted(waves):
            stops = waves[wave_name]
            wave = _wave(entry, wave_name, self.today)
            call = await self.call(entry, wave, places=max(10, 2 * len(stops)))
            cohort: tuple[TrainingCohort, list[CohortPhase]] | None = None
            if any(stop in TRAINED for stop in stops):
                cohort = await self.cohort(entry, wave)
            for stop in stops:
                number += 1
                candidate = await self.candidate(
                    entry, call, wave, stop, number=number, cohort=cohort, companies=companies
                )
                self.report.statuses[candidate.status] += 1
                if candidate.status == Status.RETURNED:
                    returned.append(candidate)
        self.report.created["candidates"] += number
        return returned

    async def call(self, entry: CountryEntry, wave: _Wave, *, places: int) -> RecruitmentCall:
        data = validate(
            calls.CreateCallInput,
            {
                "country_code": entry.code,
                "label": f"{DEMO_PREFIX}-{wave.opens_on:%Y-%m}",
                "job_fields": list(JOB_FIELDS),
                "places": places,
                "opens_on": wave.opens_on,
                "closes_on": wave.closes_on,
            },
        )
        call = await calls.create_call(
            session=self.session, registry=self.registry, scope=EVERYTHING, data=data
        )
        self.report.created["recruitment calls"] += 1
        return call

    async def cohort(
        self, entry: CountryEntry, wave: _Wave
    ) -> tuple[TrainingCohort, list[CohortPhase]]:
        data = validate(
            training.CreateCohortInput,
            {
                "country_code": entry.code,
                "name": f"{DEMO_PREFIX} {entry.code} cohort {wave.cohort_starts_on:%Y-%m}",
                "starts_on": wave.cohort_starts_on,
                "ends_on": wave.cohort_ends_on,
            },
        )
        made = await training.create_cohort(
            session=self.session, registry=self.registry, scope=EVERYTHING, data=data
        )
        self.report.created["training cohorts"] += 1
        return made

    async def candidate(
        self,
        entry: CountryEntry,
        call: RecruitmentCall,
        wave: _Wave,
        stop: Stop,
        *,
        number: int,
        cohort: tuple[TrainingCohort, list[CohortPhase]] | None,
        companies: Sequence[HostCompany],
    ) -> Candidate:
        """Register one candidate and take them as far as ``stop`` (or as far as the
        services and today's date allow)."""
        candidate = await candidates.register_candidate(
            session=self.session,
            scope=EVERYTHING,
            data=validate(
                candidates.RegisterCandidateInput, self.personal_data(entry, call, wave, number)
            ),
            actor=ACTOR,
        )
        assert candidate.id is not None
        if stop is Stop.REGISTERED:
            return candidate
        if stop is Stop.WITHDRAWN and self.rng.random() < 0.5:
            return await self.withdraw(candidate)
        for test in self.tests(entry.code, wave, failing=stop is Stop.SCREENING_FAILED):
            await screening.record_test_result(
                session=self.session,
                scope=EVERYTHING,
                data=validate(
                    screening.RecordTestResultInput, {"candidate_id": candidate.id, **test}
                ),
            )
        if stop is Stop.TESTED:
            return candidate
        candidate, _decision, _outcomes = await screening.screen_candidate(
            session=self.session,
            scope=EVERYTHING,
            data=validate(
                screening.ScreenCandidateInput,
                {"candidate_id": candidate.id, "screened_on": wave.screened_on},
            ),
            custom=self.custom,
            actor=ACTOR,
        )
        if candidate.status != Status.SCREENING_PASSED or stop is Stop.SCREENING_PASSED:
            return candidate
        if stop is Stop.WITHDRAWN:
            return await self.withdraw(candidate)
        assert cohort is not None
        return await self.train_and_dispatch(candidate, stop, cohort, companies)

    def personal_data(
        self, entry: CountryEntry, call: RecruitmentCall, wave: _Wave, number: int
    ) -> dict[str, Any]:
        fake, rng = self.faker(entry.code), self.rng
        women_allowed = not any(rule.kind is RuleKind.SEX for rule in entry.screening_rules)
        sex = Sex.FEMALE if women_allowed and rng.random() < 0.2 else Sex.MALE
        first = fake.first_name_female() if sex is Sex.FEMALE else fake.first_name_male()
        last = fake.last_name()
        details: dict[str, Any] = {"demo": True}
        if entry.code == "ID":
            details["lesson_hours"] = rng.randint(160, 320)
        if entry.code == "VN":
            details["illegal_stay_abroad"] = False
            details["priority_groups"] = rng.choice([[], [], ["poor_district"]])
        return {
            "call_id": call.id,
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

    def tests(self, country: str, wave: _Wave, *, failing: bool) -> list[dict[str, Any]]:
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
            {"kind": TestKind.BODY_CHECK, "passed": True, "details": body, "taken_on": taken()},
            {
                "kind": TestKind.PHYSICAL_FITNESS,
                "passed": True,
                "details": fitness,
                "taken_on": taken(),
            },
            {"kind": TestKind.INTERVIEW, "passed": not failing, "taken_on": taken()},
            {"kind": TestKind.MEDICAL_CHECK, "passed": True, "taken_on": taken()},
            {"kind": TestKind.JAPANESE, "passed": True, "taken_on": taken()},
            {"kind": TestKind.EXAM, "passed": True, "taken_on": taken()},
        ]

    async def withdraw(self, candidate: Candidate) -> Candidate:
        return await dispatch.withdraw(
            session=self.session,
            scope=EVERYTHING,
            data=validate(
                dispatch.WithdrawInput,
                {"candidate_id": candidate.id, "reason": "DEMO: withdrew (demo data)"},
            ),
            actor=ACTOR,
        )

    async def train_and_dispatch(
        self,
        candidate: Candidate,
        stop: Stop,
        cohort: tuple[TrainingCohort, list[CohortPhase]],
        companies: Sequence[HostCompany],
    ) -> Candidate:
        """Enrol, train, dispatch, advance and return, each on a date in the past."""
        session, rng = self.session, self.rng
        row, phases = cohort
        candidate_id = candidate.id
        candidate = await training.enrol(
            session=session,
            scope=EVERYTHING,
            data=validate(training.EnrolInput, {"candidate_id": candidate_id, "cohort_id": row.id}),
            actor=ACTOR,
        )
        for phase in phases:
            if phase.ends_on > self.today:
                break
            await training.record_training_result(
                session=session,
                scope=EVERYTHING,
                data=validate(
                    training.RecordTrainingResultInput,
                    {
                        "candidate_id": candidate_id,
                        "phase_id": phase.id,
                        "attendance_percent": rng.randint(85, 100),
                        "assessment_score": rng.randint(60, 98),
                        "passed": True,
                    },
                ),
            )
        if stop is Stop.IN_TRAINING or row.ends_on > self.today:
            return candidate
        candidate = await training.complete_training(
            session=session,
            scope=EVERYTHING,
            data=validate(
                training.CompleteTrainingInput,
                {"candidate_id": candidate_id, "completed_on": row.ends_on},
            ),
            actor=ACTOR,
        )
        entry_date = row.ends_on + self.days(20, 60)
        if stop is Stop.TRAINING_COMPLETED or entry_date > self.today:
            return candidate
        candidate = await dispatch.dispatch(
            session=session,
            scope=EVERYTHING,
            data=validate(
                dispatch.DispatchInput,
                {
                    "candidate_id": candidate_id,
                    "host_company_id": rng.choice(companies).id,
                    "entry_date": entry_date,
                },
            ),
            actor=ACTOR,
        )
        if stop is Stop.IN_JAPAN_I:
            return candidate
        if stop is Stop.RETURNED and rng.random() < 0.25:
            return await self.record_return(
                candidate,
                min(entry_date + self.days(90, 300), self.today),
                ReturnOutcome.EARLY_RETURN,
            )
        second = entry_date + relativedelta(years=1)
        if second > self.today:
            return candidate
        candidate = await self.advance(candidate, second, rng.choice(list(SkillsTest)[:2]))
        third = second + relativedelta(years=2)
        if stop is Stop.RETURNED:
            back = third - timedelta(days=1)
            if back > self.today:
                return candidate
            return await self.record_return(candidate, back, ReturnOutcome.COMPLETED)
        if stop is Stop.IN_JAPAN_II or third > self.today:
            return candidate
        return await self.advance(candidate, third, rng.choice(list(SkillsTest)[2:]))

    async def advance(self, candidate: Candidate, starts_on: date, test: SkillsTest) -> Candidate:
        return await dispatch.advance_stage(
            session=self.session,
            scope=EVERYTHING,
            data=validate(
                dispatch.AdvanceStageInput,
                {
                    "candidate_id": candidate.id,
                    "skills_test": test,
                    "passed_on": starts_on - self.days(20, 60),
                    "starts_on": starts_on,
                },
            ),
            actor=ACTOR,
        )

    async def record_return(
        self, candidate: Candidate, returned_on: date, outcome: ReturnOutcome
    ) -> Candidate:
        reason = (
            "DEMO: returned early for family reasons (demo data)"
            if outcome is ReturnOutcome.EARLY_RETURN
            else None
        )
        return await dispatch.record_return(
            session=self.session,
            scope=EVERYTHING,
            data=validate(
                dispatch.RecordReturnInput,
                {
                    "candidate_id": candidate.id,
                    "returned_on": returned_on,
                    "outcome": outcome,
                    "reason": reason,
                },
            ),
            actor=ACTOR,
        )

    async def interviews(self, entry: CountryEntry, returned: Sequence[Candidate]) -> None:
        """A group job interview a month ago for the country's returnees."""
        if not returned or not interviews.interview_programmes(entry):
            return
        session, rng = self.session, self.rng
        fake = self.faker(entry.code)
        office = entry.profile.representative_office
        held_on = self.today - timedelta(days=30)
        interview = await interviews.create_session(
            session=session,
            registry=self.registry,
            scope=EVERYTHING,
            data=validate(
                interviews.CreateSessionInput,
                {
                    "country_code": entry.code,
                    "held_on": held_on,
                    "city": f"{office.city if office else fake.city()} {DEMO_SUFFIX}",
                },
            ),
        )
        japanese = Faker("ja_JP")
        japanese.seed_instance(self.seed + len(entry.code) + ord(entry.code[0]))
        names = [japanese.company(), japanese.company(), fake.company()]
        origins = [interviews.CompanyOrigin.JAPANESE] * 2 + [interviews.CompanyOrigin.LOCAL]
        companies: list[InterviewCompany] = []
        for index, (name, origin) in enumerate(zip(names, origins, strict=True)):
            companies.append(
                await interviews.add_company(
                    session=session,
                    scope=EVERYTHING,
                    data=validate(
                        interviews.AddCompanyInput,
                        {
                            "session_id": interview.id,
                            "name": f"{name} {index + 1} {DEMO_SUFFIX}",
                            "origin": origin,
                            "open_positions": rng.randint(2, 10),
                        },
                    ),
                )
            )
        results = list(interviews.InterviewResult)
        for candidate in returned[:12]:
            registration = await interviews.register(
                session=session,
                scope=EVERYTHING,
                data=validate(
                    interviews.RegisterInput,
                    {"session_id": interview.id, "candidate_id": candidate.id},
                ),
            )
            await interviews.record_outcome(
                session=session,
                scope=EVERYTHING,
                data=validate(
                    interviews.RecordOutcomeInput,
                    {
                        "registration_id": registration.id,
                        "company_id": rng.choice(companies).id,
                        "result": rng.choices(results, weights=[3, 4, 3])[0],
                        "decided_on": held_on + self.days(3, 20),
                        "follow_up": "DEMO: follow-up call with the returnee (demo data)",
                    },
                ),
            )
            self.report.created["interview outcomes"] += 1
        self.report.created["interview sessions"] += 1
        self.report.created["interview companies"] += len(companies)

    async def associations(self, entry: CountryEntry, returned: Sequence[Candidate]) -> None:
        """Some returnees join the country's association on a catalogued board and
        found businesses."""
        fake, rng = self.faker(entry.code), self.rng
        for association in entry.returnee_associations:
            if not association.boards:
                continue  # a region would have to be made up
            for index, candidate in enumerate(returned):
                # The first returnee always joins and founds a business, so that
                # the association queries have something to show.
                if (index and rng.random() >= 0.6) or candidate.returned_on is None:
                    continue
                joined = min(candidate.returned_on + self.days(30, 365), self.today)
                membership, _ = await associations.join_association(
                    session=self.session,
                    registry=self.registry,
                    scope=EVERYTHING,
                    data=validate(
                        associations.JoinAssociationInput,
                        {
                            "candidate_id": candidate.id,
                            "association_id": association.id,
                            "board_id": rng.choice(association.boards).id,
                            "joined_on": joined,
                        },
                    ),
                )
                self.report.created["association memberships"] += 1
                if index and rng.random() < 0.4:
                    continue
                await associations.record_founded_business(
                    session=self.session,
                    scope=EVERYTHING,
                    data=validate(
                        associations.RecordFoundedBusinessInput,
                        {
                            "membership_id": membership.id,
                            "name": f"{fake.company()} {DEMO_SUFFIX}",
                            "sector": rng.choice(BUSINESS_SECTORS),
                            "region": fake.city(),
                            "founded_year": rng.randint(
                                candidate.returned_on.year, self.today.year
                            ),
                            "employees": rng.randint(1, 30),
                        },
                    ),
                )
                self.report.created["founded businesses"] += 1

    async def events(self, companies: Sequence[HostCompany]) -> None:
        """An upcoming event with a waiting list (and one cancellation) and a past one."""
        kinds = (await self.session.exec(select(EventType).order_by(col(EventType.code)))).all()
        if not kinds:
            return
        plans = [
            (kinds[0], self.today + timedelta(days=45), 4, 7),
            (kinds[1 % len(kinds)], self.today - timedelta(days=60), 40, 10),
        ]
        for kind, held_on, capacity, participants in plans:
            event = await events.create_event(
                session=self.session,
                data=validate(
                    events.CreateEventInput,
                    {
                        "type_code": kind.code,
                        "title": f"{DEMO_PREFIX} {kind.name} {held_on.year}",
                        "held_on": held_on,
                        "venue": f"Demo venue {DEMO_SUFFIX}",
                        "capacity": capacity,
                    },
                ),
            )
            registrations = []
            for index in range(participants):
                data = validate(events.RegisterInput, self.participant(event.id, index, companies))
                try:
                    registration = await events.register(
                        session=self.session, registry=self.registry, data=data
                    )
                except DomainValidationError as refused:
                    # A participant drawn twice (the same host company) is registered once.
                    if refused.errors[0].code is not ErrorCode.DUPLICATE:
                        raise
                    continue
                registrations.append(registration)
            if len(registrations) > capacity:
                await events.cancel(
                    session=self.session,
                    data=validate(events.CancelInput, {"registration_id": registrations[0].id}),
                )
            self.report.created["events"] += 1
            self.report.created["event registrations"] += len(registrations)

    def participant(
        self, event_id: int | None, index: int, companies: Sequence[HostCompany]
    ) -> dict[str, Any]:
        roles = list(events.ParticipantRole)
        role = roles[index % len(roles)]
        codes = [entry.code for entry in self.registry.countries]
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

    async def accounts(self, *, password: str, company: HostCompany) -> None:
        """One account per role: IM Japan, each country's ministry and embassy, a company."""
        plans: list[tuple[str, Role, str | None, int | None, str]] = [
            ("admin", Role.ADMIN, None, None, "everything"),
            ("staff", Role.STAFF, None, None, "every country"),
        ]
        for entry in self.registry.countries:
            code = entry.code
            for role in sorted(COUNTRY_ROLES):
                kind = role.value.removesuffix("_officer")
                plans.append((f"{kind}-{code.lower()}", role, code, None, code))
        plans.append(("host-company", Role.HOST_COMPANY, None, company.id, company.name))
        for name, role, country, company_id, scope in plans:
            data = validate(
                CreateAccountInput,
                _account_values(name, role, password, country=country, company=company_id),
            )
            await create_account(session=self.session, registry=self.registry, data=data)
            self.report.accounts.append(DemoAccount(email=data.email, role=role, scope=scope))
        self.report.created["accounts"] += len(plans)
