"""Reference data an administrator keeps: dated rule values and OTIT's occupations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from core.db.models.base import timestamp
from core.domain.occupations import sort_key


class RuleValue(SQLModel, table=True):
    """One version of a rule's number: in force from ``valid_from`` (null: since
    before the service's records) until ``valid_to`` (null: still in force).

    A replacement is a new row; the old one gets its ``valid_to`` and stays.
    """

    __tablename__ = "rule_value"
    __table_args__ = (UniqueConstraint("key", "valid_from"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=80, index=True)
    value: Any = Field(sa_column=Column(JSON, nullable=False))
    description: str = Field(max_length=500)
    valid_from: date | None = None
    valid_to: date | None = None
    source_url: str | None = Field(default=None, max_length=1000)
    tag: str = Field(max_length=20)
    provisional: bool = False
    recorded_by: str | None = Field(default=None, max_length=200)
    recorded_at: datetime = timestamp()


class Occupation(SQLModel, table=True):
    """An occupation and operation eligible for stage (ii) (移行対象職種・作業), by OTIT's code."""

    __tablename__ = "occupation"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    sort_key: str = Field(
        default="",
        max_length=20,
        description="The code with each number zero-padded (``01-02-01``): the list's natural "
        "order. Set from the code whenever a row is written.",
    )
    occupation_ja: str = Field(max_length=120)
    operation_ja: str | None = Field(default=None, max_length=120)
    occupation_en: str | None = Field(default=None, max_length=200)
    operation_en: str | None = Field(default=None, max_length=200)
    stage_ii_allowed: bool = True
    stage_iii_allowed: bool | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = Field(max_length=1000)
    source_list: str = Field(max_length=200, description="The list the row came from.")
    partial: bool = Field(description="Whether that list is known to be incomplete.")
    tag: str = Field(max_length=20)
    created_at: datetime = timestamp()


@event.listens_for(Occupation, "before_insert")
@event.listens_for(Occupation, "before_update")
def _set_sort_key(_mapper: object, _connection: object, target: Occupation) -> None:
    target.sort_key = sort_key(target.code)
