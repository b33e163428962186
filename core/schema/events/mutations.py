"""The events' mutations, for IM Japan staff, and their payloads."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.events.inputs import (
    CancelEventInput,
    CancelEventRegistrationInput,
    CreateEventInput,
    CreateEventTypeInput,
    RegisterForEventInput,
    UpdateEventInput,
)
from core.schema.events.types import Event, EventRegistration, EventType
from core.schema.permissions import ADMIN, IM_JAPAN
from core.services import events


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
        return cls(event=Event.of(listing))


@strawberry.type
class UpdateEventPayload:
    event: Event | None = None
    moved_up: list[EventRegistration] = strawberry.field(
        default_factory=list,
        description=(
            "The waiting registrations a larger capacity confirmed, in order (a plain "
            "list: bounded by this one change)."
        ),
    )
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, update: events.EventUpdate) -> UpdateEventPayload:
        return cls(
            event=Event.of(update.listing),
            moved_up=[EventRegistration.from_row(row) for row in update.moved_up],
        )


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
class EventsMutation:
    @strawberry.mutation(description="Add a kind of event.", permission_classes=ADMIN)
    async def create_event_type(
        self, info: Info, input: CreateEventTypeInput
    ) -> EventTypePayload | None:
        return await mutate(
            info, events.CreateEventTypeInput, input, events.create_event_type, EventTypePayload
        )

    @strawberry.mutation(description="Announce an event.", permission_classes=IM_JAPAN)
    async def create_event(self, info: Info, input: CreateEventInput) -> EventPayload | None:
        return await mutate(
            info, events.CreateEventInput, input, events.announce_event, EventPayload
        )

    @strawberry.mutation(
        description=(
            "Change an event's title, date, venue or capacity. A capacity below the "
            "confirmed registrations is refused; a larger one confirms waiting ones in order. "
            "A cancelled event cannot be changed."
        ),
        permission_classes=IM_JAPAN,
    )
    async def update_event(self, info: Info, input: UpdateEventInput) -> UpdateEventPayload | None:
        return await mutate(
            info, events.UpdateEventInput, input, events.update_event, UpdateEventPayload
        )

    @strawberry.mutation(
        description=(
            "Cancel an event: it stays listed with its status and registrations, "
            "and takes no new registrations or changes."
        ),
        permission_classes=IM_JAPAN,
    )
    async def cancel_event(self, info: Info, input: CancelEventInput) -> EventPayload | None:
        return await mutate(info, events.CancelEventInput, input, events.cancel_event, EventPayload)

    @strawberry.mutation(
        description="Register a participant; past the capacity they wait.",
        permission_classes=IM_JAPAN,
    )
    async def register_for_event(
        self, info: Info, input: RegisterForEventInput
    ) -> EventRegistrationPayload | None:
        return await mutate(
            info, events.RegisterInput, input, events.register, EventRegistrationPayload
        )

    @strawberry.mutation(
        description="Cancel a registration; the first waiting one moves up.",
        permission_classes=IM_JAPAN,
    )
    async def cancel_event_registration(
        self, info: Info, input: CancelEventRegistrationInput
    ) -> EventRegistrationPayload | None:
        return await mutate(
            info, events.CancelInput, input, events.cancel, EventRegistrationPayload
        )
