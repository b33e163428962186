"""Who sees audits and guidance visits of host companies (issue 13, item 12).

IM Japan sees and records every one; a host company sees its own, findings
included; ministries and embassies do not see audits or visits at all (refused
at the field, FORBIDDEN), even of the companies that host their nationals.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.settings import Settings
from tests.client import global_id, mutation, post
from tests.factories import signed_in_as
from tests.supervision.audit_world import AUDIT_FIELDS, audit_input, seed

pytestmark = pytest.mark.database

READ = """query($a: ID!, $v: ID!) {
  hostCompanyAudit(id: $a) { findings followUp interviewedInterns { fullName } }
  guidanceVisit(id: $v) { guidance internsMet { fullName } }
  node(id: $a) { ... on HostCompanyAudit { auditor } }
  hostCompanyAudits { totalCount edges { node { findings } } }
  guidanceVisits { totalCount }
}"""
NESTED = """query($c: ID!) { hostCompany(id: $c) {
  name audits { totalCount } visits { totalCount } } }"""
DUE = 'query { auditsDue(before: "2026-06-30") { hostCompany { name } } }'


def _codes(body: dict[str, Any]) -> dict[str, str]:
    return {
        ".".join(str(p) for p in error["path"]): error["extensions"]["code"]
        for error in body.get("errors", [])
    }


@pytest.fixture
def recorded(api: TestClient, db_settings: Settings) -> dict[str, Any]:
    world = seed(db_settings)
    audit = mutation(api, "recordHostCompanyAudit", AUDIT_FIELDS, audit_input(world))["audit"]
    visit = mutation(
        api,
        "recordGuidanceVisit",
        "visit { id } errors { field }",
        {
            "hostCompanyId": world.company_id,
            "visitedOn": "2026-03-10",
            "visitor": "Tanaka Jiro",
            "guidance": "Rest days.",
            "metCandidateIds": world.intern_ids[:1],
        },
    )["visit"]
    accounts = signed_in_as(
        api,
        staff=(Role.STAFF, {}),
        ministry=(Role.MINISTRY_OFFICER, {"country_code": "VN"}),
        other_ministry=(Role.MINISTRY_OFFICER, {"country_code": "TH"}),
        embassy=(Role.EMBASSY_OFFICER, {"country_code": "VN"}),
        company=(Role.HOST_COMPANY, {"host_company_id": world.company}),
        other_company=(Role.HOST_COMPANY, {"host_company_id": world.other_company}),
    )
    return {
        "world": world,
        "vars": {"a": audit["id"], "v": visit["id"]},
        "company": world.company_id,
        "headers": {**accounts, "anonymous": {}},
    }


def _as(api: TestClient, recorded: dict[str, Any], who: str, query: str, variables: Any) -> Any:
    headers = recorded["headers"][who]
    if who == "anonymous":
        # The same client without the administrator's header, for this request only.
        saved = api.headers.pop("Authorization")
        try:
            return post(api, query, variables)
        finally:
            api.headers["Authorization"] = saved
    return post(api, query, variables, headers)


def test_im_japan_and_the_company_itself_read_the_findings(
    api: TestClient, recorded: dict[str, Any]
) -> None:
    for who in ("staff", "company"):
        body = _as(api, recorded, who, READ, recorded["vars"])
        assert "errors" not in body, (who, body)
        data = body["data"]
        assert data["hostCompanyAudit"]["findings"] == "Overtime records incomplete for January."
        assert data["hostCompanyAudit"]["interviewedInterns"] == [
            {"fullName": "Nguyen Van A"},
            {"fullName": "Nguyen Van B"},
        ]
        assert data["guidanceVisit"]["internsMet"] == [{"fullName": "Nguyen Van A"}]
        assert data["node"] == {"auditor": "Sato Hanako"}
        assert data["hostCompanyAudits"]["totalCount"] == 1
        assert data["guidanceVisits"]["totalCount"] == 1
        nested = _as(api, recorded, who, NESTED, {"c": recorded["company"]})["data"]
        assert nested["hostCompany"]["audits"]["totalCount"] == 1


def test_another_company_finds_nothing(api: TestClient, recorded: dict[str, Any]) -> None:
    body = _as(api, recorded, "other_company", READ, recorded["vars"])
    assert "errors" not in body, body
    assert body["data"] == {
        "hostCompanyAudit": None,
        "guidanceVisit": None,
        "node": None,
        "hostCompanyAudits": {"totalCount": 0, "edges": []},
        "guidanceVisits": {"totalCount": 0},
    }


@pytest.mark.parametrize("who", ["ministry", "other_ministry", "embassy"])
def test_ministries_and_embassies_see_no_audit(
    api: TestClient, recorded: dict[str, Any], who: str
) -> None:
    body = _as(api, recorded, who, READ, recorded["vars"])
    assert _codes(body) == {
        "hostCompanyAudit": "FORBIDDEN",
        "guidanceVisit": "FORBIDDEN",
        "node": "FORBIDDEN",
        "hostCompanyAudits": "FORBIDDEN",
        "guidanceVisits": "FORBIDDEN",
    }
    nested = _as(api, recorded, who, NESTED, {"c": recorded["company"]})
    # The company of its nationals is seen (the ministry's scope), its audits are not.
    if who == "ministry":
        assert nested["data"]["hostCompany"]["name"] == "Gifu Casting"
        assert _codes(nested) == {
            "hostCompany.audits": "FORBIDDEN",
            "hostCompany.visits": "FORBIDDEN",
        }


def test_anonymous_visitors_must_sign_in(api: TestClient, recorded: dict[str, Any]) -> None:
    body = _as(api, recorded, "anonymous", READ, recorded["vars"])
    assert set(_codes(body).values()) == {"UNAUTHENTICATED"}


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("ministry", "FORBIDDEN"),
        ("embassy", "FORBIDDEN"),
        ("company", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ],
)
def test_only_im_japan_records_and_plans(
    api: TestClient, recorded: dict[str, Any], who: str, code: str
) -> None:
    query = """mutation($input: RecordHostCompanyAuditInput!) {
        recordHostCompanyAudit(input: $input) { errors { field } } }"""
    body = _as(api, recorded, who, query, {"input": audit_input(recorded["world"])})
    assert _codes(body) == {"recordHostCompanyAudit": code}
    assert _codes(_as(api, recorded, who, DUE, {})) == {"auditsDue": code}


def test_staff_plan_with_audits_due(api: TestClient, recorded: dict[str, Any]) -> None:
    body = _as(api, recorded, "staff", DUE, {})
    assert "errors" not in body, body
    names = [due["hostCompany"]["name"] for due in body["data"]["auditsDue"]]
    assert names == ["Gifu Casting", "Osaka Press"]
    assert global_id("HostCompany", recorded["world"].company) == recorded["company"]
