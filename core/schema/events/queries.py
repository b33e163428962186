"""The events' root query fields: public listings."""

from __future__ import annotations

from datetime import date

import strawberry

from core.schema.base import Info, lookup_id, services
from core.schema.events.types import Event, EventType
from core.schema.permissions import PUBLIC
from core.services import events

MAX_EVENTS = 100


@strawberry.type
class EventsQuery:
    @strawberry.field(description="The kinds of IM Japan event.", permission_classes=PUBLIC)
    async def event_types(self, info: Info) -> list[EventType]:
        rows = await services(info).read(events.event_types)
        return [EventType(code=row.code, name=row.name) for row in rows]

    @strawberry.field(
        description="One event by id, cancelled ones too; null when there is none.",
        permission_classes=PUBLIC,
    )
    async def event(self, info: Info, id: strawberry.ID) -> Event | None:
        key = lookup_id(id, "id", "Event")
        return None if key is None else await Event.load(info, key)

    @strawberry.field(
        description=(
            "Events from a date on (today if omitted), soonest first; at most 100. "
            "Cancelled events are listed too, with their status."
        ),
        permission_classes=PUBLIC,
    )
    async def events(self, info: Info, from_date: date | None = None) -> list[Event]:
        start = from_date or date.today()
        listings = await services(info).read(events.upcoming_events, start=start, limit=MAX_EVENTS)
        return [Event.of(listing) for listing in listings]
