"""Accounts: sign-in, refresh, sign-out, deactivation, token checks, the first admin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.auth.tokens import AUDIENCE, ISSUER, read_access_token
from core.cli import main
from core.settings import Settings
from tests.accounts import PASSWORD, add_account, sign_in

ME = "{ me { email role countryCode } }"
LOGIN = """mutation($e: String, $p: String) { login(input: {email: $e, password: $p}) {
  accessToken refreshToken expiresAt account { email } errors { field message code } } }"""
REFRESH = """mutation($t: String) { refreshToken(input: {refreshToken: $t}) {
  accessToken refreshToken errors { field message code } } }"""


def login(client: TestClient, email: str, password: str) -> dict:
    response = client.post(
        "/graphql", json={"query": LOGIN, "variables": {"e": email, "p": password}}
    )
    return response.json()["data"]["login"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def secret_app(sqlite_url: str) -> TestClient:
    settings = Settings(database_url=sqlite_url, secret_key="s" * 40)
    from core.app import create_app

    with TestClient(create_app(settings)) as client:
        yield client


def test_sign_in_and_see_who_i_am(client: TestClient) -> None:
    email = add_account(client, Role.MINISTRY_OFFICER, country_code="VN")
    headers = sign_in(client, email)
    response = client.post("/graphql", json={"query": ME}, headers=headers)
    assert response.json()["data"]["me"] == {
        "email": email,
        "role": "MINISTRY_OFFICER",
        "countryCode": "VN",
    }


def test_wrong_password_and_unknown_email_get_the_same_answer(client: TestClient) -> None:
    email = add_account(client, Role.STAFF)
    wrong = login(client, email, "not the password at all")
    unknown = login(client, "nobody@example.org", PASSWORD)
    assert wrong["accessToken"] is None and unknown["accessToken"] is None
    assert wrong["errors"] == unknown["errors"]
    assert wrong["errors"][0]["code"] == "INVALID"


def test_refresh_rotates_and_logout_ends_the_session(client: TestClient) -> None:
    email = add_account(client, Role.STAFF)
    first = login(client, email, PASSWORD)
    response = client.post(
        "/graphql", json={"query": REFRESH, "variables": {"t": first["refreshToken"]}}
    )
    second = response.json()["data"]["refreshToken"]
    assert second["errors"] == [] and second["accessToken"]
    again = client.post(
        "/graphql", json={"query": REFRESH, "variables": {"t": first["refreshToken"]}}
    )
    assert again.json()["data"]["refreshToken"]["errors"][0]["field"] == "refreshToken"

    headers = bearer(second["accessToken"])
    assert client.post("/graphql", json={"query": ME}, headers=headers).status_code == 200
    out = client.post("/graphql", json={"query": "mutation { logout { ok } }"}, headers=headers)
    assert out.json()["data"]["logout"] == {"ok": True}
    after = client.post("/graphql", json={"query": ME}, headers=headers)
    assert after.status_code == 401
    assert "not valid" in after.text
    reuse = client.post(
        "/graphql", json={"query": REFRESH, "variables": {"t": second["refreshToken"]}}
    )
    assert reuse.json()["data"]["refreshToken"]["errors"]


def test_admin_creates_and_deactivates_accounts(client: TestClient) -> None:
    admin = sign_in(client, add_account(client, Role.ADMIN))
    create = """mutation($i: CreateAccountInput!) { createAccount(input: $i) {
        account { id email role countryCode } errors { field code } } }"""
    missing_country = {"email": "mol@example.org", "password": PASSWORD, "role": "MINISTRY_OFFICER"}
    response = client.post(
        "/graphql", json={"query": create, "variables": {"i": missing_country}}, headers=admin
    )
    assert response.json()["data"]["createAccount"]["errors"] == [
        {"field": "countryCode", "code": "INVALID"}
    ]
    officer = {**missing_country, "countryCode": "th"}
    response = client.post(
        "/graphql", json={"query": create, "variables": {"i": officer}}, headers=admin
    )
    account = response.json()["data"]["createAccount"]["account"]
    assert (account["role"], account["countryCode"]) == ("MINISTRY_OFFICER", "TH")
    session = sign_in(client, "mol@example.org")

    staff = sign_in(client, add_account(client, Role.STAFF))
    refused = client.post(
        "/graphql", json={"query": create, "variables": {"i": officer}}, headers=staff
    )
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    deactivate = """mutation($i: AccountIdInput!) { deactivateAccount(input: $i) {
        account { active } errors { code } } }"""
    done = client.post(
        "/graphql",
        json={"query": deactivate, "variables": {"i": {"accountId": account["id"]}}},
        headers=admin,
    )
    assert done.json()["data"]["deactivateAccount"] == {"account": {"active": False}, "errors": []}
    assert client.post("/graphql", json={"query": ME}, headers=session).status_code == 401
    assert login(client, "mol@example.org", PASSWORD)["errors"]


def test_tokens_that_are_not_ours_are_refused(secret_app: TestClient) -> None:
    email = add_account(secret_app, Role.STAFF)
    good = sign_in(secret_app, email)["Authorization"].removeprefix("Bearer ")
    account_id, session_id = read_access_token(good, secret="s" * 40)
    now = datetime.now(UTC)
    claims = {"sub": str(account_id), "sid": session_id, "iss": ISSUER, "aud": AUDIENCE, "iat": now}
    forged = {
        "expired": jwt.encode({**claims, "exp": now - timedelta(seconds=1)}, "s" * 40, "HS256"),
        "wrong key": jwt.encode({**claims, "exp": now + timedelta(minutes=5)}, "t" * 40, "HS256"),
        "wrong audience": jwt.encode(
            {**claims, "aud": "other", "exp": now + timedelta(minutes=5)}, "s" * 40, "HS256"
        ),
        "no expiry": jwt.encode(claims, "s" * 40, "HS256"),
        "alg none": jwt.encode({**claims, "exp": now + timedelta(minutes=5)}, None, "none"),
        "tampered": good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB"),
        "garbage": "not-a-token",
    }
    for label, token in forged.items():
        response = secret_app.post("/graphql", json={"query": ME}, headers=bearer(token))
        assert response.status_code == 401, label
    wrong_scheme = secret_app.post("/graphql", json={"query": ME}, headers={"Authorization": good})
    assert wrong_scheme.status_code == 401
    assert secret_app.post("/graphql", json={"query": ME}, headers=bearer(good)).status_code == 200


def test_anonymous_is_told_to_sign_in(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": ME})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_create_admin_command(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'admin.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    runner = CliRunner()
    short = runner.invoke(
        main, ["users", "create-admin", "--email", "a@example.org", "--password", "short"]
    )
    assert short.exit_code == 1
    assert "password" in short.stderr
    made = runner.invoke(
        main,
        ["users", "create-admin", "--email", "Root@Example.org"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert made.exit_code == 0, made.output
    assert "administrator root@example.org created" in made.stdout
    twice = runner.invoke(
        main, ["users", "create-admin", "--email", "root@example.org", "--password", PASSWORD]
    )
    assert twice.exit_code == 1 and "exists" in twice.stderr

    from core.app import create_app

    with TestClient(create_app(Settings(database_url=url))) as client:
        headers = sign_in(client, "root@example.org")
        assert gql_with(client, ME, headers)["me"]["role"] == "ADMIN"


def gql_with(client: TestClient, query: str, headers: dict[str, str]) -> dict:
    response = client.post("/graphql", json={"query": query}, headers=headers)
    body = response.json()
    assert "errors" not in body, body
    return body["data"]
