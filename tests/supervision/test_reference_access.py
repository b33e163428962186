"""Who reads and writes the reference data: every signed-in role reads the rules and
occupations (public rules, but who recorded a version is for IM Japan); only an
administrator adds a rule version; an anonymous visitor gets nothing."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import post
from tests.factories import build, host_company
from tests.lifecycle.helpers import snapshot

pytestmark = pytest.mark.database

READ = """{
  ruleValues(key: "titp.audit.interval_months") { id key whole validFrom tag recordedBy }
  occupations(first: 2) { edges { node { id code } } }
  occupation(code: "2-1-9") { id code stageIIIAllowed }
}"""
SET = """mutation($input: SetRuleValueInput!) { setRuleValue(input: $input) {
  ruleValue { key } errors { field code } } }"""
CHANGE = {
    "key": "titp.audit.interval_months",
    "value": "2",
    "validFrom": "2031-04-01",
    "tag": "PRIMARY",
    "sourceUrl": "https://example.org/notice",
}


@pytest.fixture
def headers(api: TestClient, db_settings: Settings) -> dict[str, dict[str, str]]:
    a, b = build(db_settings, lambda s: (host_company(s, "A").id, host_company(s, "B").id))
    return {
        "admin": {},  # the api client's own administrator
        "staff": signed_in(api, Role.STAFF),
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "id_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="ID"),
        "vn_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="VN"),
        "company_a": signed_in(api, Role.HOST_COMPANY, host_company_id=a),
        "company_b": signed_in(api, Role.HOST_COMPANY, host_company_id=b),
    }


IM_JAPAN = {"admin", "staff"}


def test_every_signed_in_role_reads_the_reference_data(
    api: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    for role, given in headers.items():
        body = post(api, READ, headers=given)
        data = body["data"]
        [rule] = data["ruleValues"]
        assert (rule["whole"], rule["validFrom"], rule["tag"]) == (3, None, "SECONDARY"), role
        assert [e["node"]["code"] for e in data["occupations"]["edges"]] == ["1-1-1", "1-2-1"]
        assert data["occupation"]["stageIIIAllowed"] is False, role
        if role in IM_JAPAN:
            assert "errors" not in body, (role, body)
            assert rule["recordedBy"] == "migration 0015"
        else:
            assert rule["recordedBy"] is None, role
            [error] = body["errors"]
            assert error["extensions"]["code"] == "FORBIDDEN", role
            assert error["path"] == ["ruleValues", 0, "recordedBy"]
        ids = [rule["id"], data["occupation"]["id"]]
        nodes = post(
            api,
            """query($ids: [ID!]!) { nodes(ids: $ids) {
                ... on RuleValue { key } ... on Occupation { code } } }""",
            {"ids": ids},
            headers=given,
        )
        assert nodes["data"]["nodes"] == [
            {"key": "titp.audit.interval_months"},
            {"code": "2-1-9"},
        ], role


def test_anonymous_visitors_read_nothing(api: TestClient) -> None:
    anonymous = {"Authorization": ""}
    for query in (
        "{ ruleValues { key } }",
        "{ occupations { edges { node { code } } } }",
        '{ occupation(code: "1-1-1") { code } }',
    ):
        response = api.post("/graphql", json={"query": query}, headers=anonymous)
        body = response.json()
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", query


def test_only_an_administrator_adds_a_rule_version(
    api: TestClient, db_settings: Settings, headers: dict[str, dict[str, str]]
) -> None:
    before = snapshot(db_settings)
    for role, given in headers.items():
        if role == "admin":
            continue
        body = post(api, SET, {"input": CHANGE}, headers=given)
        assert body["data"]["setRuleValue"] is None, role
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
    anonymous = api.post(
        "/graphql",
        json={"query": SET, "variables": {"input": CHANGE}},
        headers={"Authorization": ""},
    ).json()
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert snapshot(db_settings) == before
    done = post(api, SET, {"input": CHANGE})
    assert done["data"]["setRuleValue"] == {
        "ruleValue": {"key": "titp.audit.interval_months"},
        "errors": [],
    }
