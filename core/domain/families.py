"""The declared fields of the programme's entities, beside the candidate's.

Each class is the base of an entity's model family (see
:mod:`core.domain.candidate`): its table in ``core.db.models`` adds the id and
the columns the service sets, its create input in ``core.services`` adds the
checks across fields, and its GraphQL input and object type are derived from
those (``core.schema.derive``). A field is declared here once, with its
bounds and its column.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import StringConstraints
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString

from core.domain.supervision import OCCUPATION_CODE

COUNTRY_CODE = r"^[A-Za-z]{2}$"
"""An ISO 3166-1 alpha-2 code as a client may write it; services upper-case it."""

Label = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[\w./ -]+$")]
OccupationCode = Annotated[str, StringConstraints(pattern=OCCUPATION_CODE)]
JobField = Annotated[str, StringConstraints(min_length=1, max_length=60)]


class RecruitmentCallBase(SQLModel):
    """A call for applicants a ministry opens, such as Thailand's batch "22-07"."""

    country_code: str = Field(
        index=True, sa_type=AutoString(length=2), schema_extra={"pattern": COUNTRY_CODE}
    )
    label: Label = Field(description="For example '22-07'.", sa_type=AutoString(length=40))
    job_fields: list[JobField] = Field(min_length=1, max_length=100, sa_type=JSON)
    occupation_codes: list[OccupationCode] = Field(
        default_factory=list,
        max_length=100,
        sa_type=JSON,
        description="OTIT's codes of the occupations and operations the call is for.",
    )
    places: int = Field(ge=1, le=100_000)
    opens_on: date
    closes_on: date


class TrainingCohortBase(SQLModel):
    """A group of candidates in the Pre-Entry Training of one centre."""

    country_code: str = Field(
        index=True, sa_type=AutoString(length=2), schema_extra={"pattern": COUNTRY_CODE}
    )
    name: str = Field(min_length=1, max_length=80)
    centre_id: str | None = Field(default=None, max_length=80)
    starts_on: date
    ends_on: date


class HostCompanyBase(SQLModel):
    """A company in Japan that takes interns."""

    name: str = Field(min_length=1, max_length=200, index=True)
    prefecture: str = Field(
        min_length=1,
        max_length=20,
        description="Name or ISO 3166-2 code, e.g. 'Aichi' or 'JP-23'.",
    )
    job_category: str = Field(min_length=1, max_length=120)


class EventBase(SQLModel):
    """An IM Japan event, such as the Host Company Conference."""

    # The column has no length (the event type's code column has none); 60 is the input's bound.
    type_code: str = Field(
        min_length=1,
        max_length=60,
        foreign_key="event_type.code",
        index=True,
        sa_type=AutoString,
    )
    title: str = Field(min_length=1, max_length=200)
    held_on: date
    venue: str = Field(min_length=1, max_length=200)
    capacity: int = Field(ge=1, le=100_000)
