"""Shared fixtures: settings on a throw-away SQLite file, apps, clients, databases.

Two things make the suite quick: passwords are hashed with argon2's cheapest
profile (real Argon2id; tests/auth/test_passwords.py checks the production
parameters once), and the database tests start from a database migrated once
per session (:func:`db_settings`), not migrated anew for each test.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from argon2 import profiles
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.testclient import TestClient

import core.db.counters
import core.db.models
from core.app import create_app
from core.auth import passwords
from core.db.engine import create_engine, ping
from core.db.migrate import head_revisions, upgrade
from core.settings import Settings
from tests.client import gql as gql  # the GraphQL helper, where tests have long imported it

POSTGRES_URL = os.environ.get(
    "IMJAPAN_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def pytest_configure(config: pytest.Config) -> None:
    """Every account the tests make hashes in microseconds, not in a third of a second."""
    passwords.use_parameters(profiles.CHEAPEST)


def remove_service_variables(environment: pytest.MonkeyPatch) -> None:
    """Unset what the service reads (``IMJAPAN_*``, ``DATABASE_URL``) for a while."""
    for name in list(os.environ):
        if name.startswith("IMJAPAN_") and name != "IMJAPAN_TEST_POSTGRES_URL":
            environment.delenv(name)
    environment.delenv("DATABASE_URL", raising=False)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start from defaults, whatever the developer's shell exports."""
    remove_service_variables(monkeypatch)


@pytest.fixture(autouse=True)
def _no_counter_cleanup(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rate limiter drops old counter rows on 1 counted request in 100 (at random):
    one statement more, which would make every exact statement count flaky (CI saw
    the ESD obligations' count 8 instead of 7). None in tests; the rate-limit test of
    the cleanup sets it to 1."""
    monkeypatch.setattr(core.db.counters, "CLEANUP_PROBABILITY", 0.0)


def default_settings(**values: Any) -> Settings:
    """Settings from defaults (and ``values``) alone, for a module that needs them at
    collection time, before :func:`_clean_environment` runs: the developer's shell
    cannot change them."""
    with pytest.MonkeyPatch.context() as environment:
        remove_service_variables(environment)
        return Settings(**values)


@pytest.fixture(scope="session")
def installed_app() -> Starlette:
    """The app with the installed countries and default settings, built once and
    never started (no database is opened): for tests that read its registry,
    plugin manager or schema. Built in a fixture, not at import, so that what the
    developer's shell exports cannot reach it."""
    return create_app(default_settings(database_url="sqlite://"))


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """The test's SQLite file (it does not exist until something connects)."""
    return tmp_path / "imjapan.sqlite3"


@pytest.fixture
def sqlite_url(sqlite_path: Path) -> str:
    return f"sqlite:///{sqlite_path}"


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url)


POSTGRES_CONNECT_TIMEOUT = 10.0
"""Seconds a test's PostgreSQL connection may take to open. The service's default
(1 s) is a production answer to a silent server; on a loaded two-core CI machine
under coverage, opening a connection once took longer, and the outage pause that
followed failed the test. The outage tests set their own short timeout."""


def postgres_settings(schema: str) -> Settings:
    """Settings on the test PostgreSQL database, tables in ``schema``."""
    return Settings(
        database_url=POSTGRES_URL,
        database_schema=schema,
        database_connect_timeout=POSTGRES_CONNECT_TIMEOUT,
    )


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


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head, once per session; tests get copies of it."""
    path = tmp_path_factory.mktemp("template") / "imjapan.sqlite3"
    upgrade(f"sqlite:///{path}")
    # The service keeps SQLite in WAL mode: move what the WAL holds into the file
    # itself, so that copying the one file copies the whole database.
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the template's WAL was not checkpointed"
    return path


@pytest.fixture(scope="session")
def _postgres_schema() -> Iterator[str]:
    """A PostgreSQL schema migrated to head, once per session (and per process, so
    parallel runs do not collide); :func:`db_settings` resets it before each test.

    What the migrations themselves write (the event types) is kept in a second
    schema, ``<schema>_seed``, to be put back after each emptying.
    """
    _require_postgres()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    asyncio.run(_postgres_admin(f"CREATE SCHEMA {schema}"))
    try:
        upgrade(POSTGRES_URL, schema=schema)
        _RESETS[schema] = asyncio.run(_prepare_reset(schema))
        yield schema
    finally:
        _RESETS.pop(schema, None)
        asyncio.run(_postgres_admin(f"DROP SCHEMA IF EXISTS {schema}_seed CASCADE"))
        asyncio.run(_postgres_admin(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


_RESETS: dict[str, str] = {}
"""Per session schema: the one statement that resets it (see :func:`_prepare_reset`)."""


async def _prepare_reset(schema: str) -> str:
    """Copy what the migrations wrote to ``<schema>_seed`` and build one ``DO``
    statement that deletes every row (children before parents), puts those rows
    back (parents first) and sets every sequence where the migrations left it:
    the schema is then as a fresh migration leaves it."""
    tables = core.db.models.metadata.sorted_tables
    engine = create_engine(POSTGRES_URL)
    try:
        async with engine.begin() as connection:
            found = await connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
            )
            names = {row[0] for row in found}
            expected = {*(table.name for table in tables), "alembic_version"}
            assert names == expected, f"migrated tables differ from the models: {names ^ expected}"
            seeded = []
            for table in tables:
                count = await connection.execute(
                    text(f"SELECT count(*) FROM {schema}.{table.name}")
                )
                if count.scalar_one():
                    seeded.append(table.name)
            await connection.execute(text(f"CREATE SCHEMA {schema}_seed"))
            for name in seeded:
                await connection.execute(
                    text(f"CREATE TABLE {schema}_seed.{name} AS SELECT * FROM {schema}.{name}")
                )
            sequences = await connection.execute(
                text(
                    "SELECT sequencename, start_value, last_value FROM pg_sequences "
                    "WHERE schemaname = :s"
                ),
                {"s": schema},
            )
            restarts = [
                f"PERFORM setval('{schema}.{name}', {last}, true);"
                if last is not None
                else f"PERFORM setval('{schema}.{name}', {start}, false);"
                for name, start, last in sequences
            ]
    finally:
        await engine.dispose()
    # The tallies last: deleting candidates and decisions fires the triggers that
    # count them (migration 0018), which would otherwise leave rows behind.
    emptied = [t for t in reversed(tables) if t.name != "tally"] + [
        t for t in tables if t.name == "tally"
    ]
    deletes = [f"DELETE FROM {schema}.{table.name};" for table in emptied]
    inserts = [f"INSERT INTO {schema}.{n} SELECT * FROM {schema}_seed.{n};" for n in seeded]
    return (
        "DO $$ BEGIN SET LOCAL lock_timeout = '10s'; "
        + " ".join([*deletes, *inserts, *restarts])
        + " END $$"
    )


async def _reset_postgres_schema(schema: str) -> bool:
    """Reset the session's schema; False when a test left it off the newest migration."""
    engine = create_engine(POSTGRES_URL)
    try:
        async with engine.begin() as connection:
            try:
                rows = await connection.execute(
                    text(f"SELECT version_num FROM {schema}.alembic_version")
                )
            except DBAPIError:  # the table (or the schema) is gone
                return False
            if {row[0] for row in rows} != head_revisions():
                return False
            await connection.execute(text(_RESETS[schema]))
            return True
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_settings(
    request: pytest.FixtureRequest, sqlite_path: Path, sqlite_url: str
) -> Iterator[Settings]:
    """Settings on a database of each kind as a fresh migration leaves it (empty
    but for the rows the migrations write, the event types).

    The migrations run once per session, not once per test:

    - SQLite: the session's template file (migrated, WAL checkpointed) is copied
      to the test's own file with :func:`shutil.copyfile`: a fraction of a
      millisecond, and each test has a database of its own, as before.
    - PostgreSQL: one schema per session, migrated once; before each test every
      table is emptied, the migrations' own rows are put back and every sequence
      is set where the migrations left it, so ids start at 1 as on a fresh
      migration. ``DELETE`` in one ``DO`` block takes about 60 ms here, where
      ``TRUNCATE ... RESTART IDENTITY`` of the same tables took 560 ms and a new
      migrated schema 800 ms. PostgreSQL has no schema copy (``CREATE TABLE
      ... LIKE`` keeps neither foreign keys nor sequences of its own), and a
      template database per test would be slower still and change the URL.
      Emptying comes before the test, so a test that fails half-way cannot leave
      rows for the next one; a test that moved the schema off the newest
      migration gets a rebuilt schema for whoever comes after it.

    A test that needs a database that has not been migrated takes
    :func:`empty_db_settings`.
    """
    if request.param == "sqlite":
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), sqlite_path)
        yield Settings(database_url=sqlite_url)
        return
    _require_postgres()
    schema: str = request.getfixturevalue("_postgres_schema")
    if not asyncio.run(_reset_postgres_schema(schema)):
        asyncio.run(_postgres_admin(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        asyncio.run(_postgres_admin(f"CREATE SCHEMA {schema}"))
        upgrade(POSTGRES_URL, schema=schema)  # writes the same rows the seed copy holds
    yield postgres_settings(schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_settings(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[Settings]:
    """Settings on an empty, unmigrated database of each kind; PostgreSQL gets a
    schema of its own. For the tests of the migrations and of readiness."""
    if request.param == "sqlite":
        yield Settings(database_url=sqlite_url)
        return
    _require_postgres()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    asyncio.run(_postgres_admin(f"CREATE SCHEMA {schema}"))
    try:
        yield postgres_settings(schema)
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


def plugin_names(plugins: Sequence[dict[str, Any]]) -> list[str]:
    return [plugin["name"] for plugin in plugins]
