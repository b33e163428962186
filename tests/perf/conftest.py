"""A seeded service per database backend, shared by a module's statement-count tests."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import global_id
from tests.conftest import _postgres_admin, _require_postgres, postgres_settings
from tests.lifecycle.test_pipeline import drive_through_pipeline
from tests.perf.world import SMALL, add_members, seed
from tests.sql import recorded_statements


@dataclass(frozen=True)
class World:
    client: TestClient
    settings: Settings
    full_history_id: str
    """Taken through every step, recruitment to return, by the real mutations."""
    short_history_id: str
    """Bulk-inserted, four status changes."""

    @property
    def engines(self) -> tuple[AsyncEngine, ...]:
        """The service's engines: on SQLite the rate counters write through one of their own."""
        engines: tuple[AsyncEngine, ...] = self.client.app.state.db.engines  # type: ignore[attr-defined]
        return engines


def post(
    world: World,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, Any]]:
    """Run a query; return how many statements served it, and its data."""
    with recorded_statements(*world.engines) as seen:
        response = world.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return len(seen), data


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The full service on a migrated, seeded database, signed in as an administrator."""
    with pytest.MonkeyPatch.context() as environment:
        for name in list(os.environ):
            if name.startswith("IMJAPAN_") and name != "IMJAPAN_TEST_POSTGRES_URL":
                environment.delenv(name)
        environment.delenv("DATABASE_URL", raising=False)
        schema = None
        if request.param == "sqlite":
            path: Path = tmp_path_factory.mktemp("perf") / "imjapan.sqlite3"
            settings = Settings(database_url=f"sqlite:///{path}")
        else:
            _require_postgres()
            schema = f"test_{uuid.uuid4().hex[:16]}"
            asyncio.run(_postgres_admin(f"CREATE SCHEMA {schema}"))
            settings = postgres_settings(schema)
        # These counts are the resolver path's (its batching and prefetching);
        # tests/compiled counts the compiled path's one statement.
        settings = settings.model_copy(update={"compiled_reads": False})
        try:
            with TestClient(create_app(settings)) as client:
                client.headers.update(signed_in(client, Role.ADMIN))
                full_history_id = drive_through_pipeline(client, "ID")
                short_history_id = seed(settings)
                add_members(settings, SMALL)
                short = global_id("Candidate", short_history_id)
                yield World(client, settings, full_history_id, short)
        finally:
            if schema is not None:
                asyncio.run(_postgres_admin(f"DROP SCHEMA {schema} CASCADE"))
