"""The 17 ESD fields over HTTP: as the reference lists them with their provisional
transfer periods, a period replaced by an administrator seen from its date and not
before, work categories recorded by an administrator (refusals writing nothing), and
the list's statements constant whatever the number of categories."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.domain.esd_fields import FIELDS
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import gql, mutation, post
from tests.esd.plan_helpers import ERRORS, record_category, run
from tests.lifecycle.helpers import snapshot
from tests.sql import recorded_statements

pytestmark = pytest.mark.database

FIELDS_ON = """query($on: Date) { esdFields(on: $on) { code nameJa nameEn sswFieldJa sswFieldTag
    sourceUrl tag transferPeriodYears transferPeriodProvisional transferPeriodSince
    workCategories { fieldCode code nameJa nameEn validFrom sourceUrl tag } } }"""
ONE = """query($code: String!) { esdField(code: $code) { code nameJa transferPeriodYears
    workCategories { code } } }"""


def fields_on(api: TestClient, on: str | None = None) -> dict[str, dict[str, Any]]:
    found = gql(api, FIELDS_ON, {"on": on})["esdFields"]
    return {item["code"]: item for item in found}


def test_the_seventeen_fields_with_their_provisional_periods(api: TestClient) -> None:
    found = gql(api, FIELDS_ON, {"on": "2027-04-01"})["esdFields"]
    assert [item["code"] for item in found] == [fact.code for fact in FIELDS]
    by_code = {item["code"]: item for item in found}
    for fact in FIELDS:
        item = by_code[fact.code]
        assert item["nameJa"] == fact.name_ja
        assert item["nameEn"] is None
        assert item["transferPeriodYears"] == fact.transfer_period_years
        assert item["transferPeriodProvisional"] is True
        assert item["transferPeriodSince"] is None
        assert item["workCategories"] == []
    assert sorted(item["transferPeriodYears"] for item in found).count(1) == 9
    care = gql(api, ONE, {"code": "care"})["esdField"]
    assert care == {
        "code": "care",
        "nameJa": "介護",
        "transferPeriodYears": 2,
        "workCategories": [],
    }
    assert gql(api, ONE, {"code": "nothing"})["esdField"] is None


def test_a_period_changed_by_an_administrator_is_seen_from_its_date(api: TestClient) -> None:
    change = {
        "key": "esd.transfer.period_years.agriculture",
        "value": "2",
        "validFrom": "2027-10-01",
        "tag": "PRIMARY",
        "sourceUrl": "https://example.invalid/notice",
    }
    run(api, "setRuleValue", "ruleValue { key }", change)
    before = fields_on(api, "2027-09-30")["agriculture"]
    after = fields_on(api, "2027-10-01")["agriculture"]
    assert (before["transferPeriodYears"], before["transferPeriodProvisional"]) == (1, True)
    assert before["transferPeriodSince"] is None
    assert (after["transferPeriodYears"], after["transferPeriodProvisional"]) == (2, False)
    assert after["transferPeriodSince"] == "2027-10-01"
    # The other fields keep their versions.
    assert fields_on(api, "2027-10-01")["fishery"]["transferPeriodYears"] == 1


def test_a_work_category_is_recorded_and_listed_with_its_field(api: TestClient) -> None:
    record_category(api, "care", "CARE-1")
    record_category(api, "care", "CARE-0")
    care = fields_on(api)["care"]
    assert [item["code"] for item in care["workCategories"]] == ["CARE-0", "CARE-1"]
    assert care["workCategories"][0] == {
        "fieldCode": "care",
        "code": "CARE-0",
        "nameJa": "耕種農業全般 試験",
        "nameEn": None,
        "validFrom": None,
        "sourceUrl": "https://example.invalid/test-category",
        "tag": "INFERRED",
    }
    # The same code in another field is another category.
    record_category(api, "agriculture", "CARE-0")
    assert [c["code"] for c in fields_on(api)["agriculture"]["workCategories"]] == ["CARE-0"]


CATEGORY = {
    "fieldCode": "care",
    "code": "CARE-1",
    "nameJa": "身体介護",
    "sourceUrl": "https://example.invalid/c",
    "tag": "SECONDARY",
}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({}, "code", "DUPLICATE"),
        ({"fieldCode": "space_travel"}, "fieldCode", "NOT_FOUND"),
        ({"code": "bad code!"}, "code", "INVALID"),
        ({"nameJa": ""}, "nameJa", "INVALID"),
    ],
)
def test_a_wrong_work_category_is_refused_and_writes_nothing(
    api: TestClient, db_settings: Settings, changes: dict[str, Any], field: str, code: str
) -> None:
    run(api, "recordWorkCategory", "workCategory { code }", CATEGORY)
    before = snapshot(db_settings)
    payload = mutation(
        api, "recordWorkCategory", f"workCategory {{ code }} {ERRORS}", {**CATEGORY, **changes}
    )
    assert payload["workCategory"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert snapshot(db_settings) == before


@pytest.mark.parametrize("role", [Role.STAFF, Role.MINISTRY_OFFICER, Role.EMBASSY_OFFICER])
def test_only_an_administrator_records_a_work_category(
    api: TestClient, db_settings: Settings, role: Role
) -> None:
    scope = {} if role is Role.STAFF else {"country_code": "VN"}
    headers = signed_in(api, role, **scope)
    before = snapshot(db_settings)
    query = (
        "mutation($input: RecordWorkCategoryInput!) { recordWorkCategory(input: $input) "
        "{ workCategory { code } } }"
    )
    body = post(api, query, {"input": CATEGORY}, headers)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert snapshot(db_settings) == before
    # Every signed-in role reads the fields.
    assert len(gql(api, FIELDS_ON, {}, headers)["esdFields"]) == len(FIELDS)


def test_the_list_costs_the_same_whatever_the_categories(api: TestClient) -> None:
    engines = api.app.state.db.engines  # type: ignore[attr-defined]
    with recorded_statements(*engines) as few:
        gql(api, FIELDS_ON, {})
    for index, fact in enumerate(FIELDS):
        record_category(api, fact.code, f"C-{index}")
        record_category(api, fact.code, f"D-{index}")
    with recorded_statements(*engines) as many:
        found = gql(api, FIELDS_ON, {})["esdFields"]
    assert all(len(item["workCategories"]) == 2 for item in found)
    assert len(many) == len(few)
    # Beyond the request's own (session, rate limit): fields, categories, the rules.
    assert sum("esd_work_category" in s for s in many) == 1
    assert sum("rule_value" in s for s in many) == 1
