"""Catalogue answers from the response cache take a token the endpoint accepted a
moment ago as still accepted (core/http/recent_sign_ins.py): within
``sign_in_recheck_seconds``, until this process executes a mutation; the token's
signature is checked every time, and every other request reads the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in
from tests.factories import build

CATALOGUE = "{ countries { code name } }"
NOT_CATALOGUE = "{ eventTypes { id } }"
ANY_MUTATION = (
    'mutation { login(input: {email: "nobody@example.org", password: "x"}) { accessToken } }'
)


def end_every_session_elsewhere(settings: Settings) -> None:
    """What another process's sign-out does: the session row is revoked, this
    process executes nothing."""

    def revoke(session: Session) -> None:
        session.execute(text("UPDATE auth_session SET revoked_at = CURRENT_TIMESTAMP"))

    build(settings, revoke)


def client(settings: Settings, seconds: float) -> TestClient:
    return TestClient(create_app(settings.model_copy(update={"sign_in_recheck_seconds": seconds})))


@pytest.fixture
def recent(settings: Settings) -> Iterator[TestClient]:
    with client(settings, 60) as found:
        yield found


def status(client: TestClient, query: str, headers: dict[str, str]) -> int:
    return client.post("/graphql", json={"query": query}, headers=headers).status_code


def test_a_session_ended_elsewhere_gets_catalogue_answers_until_a_mutation_here(
    recent: TestClient, settings: Settings
) -> None:
    headers = signed_in(recent, Role.STAFF)
    assert status(recent, CATALOGUE, headers) == 200
    end_every_session_elsewhere(settings)
    assert status(recent, CATALOGUE, headers) == 200  # public data, within the window
    assert status(recent, NOT_CATALOGUE, headers) == 401  # everything else reads the session
    assert recent.post("/graphql", json={"query": ANY_MUTATION}).status_code == 200
    assert status(recent, CATALOGUE, headers) == 401


def test_with_no_window_every_catalogue_answer_reads_the_session(settings: Settings) -> None:
    with client(settings, 0) as checking:
        headers = signed_in(checking, Role.STAFF)
        assert status(checking, CATALOGUE, headers) == 200
        end_every_session_elsewhere(settings)
        assert status(checking, CATALOGUE, headers) == 401


def test_the_signature_is_checked_every_time(recent: TestClient) -> None:
    headers = signed_in(recent, Role.STAFF)
    assert status(recent, CATALOGUE, headers) == 200
    token = headers["Authorization"].removeprefix("Bearer ")
    forged = {
        "Authorization": "Bearer " + token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    }
    assert status(recent, CATALOGUE, forged) == 401


def test_a_sign_out_here_is_refused_at_once(recent: TestClient) -> None:
    headers = signed_in(recent, Role.STAFF)
    assert status(recent, CATALOGUE, headers) == 200
    recent.post("/graphql", json={"query": "mutation { logout { ok } }"}, headers=headers)
    assert status(recent, CATALOGUE, headers) == 401
