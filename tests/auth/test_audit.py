"""Every mutation is recorded: who, when, what, from where, and whether it worked."""

from __future__ import annotations

from starlette.testclient import TestClient

from core.auth.roles import Role
from tests.accounts import PASSWORD, add_account, sign_in

AUDIT = (
    "{ auditLog(first: 10) { edges { node "
    "{ actor clientAddress operation fields variables succeeded at } } } }"
)


def test_mutations_are_in_the_audit_log(client: TestClient) -> None:
    admin_email = add_account(client, Role.ADMIN)
    admin = sign_in(client, admin_email)
    officer = sign_in(client, add_account(client, Role.MINISTRY_OFFICER, country_code="TH"))
    create = """mutation NewCall($i: CreateRecruitmentCallInput!) {
        createRecruitmentCall(input: $i) { errors { field } } }"""
    good = {
        "countryCode": "TH",
        "label": "23-09",
        "jobFields": ["construction"],
        "places": 4,
        "opensOn": "2026-01-01",
        "closesOn": "2026-01-31",
    }
    client.post("/graphql", json={"query": create, "variables": {"i": good}}, headers=officer)
    bad = {**good, "label": None}
    client.post("/graphql", json={"query": create, "variables": {"i": bad}}, headers=officer)
    client.post(
        "/graphql",
        json={"query": create, "variables": {"i": {**good, "countryCode": "VN"}}},
        headers=officer,
    )

    page = client.post("/graphql", json={"query": AUDIT}, headers=admin).json()["data"]
    entries = [edge["node"] for edge in page["auditLog"]["edges"]]
    newest_first = [(e["operation"], e["succeeded"]) for e in entries]
    assert newest_first[:3] == [("NewCall", False), ("NewCall", False), ("NewCall", True)]
    assert {e["actor"] for e in entries[:3]} == {entries[0]["actor"]}
    assert entries[0]["actor"].startswith("ministry_officer")
    assert entries[0]["clientAddress"] == "testclient"
    assert entries[0]["fields"] == ["createRecruitmentCall"]
    assert entries[2]["variables"] == {"i": good}
    logins = [e for e in entries if e["fields"] == ["login"]]
    assert logins and all(e["variables"]["p"] == "***" for e in logins)
    assert all(PASSWORD not in str(e["variables"]) for e in entries)


def test_only_administrators_read_the_audit_log(client: TestClient) -> None:
    staff = sign_in(client, add_account(client, Role.STAFF))
    body = client.post("/graphql", json={"query": AUDIT}, headers=staff).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
