"""Fixtures of the database-layer tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def postgres_url(database_url: str) -> str:
    """The PostgreSQL run of a test about connections (pings, the driver lane); a SQLite
    file has no connection to lose and reads through SQLAlchemy only."""
    if not database_url.startswith("postgresql"):
        pytest.skip("a SQLite file has no pooled connection to lose: PostgreSQL's")
    return database_url
