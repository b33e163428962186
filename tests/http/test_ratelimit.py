"""Rate limits per account and per client address, shared between processes,
and the pause after repeated failed sign-ins."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.db import counters
from core.db.models import RateCounter
from core.settings import Settings
from tests.accounts import PASSWORD, add_account, sign_in

QUERY = {"query": "{ countries { code } }"}


@pytest.fixture
def limited(sqlite_url: str) -> Iterator[tuple[TestClient, TestClient]]:
    """Two app instances (as two server processes would be) on one database."""
    settings = Settings(
        database_url=sqlite_url,
        secret_key="r" * 40,
        rate_limit_per_address=3,
        rate_limit_per_account=2,
        rate_limit_window_seconds=3600,  # no window ends during the test
    )
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        yield first, second


def test_anonymous_requests_are_limited_per_address(limited) -> None:
    client, _ = limited
    responses = [client.post("/graphql", json=QUERY) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r.headers["ratelimit-remaining"] for r in responses] == ["2", "1", "0", "0"]
    assert all(r.headers["ratelimit-limit"] == "3" for r in responses)
    refused = responses[-1]
    assert 1 <= int(refused.headers["retry-after"]) <= 3600
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_the_count_is_shared_between_processes(limited) -> None:
    first, second = limited
    statuses = [first.post("/graphql", json=QUERY).status_code for _ in range(2)]
    statuses.append(second.post("/graphql", json=QUERY).status_code)
    statuses.append(second.post("/graphql", json=QUERY).status_code)
    assert statuses == [200, 200, 200, 429]


def test_accounts_have_their_own_budget(limited) -> None:
    client, _ = limited
    one = sign_in(client, add_account(client, Role.STAFF))
    two = sign_in(client, add_account(client, Role.STAFF))
    used = [client.post("/graphql", json=QUERY, headers=one).status_code for _ in range(3)]
    assert used == [200, 200, 429]
    assert client.post("/graphql", json=QUERY, headers=two).status_code == 200


LOGIN = """mutation($e: String, $p: String) { login(input: {email: $e, password: $p}) {
    accessToken errors { code message } } }"""


def attempt(client: TestClient, address: str, password: str) -> dict:
    response = client.post(
        "/graphql", json={"query": LOGIN, "variables": {"e": address, "p": password}}
    )
    return response.json()["data"]["login"]


class Clock:
    """A settable time source for the rate counters."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    # One second before a quarter hour: the next failures land in a new bucket.
    fake = Clock((int(time.time()) // 900 + 1) * 900 - 1.0)
    monkeypatch.setattr(counters, "clock", fake)
    return fake


def test_repeated_failed_sign_ins_pause_that_email(client: TestClient, clock: Clock) -> None:
    email = add_account(client, Role.STAFF)
    other = add_account(client, Role.STAFF)
    for _ in range(3):
        assert attempt(client, email, "wrong password!")["errors"][0]["code"] == "INVALID"
    clock.now += 2  # across a minute and a quarter-hour boundary
    for _ in range(2):
        assert attempt(client, email, "wrong password!")["errors"][0]["code"] == "INVALID"
    paused = attempt(client, email, PASSWORD)
    assert paused["accessToken"] is None
    assert paused["errors"][0]["code"] == "LIMIT_EXCEEDED"
    assert "try again in 839 s" in paused["errors"][0]["message"]
    assert attempt(client, other, PASSWORD)["accessToken"]


def test_the_sign_in_pause_ends_when_the_failures_are_15_minutes_old(
    client: TestClient, clock: Clock
) -> None:
    email = add_account(client, Role.STAFF)
    for _ in range(5):
        attempt(client, email, "wrong password!")
    clock.now += 14 * 60
    assert attempt(client, email, PASSWORD)["errors"][0]["code"] == "LIMIT_EXCEEDED"
    clock.now += 60
    assert attempt(client, email, PASSWORD)["accessToken"]


def test_cleanup_drops_only_stale_counters(
    client: TestClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Request counters (one-minute windows) and sign-in failures (per minute over a
    quarter hour) share one table; the cleanup a request triggers keeps both."""
    email = add_account(client, Role.STAFF)
    for _ in range(5):
        attempt(client, email, "wrong password!")
    monkeypatch.setattr(counters, "CLEANUP_PROBABILITY", 1.0)
    clock.now += 5 * 60
    assert client.post("/graphql", json=QUERY).status_code == 200
    assert attempt(client, email, PASSWORD)["errors"][0]["code"] == "LIMIT_EXCEEDED"
    clock.now += counters.RETENTION_SECONDS
    assert client.post("/graphql", json=QUERY).status_code == 200
    assert count_rows(client) == 1  # only the request just counted


def count_rows(client: TestClient) -> int:
    database = client.app.state.db  # type: ignore[attr-defined]

    async def rows() -> int:
        async with database.session() as session:
            return len((await session.exec(select(RateCounter))).all())

    return client.portal.call(rows)  # type: ignore[union-attr]
