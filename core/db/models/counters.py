"""Counters per key and time window, shared by every server process."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class RateCounter(SQLModel, table=True):
    """How many requests (or failed sign-ins) ``key`` made in window number ``window``."""

    __tablename__ = "rate_counter"

    key: str = Field(primary_key=True, max_length=200)
    window: int = Field(primary_key=True)
    count: int = 0
