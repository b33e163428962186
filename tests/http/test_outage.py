"""A database that is down or silent: the catalogue is still answered, everything
else gets a GraphQL-shaped 503 within 2 s, never a plain-text 500 or a 60 s hang."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.auth.tokens import issue_access_token
from core.settings import Settings

SECRET = "o" * 40
CATALOGUE = ["{ countries { code } }", '{ country(code: "VN") { code } }', "{ plugins { name } }"]
LOGIN = """mutation { login(input: {email: "a@example.org", password: "not the password"})
  { accessToken } }"""
BOUND_SECONDS = 2.0


def closed_port() -> int:
    """A port nothing listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in accepted:
            connection.close()
        server.close()


def outage_settings(url: str) -> Settings:
    return Settings(database_url=url, secret_key=SECRET, migrate_on_start=False)


def token() -> str:
    return issue_access_token(
        secret=SECRET,
        account_id=1,
        session_id="00000000-0000-0000-0000-000000000000",
        role=Role.ADMIN,
        lifetime=timedelta(minutes=5),
    )


def timed_post(client: TestClient, query: str, **headers: str) -> tuple[float, object]:
    start = time.monotonic()
    response = client.post("/graphql", json={"query": query}, headers=headers)
    return time.monotonic() - start, response


def assert_outage_answers(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        for _ in range(2):  # the first request finds the outage, the next fail at once
            for query in CATALOGUE:
                seconds, response = timed_post(client, query)
                assert response.status_code == 200, response.text
                assert "errors" not in response.json(), response.text
                assert seconds < BOUND_SECONDS
            for query, headers in (
                (LOGIN, {}),
                ("{ me { email } }", {"authorization": f"Bearer {token()}"}),
            ):
                seconds, response = timed_post(client, query, **headers)
                assert response.status_code == 503, response.text
                assert response.json() == {
                    "errors": [
                        {
                            "message": "The database is not available; retry shortly.",
                            "extensions": {"code": "SERVICE_UNAVAILABLE"},
                        }
                    ]
                }
                assert 1 <= int(response.headers["retry-after"]) <= 5
                assert response.headers["content-type"].startswith("application/")
                assert seconds < BOUND_SECONDS


def test_postgresql_with_its_port_closed() -> None:
    assert_outage_answers(outage_settings(f"postgresql://postgres@127.0.0.1:{closed_port()}/x"))


def test_postgresql_that_accepts_and_never_answers(silent_port: int) -> None:
    assert_outage_answers(outage_settings(f"postgresql://postgres@127.0.0.1:{silent_port}/x"))


def test_sqlite_file_that_cannot_be_opened(tmp_path: Path) -> None:
    assert_outage_answers(outage_settings(f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}"))


def test_the_connect_timeout_is_a_setting(silent_port: int) -> None:
    settings = Settings(
        database_url=f"postgresql://postgres@127.0.0.1:{silent_port}/x",
        secret_key=SECRET,
        migrate_on_start=False,
        database_connect_timeout=0.2,
    )
    with TestClient(create_app(settings)) as client:
        seconds, response = timed_post(client, LOGIN)
    assert response.status_code == 503
    assert seconds < 1.0
