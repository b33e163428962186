"""Documents registered through automatic persisted queries, shared by every server process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from core.db.models.base import timestamp


class PersistedQuery(SQLModel, table=True):
    """A GraphQL document and the SHA-256 of its UTF-8 text (lowercase hex).

    A hash always names the same document, so a row is never updated; a
    document is stored only once it has parsed and validated (see
    :mod:`core.http.persisted`). ``created_at`` lets an operator prune old rows.
    """

    __tablename__ = "persisted_query"

    sha256: str = Field(primary_key=True, min_length=64, max_length=64)
    document: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = timestamp()
