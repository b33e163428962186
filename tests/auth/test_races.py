"""Races in signing in: a burst of guesses, concurrent refreshes, a reused refresh token.

The requests of a burst run at once, each on a task and a database session of
its own (in the app's event loop, or against two server processes), on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2
import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.services import accounts
from core.settings import Settings
from tests.accounts import PASSWORD, add_account
from tests.conftest import POSTGRES_URL, _postgres_admin, _require_postgres
from tests.races import BURST_ENVIRONMENT, BURST_SETTINGS, in_app, live_sessions, post_at_once
from tests.server import running_service


@pytest.fixture
def db_settings(db_settings: Settings) -> Settings:
    """The database of each kind, with room for a burst (tests.races.BURST_SETTINGS)."""
    return db_settings.model_copy(update=BURST_SETTINGS)


LOGIN = """mutation($e: String, $p: String) { login(input: {email: $e, password: $p}) {
  accessToken refreshToken errors { field message code } } }"""
REFRESH = """mutation($t: String) { refreshToken(input: {refreshToken: $t}) {
  accessToken refreshToken errors { field message code } } }"""
ME = {"query": "{ me { email } }"}
GUESSES = 40
CREATE_ADMIN = [sys.executable, "-m", "core", "users", "create-admin"]
REFRESHES = 20


def login_body(email: str, password: str) -> dict[str, Any]:
    return {"query": LOGIN, "variables": {"e": email, "p": password}}


def refresh_body(token: str) -> dict[str, Any]:
    return {"query": REFRESH, "variables": {"t": token}}


def post(client: TestClient, body: dict[str, Any], field: str) -> dict[str, Any]:
    response = client.post("/graphql", json=body)
    assert response.status_code == 200, response.text
    return response.json()["data"][field]


def me_status(client: TestClient, access_token: str) -> int:
    return client.post(
        "/graphql", json=ME, headers={"Authorization": f"Bearer {access_token}"}
    ).status_code


def codes(answers: list[tuple[int, dict[str, Any]]], field: str) -> Counter[str]:
    """How many answers succeeded (``ok``) or were refused with each code."""
    assert [status for status, _ in answers] == [200] * len(answers), answers
    counted: Counter[str] = Counter()
    for _, body in answers:
        payload = body["data"][field]
        counted[payload["errors"][0]["code"] if payload["errors"] else "ok"] += 1
    return counted


@pytest.mark.database
def test_a_burst_of_guesses_checks_at_most_the_allowed_passwords(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """39 wrong passwords and the right one at once: 5 checks, then the pause."""
    allowed = api.app.state.settings.login_failures_allowed  # type: ignore[attr-defined]
    email = add_account(api, Role.STAFF)
    checked: list[str] = []
    allowance_used = asyncio.Event()
    verify = accounts.verify_password

    async def counting_verify(password_hash: str | None, password: str) -> bool:
        checked.append(password)  # counts the real checks; the real check still runs
        if len(checked) >= allowed:
            allowance_used.set()
        return await verify(password_hash, password)

    monkeypatch.setattr(accounts, "verify_password", counting_verify)
    bodies = [login_body(email, f"wrong guess number {i}") for i in range(GUESSES - 1)]
    bodies.append(login_body(email, PASSWORD))

    async def hold_back_the_right_one(index: int) -> None:
        if index == GUESSES - 1:  # sent while the wrong ones are still in flight
            await allowance_used.wait()

    async def burst() -> list[tuple[int, dict[str, Any]]]:
        async with in_app(api) as http:
            return await post_at_once(http, bodies, before=hold_back_the_right_one)

    answers = api.portal.call(burst)  # type: ignore[union-attr]
    assert len(checked) == allowed and PASSWORD not in checked
    assert codes(answers, "login") == {"INVALID": allowed, "LIMIT_EXCEEDED": GUESSES - allowed}
    right = answers[-1][1]["data"]["login"]
    assert right["accessToken"] is None
    assert right["errors"][0]["code"] == "LIMIT_EXCEEDED"
    assert "too many failed sign-ins; try again in" in right["errors"][0]["message"]

    again = post(api, login_body(email, PASSWORD), "login")
    assert again["errors"][0]["code"] == "LIMIT_EXCEEDED"
    assert len(checked) == allowed  # refused without a check


@pytest.mark.database
def test_concurrent_refreshes_of_one_token_give_one_session(api: TestClient) -> None:
    email = add_account(api, Role.STAFF)
    first = post(api, login_body(email, PASSWORD), "login")

    async def burst() -> list[tuple[int, dict[str, Any]]]:
        async with in_app(api) as http:
            return await post_at_once(http, [refresh_body(first["refreshToken"])] * REFRESHES)

    answers = api.portal.call(burst)  # type: ignore[union-attr]
    assert codes(answers, "refreshToken") == {"ok": 1, "INVALID": REFRESHES - 1}
    payloads = [body["data"]["refreshToken"] for _, body in answers]
    (winner,) = [payload for payload in payloads if payload["accessToken"]]
    unknown = post(api, refresh_body("not a refresh token at all"), "refreshToken")["errors"]
    assert all(payload["errors"] == unknown for payload in payloads if payload is not winner)

    assert live_sessions(api, email) == 1
    assert me_status(api, winner["accessToken"]) == 200
    assert me_status(api, first["accessToken"]) == 401
    # The losers were a client refreshing twice at once: the winner's family lives on.
    assert post(api, refresh_body(winner["refreshToken"]), "refreshToken")["accessToken"]
    assert live_sessions(api, email) == 1


@pytest.mark.database
def test_reuse_of_a_rotated_refresh_token_ends_its_family(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = add_account(api, Role.STAFF)
    elsewhere = post(api, login_body(email, PASSWORD), "login")  # another sign-in
    stolen = post(api, login_body(email, PASSWORD), "login")
    rotated = post(api, refresh_body(stolen["refreshToken"]), "refreshToken")
    latest = post(api, refresh_body(rotated["refreshToken"]), "refreshToken")
    assert latest["accessToken"] and live_sessions(api, email) == 2
    unknown = post(api, refresh_body("not a refresh token at all"), "refreshToken")["errors"]

    # Within the grace (a client refreshing twice at once) the reuse is only refused.
    assert post(api, refresh_body(stolen["refreshToken"]), "refreshToken")["errors"] == unknown
    assert me_status(api, latest["accessToken"]) == 200

    later = accounts.REUSE_GRACE + timedelta(seconds=1)
    monkeypatch.setattr(accounts, "clock", lambda: datetime.now(UTC) + later)
    reuse = post(api, refresh_body(stolen["refreshToken"]), "refreshToken")
    assert reuse["accessToken"] is None and reuse["errors"] == unknown
    assert me_status(api, latest["accessToken"]) == 401
    assert post(api, refresh_body(latest["refreshToken"]), "refreshToken")["errors"] == unknown
    # Only the family of the reused token ended.
    assert live_sessions(api, email) == 1
    assert me_status(api, elsewhere["accessToken"]) == 200
    assert post(api, refresh_body(elsewhere["refreshToken"]), "refreshToken")["accessToken"]


@pytest.fixture(params=["sqlite", "postgresql"])
def two_processes(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """``imjapan serve --workers 2`` on a new database of each kind, with one administrator."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
    env |= BURST_ENVIRONMENT
    schema = None
    if request.param == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'races.sqlite3'}"
    else:
        _require_postgres()
        schema = f"test_{uuid.uuid4().hex[:16]}"
        asyncio.run(_postgres_admin(f"CREATE SCHEMA {schema}"))
        env |= {"DATABASE_URL": POSTGRES_URL, "IMJAPAN_DATABASE_SCHEMA": schema}
    try:
        admin = subprocess.run(
            [*CREATE_ADMIN, "--email", "root@example.org", "--password", PASSWORD],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert admin.returncode == 0, admin.stderr
        with running_service(["--workers", "2"], env=env, log=tmp_path / "server.log") as base:
            yield base
    finally:
        if schema is not None:
            asyncio.run(_postgres_admin(f"DROP SCHEMA {schema} CASCADE"))


def test_the_limits_hold_across_two_server_processes(two_processes: str) -> None:
    """The same races against two real server processes sharing one database."""

    async def scenario() -> tuple[list[Any], list[Any], list[Any]]:
        # One connection per request, so either process may answer it.
        limits = httpx2.Limits(max_keepalive_connections=0)
        async with httpx2.AsyncClient(base_url=two_processes, limits=limits, timeout=30) as http:
            signed_in = (await post_at_once(http, [login_body("root@example.org", PASSWORD)]))[0]
            token = signed_in[1]["data"]["login"]["refreshToken"]
            refreshes = await post_at_once(http, [refresh_body(token)] * REFRESHES)
            wrong = [login_body("root@example.org", f"wrong guess {i}") for i in range(GUESSES)]
            guesses = await post_at_once(http, wrong)
            right = await post_at_once(http, [login_body("root@example.org", PASSWORD)])
        return refreshes, guesses, right

    refreshes, guesses, right = asyncio.run(scenario())
    assert codes(refreshes, "refreshToken") == {"ok": 1, "INVALID": REFRESHES - 1}
    # Each INVALID answer is one password checked; a paused one is not checked.
    assert codes(guesses, "login") == {"INVALID": 5, "LIMIT_EXCEEDED": GUESSES - 5}
    assert codes(right, "login") == {"LIMIT_EXCEEDED": 1}
