"""A candidate's personal data, declared once for every layer that holds it.

This is the base of the candidate's model family (the fastapi template's
``Base`` -> table / create / public): the table (``core.db.models.Candidate``),
the registration input of the service (``core.services.candidates``), the
GraphQL input and output types derived from those (``core.schema``), the CSV
import's columns and the screening facts (``core.screening.facts``, from the
profile part) all read their fields from :class:`CandidateBase`. A field
added here, with its migration, appears in all of them.

Each field's declaration carries what every layer needs: its type and bounds
(validated on input), its column (``max_length``, or ``sa_type`` where the
stored form is not the Python type: enumerations are stored as their values),
and whether it is personal (see :func:`personal`).
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import PlainSerializer
from pydantic.fields import FieldInfo
from sqlalchemy import JSON
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString

from core.domain.rules import EducationLevel, JapaneseLevel, Sex
from core.domain.values import JsonObject

PERSONAL = "personal"
"""The ``json_schema_extra`` key that marks a personal field."""


def personal(**field: Any) -> Any:
    """A ``Field(**field)`` holding personal data: who a candidate is beyond name,
    status and stay. The API shows it only to IM Japan and the sending ministry."""
    return Field(**field, schema_extra={"json_schema_extra": {PERSONAL: True}})


def _stored_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


AS_VALUE = PlainSerializer(_stored_value)
"""Serialise an enumeration as its value, whether the instance holds the member
(a validated input) or the stored string (a row read from the table, which
SQLModel does not validate): one ``model_dump()`` for both."""


def is_personal(info: FieldInfo) -> bool:
    extra = info.json_schema_extra
    return isinstance(extra, dict) and extra.get(PERSONAL) is True


class CandidateIdentity(SQLModel):
    """Who a candidate is: what screening never reads."""

    applicant_number: str | None = personal(default=None, min_length=1, max_length=40)
    full_name: str = Field(min_length=1, max_length=200, index=True)


class CandidateProfile(SQLModel):
    """What a candidate declares and a ministry measures: what screening compares.

    ``country_details`` holds facts only the country plugin interprets
    (Vietnam's priority groups, Indonesia's lesson hours).
    """

    date_of_birth: date = personal()
    sex: Annotated[Sex, AS_VALUE] = personal(sa_type=AutoString(length=10))
    education_level: Annotated[EducationLevel, AS_VALUE] = personal(sa_type=AutoString(length=30))
    education_track: str | None = personal(default=None, min_length=1, max_length=40)
    job_field: str | None = Field(default=None, min_length=1, max_length=60)
    height_cm: float | None = personal(default=None, ge=100, le=230)
    weight_kg: float | None = personal(default=None, ge=25, le=250)
    japanese_level: Annotated[JapaneseLevel | None, AS_VALUE] = personal(
        default=None, sa_type=AutoString(length=2)
    )
    prior_internship_in_japan: bool | None = personal(default=None)
    prior_work_in_japan: bool | None = personal(default=None)
    military_service_completed: bool | None = personal(default=None)
    criminal_record: bool | None = personal(default=None)
    country_details: JsonObject = personal(default_factory=dict, sa_type=JSON)


class CandidateBase(CandidateProfile, CandidateIdentity):
    """A candidate's personal data, as a ministry records it: identity, then profile."""


CANDIDATE_FIELDS: tuple[str, ...] = tuple(CandidateBase.model_fields)
"""The fields of :class:`CandidateBase`, identity first."""


def stored_reader(hint: Any) -> Any:
    """How a stored column value becomes a value of the type ``hint``.

    Enumerations are stored as their values (an optional one stored empty is
    not recorded); a JSON object is copied, so a reader never shares the row's
    JSON. Other values are used as stored.
    """
    optional = get_origin(hint) in (Union, UnionType) and NoneType in get_args(hint)
    if optional:
        (hint,) = (arg for arg in get_args(hint) if arg is not NoneType)
    if isinstance(hint, type) and issubclass(hint, Enum):
        enum: type[Enum] = hint
        return (lambda value: enum(value) if value else None) if optional else enum
    if hint is dict or get_origin(hint) is dict:
        return dict
    return _as_stored


def _as_stored(value: Any) -> Any:
    return value


_READERS: dict[type[SQLModel], tuple[tuple[str, Any], ...]] = {}


def record_values(record: type[SQLModel], row: object) -> dict[str, Any]:
    """The values of ``record``'s fields on ``row`` (a table model instance),
    converted from their stored form by :func:`stored_reader`."""
    readers = _READERS.get(record)
    if readers is None:
        readers = _READERS[record] = tuple(
            (name, stored_reader(info.annotation)) for name, info in record.model_fields.items()
        )
    return {name: read(getattr(row, name)) for name, read in readers}
