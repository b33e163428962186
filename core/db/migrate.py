"""Schema migrations with Alembic, run from code (``imjapan migrate``, start-up, tests).

The migration scripts live in ``core/db/migrations``; there is no alembic.ini,
the configuration is built here from the service's own settings.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

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
