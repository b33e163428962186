"""One ESD worker's way over HTTP on both databases, each step on its own day (the clock
set there): the ESD plan applied for on 2027-04-01 (the day no TITP plan may be) and
certified, the Certificate, the visa and the entry (Japanese at A1 by a test, or
separately by the 100-hour course), work with the first employer, the year-one
sittings, a transfer at the worker's wish after the field's period (refused one day
before, accepted on the day, the repayment split computed by hand below), and the move
to Specified Skilled Worker (i) with A2 and grade 3.

Each refused step is tried first and leaves every table as it was.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import Employment, EsdPlan
from core.services.clock import frozen_at
from core.settings import Settings
from tests.client import global_id, gql, mutation
from tests.esd.plan_helpers import (
    CATEGORY,
    ENTRY_FIELDS,
    FIELD,
    EsdDates,
    certify_esd_plan,
    record_category,
    record_licence,
)
from tests.factories import build, call, candidate, host_company
from tests.lifecycle.helpers import snapshot
from tests.supervision.helpers import plan_mutation, plan_values, run

pytestmark = pytest.mark.database

ERRORS = "errors { field message code }"
DATES = EsdDates(date(2027, 9, 1))
"""Applied for 2027-04-01, certified 2027-05-01, the Certificate 2027-06-01 and
2027-07-01, the visa 2027-08-01, the entry 2027-09-01, work from 2027-09-08."""
WORK_STARTS = DATES.starts
PERIOD_ENDS = WORK_STARTS + relativedelta(years=1)
"""The seeded (provisional) transfer period of agriculture is 1 year: 2028-09-08."""
STANDARD = 300_000
"""A standard amount set by the test as an administrator would (the notified one is unknown)."""


def world(session: Session) -> dict[str, str]:
    """The worker (pre-entry training done), a TITP comparison candidate, the first
    employer, and a receiving employer that already employs two ESD workers in the same
    category, so that one transferee is 1/3 of its workers after the move (the cap)."""
    vn = call(session, "VN")
    trained = candidate(session, vn, "training_completed", training_completed_on=date(2027, 3, 1))
    other = candidate(session, vn, "training_completed", training_completed_on=date(2027, 3, 1))
    first = host_company(session, "First Farm KK", prefecture="Gifu")
    second = host_company(session, "Second Farm KK", prefecture="Gifu")
    for n in range(2):
        worker = candidate(
            session,
            call(session, "ID", label=f"ID-{n}"),
            "in_japan_esd",
            programme="esd",
            host_company_id=second.id,
        )
        session.add(
            EsdPlan(
                candidate_id=worker.id or 0,
                host_company_id=second.id or 0,
                field_code=FIELD,
                work_category_code=CATEGORY,
                goals="Field crops",
                planned_start=date(2027, 6, 1),
                planned_end=date(2030, 5, 31),
                core_duties_percent=50,
                instructor="Instructor (test)",
                life_counsellor="Counsellor (test)",
                monthly_wage=200_000,
                weekly_hours=40,
                housing="Dormitory",
                status="certified",
                applied_on=date(2027, 4, 2),
                certified_on=date(2027, 5, 1),
            )
        )
        session.add(
            Employment(
                candidate_id=worker.id or 0,
                host_company_id=second.id or 0,
                work_category_code=CATEGORY,
                started_on=date(2027, 6, 1),
            )
        )
    session.flush()
    return {
        "worker": global_id("Candidate", trained.id or 0),
        "titp": global_id("Candidate", other.id or 0),
        "first": global_id("HostCompany", first.id or 0),
        "second": global_id("HostCompany", second.id or 0),
    }


def attempt(api: TestClient, name: str, selection: str, data: dict[str, Any]) -> dict[str, Any]:
    return mutation(api, name, f"{selection} {ERRORS}", data)


def refused(
    api: TestClient, settings: Settings, name: str, data: dict[str, Any], field: str, says: str
) -> None:
    """``name`` is refused, its first error on ``field`` saying ``says``; nothing written."""
    before = snapshot(settings)
    errors = attempt(api, name, "__typename", data)["errors"]
    assert errors and errors[0]["field"] == field, errors
    assert says in errors[0]["message"], errors[0]["message"]
    assert snapshot(settings) == before, f"{name} wrote something though it was refused"


def language(api: TestClient, worker: str, taken_on: date, **values: Any) -> None:
    data = {"candidateId": worker, "takenOn": taken_on.isoformat(), **values}
    run(api, "recordLanguageResult", "languageResult { id cefr }", data)


def jlpt(level: str, *, passed: bool = True) -> dict[str, Any]:
    return {"kind": "TEST", "test": "jlpt", "level": level, "passed": passed}


COURSE = {
    "kind": "COURSE",
    "courseHours": 100,
    "courseProvider": "Registered teachers (test)",
    "courseTarget": "A1",
    "certifiedCourse": True,
}


def sitting(api: TestClient, worker: str, grade: str, sat_on: date, *, passed: bool) -> None:
    data = {"candidateId": worker, "grade": grade, "satOn": sat_on.isoformat(), "passed": passed}
    run(api, "recordEsdSkillsSitting", "sitting { id }", data)


def obligations(api: TestClient, on: date) -> dict[str, tuple[str | None, str | None, bool]]:
    edges = gql(
        api,
        """query($on: Date) { esdObligations(on: $on, first: 20) { edges { node {
            candidateId obligation dueOn metOn overdue } } } }""",
        {"on": on.isoformat()},
    )["esdObligations"]["edges"]
    return {
        e["node"]["obligation"]: (e["node"]["dueOn"], e["node"]["metOn"], e["node"]["overdue"])
        for e in edges
    }


def transfer(on: date, worker: str, to: str) -> dict[str, Any]:
    return {
        "candidateId": worker,
        "toHostCompanyId": to,
        "reason": "WORKER_WISH",
        "arrangedBy": "SUPERVISING_SUPPORT",
        "transfersOn": on.isoformat(),
        "actualCosts": "60000",
    }


@pytest.mark.parametrize("entry_japanese", ["jlpt_n5", "course_100_hours"])
def test_an_esd_worker_from_the_plan_to_ssw_i(
    api: TestClient, db_settings: Settings, entry_japanese: str
) -> None:
    ids = build(db_settings, world)
    worker, first, second = ids["worker"], ids["first"], ids["second"]

    # 2027-04-01: no TITP plan may be applied for; the ESD plan is, and is certified.
    with frozen_at(date(2027, 4, 1)):
        record_licence(api)
        record_category(api)
        titp = plan_mutation(api, "draftTrainingPlan", plan_values(ids["titp"], first))
        refused(
            api,
            db_settings,
            "applyForTrainingPlan",
            {"planId": titp["plan"]["id"], "appliedOn": "2027-04-01"},
            "appliedOn",
            "2027-04-01",
        )
    certify_esd_plan(api, worker, first, DATES)

    # The Certificate, the visa; the entry needs Japanese at A1 or the 100-hour course.
    for name, day, values in [
        ("recordCoeApplication", DATES.coe_applied, {"appliedOn": DATES.coe_applied}),
        ("recordCoeIssued", DATES.coe_issued, {"issuedOn": DATES.coe_issued, "coeNumber": "E-1"}),
        ("recordVisaIssued", DATES.visa_issued, {"issuedOn": DATES.visa_issued}),
    ]:
        with frozen_at(day):
            data = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
            run(api, name, f"entry {{ {ENTRY_FIELDS} }}", {"candidateId": worker, **data})
    entry = {"candidateId": worker, "enteredOn": DATES.entered.isoformat()}
    with frozen_at(DATES.entered):
        refused(api, db_settings, "recordEntry", entry, "enteredOn", "A1")
        if entry_japanese == "jlpt_n5":
            language(api, worker, DATES.visa_issued, **jlpt("N5"))
        else:
            language(api, worker, DATES.visa_issued, **{**COURSE, "courseHours": 99})
            refused(api, db_settings, "recordEntry", entry, "enteredOn", "100")
            language(api, worker, DATES.visa_issued, **COURSE)
        run(api, "recordEntry", f"entry {{ {ENTRY_FIELDS} }}", entry)
    with frozen_at(WORK_STARTS):
        started = run(
            api,
            "dispatchCandidate",
            "candidate { status programme hostCompany { id } }",
            {"candidateId": worker, "hostCompanyId": first, "startsOn": WORK_STARTS.isoformat()},
        )["candidate"]
    assert started == {"status": "IN_JAPAN_ESD", "programme": "ESD", "hostCompany": {"id": first}}

    # Year one: the Japanese test and the basic grade are due 12 months after work starts.
    due = (WORK_STARTS + relativedelta(months=12)).isoformat()
    late = PERIOD_ENDS + relativedelta(days=1)
    with frozen_at(date(2028, 6, 1)):
        assert obligations(api, late)["SIT_JAPANESE_TEST"] == (due, None, True)
        assert obligations(api, late)["SIT_BASIC_SKILLS_TEST"] == (due, None, True)
        language(api, worker, date(2028, 5, 20), **jlpt("N5"))
        sitting(api, worker, "BASIC", date(2028, 5, 25), passed=True)
        assert obligations(api, late)["SIT_JAPANESE_TEST"] == (due, "2028-05-20", False)
        assert obligations(api, late)["SIT_BASIC_SKILLS_TEST"] == (due, "2028-05-25", False)

    # The transfer at the worker's wish: the receiving employer excellent, the standard
    # amount set; refused the day before the field's period ends, accepted on the day.
    with frozen_at(date(2028, 6, 1)):
        run(
            api,
            "recordHostCompanyExcellence",
            "excellence { validFrom }",
            {
                "hostCompanyId": second,
                "validFrom": "2028-04-01",
                "validTo": "2030-03-31",
                "score": 120,
            },
        )
        run(
            api,
            "setRuleValue",
            "ruleValue { key }",
            {
                "key": "esd.transfer.repayment.standard_amount",
                "value": str(STANDARD),
                "validFrom": "2028-01-01",
                "tag": "SECONDARY",
                "sourceUrl": "https://example.org/test-notice",
            },
        )
    day_before = PERIOD_ENDS - relativedelta(days=1)
    with frozen_at(day_before):
        refused(
            api,
            db_settings,
            "transferWorker",
            transfer(day_before, worker, second),
            "transfersOn",
            "1",
        )
    with frozen_at(PERIOD_ENDS):
        moved = run(
            api,
            "transferWorker",
            "transfer { transfersOn repayment { total shareNumerator shareDenominator amount "
            "stepsServed } }",
            transfer(PERIOD_ENDS, worker, second),
        )["transfer"]
    # Served 2027-09-08 to 2028-09-08: 2 half-years, weights 1/2 + 1/2 of 1+2+3 = 6: the
    # first employer keeps 1/6, the new one repays 5/6 of
    # 300000 (tangible) + 60000 (actual) + 300000 (intangible) = 660000 -> 550000.00.
    assert moved["repayment"] == {
        "total": "660000.00",
        "shareNumerator": 5,
        "shareDenominator": 6,
        "amount": "550000.00",
        "stepsServed": 2,
    }
    history = gql(
        api,
        """query($id: ID!) { employmentHistory(candidateId: $id) {
            hostCompany { id } startedOn endedOn } }""",
        {"id": worker},
    )["employmentHistory"]
    assert [(h["hostCompany"]["id"], h["startedOn"], h["endedOn"]) for h in history] == [
        (first, WORK_STARTS.isoformat(), PERIOD_ENDS.isoformat()),
        (second, PERIOD_ENDS.isoformat(), None),
    ]

    # The move to SSW (i): grade 3 (or the SSW (i) test) and A2; good completion exempts
    # no one under ESD.
    move = {"candidateId": worker, "changedOn": "2030-08-01"}
    with frozen_at(date(2030, 8, 1)):
        refused(api, db_settings, "moveToSpecifiedSkilledWorker", move, "skillsTest", "grade_3")
        sitting(api, worker, "GRADE_3", date(2030, 6, 15), passed=True)
        refused(api, db_settings, "moveToSpecifiedSkilledWorker", move, "japaneseTest", "A2")
        language(api, worker, date(2030, 7, 5), **jlpt("N4"))
        ssw = run(api, "moveToSpecifiedSkilledWorker", "candidate { status }", move)["candidate"]
    assert ssw == {"status": "SSW_I"}
