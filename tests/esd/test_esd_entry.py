"""Entry and start of work of ESD workers over HTTP on SQLite and PostgreSQL: the entry
chain under a certified ESD plan, the entry with Japanese at A1 or with the 100-hour
course (and refused, writing nothing, without either), dispatch to work on startsOn
(status in_japan_esd, the host company, the first employment), and its refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.services import clock
from core.settings import Settings
from tests.client import global_id, gql, key_of, mutation
from tests.esd import plan_helpers
from tests.esd.plan_helpers import (
    CATEGORY,
    ENTRY_FIELDS,
    ERRORS,
    EsdDates,
    certify_esd_plan,
    esd_plan_values,
    record_category,
    record_language,
    record_licence,
    run,
    take_to_work,
)
from tests.factories import build, call, candidate, host_company
from tests.lifecycle.helpers import snapshot
from tests.sql import run_sql

pytestmark = pytest.mark.database

ENTERED = date(2027, 4, 15)
DATES = EsdDates(ENTERED)


def world(session: Session) -> dict[str, str]:
    vn = call(session, "VN")
    worker = candidate(session, vn, "training_completed", training_completed_on=date(2027, 1, 20))
    company, other = host_company(session, "ESD KK"), host_company(session, "Other KK")
    return {
        "candidate": global_id("Candidate", worker.id or 0),
        "company": global_id("HostCompany", company.id or 0),
        "other": global_id("HostCompany", other.id or 0),
    }


@pytest.fixture
def ids(api: TestClient, db_settings: Settings) -> dict[str, str]:
    made = build(db_settings, world)
    record_licence(api)
    record_category(api)
    return made


def up_to_the_visa(api: TestClient, ids: dict[str, str]) -> None:
    """The certified plan, the Certificate applied for and issued, the visa."""
    certify_esd_plan(api, ids["candidate"], ids["company"], DATES)
    steps: list[tuple[str, dict[str, Any], date]] = [
        ("recordCoeApplication", {"appliedOn": DATES.coe_applied.isoformat()}, DATES.coe_applied),
        (
            "recordCoeIssued",
            {"issuedOn": DATES.coe_issued.isoformat(), "coeNumber": "E-1"},
            DATES.coe_issued,
        ),
        ("recordVisaIssued", {"issuedOn": DATES.visa_issued.isoformat()}, DATES.visa_issued),
    ]
    for name, values, day in steps:
        with clock.frozen_at(day):
            run(
                api,
                name,
                f"entry {{ {ENTRY_FIELDS} }}",
                {"candidateId": ids["candidate"], **values},
            )


def enter(api: TestClient, ids: dict[str, str]) -> dict[str, Any]:
    with clock.frozen_at(ENTERED):
        return mutation(
            api,
            "recordEntry",
            f"candidate {{ id enteredJapanOn }} entry {{ {ENTRY_FIELDS} }} {ERRORS}",
            {"candidateId": ids["candidate"], "enteredOn": ENTERED.isoformat()},
        )


@pytest.mark.parametrize("way", ["test", "course"])
def test_an_esd_worker_enters_with_a1_or_the_course_and_starts_work(
    api: TestClient,
    db_settings: Settings,
    ids: dict[str, str],
    way: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # take_to_work records them itself.
    run_sql(
        db_settings, "DELETE FROM supervision_licence", "DELETE FROM esd_work_category", "SELECT 1"
    )
    take = lambda s, c, d: record_language(s, c, d, way=way)  # noqa: E731
    monkeypatch.setattr(plan_helpers, "LANGUAGE_STEP", take)
    plan = take_to_work(api, db_settings, ids["candidate"], ids["company"], ENTERED)
    found = gql(
        api,
        """query($id: ID!) { candidate(id: $id) { status enteredJapanOn hostCompany { id }
            entry { coeAppliedOn enteredOn } } }""",
        {"id": ids["candidate"]},
    )["candidate"]
    assert found == {
        "status": "IN_JAPAN_ESD",
        "enteredJapanOn": "2027-04-15",
        "hostCompany": {"id": ids["company"]},
        "entry": {"coeAppliedOn": "2027-01-15", "enteredOn": "2027-04-15"},
    }
    key = key_of(ids["candidate"], "Candidate")
    employment = run_sql(
        db_settings,
        "SELECT host_company_id, work_category_code, started_on, ended_on, transfer_id "
        f"FROM esd_employment WHERE candidate_id = {key}",
    )
    assert [(row[0], row[1], str(row[2]), row[3], row[4]) for row in employment] == [
        (key_of(ids["company"], "HostCompany"), CATEGORY, "2027-04-22", None, None)
    ]
    assert key_of(plan, "EsdPlan") >= 1


def a_test(**values: Any) -> dict[str, Any]:
    return {"kind": "test", "test": "jlpt", "level": "N5", "cefr": "A1", "passed": True} | values


def a_course(**values: Any) -> dict[str, Any]:
    return {"kind": "course", "course_hours": 100, "certified_course": True} | values


LANGUAGE_REFUSALS: list[tuple[str, list[dict[str, Any]]]] = [
    ("nothing recorded", []),
    ("a failed A1 test", [a_test(passed=False)]),
    ("a passed test of unknown CEFR", [a_test(cefr=None)]),
    ("a passed A1 test after the entry", [a_test(taken_on=date(2027, 4, 16))]),
    ("a course of 99 hours", [a_course(course_hours=99)]),
    ("an uncertified course", [a_course(certified_course=False)]),
    ("a course after the entry", [a_course(taken_on=date(2027, 4, 16))]),
]


@pytest.mark.parametrize(
    ("case", "results"), LANGUAGE_REFUSALS, ids=[case for case, _ in LANGUAGE_REFUSALS]
)
def test_entry_without_the_japanese_is_refused_and_writes_nothing(
    api: TestClient,
    db_settings: Settings,
    ids: dict[str, str],
    case: str,
    results: list[dict[str, Any]],
) -> None:
    up_to_the_visa(api, ids)
    for values in results:
        values = {"taken_on": DATES.visa_issued} | values
        record_language(db_settings, ids["candidate"], values.pop("taken_on"), **values)
    before = snapshot(db_settings)
    payload = enter(api, ids)
    assert payload["candidate"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("enteredOn", "NOT_ALLOWED_STATE")
    for part in (
        "A1",
        "esd.entry.cefr",
        "100 hours",
        "esd.entry.course_hours",
        "2027-04-15",
        "https://amazing-human.jp",
    ):
        assert part in error["message"], (part, error["message"])
    assert snapshot(db_settings) == before


def test_an_a2_pass_is_enough_for_entry(
    api: TestClient, db_settings: Settings, ids: dict[str, str]
) -> None:
    up_to_the_visa(api, ids)
    record_language(db_settings, ids["candidate"], ENTERED, way="test", level="N4", cefr="A2")
    payload = enter(api, ids)
    assert payload["errors"] == []
    assert payload["entry"]["enteredOn"] == "2027-04-15"


def test_the_certificate_follows_the_certified_esd_plan(
    api: TestClient, db_settings: Settings, ids: dict[str, str]
) -> None:
    values = {"candidateId": ids["candidate"], "appliedOn": "2026-12-14"}
    selection = f"entry {{ {ENTRY_FIELDS} }} {ERRORS}"
    # Applied for (so under ESD) but not certified yet: no certified ESD plan.
    with clock.frozen_at(DATES.applied):
        plan = run(
            api,
            "draftEsdPlan",
            "esdPlan { id }",
            esd_plan_values(
                ids["candidate"], ids["company"], plannedStart="2027-04-15", plannedEnd="2030-04-14"
            ),
        )["esdPlan"]["id"]
        run(
            api,
            "applyEsdPlan",
            "esdPlan { id }",
            {"planId": plan, "appliedOn": DATES.applied.isoformat()},
        )
    with clock.frozen_at(date(2026, 12, 14)):
        before = snapshot(db_settings)
        refused = mutation(api, "recordCoeApplication", selection, values)
        assert [(e["field"], e["message"]) for e in refused["errors"]] == [
            ("candidateId", "the candidate has no certified ESD plan")
        ]
        assert snapshot(db_settings) == before
    with clock.frozen_at(DATES.certified):
        certify = {
            "planId": plan,
            "certifiedOn": DATES.certified.isoformat(),
            "certificateNumber": "E-1",
        }
        run(api, "certifyEsdPlan", "esdPlan { id }", certify)
        early = mutation(api, "recordCoeApplication", selection, values)
        assert [(e["field"], e["code"]) for e in early["errors"]] == [("appliedOn", "INVALID")]
        assert "2026-12-15" in early["errors"][0]["message"]
        on_the_day = {**values, "appliedOn": DATES.certified.isoformat()}
        assert mutation(api, "recordCoeApplication", selection, on_the_day)["errors"] == []


DISPATCH_REFUSALS: list[tuple[str, dict[str, Any], bool, list[tuple[str, str]]]] = [
    ("no startsOn", {"startsOn": None}, True, [("startsOn", "REQUIRED")]),
    ("work before entry", {"startsOn": "2027-04-14"}, True, [("startsOn", "INVALID")]),
    ("another company", {"hostCompanyId": "other"}, True, [("hostCompanyId", "NOT_ALLOWED_STATE")]),
    ("not entered", {}, False, [("entryDate", "NOT_ALLOWED_STATE")]),
    (
        "another entry date",
        {"entryDate": "2027-04-16"},
        True,
        [("entryDate", "INVALID")],
    ),
]


@pytest.mark.parametrize(
    ("case", "changes", "entered", "errors"),
    DISPATCH_REFUSALS,
    ids=[case for case, *_ in DISPATCH_REFUSALS],
)
def test_dispatch_of_an_esd_worker_failing_a_check_is_refused_and_writes_nothing(
    api: TestClient,
    db_settings: Settings,
    ids: dict[str, str],
    case: str,
    changes: dict[str, Any],
    entered: bool,
    errors: list[tuple[str, str]],
) -> None:
    up_to_the_visa(api, ids)
    record_language(db_settings, ids["candidate"], DATES.visa_issued)
    if entered:
        assert enter(api, ids)["errors"] == []
    data: dict[str, Any] = {
        "candidateId": ids["candidate"],
        "hostCompanyId": ids["company"],
        "startsOn": "2027-04-22",
    } | changes
    if data["hostCompanyId"] == "other":
        data["hostCompanyId"] = ids["other"]
    data = {name: value for name, value in data.items() if value is not None}
    before = snapshot(db_settings)
    with clock.frozen_at(date(2027, 5, 1)):
        payload = mutation(api, "dispatchCandidate", f"candidate {{ id }} {ERRORS}", data)
    assert payload["candidate"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == errors
    assert snapshot(db_settings) == before


def test_starts_on_is_refused_for_titp_whose_stage_begins_on_the_entry(
    api: TestClient, db_settings: Settings, ids: dict[str, str]
) -> None:
    # A candidate under no programme yet is dispatched as TITP has always been.
    before = snapshot(db_settings)
    data = {
        "candidateId": ids["candidate"],
        "hostCompanyId": ids["company"],
        "startsOn": "2026-12-01",
    }
    payload = mutation(api, "dispatchCandidate", f"candidate {{ id }} {ERRORS}", data)
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("startsOn", "INVALID")]
    assert snapshot(db_settings) == before
