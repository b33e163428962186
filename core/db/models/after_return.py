"""After Japan and around it: group job interviews, associations of presidents,
their members' businesses, and IM Japan's events."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from core.db.models.base import timestamp
from core.domain.families import EventBase


class InterviewSession(SQLModel, table=True):
    """A group job interview held by a country's ministry for returned interns."""

    __tablename__ = "interview_session"

    id: int | None = Field(default=None, primary_key=True)
    country_code: str = Field(max_length=2, index=True)
    programme_id: str = Field(max_length=80)
    organiser_agency_id: str | None = Field(default=None, max_length=80)
    held_on: date
    city: str = Field(max_length=120)
    created_at: datetime = timestamp()


class InterviewCompany(SQLModel, table=True):
    """A company, Japanese or local, recruiting at a session."""

    __tablename__ = "interview_company"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interview_session.id", index=True)
    name: str = Field(max_length=200)
    origin: str = Field(max_length=20)
    open_positions: int


class InterviewRegistration(SQLModel, table=True):
    __tablename__ = "interview_registration"
    __table_args__ = (UniqueConstraint("session_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="interview_session.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    registered_at: datetime = timestamp()


class InterviewOutcome(SQLModel, table=True):
    """What came of one returnee's interview with one company."""

    __tablename__ = "interview_outcome"
    __table_args__ = (UniqueConstraint("registration_id", "company_id"),)

    id: int | None = Field(default=None, primary_key=True)
    registration_id: int = Field(foreign_key="interview_registration.id", index=True)
    company_id: int = Field(foreign_key="interview_company.id", index=True)
    result: str = Field(max_length=20)
    decided_on: date
    follow_up: str | None = Field(default=None, max_length=1000)


class AssociationMembership(SQLModel, table=True):
    """A returnee's membership of an association of presidents and its branch."""

    __tablename__ = "association_membership"
    __table_args__ = (UniqueConstraint("candidate_id", "association_id"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    country_code: str = Field(max_length=2, index=True)
    association_id: str = Field(max_length=80)
    board_id: str | None = Field(default=None, max_length=80)
    region: str | None = Field(default=None, max_length=120)
    joined_on: date


class FoundedBusiness(SQLModel, table=True):
    """A business a member founded after returning."""

    __tablename__ = "founded_business"

    id: int | None = Field(default=None, primary_key=True)
    membership_id: int = Field(foreign_key="association_membership.id", index=True)
    name: str = Field(max_length=200)
    sector: str = Field(max_length=120)
    region: str = Field(max_length=120)
    founded_year: int
    employees: int


class EventType(SQLModel, table=True):
    """A kind of IM Japan event; new kinds are rows, not code."""

    __tablename__ = "event_type"

    code: str = Field(primary_key=True, max_length=60)
    name: str = Field(max_length=200)


class Event(EventBase, table=True):
    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = timestamp()
    status: str = Field(
        default="scheduled",
        max_length=20,
        description="'scheduled' or 'cancelled' (core.services.events.EventStatus).",
        sa_column_kwargs={"server_default": "scheduled"},
    )
    cancelled_reason: str | None = Field(default=None, max_length=400)


ACTIVE_REGISTRATION = text("status <> 'cancelled'")
"""Registrations that hold a place or wait for one; a cancelled one frees the participant."""


def participant_key(
    participant_role: str, name: str, country_code: str | None, host_company_id: int | None
) -> str:
    """Who a registration is for, as a fixed-length key: role, country, host company and
    name, the name compared without regard to case or repeated spaces."""
    identity = "\x1f".join(
        (
            participant_role,
            (country_code or "").upper(),
            str(host_company_id or ""),
            " ".join(name.casefold().split()),
        )
    )
    return hashlib.sha256(identity.encode()).hexdigest()


def _participant_key_default(context: Any) -> str:
    row = context.get_current_parameters()
    return participant_key(
        row["participant_role"], row["name"], row.get("country_code"), row.get("host_company_id")
    )


class EventRegistration(SQLModel, table=True):
    """A participant of an event: confirmed, waiting (in order) or cancelled.

    A participant has at most one registration that is not cancelled per event:
    the partial unique index on ``participant_key`` refuses a second one even
    when two registrations race past the service's own check.
    """

    __tablename__ = "event_registration"
    __table_args__ = (
        Index(
            "uq_event_registration_active_participant",
            "event_id",
            "participant_key",
            unique=True,
            sqlite_where=ACTIVE_REGISTRATION,
            postgresql_where=ACTIVE_REGISTRATION,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    participant_role: str = Field(max_length=30)
    name: str = Field(max_length=200)
    country_code: str | None = Field(default=None, max_length=2)
    candidate_id: int | None = Field(default=None, foreign_key="candidate.id")
    host_company_id: int | None = Field(default=None, foreign_key="host_company.id")
    status: str = Field(max_length=20, index=True)
    registered_at: datetime = timestamp()
    participant_key: str | None = Field(
        default=None,
        description="Set from the other columns when the row is written (participant_key()).",
        sa_column=Column(String(64), nullable=False, default=_participant_key_default),
    )
