"""Worlds for tests, built straight in the database from small builders.

A test describes the rows it needs and gets their ids back::

    def world(session: Session) -> dict[str, int]:
        vn = call(session, "VN")
        person = candidate(session, vn, "registered", full_name="Nguyen Van An")
        return {"person": person.id or 0}

    ids = build(db_settings, world)

:func:`build` runs the function in one transaction of the app's own database
(SQLite file or PostgreSQL schema of ``settings``); each builder adds one row
with the defaults most tests want, flushes it so its id is known, and takes
any column as a keyword to override. Data that must be made by the real
mutations (a candidate's full history, say) is made over HTTP instead, with
:mod:`tests.client` and :mod:`tests.lifecycle.helpers`; accounts and signed-in
headers per role come from :func:`signed_in_as` (see also :mod:`tests.accounts`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import (
    Candidate,
    CriteriaVersion,
    EntryRecord,
    HomeStay,
    HostCompany,
    HostCompanyExcellence,
    Occupation,
    RecruitmentCall,
    SkillsTestSitting,
    StageRecord,
    SupervisionLicence,
    TrainingCohort,
    TrainingPlan,
)
from core.settings import Settings
from tests.accounts import signed_in
from tests.sql import database

T = TypeVar("T")
RowT = TypeVar("RowT")


def build(settings: Settings, make: Callable[[Session], T]) -> T:
    """Run ``make`` with a session in one transaction of the database of ``settings``;
    return what it returns (everything is committed together, or nothing)."""

    async def run() -> T:
        db = database(settings)
        try:
            async with db.transaction() as session:
                return await session.run_sync(make)
        finally:
            await db.dispose()

    return asyncio.run(run())


def in_transaction(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run the service-layer coroutine ``work`` in one transaction of the database
    of ``settings`` (as a mutation's service runs); return what it returns."""

    async def run() -> T:
        db = database(settings)
        try:
            async with db.transaction() as session:
                return await work(session)
        finally:
            await db.dispose()

    return asyncio.run(run())


def _added(session: Session, row: RowT) -> RowT:
    session.add(row)
    session.flush()
    return row


def call(
    session: Session,
    country_code: str,
    *,
    label: str | None = None,
    opens_on: date = date(2026, 1, 1),
    closes_on: date = date(2026, 2, 1),
    criteria: list[dict[str, Any]] | None = None,
    **columns: Any,
) -> RecruitmentCall:
    """A recruitment call (``<code>-1`` for manufacturing, five places); with
    ``criteria`` it gets version 1 of them, as a call created by the mutation does."""
    row = _added(
        session,
        RecruitmentCall(
            country_code=country_code,
            label=label or f"{country_code}-1",
            job_fields=columns.pop("job_fields", ["manufacturing"]),
            places=columns.pop("places", 5),
            opens_on=opens_on,
            closes_on=closes_on,
            **columns,
        ),
    )
    if criteria is not None:
        _added(session, CriteriaVersion(call_id=row.id or 0, version=1, criteria=criteria))
    return row


def cohort(
    session: Session,
    country_code: str,
    *,
    name: str | None = None,
    starts_on: date = date(2026, 3, 1),
    ends_on: date = date(2026, 8, 1),
    **columns: Any,
) -> TrainingCohort:
    """A training cohort (``<code> cohort``) without phases."""
    return _added(
        session,
        TrainingCohort(
            country_code=country_code,
            name=name or f"{country_code} cohort",
            starts_on=starts_on,
            ends_on=ends_on,
            **columns,
        ),
    )


def host_company(
    session: Session,
    name: str = "Gifu Casting",
    *,
    prefecture: str = "Gifu",
    job_category: str = "Casting",
    **columns: Any,
) -> HostCompany:
    return _added(
        session,
        HostCompany(name=name, prefecture=prefecture, job_category=job_category, **columns),
    )


def candidate(
    session: Session,
    of_call: RecruitmentCall,
    status: str = "registered",
    *,
    full_name: str | None = None,
    date_of_birth: date = date(2000, 1, 1),
    **facts: Any,
) -> Candidate:
    """A candidate of ``of_call``'s country in ``status``, with the given facts
    (any column: ``host_company_id``, ``returned_on``, ...). Only the row: no
    history, tests or decisions; see :func:`stage` for a stage in Japan."""
    return _added(
        session,
        Candidate(
            country_code=of_call.country_code,
            call_id=of_call.id or 0,
            full_name=full_name or f"{of_call.country_code} {status}",
            date_of_birth=date_of_birth,
            sex=facts.pop("sex", "male"),
            education_level=facts.pop("education_level", "upper_secondary"),
            status=status,
            **facts,
        ),
    )


def candidates(
    session: Session, of_call: RecruitmentCall, statuses: Iterable[str], **facts: Any
) -> list[Candidate]:
    """One candidate per status, with the same facts."""
    return [candidate(session, of_call, status, **facts) for status in statuses]


def stage(
    session: Session, of: Candidate, name: str = "i", *, started_on: date = date(2026, 9, 1)
) -> StageRecord:
    """A stage of the technical intern training (``i``, ``ii``, ``iii``) begun."""
    return _added(session, StageRecord(candidate_id=of.id or 0, stage=name, started_on=started_on))


def training_plan(
    session: Session,
    of: Candidate,
    company: HostCompany,
    *,
    stage: str = "i",
    status: str = "certified",
    planned_start: date = date(2026, 9, 1),
    **columns: Any,
) -> TrainingPlan:
    """A training plan of ``of`` with ``company`` (certified unless ``status`` says
    otherwise), occupation 1-1-1 of the shipped list, a year from ``planned_start``."""
    certified = status in {"certified", "superseded"}
    return _added(
        session,
        TrainingPlan(
            candidate_id=of.id or 0,
            host_company_id=company.id or 0,
            stage=stage,
            occupation_code=columns.pop("occupation_code", "1-1-1"),
            goals=columns.pop("goals", "Greenhouse horticulture"),
            planned_start=planned_start,
            planned_end=columns.pop(
                "planned_end", planned_start.replace(year=planned_start.year + 1)
            ),
            planned_hours=columns.pop("planned_hours", 1920),
            monthly_wage=columns.pop("monthly_wage", 180000),
            weekly_hours=columns.pop("weekly_hours", 40),
            housing=columns.pop("housing", "Company dormitory"),
            status=status,
            applied_on=columns.pop("applied_on", None if status == "drafted" else date(2026, 4, 1)),
            certified_on=columns.pop("certified_on", date(2026, 5, 1) if certified else None),
            certificate_number=columns.pop("certificate_number", "C-1" if certified else None),
            **columns,
        ),
    )


def entry(session: Session, of: Candidate, *, entered_on: date = date(2026, 9, 1)) -> EntryRecord:
    """The whole entry chain of ``of``, the entry on ``entered_on`` (the candidate's
    ``entered_japan_on`` too, as ``recordEntry`` sets it)."""
    of.entered_japan_on = entered_on
    session.add(of)
    return _added(
        session,
        EntryRecord(
            candidate_id=of.id or 0,
            coe_applied_on=date(2026, 6, 1),
            coe_issued_on=date(2026, 7, 1),
            coe_number="E-1",
            visa_issued_on=min(date(2026, 8, 1), entered_on),
            entered_on=entered_on,
        ),
    )


def ready_for_dispatch(
    session: Session, of: Candidate, company: HostCompany, *, entered_on: date = date(2026, 9, 1)
) -> None:
    """Rows of everything ``dispatchCandidate`` needs of ``of`` with ``company`` (the
    factory-level twin of :func:`tests.supervision.helpers.prepare_for_dispatch`: a new
    requirement of dispatch is added to both)."""
    from tests.supervision.lectures_helpers import completed_lectures  # it imports this module

    training_plan(session, of, company, planned_start=entered_on, planned_hours=240)
    entry(session, of, entered_on=entered_on)
    completed_lectures(session, of.id or 0, starts_on=entered_on, required_hours=40)


TEST_OCCUPATION = "99-9-9"
"""A made-up occupation code of the tests, eligible for stage (iii) (no shipped one is
known to be: :func:`stage_iii_occupation` adds it)."""


def stage_iii_occupation(session: Session, code: str = TEST_OCCUPATION) -> str:
    """An occupation known to allow stage (iii), added once; its code."""
    if session.execute(select(Occupation).where(Occupation.code == code)).first() is None:
        _added(
            session,
            Occupation(
                code=code,
                occupation_ja="テスト職種",
                stage_iii_allowed=True,
                source="tests (made up)",
                source_list="tests",
                partial=True,
                tag="inferred",
            ),
        )
    return code


def stage_plan(
    session: Session,
    of: int,
    name: str,
    host_company_id: int,
    *,
    occupation_code: str = "1-1-1",
    status: str = "certified",
    planned_start: date = date(2026, 9, 1),
    **columns: Any,
) -> TrainingPlan:
    """A training plan of candidate ``of`` for stage ``name`` (certified by default),
    written straight into the table (the plans' mutations are elsewhere)."""
    return _added(
        session,
        TrainingPlan(
            candidate_id=of,
            stage=name,
            host_company_id=host_company_id,
            occupation_code=occupation_code,
            status=status,
            goals=columns.pop("goals", "Learn the operation's skills."),
            planned_start=planned_start,
            planned_end=columns.pop(
                "planned_end", planned_start.replace(year=planned_start.year + 1)
            ),
            planned_hours=columns.pop("planned_hours", 1800),
            monthly_wage=columns.pop("monthly_wage", 180_000),
            weekly_hours=columns.pop("weekly_hours", 40),
            housing=columns.pop("housing", "Company dormitory"),
            certified_on=columns.pop(
                "certified_on", date(2026, 1, 1) if status == "certified" else None
            ),
            **columns,
        ),
    )


def sitting(
    session: Session,
    of: int,
    name: str,
    grade: str,
    part: str,
    sat_on: date,
    *,
    passed: bool = True,
    score: int | None = None,
) -> SkillsTestSitting:
    """A skills test sitting of candidate ``of`` during stage ``name``."""
    return _added(
        session,
        SkillsTestSitting(
            candidate_id=of,
            stage=name,
            grade=grade,
            part=part,
            sat_on=sat_on,
            passed=passed,
            score=score,
        ),
    )


GATE_PASSES = {
    "ii": (("basic", "written"), ("basic", "practical")),
    "iii": (("grade_3", "practical"),),
}
"""The passes each stage needs (the rules titp.gate.ii and titp.gate.iii as seeded)."""


def pass_gate(
    session: Session, of: int, following: str, host_company_id: int, sat_on: date
) -> TrainingPlan:
    """What moving candidate ``of`` to stage ``following`` needs besides the stage (iii)
    conditions: the gate's passed sittings (sat on ``sat_on``, in the stage before) and
    a certified plan for ``following`` with ``host_company_id`` (for (iii) in an
    occupation known to allow it)."""
    current = {"ii": "i", "iii": "ii"}[following]
    for grade, part in GATE_PASSES[following]:
        sitting(session, of, current, grade, part, sat_on)
    occupation = stage_iii_occupation(session) if following == "iii" else "1-1-1"
    return stage_plan(session, of, following, host_company_id, occupation_code=occupation)


def prepare_stage_iii(
    session: Session,
    of: int,
    host_company_id: int,
    *,
    left_japan_on: date,
    returned_on: date,
    valid_from: date,
    valid_to: date,
) -> None:
    """The stage (iii) conditions: the host company excellent and IM Japan's general
    licence valid from ``valid_from`` to ``valid_to``, and a home stay."""
    _added(
        session,
        HostCompanyExcellence(
            host_company_id=host_company_id, score=120, valid_from=valid_from, valid_to=valid_to
        ),
    )
    _added(
        session,
        SupervisionLicence(kind="titp_general", valid_from=valid_from, valid_to=valid_to),
    )
    _added(
        session,
        HomeStay(candidate_id=of, left_japan_on=left_japan_on, returned_on=returned_on),
    )


def ids(rows: dict[str, Any]) -> dict[str, int]:
    """``{key: row.id}`` of named rows."""
    return {key: row.id or 0 for key, row in rows.items()}


def signed_in_as(
    client: TestClient, **roles: tuple[Role, dict[str, Any]]
) -> dict[str, dict[str, str]]:
    """A new account per name, signed in: ``{name: Authorization header}``.

    ``signed_in_as(api, staff=(Role.STAFF, {}),
    vn=(Role.MINISTRY_OFFICER, {"country_code": "VN"}))``
    """
    return {name: signed_in(client, role, **scope) for name, (role, scope) in roles.items()}
