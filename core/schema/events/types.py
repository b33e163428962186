"""IM Japan's events in GraphQL: public listings, registrations for IM Japan staff."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate, services
from core.schema.derive import input_from
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


def _event(listing: events.EventListing) -> Event:
    row = listing.event
    return Event(
        id=strawberry.ID(str(row.id)),
        type_code=row.type_code,
        title=row.title,
        held_on=row.held_on,
        venue=row.venue,
        capacity=row.capacity,
        confirmed_count=listing.confirmed,
        waitlist_count=listing.waitlisted,
        row_id=row.id or 0,
    )


@input_from(events.CreateEventTypeInput)
class CreateEventTypeInput:
    pass


@input_from(events.CreateEventInput)
class CreateEventInput:
    pass


@input_from(events.RegisterInput)
class RegisterForEventInput:
    pass


@input_from(events.CancelInput)
class CancelEventRegistrationInput:
    pass


@strawberry.type
class EventTypePayload:
    event_type: EventType | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.EventType) -> EventTypePayload:
        return cls(event_type=EventType(code=row.code, name=row.name))


@strawberry.type
class EventPayload:
    event: Event | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, listing: events.EventListing) -> EventPayload:
        return cls(event=_event(listing))


@strawberry.type
class EventRegistrationPayload:
    registration: EventRegistration | None = None
    moved_up: EventRegistration | None = strawberry.field(
        default=None, description="The waiting registration that took the freed place."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(
        cls,
        result: models.EventRegistration
        | tuple[models.EventRegistration, models.EventRegistration | None],
    ) -> EventRegistrationPayload:
        """A registration, or a cancelled one with the waiting one that moved up."""
        if isinstance(result, models.EventRegistration):
            return cls(registration=EventRegistration.from_row(result))
        cancelled, promoted = result
        return cls(
            registration=EventRegistration.from_row(cancelled),
            moved_up=EventRegistration.from_row(promoted) if promoted else None,
        )


@strawberry.type
class EventsQuery:
    @strawberry.field(description="The kinds of IM Japan event.", permission_classes=PUBLIC)
    async def event_types(self, info: Info) -> list[EventType]:
        rows = await services(info).read(events.event_types)
        return [EventType(code=row.code, name=row.name) for row in rows]

    @strawberry.field(
        description="Events from a date on (today if omitted), soonest first; at most 100.",
        permission_classes=PUBLIC,
    )
    async def events(self, info: Info, from_date: date | None = None) -> list[Event]:
        start = from_date or date.today()
        listings = await services(info).read(events.upcoming_events, start=start, limit=MAX_EVENTS)
        return [_event(listing) for listing in listings]


@strawberry.type
class EventsMutation:
    @strawberry.mutation(description="Add a kind of event.", permission_classes=ADMIN)
    async def create_event_type(self, info: Info, input: CreateEventTypeInput) -> EventTypePayload:
        return await mutate(
            info, events.CreateEventTypeInput, input, events.create_event_type, EventTypePayload
        )

    @strawberry.mutation(description="Announce an event.", permission_classes=IM_JAPAN)
    async def create_event(self, info: Info, input: CreateEventInput) -> EventPayload:
        return await mutate(
            info, events.CreateEventInput, input, events.announce_event, EventPayload
        )

    @strawberry.mutation(
        description="Register a participant; past the capacity they wait.",
        permission_classes=IM_JAPAN,
    )
    async def register_for_event(
        self, info: Info, input: RegisterForEventInput
    ) -> EventRegistrationPayload:
        return await mutate(
            info, events.RegisterInput, input, events.register, EventRegistrationPayload
        )

    @strawberry.mutation(
        description="Cancel a registration; the first waiting one moves up.",
        permission_classes=IM_JAPAN,
    )
    async def cancel_event_registration(
        self, info: Info, input: CancelEventRegistrationInput
    ) -> EventRegistrationPayload:
        return await mutate(
            info, events.CancelInput, input, events.cancel, EventRegistrationPayload
        )
