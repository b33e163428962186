"""ESD workers for the language, sittings, obligations and SSW tests, written straight
into the tables (the plan and dispatch mutations are another part of issue 14), and the
mutations of these tests over HTTP.

A worker is a candidate under ESD (``programme='esd'``) in ``in_japan_esd`` at a host
company, with a certified ESD plan (three years from the work start, field ``care``)
and an employment from the work start.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import Employment, EsdPlan, EsdSkillsSitting, LanguageResult
from tests import factories
from tests.client import mutation

ERRORS = "errors { field message code }"
RESULT = (
    "languageResult { id candidateId kind test level passed cefr cefrKnown takenOn "
    "courseHours courseProvider courseTarget certifiedCourse }"
)
SELECTIONS = {
    "recordLanguageResult": f"{RESULT} {ERRORS}",
    "recordLanguageTestLevel": f"level {{ test level cefr sourceUrl tag }} {ERRORS}",
    "recordEsdSkillsSitting": f"sitting {{ id candidateId grade satOn passed score }} {ERRORS}",
    "moveToSpecifiedSkilledWorker": f"candidate {{ id status }} {ERRORS}",
}

WORK_START = date(2027, 6, 1)
NAMES = itertools.count(1)


def record(
    client: TestClient, name: str, data: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run one of these tests' mutations; its payload."""
    return mutation(client, name, SELECTIONS[name], data, headers)


def recorded(client: TestClient, name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run one of these tests' mutations that must succeed."""
    payload = record(client, name, data)
    assert payload["errors"] == [], payload["errors"]
    return payload


def esd_worker(
    session: Session,
    country: str = "VN",
    *,
    company_name: str | None = None,
    starts_on: date | None = WORK_START,
    plan: bool = True,
    status: str = "in_japan_esd",
    **columns: Any,
) -> dict[str, int]:
    """A worker under ESD at a new host company: its candidate and company ids. With
    ``starts_on`` an employment from that day (None: no employment), with ``plan`` a
    certified plan of three years from the start (or from 2027-06-01)."""
    number = next(NAMES)
    company = factories.host_company(session, company_name or f"ESD {country} KK {number}")
    person = factories.candidate(
        session,
        factories.call(session, country, label=f"{country}-ESD-{number}"),
        status,
        host_company_id=company.id,
        programme="esd",
        entered_japan_on=starts_on,
        **columns,
    )
    begins = starts_on or WORK_START
    if plan:
        session.add(
            EsdPlan(
                candidate_id=person.id or 0,
                host_company_id=company.id or 0,
                field_code="care",
                work_category_code="care",
                goals="Care work",
                planned_start=begins,
                planned_end=begins.replace(year=begins.year + 3),
                core_duties_percent=50,
                instructor="Sato Hanako",
                life_counsellor="Suzuki Taro",
                monthly_wage=200000,
                weekly_hours=40,
                housing="Company dormitory",
                status="certified",
                applied_on=date(2027, 1, 10),
                certified_on=date(2027, 3, 1),
            )
        )
    if starts_on is not None:
        session.add(
            Employment(
                candidate_id=person.id or 0,
                host_company_id=company.id or 0,
                work_category_code="care",
                started_on=starts_on,
            )
        )
    session.flush()
    return {"candidate": person.id or 0, "company": company.id or 0}


def language_result(session: Session, candidate_id: int, **columns: Any) -> LanguageResult:
    """A JLPT N5 test (A1) passed on 2027-09-01, unless ``columns`` say otherwise."""
    row = LanguageResult(
        candidate_id=candidate_id,
        kind=columns.pop("kind", "test"),
        test=columns.pop("test", "jlpt"),
        level=columns.pop("level", "N5"),
        cefr=columns.pop("cefr", "A1"),
        passed=columns.pop("passed", True),
        taken_on=columns.pop("taken_on", date(2027, 9, 1)),
        **columns,
    )
    session.add(row)
    session.flush()
    return row


def esd_sitting(
    session: Session, candidate_id: int, grade: str = "basic", **columns: Any
) -> EsdSkillsSitting:
    """A passed sitting of ``grade`` on 2027-10-01, unless ``columns`` say otherwise."""
    row = EsdSkillsSitting(
        candidate_id=candidate_id,
        grade=grade,
        sat_on=columns.pop("sat_on", date(2027, 10, 1)),
        passed=columns.pop("passed", True),
        **columns,
    )
    session.add(row)
    session.flush()
    return row
