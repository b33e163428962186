"""ESD plans over HTTP on SQLite and PostgreSQL: their life (a plan applied for on
2027-04-01 is accepted as ESD, the clock frozen there), the refusals of each check,
each on its field with the rule, the values and the source, writing nothing; the
extension after failed tests only; who sees and writes them; the list's statements
constant in the page size."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import EsdPlan, EsdSkillsSitting, EsdWorkCategory, LanguageResult
from core.services import clock
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import global_id, gql, key_of, post
from tests.esd.plan_helpers import (
    CATEGORY,
    FIELD,
    esd_plan_mutation,
    esd_plan_values,
    record_category,
    record_licence,
)
from tests.factories import build, call, candidate, host_company
from tests.lifecycle.helpers import snapshot
from tests.sql import recorded_statements, run_sql
from tests.supervision.test_entry_access import anonymous

pytestmark = pytest.mark.database

CERTIFIER = "外国人育成就労機構"
PERIOD_SOURCE = "https://lighthouse88.com/?p=1335626"


def world(session: Session) -> dict[str, str]:
    vn = call(session, "VN")
    worker = candidate(session, vn, "training_completed", training_completed_on=date(2027, 1, 20))
    titp = candidate(
        session, vn, "training_completed", training_completed_on=date(2027, 1, 20), programme="titp"
    )
    company = host_company(session, "ESD KK")
    session.add(
        EsdWorkCategory(
            field_code=FIELD,
            code="AG-LATER",
            name_ja="後日の区分 試験",
            valid_from=date(2028, 1, 1),
            source_url="https://example.invalid/later",
            tag="inferred",
        )
    )
    session.flush()
    return {
        "candidate": global_id("Candidate", worker.id or 0),
        "titp": global_id("Candidate", titp.id or 0),
        "company": global_id("HostCompany", company.id or 0),
    }


@pytest.fixture
def ids(api: TestClient, db_settings: Settings) -> dict[str, str]:
    made = build(db_settings, world)
    record_licence(api)
    record_category(api)
    return made


def done(api: TestClient, name: str, data: dict[str, Any]) -> dict[str, Any]:
    payload = esd_plan_mutation(api, name, data)
    assert payload["errors"] == [], (name, payload["errors"])
    plan: dict[str, Any] = payload["esdPlan"]
    return plan


def programme_of(settings: Settings, candidate_id: str) -> object:
    key = key_of(candidate_id, "Candidate")
    return run_sql(settings, f"SELECT programme FROM candidate WHERE id = {key}")[0][0]


def test_a_plan_applied_for_on_2027_04_01_is_accepted_as_esd_and_certified(
    api: TestClient, db_settings: Settings, ids: dict[str, str]
) -> None:
    with clock.frozen_at(date(2027, 4, 1)):
        plan = done(api, "draftEsdPlan", esd_plan_values(ids["candidate"], ids["company"]))
        assert (plan["status"], plan["version"], plan["appliedOn"]) == ("DRAFTED", 1, None)
        assert plan["field"] == {"code": FIELD, "nameJa": "農業", "transferPeriodYears": 1}
        assert programme_of(db_settings, ids["candidate"]) is None
        applied = done(api, "applyEsdPlan", {"planId": plan["id"], "appliedOn": "2027-04-01"})
    assert (applied["status"], applied["appliedOn"]) == ("APPLIED", "2027-04-01")
    assert programme_of(db_settings, ids["candidate"]) == "esd"
    with clock.frozen_at(date(2027, 5, 10)):
        certify = {"planId": plan["id"], "certifiedOn": "2027-05-10", "certificateNumber": "E-9"}
        certified = done(api, "certifyEsdPlan", certify)
    assert certified["status"] == "CERTIFIED"
    assert (certified["certifiedBy"], certified["certificateNumber"]) == (CERTIFIER, "E-9")
    assert certified["hostCompany"] == {"id": ids["company"]}
    assert certified["candidate"] == {"id": ids["candidate"]}
    listed = gql(
        api,
        "query($c: ID) { esdPlans(candidateId: $c, status: CERTIFIED) { edges { node { id } } } }",
        {"c": ids["candidate"]},
    )["esdPlans"]["edges"]
    assert [edge["node"]["id"] for edge in listed] == [plan["id"]]
    node = gql(
        api,
        "query($id: ID!) { node(id: $id) { ... on EsdPlan { certifiedBy } } }",
        {"id": plan["id"]},
    )["node"]
    assert node == {"certifiedBy": CERTIFIER}


def test_a_changed_certifier_is_read_on_the_day_of_certification(
    api: TestClient, ids: dict[str, str]
) -> None:
    change = {
        "key": "esd.plan.certifier",
        "value": '"新しい機構"',
        "validFrom": "2027-05-11",
        "tag": "PRIMARY",
        "sourceUrl": "https://example.invalid/renamed",
    }
    gql(
        api,
        "mutation($i: SetRuleValueInput!) { setRuleValue(input: $i) { errors { field } } }",
        {"i": change},
    )
    with clock.frozen_at(date(2027, 5, 11)):
        plan = done(api, "draftEsdPlan", esd_plan_values(ids["candidate"], ids["company"]))
        done(api, "applyEsdPlan", {"planId": plan["id"], "appliedOn": "2027-04-01"})
        certify = {"planId": plan["id"], "certifiedOn": "2027-05-10", "certificateNumber": "E-1"}
        assert done(api, "certifyEsdPlan", certify)["certifiedBy"] == CERTIFIER


DRAFT_REFUSALS: list[tuple[str, dict[str, Any], str, str, list[str]]] = [
    ("no such field", {"fieldCode": "space_travel"}, "fieldCode", "NOT_FOUND", ["space_travel"]),
    (
        "no such category",
        {"workCategoryCode": "AG-NONE"},
        "workCategoryCode",
        "NOT_FOUND",
        ["AG-NONE", FIELD],
    ),
    (
        "category of another field",
        {"fieldCode": "care"},
        "workCategoryCode",
        "NOT_FOUND",
        [CATEGORY, "care"],
    ),
    (
        "category not yet valid",
        {"workCategoryCode": "AG-LATER"},
        "workCategoryCode",
        "NOT_FOUND",
        ["AG-LATER", "2027-04-01"],
    ),
    (
        "start before ESD",
        {"plannedStart": "2027-03-31"},
        "plannedStart",
        "INVALID",
        ["2027-03-31", "2027-04-01", "esd.in_force_from", "https://imm.or.jp"],
    ),
    (
        "over three years",
        {"plannedEnd": "2030-04-01"},
        "plannedEnd",
        "INVALID",
        ["2030-04-01", "2030-03-31", "3 years", "esd.period.years", PERIOD_SOURCE],
    ),
    (
        "core duties under a third",
        {"coreDutiesPercent": 33},
        "coreDutiesPercent",
        "INVALID",
        ["33%", "1/3", "esd.plan.core_duties_min", "https://www.horei.co.jp"],
    ),
    ("end before start", {"plannedEnd": "2027-03-31"}, "plannedEnd", "INVALID", ["plannedStart"]),
    (
        "a TITP candidate",
        {"candidateId": "titp"},
        "candidateId",
        "NOT_ALLOWED_STATE",
        ["TITP", "ESD", "trust-gyosei"],
    ),
]


@pytest.mark.parametrize(
    ("case", "changes", "field", "code", "says"), DRAFT_REFUSALS, ids=[r[0] for r in DRAFT_REFUSALS]
)
def test_a_draft_failing_a_check_is_refused_and_writes_nothing(
    api: TestClient,
    db_settings: Settings,
    ids: dict[str, str],
    case: str,
    changes: dict[str, Any],
    field: str,
    code: str,
    says: list[str],
) -> None:
    if changes.get("candidateId") == "titp":
        changes = {**changes, "candidateId": ids["titp"]}
    before = snapshot(db_settings)
    with clock.frozen_at(date(2027, 4, 1)):
        values = esd_plan_values(ids["candidate"], ids["company"], **changes)
        payload = esd_plan_mutation(api, "draftEsdPlan", values)
    assert payload["esdPlan"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == (field, code), error
    for part in says:
        assert part in error["message"], (part, error["message"])
    assert snapshot(db_settings) == before


def test_a_34_percent_share_and_exactly_three_years_are_accepted(
    api: TestClient, ids: dict[str, str]
) -> None:
    values = esd_plan_values(ids["candidate"], ids["company"], coreDutiesPercent=34)
    plan = done(api, "draftEsdPlan", values)
    assert (plan["plannedEnd"], plan["coreDutiesPercent"]) == ("2030-03-31", 34)
    # One live plan per worker.
    again = esd_plan_mutation(api, "draftEsdPlan", values)
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("candidateId", "DUPLICATE")]


def drafted(api: TestClient, ids: dict[str, str]) -> str:
    plan: str = done(api, "draftEsdPlan", esd_plan_values(ids["candidate"], ids["company"]))["id"]
    return plan


def applied(api: TestClient, ids: dict[str, str]) -> str:
    plan = drafted(api, ids)
    with clock.frozen_at(date(2027, 4, 1)):
        done(api, "applyEsdPlan", {"planId": plan, "appliedOn": "2026-12-01"})
    return plan


def certified(api: TestClient, ids: dict[str, str]) -> str:
    plan = applied(api, ids)
    with clock.frozen_at(date(2027, 4, 1)):
        certify = {"planId": plan, "certifiedOn": "2027-01-15", "certificateNumber": "E-2"}
        done(api, "certifyEsdPlan", certify)
    return plan


def no_licence(settings: Settings) -> None:
    run_sql(settings, "DELETE FROM supervision_licence", "SELECT 1")


def titp_meanwhile(settings: Settings) -> None:
    run_sql(settings, "UPDATE candidate SET programme = 'titp'", "SELECT 1")


LIFE_REFUSALS: list[tuple[str, Any, str, dict[str, Any], Any, str, str, list[str]]] = [
    (
        "apply before applications open",
        drafted,
        "applyEsdPlan",
        {"appliedOn": "2026-08-31"},
        None,
        "appliedOn",
        "INVALID",
        ["2026-08-31", "2026-09-01", "esd.plan.applications_from"],
    ),
    (
        "apply without the licence",
        drafted,
        "applyEsdPlan",
        {"appliedOn": "2027-04-01"},
        no_licence,
        "appliedOn",
        "NOT_ALLOWED_STATE",
        ["esd_supervising_support", "2027-04-01"],
    ),
    (
        "apply after the licence ended",
        drafted,
        "applyEsdPlan",
        {"appliedOn": "2029-04-15"},
        None,
        "appliedOn",
        "NOT_ALLOWED_STATE",
        ["esd_supervising_support", "2029-04-15"],
    ),
    (
        "apply for a TITP candidate",
        drafted,
        "applyEsdPlan",
        {"appliedOn": "2027-04-01"},
        titp_meanwhile,
        "candidateId",
        "NOT_ALLOWED_STATE",
        ["TITP"],
    ),
    (
        "apply twice",
        applied,
        "applyEsdPlan",
        {"appliedOn": "2027-04-01"},
        None,
        "planId",
        "NOT_ALLOWED_STATE",
        ["applied"],
    ),
    (
        "certify a draft",
        drafted,
        "certifyEsdPlan",
        {"certifiedOn": "2027-01-15", "certificateNumber": "X"},
        None,
        "planId",
        "NOT_ALLOWED_STATE",
        ["drafted"],
    ),
    (
        "certify before applying",
        applied,
        "certifyEsdPlan",
        {"certifiedOn": "2026-11-30", "certificateNumber": "X"},
        None,
        "certifiedOn",
        "INVALID",
        ["2026-12-01"],
    ),
    (
        "extend an uncertified plan",
        applied,
        "extendEsdPlan",
        {"extendedTo": "2031-03-31", "reason": "failed"},
        None,
        "planId",
        "NOT_ALLOWED_STATE",
        ["applied"],
    ),
    (
        "extend beyond a year",
        certified,
        "extendEsdPlan",
        {"extendedTo": "2031-04-01", "reason": "failed"},
        None,
        "extendedTo",
        "INVALID",
        ["2031-03-31", "esd.period.extension_years", PERIOD_SOURCE],
    ),
    (
        "extend without a failed test",
        certified,
        "extendEsdPlan",
        {"extendedTo": "2031-03-31", "reason": "failed"},
        None,
        "planId",
        "INVALID",
        ["grade_3, ssw_i", "esd.period.extension_years"],
    ),
    (
        "end before certification",
        certified,
        "endEsdPlan",
        {"endedOn": "2027-01-14", "reason": "gone"},
        None,
        "endedOn",
        "INVALID",
        ["2027-01-15"],
    ),
]


@pytest.mark.parametrize(
    ("case", "make", "name", "data", "meanwhile", "field", "code", "says"),
    LIFE_REFUSALS,
    ids=[r[0] for r in LIFE_REFUSALS],
)
def test_a_step_failing_a_check_is_refused_and_writes_nothing(
    api: TestClient,
    db_settings: Settings,
    ids: dict[str, str],
    case: str,
    make: Any,
    name: str,
    data: dict[str, Any],
    meanwhile: Any,
    field: str,
    code: str,
    says: list[str],
) -> None:
    plan = make(api, ids)
    if meanwhile is not None:
        meanwhile(db_settings)
    before = snapshot(db_settings)
    with clock.frozen_at(date(2029, 5, 1)):
        payload = esd_plan_mutation(api, name, {"planId": plan, **data})
    assert payload["esdPlan"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == (field, code), error
    for part in says:
        assert part in error["message"], (part, error["message"])
    assert snapshot(db_settings) == before


def add_result(settings: Settings, candidate_id: str, kind: type[Any], values: Any) -> None:
    key = key_of(candidate_id, "Candidate")

    def add(session: Session) -> None:
        session.add(kind(candidate_id=key, **values))

    build(settings, add)


def sitting(grade: str, sat_on: date, passed: bool) -> tuple[type[Any], dict[str, Any]]:
    return EsdSkillsSitting, {"grade": grade, "sat_on": sat_on, "passed": passed}


def language(**values: Any) -> tuple[type[Any], dict[str, Any]]:
    return LanguageResult, values


@pytest.mark.parametrize(
    ("failures", "extends"),
    [
        ([sitting("grade_3", date(2029, 12, 1), False)], True),
        ([sitting("ssw_i", date(2029, 12, 1), False)], True),
        (
            [
                language(
                    kind="test", test="jlpt", level="N4", passed=False, taken_on=date(2029, 12, 1)
                )
            ],
            True,
        ),
        # A passed sitting, a failed basic grade, a failure before the plan: no extension.
        (
            [
                sitting("grade_3", date(2029, 12, 1), True),
                sitting("basic", date(2028, 3, 1), False),
                sitting("grade_3", date(2027, 3, 1), False),
                language(kind="course", course_hours=100, taken_on=date(2029, 12, 1)),
                language(kind="test", test="jlpt", passed=True, taken_on=date(2029, 12, 1)),
            ],
            False,
        ),
    ],
)
def test_the_period_is_extended_once_after_a_failed_test(
    api: TestClient,
    db_settings: Settings,
    ids: dict[str, str],
    failures: list[Any],
    extends: bool,
) -> None:
    plan = certified(api, ids)
    for kind, values in failures:
        add_result(db_settings, ids["candidate"], kind, values)
    data = {"planId": plan, "extendedTo": "2031-03-31", "reason": "failed grade 3"}
    payload = esd_plan_mutation(api, "extendEsdPlan", data)
    if not extends:
        assert [e["field"] for e in payload["errors"]] == ["planId"]
        return
    assert payload["errors"] == []
    extended = payload["esdPlan"]
    assert (extended["extendedTo"], extended["extensionReason"]) == ("2031-03-31", "failed grade 3")
    assert extended["plannedEnd"] == "2030-03-31"
    again = esd_plan_mutation(api, "extendEsdPlan", {**data, "extendedTo": "2031-01-01"})
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("planId", "NOT_ALLOWED_STATE")]


def test_an_ended_plan_makes_room_for_a_new_version(api: TestClient, ids: dict[str, str]) -> None:
    plan = certified(api, ids)
    with clock.frozen_at(date(2027, 4, 1)):
        ended = done(api, "endEsdPlan", {"planId": plan, "endedOn": "2027-02-01", "reason": "x"})
    assert (ended["status"], ended["endedOn"], ended["endReason"]) == ("ENDED", "2027-02-01", "x")
    again = done(api, "draftEsdPlan", esd_plan_values(ids["candidate"], ids["company"]))
    assert again["version"] == 2


# --- access -------------------------------------------------------------------------


def access_world(session: Session) -> dict[str, int]:
    vn, other = call(session, "VN"), call(session, "ID")
    company_a, company_b = host_company(session, "A KK"), host_company(session, "B KK")
    working = candidate(session, vn, "in_japan_esd", host_company_id=company_a.id, programme="esd")
    trained = candidate(session, vn, "training_completed", programme="esd")
    foreign = candidate(session, other, "in_japan_esd", host_company_id=company_b.id)
    keys = {"company_a": company_a.id or 0, "company_b": company_b.id or 0}
    for name, person, company in (
        ("working", working, company_a),
        ("trained", trained, company_a),
        ("foreign", foreign, company_b),
    ):
        keys[name] = plan_row(session, person.id or 0, company.id or 0).id or 0
    return keys


def plan_row(session: Session, candidate_id: int, company_id: int, **columns: Any) -> EsdPlan:
    row = EsdPlan(
        candidate_id=candidate_id,
        host_company_id=company_id,
        field_code=columns.pop("field_code", FIELD),
        work_category_code=CATEGORY,
        goals="g",
        planned_start=date(2027, 4, 1),
        planned_end=date(2030, 3, 31),
        core_duties_percent=50,
        instructor="i",
        life_counsellor="l",
        monthly_wage=200000,
        weekly_hours=40,
        housing="h",
        status=columns.pop("status", "certified"),
        **columns,
    )
    session.add(row)
    session.flush()
    return row


SEES = {
    "staff": {"working", "trained", "foreign"},
    "vn_ministry": {"working", "trained"},
    "id_ministry": {"foreign"},
    "vn_embassy": {"working"},
    "company_a": {"working", "trained"},
    "company_b": {"foreign"},
}
LIST = "{ esdPlans(first: 50) { edges { node { id } } } }"


def test_who_sees_which_plans(api: TestClient, db_settings: Settings) -> None:
    keys = build(db_settings, access_world)
    headers = {
        "staff": signed_in(api, Role.STAFF),
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "id_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="ID"),
        "vn_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="VN"),
        "company_a": signed_in(api, Role.HOST_COMPANY, host_company_id=keys["company_a"]),
        "company_b": signed_in(api, Role.HOST_COMPANY, host_company_id=keys["company_b"]),
    }
    ids = {name: global_id("EsdPlan", keys[name]) for name in ("working", "trained", "foreign")}
    names = {value: key for key, value in ids.items()}
    by_node = "query($ids: [ID!]!) { nodes(ids: $ids) { ... on EsdPlan { id } } }"
    for reader, sees in SEES.items():
        listed = gql(api, LIST, None, headers[reader])["esdPlans"]["edges"]
        assert {names[edge["node"]["id"]] for edge in listed} == sees, reader
        found = gql(api, by_node, {"ids": list(ids.values())}, headers[reader])["nodes"]
        assert {names[item["id"]] for item in found if item} == sees, reader
        # Writing is IM Japan's: the others are refused and nothing changes.
        before = snapshot(db_settings)
        body = post(
            api,
            "mutation($i: EndEsdPlanInput!) { endEsdPlan(input: $i) { errors { field } } }",
            {"i": {"planId": ids["working"], "endedOn": "2026-12-01", "reason": "r"}},
            headers[reader],
        )
        if reader == "staff":
            assert body["data"]["endEsdPlan"]["errors"] == []
        else:
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", reader
            assert snapshot(db_settings) == before
    with anonymous(api):
        refused = post(api, LIST)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def many_plans(count: int) -> Any:
    def make(session: Session) -> None:
        vn = call(session, "VN", label=f"call {count}")
        company = host_company(session, f"Many {count} KK")
        for index in range(count):
            person = candidate(session, vn, "training_completed", full_name=f"W {count} {index}")
            field = "care" if index % 2 else FIELD
            plan_row(session, person.id or 0, company.id or 0, field_code=field)

    return make


PAGE = """query($n: Int!) { esdPlans(first: $n) { edges { node { id status
    field { code transferPeriodYears workCategories { code } }
    candidate { id } hostCompany { id } } } } }"""


def test_the_list_costs_the_same_whatever_the_page_size(
    api: TestClient, db_settings: Settings
) -> None:
    build(db_settings, many_plans(12))
    engines = api.app.state.db.engines  # type: ignore[attr-defined]
    counts = {}
    for size in (2, 12):
        with recorded_statements(*engines) as seen:
            edges = gql(api, PAGE, {"n": size})["esdPlans"]["edges"]
        assert len(edges) == size
        assert all(edge["node"]["field"]["code"] in {"care", FIELD} for edge in edges)
        counts[size] = len(seen)
    assert counts[2] == counts[12]
