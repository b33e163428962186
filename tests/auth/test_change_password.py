"""Changing one's own password and reactivating an account, over HTTP on both databases."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import PASSWORD, add_account, sign_in
from tests.auth.test_accounts import LOGIN, ME, REFRESH, bearer
from tests.client import global_id
from tests.lifecycle.helpers import snapshot

NEW_PASSWORD = "a new and longer passphrase"
CHANGE = """mutation($i: ChangePasswordInput!) { changePassword(input: $i) {
  account { email active } errors { field message code } } }"""
REACTIVATE = """mutation($i: AccountIdInput!) { reactivateAccount(input: $i) {
  account { id active } errors { field message code } } }"""
DEACTIVATE = """mutation($i: AccountIdInput!) { deactivateAccount(input: $i) {
  account { active } errors { field code } } }"""


def login(client: TestClient, email: str, password: str) -> dict:
    response = client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"e": email, "p": password}},
    )
    payload: dict = response.json()["data"]["login"]
    return payload


def change(client: TestClient, headers: dict[str, str], current: str, new: str) -> dict:
    response = client.post(
        "/graphql",
        json={
            "query": CHANGE,
            "variables": {"i": {"currentPassword": current, "newPassword": new}},
        },
        headers=headers,
    )
    assert response.status_code == 200, response.text
    payload: dict = response.json()["data"]["changePassword"]
    return payload


def refresh(client: TestClient, token: str) -> dict:
    response = client.post("/graphql", json={"query": REFRESH, "variables": {"t": token}})
    payload: dict = response.json()["data"]["refreshToken"]
    return payload


@pytest.mark.database
def test_a_new_password_ends_the_other_sessions_and_keeps_this_one(api: TestClient) -> None:
    email = add_account(api, Role.MINISTRY_OFFICER, country_code="VN")
    here, elsewhere = login(api, email, PASSWORD), login(api, email, PASSWORD)
    headers = bearer(here["accessToken"])

    changed = change(api, headers, PASSWORD, NEW_PASSWORD)
    assert changed == {"account": {"email": email, "active": True}, "errors": []}

    assert login(api, email, PASSWORD)["errors"][0]["code"] == "INVALID"
    assert login(api, email, NEW_PASSWORD)["errors"] == []
    # The other session is over: its refresh token and its access token are refused.
    assert refresh(api, elsewhere["refreshToken"])["errors"][0]["field"] == "refreshToken"
    other = api.post("/graphql", json={"query": ME}, headers=bearer(elsewhere["accessToken"]))
    assert other.status_code == 401
    # This one goes on: its access token works and its refresh token too.
    me = api.post("/graphql", json={"query": ME}, headers=headers).json()
    assert me["data"]["me"]["email"] == email
    renewed = refresh(api, here["refreshToken"])
    assert renewed["errors"] == [] and renewed["accessToken"]


@pytest.mark.database
def test_refusals_name_the_field_and_write_nothing(api: TestClient, db_settings: Settings) -> None:
    email = add_account(api, Role.STAFF)
    headers = sign_in(api, email)
    other = login(api, email, PASSWORD)
    before = snapshot(db_settings)
    cases = [
        ("not the password at all", NEW_PASSWORD, "currentPassword", "INVALID"),
        (PASSWORD, "too short", "newPassword", "INVALID"),
        (PASSWORD, "n" * 201, "newPassword", "INVALID"),
        (PASSWORD, PASSWORD, "newPassword", "INVALID"),
        (PASSWORD, "", "newPassword", "INVALID"),
    ]
    for current, new, field, code in cases:
        errors = change(api, headers, current, new)["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [(field, code)], (current, new)
    missing = api.post(
        "/graphql",
        json={"query": CHANGE, "variables": {"i": {"newPassword": NEW_PASSWORD}}},
        headers=headers,
    ).json()["data"]["changePassword"]["errors"]
    assert [(e["field"], e["code"]) for e in missing] == [("currentPassword", "REQUIRED")]
    assert snapshot(db_settings) == before
    assert refresh(api, other["refreshToken"])["errors"] == []


@pytest.mark.database
def test_a_wrong_current_password_counts_as_a_failed_sign_in(db_settings: Settings) -> None:
    settings = db_settings.model_copy(update={"login_failures_allowed": 2})
    with TestClient(create_app(settings)) as client:
        email = add_account(client, Role.STAFF)
        headers = sign_in(client, email)
        # A refused new password is not a failure: it does not count.
        for _ in range(3):
            assert change(client, headers, PASSWORD, "short")["errors"][0]["field"] == "newPassword"
        for _ in range(2):
            errors = change(client, headers, "wrong password!", NEW_PASSWORD)["errors"]
            assert errors[0]["field"] == "currentPassword"
        paused = change(client, headers, PASSWORD, NEW_PASSWORD)["errors"]
        assert [e["code"] for e in paused] == ["LIMIT_EXCEEDED"]
        assert login(client, email, PASSWORD)["errors"][0]["code"] == "LIMIT_EXCEEDED"


def test_the_audit_log_keeps_no_password(client: TestClient) -> None:
    email = add_account(client, Role.ADMIN)
    headers = sign_in(client, email)
    assert change(client, headers, PASSWORD, NEW_PASSWORD)["errors"] == []
    log = client.post(
        "/graphql",
        json={"query": "{ auditLog { edges { node { fields variables succeeded } } } }"},
        headers=headers,
    ).json()["data"]["auditLog"]["edges"]
    entry = next(e["node"] for e in log if e["node"]["fields"] == ["changePassword"])
    assert entry["succeeded"] is True
    assert NEW_PASSWORD not in str(log) and PASSWORD not in str(log)


@pytest.mark.database
def test_a_deactivated_account_is_reactivated_once(api: TestClient, db_settings: Settings) -> None:
    email = add_account(api, Role.EMBASSY_OFFICER, country_code="TH")
    session = sign_in(api, email)
    account_id = api.post("/graphql", json={"query": "{ me { id } }"}, headers=session).json()[
        "data"
    ]["me"]["id"]
    variables = {"i": {"accountId": account_id}}
    deactivated = api.post("/graphql", json={"query": DEACTIVATE, "variables": variables})
    assert deactivated.json()["data"]["deactivateAccount"]["errors"] == []
    assert login(api, email, PASSWORD)["errors"]

    done = api.post("/graphql", json={"query": REACTIVATE, "variables": variables}).json()
    assert done["data"]["reactivateAccount"] == {
        "account": {"id": account_id, "active": True},
        "errors": [],
    }
    assert login(api, email, PASSWORD)["errors"] == []
    # The sessions the deactivation ended stay ended.
    assert api.post("/graphql", json={"query": ME}, headers=session).status_code == 401

    before = snapshot(db_settings)
    for data, field, code in [
        ({"accountId": account_id}, "accountId", "NOT_ALLOWED_STATE"),
        ({"accountId": global_id("Account", 99999)}, "accountId", "NOT_FOUND"),
        ({}, "accountId", "REQUIRED"),
    ]:
        body = api.post("/graphql", json={"query": REACTIVATE, "variables": {"i": data}}).json()
        errors = body["data"]["reactivateAccount"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [(field, code)], data
    assert snapshot(db_settings) == before
