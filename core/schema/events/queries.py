"""The events' root query fields: public listings."""

from __future__ import annotations

from datetime import date

import strawberry

from core.schema.base import Info, lookup_id, services
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.events.types import Event, EventType
from core.schema.permissions import PUBLIC
from core.services import events


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
            "Events from a date on (today if omitted), soonest first (then by id), a page "
            "at a time. Cancelled events are listed too, with their status."
        ),
        permission_classes=PUBLIC,
    )
    async def events(
        self,
        info: Info,
        from_date: date | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Event]:
        listing = events.upcoming_events(from_date or date.today())
        return await connection(
            info, listing, Event.of, first=first, after=after, last=last, before=before
        )
