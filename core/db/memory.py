"""In-memory SQLite (``sqlite://``) as one database for the whole service.

A plain in-memory URL gives every engine, and every connection of an engine's
pool, a database of its own: the start-up migration would fill one that the
requests never see. Such a URL is replaced by a shared-cache in-memory
database with a name of its own, which every engine of this service opens
while the service's engine keeps its connection (SQLAlchemy uses a single
static connection for in-memory SQLite). The database ends with the service.
"""

from __future__ import annotations

import uuid

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from core.settings import Settings


def is_private_memory_sqlite(database_url: str) -> bool:
    """Whether ``database_url`` names SQLite's per-connection in-memory database."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        return False
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def shared_memory_url() -> str:
    """A new in-memory SQLite database that several connections can open."""
    return f"sqlite:///file:imjapan-{uuid.uuid4().hex}?mode=memory&cache=shared&uri=true"


def with_shared_memory_database(settings: Settings) -> Settings:
    """``settings`` with a plain in-memory SQLite URL replaced by a shared one."""
    if not is_private_memory_sqlite(settings.database_url):
        return settings
    return settings.model_copy(update={"database_url": shared_memory_url()})
