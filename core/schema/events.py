"""IM Japan's events in GraphQL: public listings, registrations for IM Japan staff."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db import models
from core.schema.errors import UserError
from core.schema.lifecycle.mutations import run
from core.schema.lifecycle.types import Info
from core.schema.permissions import ADMIN, IM_JAPAN, PUBLIC
from core.services import events

ParticipantRole = strawberry.enum(events.ParticipantRole, name="EventParticipantRole")
RegistrationStatus = strawberry.enum(events.RegistrationStatus, name="EventRegistrationStatus")
MAX_EVENTS = 100


@strawberry.type(description="A kind of IM Japan event, such as the Host Company Conference.")
class EventType:
    code: str
    name: str


@strawberry.type
class EventRegistration:
    id: strawberry.ID
    participant_role: events.ParticipantRole
    name: str
    country_code: str | None
    host_company_id: strawberry.ID | None
    status: events.RegistrationStatus
    registered_at: datetime

    @classmethod
    def from_row(cls, row: models.EventRegistration) -> EventRegistration:
        return cls(
            id=strawberry.ID(str(row.id)),
            participant_role=events.ParticipantRole(row.participant_role),
            name=row.name,
            country_code=row.country_code,
            host_company_id=strawberry.ID(str(row.host_company_id))
            if row.host_company_id
            else None,
            status=events.RegistrationStatus(row.status),
            registered_at=row.registered_at,
        )


@strawberry.type(description="An IM Japan event; who registered is for IM Japan staff.")
class Event:
    id: strawberry.ID
    type_code: str
    title: str
    held_on: date
    venue: str
    capacity: int
    confirmed_count: int
    waitlist_count: int
    row_id: strawberry.Private[int]

    @strawberry.field(
        description="Registrations in order: confirmed, waiting, cancelled.",
        permission_classes=IM_JAPAN,
    )
    async def registrations(self, info: Info) -> list[EventRegistration]:
        # Through a loader: one query for the registrations of every listed event.
        rows = await info.context.loaders.event_registrations.load(self.row_id)
        return [EventRegistration.from_row(row) for row in rows]


async def _events(session: AsyncSession, rows: list[models.Event]) -> list[Event]:
    """Events with their counts, counted for all of them in one grouped query."""
    ids = [row.id for row in rows]
    counts: dict[tuple[int, str], int] = {}
    if ids:
        grouped = await session.exec(
            select(models.EventRegistration.event_id, models.EventRegistration.status, func.count())
            .where(col(models.EventRegistration.event_id).in_(ids))
            .group_by(col(models.EventRegistration.event_id), col(models.EventRegistration.status))
        )
        counts = {(event_id, status): int(count) for event_id, status, count in grouped.all()}
    return [
        Event(
            id=strawberry.ID(str(row.id)),
            type_code=row.type_code,
            title=row.title,
            held_on=row.held_on,
            venue=row.venue,
            capacity=row.capacity,
            confirmed_count=counts.get((row.id or 0, events.RegistrationStatus.CONFIRMED), 0),
            waitlist_count=counts.get((row.id or 0, events.RegistrationStatus.WAITLISTED), 0),
            row_id=row.id or 0,
        )
        for row in rows
    ]


@strawberry.input
class CreateEventTypeInput:
    code: str | None = strawberry.field(default=None, description="e.g. 'alumni_forum'")
    name: str | None = None


@strawberry.input
class CreateEventInput:
    type_code: str | None = None
    title: str | None = None
    held_on: str | None = strawberry.field(default=None, description="An ISO date, YYYY-MM-DD.")
    venue: str | None = None
    capacity: int | None = None


@strawberry.input
class RegisterForEventInput:
    event_id: strawberry.ID | None = None
    participant_role: events.ParticipantRole | None = None
    name: str | None = strawberry.field(default=None, description="Person or organisation.")
    country_code: str | None = None
    host_company_id: strawberry.ID | None = None


@strawberry.input
class CancelEventRegistrationInput:
    registration_id: strawberry.ID | None = None


@strawberry.type
class EventTypePayload:
    event_type: EventType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class EventPayload:
    event: Event | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class EventRegistrationPayload:
    registration: EventRegistration | None = None
    moved_up: EventRegistration | None = strawberry.field(
        default=None, description="The waiting registration that took the freed place."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class EventsQuery:
    @strawberry.field(description="The kinds of IM Japan event.", permission_classes=PUBLIC)
    async def event_types(self, info: Info) -> list[EventType]:
        async with info.context.db.session() as session:
            rows = await session.exec(select(models.EventType).order_by(col(models.EventType.name)))
            return [EventType(code=row.code, name=row.name) for row in rows.all()]

    @strawberry.field(
        description="Events from a date on (today if omitted), soonest first; at most 100.",
        permission_classes=PUBLIC,
    )
    async def events(self, info: Info, from_date: date | None = None) -> list[Event]:
        start = from_date or date.today()
        async with info.context.db.session() as session:
            rows = await session.exec(
                select(models.Event)
                .where(col(models.Event.held_on) >= start)
                .order_by(col(models.Event.held_on), col(models.Event.id))
                .limit(MAX_EVENTS)
            )
            return await _events(session, list(rows.all()))


@strawberry.type
class EventsMutation:
    @strawberry.mutation(description="Add a kind of event.", permission_classes=ADMIN)
    async def create_event_type(self, info: Info, input: CreateEventTypeInput) -> EventTypePayload:
        async def operation(session: AsyncSession, data: events.CreateEventTypeInput) -> Any:
            return await events.create_event_type(session=session, data=data)

        row, errors = await run(info, events.CreateEventTypeInput, input, operation)
        kind = EventType(code=row.code, name=row.name) if row else None
        return EventTypePayload(event_type=kind, errors=errors)

    @strawberry.mutation(description="Announce an event.", permission_classes=IM_JAPAN)
    async def create_event(self, info: Info, input: CreateEventInput) -> EventPayload:
        async def operation(session: AsyncSession, data: events.CreateEventInput) -> Any:
            row = await events.create_event(session=session, data=data)
            return (await _events(session, [row]))[0]

        event, errors = await run(info, events.CreateEventInput, input, operation)
        return EventPayload(event=event, errors=errors)

    @strawberry.mutation(
        description="Register a participant; past the capacity they wait.",
        permission_classes=IM_JAPAN,
    )
    async def register_for_event(
        self, info: Info, input: RegisterForEventInput
    ) -> EventRegistrationPayload:
        async def operation(session: AsyncSession, data: events.RegisterInput) -> Any:
            return await events.register(session=session, registry=info.context.registry, data=data)

        row, errors = await run(info, events.RegisterInput, input, operation)
        registration = EventRegistration.from_row(row) if row else None
        return EventRegistrationPayload(registration=registration, errors=errors)

    @strawberry.mutation(
        description="Cancel a registration; the first waiting one moves up.",
        permission_classes=IM_JAPAN,
    )
    async def cancel_event_registration(
        self, info: Info, input: CancelEventRegistrationInput
    ) -> EventRegistrationPayload:
        async def operation(session: AsyncSession, data: events.CancelInput) -> Any:
            return await events.cancel(session=session, data=data)

        result, errors = await run(info, events.CancelInput, input, operation)
        if result is None:
            return EventRegistrationPayload(errors=errors)
        cancelled, promoted = result
        return EventRegistrationPayload(
            registration=EventRegistration.from_row(cancelled),
            moved_up=EventRegistration.from_row(promoted) if promoted else None,
        )
