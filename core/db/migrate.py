"""Schema migrations with Alembic, run from code (``imjapan migrate``, start-up, tests),
and the status of a database against them (``imjapan migrate status``, ``/readyz``).

The migration scripts live in ``core/db/migrations``; there is no alembic.ini,
the configuration is built here from the service's own settings.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str, *, schema: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = database_url
    config.attributes["schema"] = schema
    return config


def upgrade(database_url: str, *, schema: str | None = None, revision: str = "head") -> None:
    """Bring the database to ``revision``. Synchronous: run it off the event loop."""
    command.upgrade(alembic_config(database_url, schema=schema), revision)


def downgrade(database_url: str, *, schema: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url, schema=schema), revision)


@dataclass(frozen=True)
class MigrationStatus:
    """Where a database stands against the migration scripts that ship with the code."""

    applied: frozenset[str]
    """The revisions ``alembic_version`` records; empty before the first migration."""
    heads: frozenset[str]
    """The newest revisions of the scripts."""
    current: str | None
    """The newest applied revision, or None before the first migration."""
    pending: tuple[str, ...]
    """The revisions after ``current``, oldest first (all of them when ``current`` is
    None or unknown to these scripts)."""

    @property
    def up_to_date(self) -> bool:
        """The readiness check of ``/readyz`` and of the commands that need the
        schema: the database is at the newest revision."""
        return self.applied == self.heads


@cache
def migration_scripts() -> ScriptDirectory:
    """The migration scripts (read once: they ship with the code)."""
    return ScriptDirectory(str(MIGRATIONS))


def revision_order() -> list[str]:
    """Every revision, oldest first."""
    return [script.revision for script in reversed(list(migration_scripts().walk_revisions()))]


def head_revisions() -> frozenset[str]:
    return frozenset(migration_scripts().get_heads())


def describe_revision(revision: str) -> str:
    """``<revision> <first line of its docstring>``, or the bare id when unknown."""
    script = migration_scripts().get_revision(revision)
    return f"{revision} {script.doc}" if script is not None else revision


def status_of(applied: Iterable[str]) -> MigrationStatus:
    """The status of a database whose ``alembic_version`` holds ``applied``."""
    revisions = frozenset(applied)
    order = revision_order()
    known = [revision for revision in order if revision in revisions]
    current = known[-1] if known else next(iter(sorted(revisions)), None)
    pending = order[order.index(current) + 1 :] if current in order else order
    return MigrationStatus(
        applied=revisions, heads=head_revisions(), current=current, pending=tuple(pending)
    )


def revisions_undone(current: str | None, target: str) -> list[str]:
    """The revisions a downgrade from ``current`` to ``target`` undoes, newest first."""
    order = revision_order()
    if current not in order or (target != "base" and target not in order):
        return []
    keep = 0 if target == "base" else order.index(target) + 1
    return list(reversed(order[keep : order.index(current) + 1]))


async def migration_status(engine: AsyncEngine) -> MigrationStatus:
    """Read the database's revisions; what connecting raises is raised (the
    command line reports it in one line)."""
    await asyncio.to_thread(migration_scripts)  # the first read opens files: off the loop
    async with engine.connect() as connection:
        applied = await connection.run_sync(_applied_revisions)
    return status_of(applied)


async def is_migrated(engine: AsyncEngine, *, timeout: float) -> bool:
    """The readiness check of ``/readyz``: whether the database is at the newest
    revision; False too when its revisions cannot be read within ``timeout`` seconds."""
    try:
        async with asyncio.timeout(timeout):
            status = await migration_status(engine)
    except Exception:
        return False
    return status.up_to_date


def _applied_revisions(connection: Connection) -> tuple[str, ...]:
    # Alembic's own reading of alembic_version: empty when the table does not exist.
    return MigrationContext.configure(connection).get_current_heads()
