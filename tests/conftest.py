"""Shared fixtures: settings on a throw-away SQLite file, apps, clients, databases."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core.app import create_app
from core.db.engine import create_engine, ping
from core.settings import Settings

POSTGRES_URL = os.environ.get(
    "IMJAPAN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start from defaults, whatever the developer's shell exports."""
    for name in list(os.environ):
        if name.startswith("IMJAPAN_") and name != "IMJAPAN_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'imjapan.sqlite3'}"


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url)


def _postgres_reachable(url: str) -> bool:
    async def check() -> bool:
        engine = create_engine(url)
        try:
            return await ping(engine)
        finally:
            await engine.dispose()

    return asyncio.run(check())


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    """Each database test runs on SQLite and on PostgreSQL.

    Without PostgreSQL the PostgreSQL run is skipped on a developer's machine
    and fails in CI (``CI=true``), where a missing database is a broken build.
    """
    if request.param == "sqlite":
        return sqlite_url
    _require_postgres()
    return POSTGRES_URL


async def _postgres_admin(statement: str) -> None:
    engine = create_engine(POSTGRES_URL)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


def _require_postgres() -> None:
    if not _postgres_reachable(POSTGRES_URL):
        message = f"PostgreSQL is not reachable at {POSTGRES_URL}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_settings(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[Settings]:
    """Settings on an empty database of each kind; PostgreSQL gets a schema of its own."""
    if request.param == "sqlite":
        yield Settings(database_url=sqlite_url)
        return
    _require_postgres()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    asyncio.run(_postgres_admin(f"CREATE SCHEMA {schema}"))
    try:
        yield Settings(database_url=POSTGRES_URL, database_schema=schema)
    finally:
        asyncio.run(_postgres_admin(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture
def api(db_settings: Settings) -> Iterator[TestClient]:
    """A client of the full service on a migrated, empty database of each kind,
    signed in as an IM Japan administrator."""
    from core.auth.roles import Role
    from tests.accounts import signed_in

    with TestClient(create_app(db_settings)) as test_client:
        test_client.headers.update(signed_in(test_client, Role.ADMIN))
        yield test_client


def make_app(
    settings: Settings,
    *plugins: tuple[str, object],
    load_entrypoints: bool = False,
) -> Starlette:
    """An app with only the given plugins (or the installed ones as well)."""
    return create_app(settings, load_entrypoints=load_entrypoints, extra_plugins=plugins)


@pytest.fixture
def app(settings: Settings) -> Starlette:
    """The app with the installed (bundled) countries."""
    return create_app(settings)


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def gql(client: TestClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST a query and return ``data``, failing on any GraphQL error."""
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def plugin_names(plugins: Sequence[dict[str, Any]]) -> list[str]:
    return [plugin["name"] for plugin in plugins]
