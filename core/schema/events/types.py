"""IM Japan's events: the kinds of event, events with their counts, registrations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.relay import NodeID

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
from core.schema.ids import optional_global_id
from core.schema.nodes import GatedNode
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
class EventRegistration(GatedNode):
    id: NodeID[int]
    participant_role: events.ParticipantRole
    name: str
    country_code: str | None
    host_company_id: strawberry.ID | None
    status: events.RegistrationStatus
    registered_at: datetime

    GATE = ("Event", "registrations")

    @classmethod
    async def load(cls, info: Info, key: int) -> EventRegistration | None:
        row = await info.context.loaders.nodes.event_registration.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.EventRegistration) -> EventRegistration:
        assert row.id is not None
        return cls(
            id=row.id,
            participant_role=events.ParticipantRole(row.participant_role),
            name=row.name,
            country_code=row.country_code,
            host_company_id=optional_global_id("HostCompany", row.host_company_id),
            status=events.RegistrationStatus(row.status),
            registered_at=row.registered_at,
        )


@strawberry.type(description="An IM Japan event; who registered is for IM Japan staff.")
class Event(GatedNode):
    id: NodeID[int]
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

    GATE = ("Query", "event")

    @classmethod
    async def load(cls, info: Info, key: int) -> Event | None:
        listing = await info.context.loaders.nodes.event.load(key)
        return cls.of(listing) if listing else None

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
        assert row.id is not None
        return cls(
            id=row.id,
            type_code=row.type_code,
            title=row.title,
            held_on=row.held_on,
            venue=row.venue,
            capacity=row.capacity,
            confirmed_count=listing.confirmed,
            waitlist_count=listing.waitlisted,
            status=events.EventStatus(row.status),
            cancelled_reason=row.cancelled_reason,
            row_id=row.id,
        )
