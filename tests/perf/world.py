"""A database with more than a page of everything the heavy queries read.

One candidate goes through every step by the real mutations (so its history,
tests, decision, training results and stages are what the service writes);
the bulk is inserted through SQLModel in a few statements. Lists that take no
page size get their rows split between two filters, one matching 10 rows and
one 100, so each query can be asked for both sizes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import (
    AssociationMembership,
    AuditEntry,
    Candidate,
    CohortPhase,
    CriteriaVersion,
    Difficulty,
    EntryRecord,
    Event,
    EventRegistration,
    FeePayment,
    FoundedBusiness,
    HomeStay,
    HostCompany,
    HostCompanyExcellence,
    InterviewCompany,
    InterviewOutcome,
    InterviewRegistration,
    InterviewSession,
    LectureAttendance,
    LectureCourse,
    LectureEnrolment,
    Occupation,
    RecruitmentCall,
    ScreeningDecision,
    ScreeningOutcome,
    SkillsTestSitting,
    StageRecord,
    StatusChange,
    TestResult,
    TrainingCohort,
    TrainingPlan,
    TrainingResult,
)
from core.settings import Settings
from tests.sql import database

SMALL, LARGE = 10, 100
SMALL_COUNTRY, LARGE_COUNTRY = "TH", "BD"
"""Calls, cohorts and interview sessions: 10 rows in one country, 100 in the other."""
PAGE_COUNTRY = "ID"
PAGE_CANDIDATES = 120
"""Candidates of the paginated list, each with every relation the page can select."""
EVENTS_START = date(2040, 1, 1)
EVENTS = 110
"""Events on consecutive days from EVENTS_START; ``fromDate`` picks the last 10 or 100."""
AUDIT_ENTRIES = 110
LECTURE_COURSES = 110
"""Lecture courses on consecutive days, each with one page candidate enrolled."""
ASSOCIATION = "ikapeksi"

ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class Sizes:
    """Filter values under which a list has 10 and 100 rows."""

    country: dict[int, str]
    company_name: dict[int, str]
    events_from: dict[int, str]


SIZES = Sizes(
    country={SMALL: SMALL_COUNTRY, LARGE: LARGE_COUNTRY},
    company_name={SMALL: "Small", LARGE: "Large"},
    events_from={
        SMALL: (EVENTS_START + timedelta(days=EVENTS - SMALL)).isoformat(),
        LARGE: (EVENTS_START + timedelta(days=EVENTS - LARGE)).isoformat(),
    },
)


def seed(settings: Settings) -> int:
    """Insert the bulk rows; returns the id of a bulk candidate (short history)."""
    return asyncio.run(_with_db(settings, _seed))


def add_members(settings: Settings, count: int) -> None:
    """Make ``count`` more page candidates members of the association, with a business each."""

    async def run(session: AsyncSession) -> None:
        taken = select(AssociationMembership.candidate_id)
        candidates = (
            await session.exec(
                select(Candidate.id)
                .where(Candidate.country_code == PAGE_COUNTRY, col(Candidate.id).not_in(taken))
                .order_by(col(Candidate.id))
                .limit(count)
            )
        ).all()
        assert len(candidates) == count
        members = [
            AssociationMembership(
                candidate_id=candidate_id or 0,
                country_code=PAGE_COUNTRY,
                association_id=ASSOCIATION,
                board_id="dpp" if i % 2 else None,
                region=None if i % 2 else f"Region {i}",
                joined_on=date(2025, 1, 1),
            )
            for i, candidate_id in enumerate(candidates)
        ]
        session.add_all(members)
        await session.flush()
        session.add_all(
            FoundedBusiness(
                membership_id=member.id or 0,
                name=f"Business {member.id}",
                sector="Training",
                region="Region",
                founded_year=2025,
                employees=3,
            )
            for member in members
        )

    asyncio.run(_with_db(settings, run))


async def _with_db(
    settings: Settings, work: Callable[[AsyncSession], Awaitable[ResultT]]
) -> ResultT:
    db = database(settings)
    try:
        async with db.transaction() as session:
            return await work(session)
    finally:
        await db.dispose()


async def _seed(session: AsyncSession) -> int:
    criteria = (
        await session.exec(select(CriteriaVersion).order_by(col(CriteriaVersion.id)))
    ).first()
    rules = criteria.criteria if criteria else []
    calls = await _calls(session, rules)
    cohorts, phases = await _cohorts(session)
    companies = [
        HostCompany(name=f"{label} {i:03d}", prefecture="Aichi", job_category="Welding")
        for label, count in (("Small", SMALL), ("Large", LARGE))
        for i in range(count)
    ]
    session.add_all(companies)
    await session.flush()
    candidates = await _candidates(session, calls, cohorts, phases, companies, rules[:2])
    _sittings(session, candidates, companies)
    await _interviews(session, candidates)
    await _events(session)
    _occupations(session)
    _ledger(session, candidates)
    await _lectures(session, candidates)
    session.add_all(
        AuditEntry(
            actor="admin@example.org",
            operation=f"operation{i}",
            fields=["registerCandidate"],
            variables={"input": {"n": i}},
            succeeded=i % 3 != 0,
        )
        for i in range(AUDIT_ENTRIES)
    )
    return candidates[-1].id or 0


def _sittings(
    session: AsyncSession, candidates: list[Candidate], companies: list[HostCompany]
) -> None:
    """Two skills test sittings of each page candidate (a failed and a passed basic written
    test), a home stay each, and a period of excellence for each host company."""
    page = [row for row in candidates if row.country_code == PAGE_COUNTRY]
    session.add_all(
        SkillsTestSitting(
            candidate_id=row.id or 0,
            stage="i",
            grade="basic",
            part="written",
            sat_on=day,
            passed=passed,
        )
        for row in page
        for day, passed in ((date(2026, 10, 1), False), (date(2026, 11, 1), True))
    )
    session.add_all(
        HomeStay(
            candidate_id=row.id or 0,
            left_japan_on=date(2026, 10, 1),
            returned_on=date(2026, 11, 10),
        )
        for row in page
    )
    session.add_all(
        HostCompanyExcellence(
            host_company_id=company.id or 0,
            score=100,
            valid_from=date(2026, 4, 1),
            valid_to=date(2028, 3, 31),
        )
        for company in companies
    )


async def _calls(
    session: AsyncSession, rules: list[dict[str, Any]]
) -> dict[str, list[tuple[RecruitmentCall, CriteriaVersion]]]:
    """Calls with two criteria versions each: 2 of the page country, then 10 and 100."""
    counts = {PAGE_COUNTRY: 2, SMALL_COUNTRY: SMALL, LARGE_COUNTRY: LARGE}
    calls = {
        code: [
            RecruitmentCall(
                country_code=code,
                label=f"perf {i:03d}",
                job_fields=["manufacturing"],
                places=10,
                opens_on=date(2026, 1, 1),
                closes_on=date(2026, 2, 1),
            )
            for i in range(count)
        ]
        for code, count in counts.items()
    }
    session.add_all([call for rows in calls.values() for call in rows])
    await session.flush()
    versions = {
        code: [
            CriteriaVersion(call_id=call.id or 0, version=version, criteria=rules)
            for call in rows
            for version in (1, 2)
        ]
        for code, rows in calls.items()
    }
    session.add_all([version for rows in versions.values() for version in rows])
    await session.flush()
    return {
        code: [(call, versions[code][2 * i + 1]) for i, call in enumerate(rows)]
        for code, rows in calls.items()
    }


async def _cohorts(
    session: AsyncSession,
) -> tuple[list[TrainingCohort], dict[int, list[CohortPhase]]]:
    """Cohorts with three phases each: 2 of the page country, then 10 and 100."""
    counts = {PAGE_COUNTRY: 2, SMALL_COUNTRY: SMALL, LARGE_COUNTRY: LARGE}
    cohorts = [
        TrainingCohort(
            country_code=code,
            name=f"perf cohort {i:03d}",
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 8, 1),
        )
        for code, count in counts.items()
        for i in range(count)
    ]
    session.add_all(cohorts)
    await session.flush()
    phases = {
        cohort.id or 0: [
            CohortPhase(
                cohort_id=cohort.id or 0,
                position=position,
                name=f"Phase {position}",
                starts_on=date(2026, 3, 1),
                ends_on=date(2026, 8, 1),
            )
            for position in (1, 2, 3)
        ]
        for cohort in cohorts
    }
    session.add_all([phase for rows in phases.values() for phase in rows])
    await session.flush()
    return [c for c in cohorts if c.country_code == PAGE_COUNTRY], phases


async def _candidates(
    session: AsyncSession,
    calls: dict[str, list[tuple[RecruitmentCall, CriteriaVersion]]],
    cohorts: list[TrainingCohort],
    phases: dict[int, list[CohortPhase]],
    companies: list[HostCompany],
    rules: list[dict[str, Any]],
) -> list[Candidate]:
    """Page candidates in Japan, each with history, tests, a decision, results and a stage."""
    page_calls = calls[PAGE_COUNTRY]
    candidates = [
        Candidate(
            country_code=PAGE_COUNTRY,
            call_id=page_calls[i % 2][0].id or 0,
            full_name=f"Candidate {i:04d}",
            date_of_birth=date(2000, 1, 1),
            sex="male",
            education_level="upper_secondary",
            status="in_japan_i",
            cohort_id=cohorts[i % 2].id,
            host_company_id=companies[SMALL + i % LARGE].id,
            entered_japan_on=date(2026, 9, 1),
        )
        for i in range(PAGE_CANDIDATES)
    ]
    session.add_all(candidates)
    await session.flush()
    decisions = [
        ScreeningDecision(
            candidate_id=candidate.id or 0,
            criteria_version_id=page_calls[i % 2][1].id or 0,
            passed=True,
            screened_on=date(2026, 2, 10),
        )
        for i, candidate in enumerate(candidates)
    ]
    session.add_all(decisions)
    await session.flush()
    rows: list[Any] = []
    for candidate, decision in zip(candidates, decisions, strict=True):
        key = candidate.id or 0
        steps = ("registered", "screening_passed", "in_training", "in_japan_i")
        rows += [
            StatusChange(candidate_id=key, from_status=before, to_status=after, actor="perf")
            for before, after in zip((None, *steps), steps, strict=False)
        ]
        rows += [
            TestResult(candidate_id=key, kind="document_check", passed=True),
            TestResult(candidate_id=key, kind="maths", score=18),
        ]
        rows += [
            ScreeningOutcome(
                decision_id=decision.id or 0,
                position=position,
                rule_id=rule["id"],
                kind=rule["kind"],
                passed=True,
                expected="as the rule says",
                actual="as recorded",
                reason="met",
            )
            for position, rule in enumerate(rules, start=1)
        ]
        rows.append(StageRecord(candidate_id=key, stage="i", started_on=date(2026, 9, 1)))
        rows += _plans_and_entry(candidate)
        rows += [
            TrainingResult(
                candidate_id=key, phase_id=phase.id or 0, attendance_percent=95, passed=True
            )
            for phase in phases[candidate.cohort_id or 0]
        ]
    session.add_all(rows)
    await session.flush()
    return candidates


def _plans_and_entry(candidate: Candidate) -> list[Any]:
    """A certified stage (i) plan with the candidate's company and its entry record."""
    key = candidate.id or 0
    return [
        TrainingPlan(
            candidate_id=key,
            host_company_id=candidate.host_company_id or 0,
            stage="i",
            occupation_code="1-1-1",
            goals="perf",
            planned_start=date(2026, 9, 1),
            planned_end=date(2027, 8, 31),
            planned_hours=1920,
            monthly_wage=180000,
            weekly_hours=40,
            housing="Dormitory",
            status="certified",
            applied_on=date(2026, 4, 1),
            certified_on=date(2026, 5, 1),
            certificate_number="perf",
        ),
        EntryRecord(
            candidate_id=key,
            coe_applied_on=date(2026, 6, 1),
            coe_issued_on=date(2026, 7, 1),
            coe_number="perf",
            visa_issued_on=date(2026, 8, 1),
            entered_on=date(2026, 9, 1),
        ),
    ]


async def _interviews(session: AsyncSession, candidates: list[Candidate]) -> None:
    """Interview sessions (10 and 100) with two companies and two registrations each."""
    sessions = [
        InterviewSession(
            country_code=code,
            programme_id="perf",
            held_on=date(2026, 6, 1) + timedelta(days=i),
            city="City",
        )
        for code, count in ((SMALL_COUNTRY, SMALL), (LARGE_COUNTRY, LARGE))
        for i in range(count)
    ]
    session.add_all(sessions)
    await session.flush()
    companies = [
        InterviewCompany(
            session_id=row.id or 0, name=f"Employer {n}", origin="local", open_positions=2
        )
        for row in sessions
        for n in (1, 2)
    ]
    registrations = [
        InterviewRegistration(session_id=row.id or 0, candidate_id=candidates[n].id or 0)
        for row in sessions
        for n in (0, 1)
    ]
    session.add_all([*companies, *registrations])
    await session.flush()
    session.add_all(
        InterviewOutcome(
            registration_id=registration.id or 0,
            company_id=companies[i].id or 0,
            result="hired" if i % 2 else "offer",
            decided_on=date(2026, 7, 1),
        )
        for i, registration in enumerate(registrations)
    )


OCCUPATIONS = 110
"""Occupations coded 9-<n>-<m> (beside the five shipped ones): ``search: "9-"`` finds them."""


def _occupations(session: AsyncSession) -> None:
    session.add_all(
        Occupation(
            code=f"9-{n // 10 + 1}-{n % 10 + 1}",
            occupation_ja=f"職種 {n:03d}",
            source="perf world",
            source_list="perf world",
            partial=False,
            tag="primary",
        )
        for n in range(OCCUPATIONS)
    )


def _ledger(session: AsyncSession, candidates: list[Candidate]) -> None:
    """A difficulty and a fee payment of every page candidate (more than a page of each)."""
    for i, candidate in enumerate(candidates):
        occurred = date(2026, 9, 1) + timedelta(days=i % 60)
        session.add(
            Difficulty(
                candidate_id=candidate.id or 0,
                kind="missing" if i % 2 else "illness_or_injury",
                occurred_on=occurred,
                company_reported_on=occurred,
                due_on=occurred + timedelta(days=14),
                filed_on=occurred + timedelta(days=3) if i % 3 else None,
            )
        )
        session.add(
            FeePayment(
                candidate_id=candidate.id or 0,
                payee="sending_organisation",
                kind="fee",
                amount=Decimal("1000.00") + i,
                currency="USD" if i % 2 else "IDR",
                paid_on=date(2026, 3, 1) + timedelta(days=i % 30),
            )
        )


async def _lectures(session: AsyncSession, candidates: list[Candidate]) -> None:
    """Courses of post-entry lectures, one page candidate enrolled in each (its stage
    (i) plan is :func:`_plans_and_entry`'s), attending every subject (the legal part
    by an outside expert)."""
    courses = [
        LectureCourse(
            name=f"Course {i:03d}",
            centre="Centre",
            starts_on=date(2026, 8, 1) + timedelta(days=i),
            ends_on=date(2026, 8, 31) + timedelta(days=i),
        )
        for i in range(LECTURE_COURSES)
    ]
    session.add_all(courses)
    await session.flush()
    enrolled = list(zip(courses, candidates, strict=False))
    enrolments = [
        LectureEnrolment(course_id=course.id or 0, candidate_id=candidate.id or 0)
        for course, candidate in enrolled
    ]
    session.add_all(enrolments)
    await session.flush()
    session.add_all(
        LectureAttendance(
            enrolment_id=enrolment.id or 0,
            subject=subject,
            hours=hours,
            held_on=date(2026, 8, 5),
            taught_by="Lecturer",
            outside_expert=subject == "legal_protection",
        )
        for enrolment in enrolments
        for subject, hours in (
            ("japanese", 8),
            ("daily_life", 2),
            ("legal_protection", 8),
            ("training_knowledge", 2),
        )
    )


async def _events(session: AsyncSession) -> None:
    """Events on consecutive days, three registrations each."""
    events = [
        Event(
            type_code="lecture_meeting",
            title=f"Lecture {i:03d}",
            held_on=EVENTS_START + timedelta(days=i),
            venue="Hall",
            capacity=2,
        )
        for i in range(EVENTS)
    ]
    session.add_all(events)
    await session.flush()
    session.add_all(
        EventRegistration(
            event_id=event.id or 0,
            participant_role="host_company",
            name=f"Participant {n}",
            status="confirmed" if n < 2 else "waitlisted",
            registered_at=datetime(2039, 12, 1, tzinfo=UTC) + timedelta(minutes=n),
        )
        for event in events
        for n in range(3)
    )
