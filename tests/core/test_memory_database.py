"""``sqlite://`` is one in-memory database for the whole service, and a new one per service."""

from __future__ import annotations

from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.db.memory import is_private_memory_sqlite
from core.settings import Settings
from tests.accounts import signed_in
from tests.conftest import gql

CREATE_TYPE = """mutation { createEventType(input: {code: "forum", name: "Forum"}) {
  eventType { code } errors { code } } }"""


def test_plain_memory_urls_are_recognised() -> None:
    for url in ("sqlite://", "sqlite:///:memory:", "sqlite+aiosqlite://"):
        assert is_private_memory_sqlite(url), url
    for url in ("sqlite:///imjapan.sqlite3", "postgresql://postgres@127.0.0.1/test", "nonsense"):
        assert not is_private_memory_sqlite(url), url


def test_memory_database_is_migrated_shared_by_requests_and_private_to_the_app() -> None:
    settings = Settings(database_url="sqlite://")
    with TestClient(create_app(settings)) as client:
        client.headers.update(signed_in(client, Role.ADMIN))
        created = gql(client, CREATE_TYPE)["createEventType"]
        assert created == {"eventType": {"code": "forum"}, "errors": []}
        kinds = {kind["code"] for kind in gql(client, "{ eventTypes { code } }")["eventTypes"]}
        assert "forum" in kinds
        assert client.get("/readyz").status_code == 200
    with TestClient(create_app(settings)) as client:
        kinds = {kind["code"] for kind in gql(client, "{ eventTypes { code } }")["eventTypes"]}
        assert "forum" not in kinds and len(kinds) == 4
