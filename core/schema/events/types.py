"""IM Japan's events: the kinds of event, events with their counts, registrations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from core.db import models
from core.schema.base import Info
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    nested_connection,
)
from core.schema.permissions import IM_JAPAN
from core.services import events

ParticipantRole = strawberry.enum(events.ParticipantRole, name="EventParticipantRole")
RegistrationStatus = strawberry.enum(events.RegistrationStatus, name="EventRegistrationStatus")
EventStatus = strawberry.enum(
    events.EventStatus,
    name="EventStatus",
    description="A cancelled event is kept, with its registrations, and takes no new ones.",
)


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
    status: events.EventStatus
    cancelled_reason: str | None = strawberry.field(
        description="Why the event was cancelled; null while it is scheduled."
    )
    row_id: strawberry.Private[int]

    @strawberry.field(
        description=(
            "Registrations in the order they were made, a page at a time (a connection: "
            "they grow with the participants); each has its status."
        ),
        permission_classes=IM_JAPAN,
    )
    async def registrations(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[EventRegistration] | None:
        # Through loaders: one statement pages the registrations of every listed event.
        loaders = info.context.loaders
        return await nested_connection(
            loaders.event_registrations,
            loaders.event_registration_count,
            self.row_id,
            EventRegistration.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @classmethod
    def of(cls, listing: events.EventListing) -> Event:
        row = listing.event
        return cls(
            id=strawberry.ID(str(row.id)),
            type_code=row.type_code,
            title=row.title,
            held_on=row.held_on,
            venue=row.venue,
            capacity=row.capacity,
            confirmed_count=listing.confirmed,
            waitlist_count=listing.waitlisted,
            status=events.EventStatus(row.status),
            cancelled_reason=row.cancelled_reason,
            row_id=row.id or 0,
        )
