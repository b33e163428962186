"""Counters per key and time window, shared by every server process."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel


class RateCounter(SQLModel, table=True):
    """How many requests (or failed sign-ins) ``key`` made in the bucket starting at ``window``.

    ``window`` is the bucket's start in epoch seconds (see ``core.db.counters``).
    """

    __tablename__ = "rate_counter"

    key: str = Field(primary_key=True, max_length=200)
    window: int = Field(primary_key=True, sa_type=BigInteger)
    count: int = 0
