"""IM Japan's events: kinds, events with a capacity, registrations and the waiting list.

A registration past the capacity waits; cancelling a confirmed registration
moves the earliest waiting one up, in the same transaction, and so does raising
the capacity (as many as the new places). The event row is locked first (``FOR
UPDATE`` on PostgreSQL, the write lock on SQLite), so two registrations at once
cannot both take the last place.

An event is not deleted: a cancelled one keeps its registrations and its
reason, is still listed (with its status), and takes no new registrations or
changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import cast

from pydantic import Field, ValidationInfo, create_model, field_validator
from pydantic.alias_generators import to_camel
from sqlalchemy import ColumnElement, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import Event, EventRegistration, EventType, HostCompany
from core.db.models.after_return import participant_key
from core.domain.families import EventBase
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.plugins.registry import CountryRegistry
from core.services.inputs import Input, RowId, optional_fields
from core.services.lookups import country_or_refuse, found_or_refuse, get_or_refuse
from core.services.pages import Listing, Nested, column_order


class ParticipantRole(StrEnum):
    EMBASSY_REPRESENTATIVE = "embassy_representative"
    MINISTRY_OFFICIAL = "ministry_official"
    HOST_COMPANY = "host_company"
    INTERN = "intern"


class EventStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


COUNTRY_ROLES = {
    ParticipantRole.EMBASSY_REPRESENTATIVE,
    ParticipantRole.MINISTRY_OFFICIAL,
    ParticipantRole.INTERN,
}


class CreateEventTypeInput(Input):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,59}$", description="e.g. 'alumni_forum'")
    name: str = Field(min_length=1, max_length=200)


class CreateEventInput(Input, EventBase):  # type: ignore[misc]  # Input's config
    """A new event: the fields of :class:`EventBase`."""


EventChanges: type[Input] = create_model(
    "EventChanges",
    __base__=Input,
    __doc__="The event's fields to change, each optional and bounded as when announced.",
    **optional_fields(EventBase, exclude={"type_code"}),
)

Reason = Field(min_length=1, max_length=400, description="Why; kept in the audit log.")


class UpdateEventInput(EventChanges):
    """A change of an event: the fields given, and why."""

    event_id: RowId
    reason: str = Reason


class CancelEventInput(Input):
    event_id: RowId
    reason: str = Field(
        min_length=1, max_length=400, description="Why; shown with the event (cancelledReason)."
    )


class RegisterInput(Input):
    event_id: RowId
    participant_role: ParticipantRole
    name: str = Field(min_length=1, max_length=200, description="Person or organisation.")
    country_code: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$", validate_default=True)
    host_company_id: RowId | None = Field(default=None, validate_default=True)

    @field_validator("country_code")
    @classmethod
    def _country_given(cls, country_code: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("participant_role") in COUNTRY_ROLES and country_code is None:
            raise ValueError(
                Message("countryCode is required for embassy, ministry and intern participants")
            )
        return country_code

    @field_validator("host_company_id")
    @classmethod
    def _company_given(cls, host_company_id: int | None, info: ValidationInfo) -> int | None:
        role = info.data.get("participant_role")
        if role is ParticipantRole.HOST_COMPANY and host_company_id is None:
            raise ValueError(Message("hostCompanyId is required for a host company participant"))
        return host_company_id


class CancelInput(Input):
    registration_id: RowId


async def create_event_type(*, session: AsyncSession, data: CreateEventTypeInput) -> EventType:
    if await session.get(EventType, data.code) is not None:
        raise DomainValidationError.single(
            "code",
            Message("an event type {code} exists", code=repr(data.code)),
            ErrorCode.DUPLICATE,
        )
    kind = EventType(code=data.code, name=data.name)
    session.add(kind)
    await session.flush()
    return kind


async def create_event(*, session: AsyncSession, data: CreateEventInput) -> Event:
    if await session.get(EventType, data.type_code) is None:
        raise DomainValidationError.single(
            "typeCode",
            Message("no event type {code}", code=repr(data.type_code)),
            ErrorCode.NOT_FOUND,
        )
    event = Event(**data.model_dump())
    session.add(event)
    await session.flush()
    return event


async def announce_event(*, session: AsyncSession, data: CreateEventInput) -> EventListing:
    """A new event (:func:`create_event`) with its counts, as a listing shows it."""
    return (await listings(session, [await create_event(session=session, data=data)]))[0]


@dataclass(frozen=True)
class EventUpdate:
    """A changed event with its counts, and the waiting registrations a larger capacity
    confirmed (in the order they registered)."""

    listing: EventListing
    moved_up: list[EventRegistration]


async def update_event(*, session: AsyncSession, data: UpdateEventInput) -> EventUpdate:
    """Change the given fields of a scheduled event.

    A capacity below the confirmed registrations is refused (nobody loses a
    confirmed place); a larger one confirms the waiting registrations, earliest
    first, as far as the new places go.
    """
    event = await _locked_event(session, data.event_id, field="eventId")
    _refuse_cancelled(event)
    given = data.model_dump(exclude_unset=True, exclude={"event_id", "reason"})
    if not given:
        raise DomainValidationError.single(
            None, Message("give at least one field to change"), ErrorCode.REQUIRED
        )
    errors = [
        UserErrorData(
            field=to_camel(name), message=Message("cannot be removed"), code=ErrorCode.REQUIRED
        )
        for name, value in given.items()
        if value is None
    ]
    confirmed = await _count(session, event, RegistrationStatus.CONFIRMED)
    capacity = given.get("capacity")
    if capacity is not None and capacity < confirmed:
        errors.append(
            UserErrorData(
                field="capacity",
                message=Message(
                    "{confirmed} registrations are confirmed: the capacity cannot be "
                    "{capacity} (cancel registrations first)",
                    confirmed=confirmed,
                    capacity=capacity,
                ),
                code=ErrorCode.INVALID,
            )
        )
    if errors:
        raise DomainValidationError(errors)
    for name, value in given.items():
        setattr(event, name, value)
    session.add(event)
    await session.flush()
    moved_up = await _move_up(session, event)
    return EventUpdate(listing=(await listings(session, [event]))[0], moved_up=moved_up)


async def cancel_event(*, session: AsyncSession, data: CancelEventInput) -> EventListing:
    """Cancel an event: it stays, with its registrations, and takes no new ones."""
    event = await _locked_event(session, data.event_id, field="eventId")
    _refuse_cancelled(event)
    event.status = EventStatus.CANCELLED.value
    event.cancelled_reason = data.reason
    session.add(event)
    await session.flush()
    return (await listings(session, [event]))[0]


def _refuse_cancelled(event: Event) -> None:
    if event.status == EventStatus.CANCELLED:
        raise DomainValidationError.single(
            "eventId", Message("the event is cancelled"), ErrorCode.NOT_ALLOWED_STATE
        )


async def register(
    *, session: AsyncSession, registry: CountryRegistry, data: RegisterInput
) -> EventRegistration:
    """Confirm the participant while places remain; otherwise put them on the waiting list.

    A participant already registered for the event (and not cancelled) is refused,
    and so is any registration for a cancelled event.
    """
    event = await _locked_event(session, data.event_id, field="eventId")
    _refuse_cancelled(event)
    country = None
    if data.country_code is not None:
        country = country_or_refuse(registry, data.country_code.upper(), field="countryCode").code
    if data.host_company_id is not None:
        await get_or_refuse(
            session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
        )
    key = participant_key(data.participant_role.value, data.name, country, data.host_company_id)
    await _refuse_duplicate(session, event, key)
    confirmed = await _count(session, event, RegistrationStatus.CONFIRMED)
    status = (
        RegistrationStatus.CONFIRMED
        if confirmed < event.capacity
        else RegistrationStatus.WAITLISTED
    )
    registration = EventRegistration(
        event_id=data.event_id,
        participant_role=data.participant_role.value,
        name=data.name,
        country_code=country,
        host_company_id=data.host_company_id,
        status=status.value,
        participant_key=key,
    )
    try:
        # A savepoint, so that a registration that raced past _refuse_duplicate
        # and hit the unique index is answered as the same field error.
        async with session.begin_nested():
            session.add(registration)
            await session.flush()
    except IntegrityError:
        raise _duplicate() from None
    return registration


async def _refuse_duplicate(session: AsyncSession, event: Event, key: str) -> None:
    existing = await session.exec(
        select(EventRegistration.id).where(
            EventRegistration.event_id == event.id,
            EventRegistration.participant_key == key,
            EventRegistration.status != RegistrationStatus.CANCELLED.value,
        )
    )
    if existing.first() is not None:
        raise _duplicate()


def _duplicate() -> DomainValidationError:
    return DomainValidationError.single(
        "name",
        Message(
            "this participant is already registered for the event (cancel that registration first)"
        ),
        ErrorCode.DUPLICATE,
    )


async def cancel(
    *, session: AsyncSession, data: CancelInput
) -> tuple[EventRegistration, EventRegistration | None]:
    """Cancel a registration; the first on the waiting list takes a freed place.

    Returns the cancelled registration and the one moved up, if any. Of
    concurrent cancellations of one registration exactly one succeeds; the
    others are refused as already cancelled (``NOT_ALLOWED_STATE``).
    """
    registration = await get_or_refuse(
        session,
        EventRegistration,
        data.registration_id,
        field="registrationId",
        label="event registration",
    )
    event = await _locked_event(session, registration.event_id, field="registrationId")
    # Read again under the event's lock: a cancellation that committed while
    # this one waited for the lock is seen, so only the first one succeeds.
    registration = (
        await session.exec(
            select(EventRegistration)
            .where(col(EventRegistration.id) == registration.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).one()
    if registration.status == RegistrationStatus.CANCELLED:
        raise DomainValidationError.single(
            "registrationId",
            Message("the registration is already cancelled"),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED.value
    session.add(registration)
    await session.flush()
    # A cancelled event confirms nobody: its waiting list stays as it was.
    cancelled = event.status == EventStatus.CANCELLED
    moved_up = await _move_up(session, event) if freed and not cancelled else []
    return registration, moved_up[0] if moved_up else None


async def _move_up(session: AsyncSession, event: Event) -> list[EventRegistration]:
    """Confirm waiting registrations, earliest first, while the event has free places."""
    free = event.capacity - await _count(session, event, RegistrationStatus.CONFIRMED)
    if free <= 0:
        return []
    waiting = await session.exec(
        select(EventRegistration)
        .where(
            EventRegistration.event_id == event.id,
            EventRegistration.status == RegistrationStatus.WAITLISTED.value,
        )
        .order_by(col(EventRegistration.id))
        .limit(free)
    )
    moved_up = list(waiting.all())
    for registration in moved_up:
        registration.status = RegistrationStatus.CONFIRMED.value
        session.add(registration)
    await session.flush()
    return moved_up


async def _locked_event(session: AsyncSession, event_id: int, *, field: str) -> Event:
    statement = select(Event).where(Event.id == event_id).with_for_update()
    return found_or_refuse((await session.exec(statement)).first(), field, "event", event_id)


async def _count(session: AsyncSession, event: Event, status: RegistrationStatus) -> int:
    result = await session.exec(
        select(func.count())
        .select_from(EventRegistration)
        .where(EventRegistration.event_id == event.id, EventRegistration.status == status.value)
    )
    return int(result.one())


@dataclass(frozen=True)
class EventListing:
    """An event with its confirmed and waiting registrations counted."""

    event: Event
    confirmed: int
    waitlisted: int


async def event_types(session: AsyncSession) -> Sequence[EventType]:
    """The kinds of event, by name."""
    return (await session.exec(select(EventType).order_by(col(EventType.name)))).all()


def upcoming_events(start: date) -> Listing[EventListing]:
    """The events held on ``start`` or later, soonest first (then by id); cancelled
    ones too (their status says so), so that whoever registered learns of it. A page
    is served with its counts (:func:`listings`)."""
    return Listing(
        name="event",
        statement=select(Event).where(col(Event.held_on) >= start),
        order=column_order("soonest", col(Event.held_on), col(Event.id)),
        finish=listings,
    )


REGISTRATIONS: Nested[EventRegistration] = Nested(
    name="event_registration",
    statement=select(EventRegistration),
    parent=cast(ColumnElement[int], col(EventRegistration.event_id)),
    order=column_order("registered", col(EventRegistration.id)),
)
"""Each event's registrations, in the order they were made (by id)."""


async def listings(session: AsyncSession, rows: Sequence[Event]) -> list[EventListing]:
    """The events with their counts, counted for all of them in one grouped query."""
    ids = [row.id for row in rows]
    counts: dict[tuple[int, str], int] = {}
    if ids:
        grouped = await session.exec(
            select(EventRegistration.event_id, EventRegistration.status, func.count())
            .where(col(EventRegistration.event_id).in_(ids))
            .group_by(col(EventRegistration.event_id), col(EventRegistration.status))
        )
        counts = {(event_id, status): int(count) for event_id, status, count in grouped.all()}
    return [
        EventListing(
            event=row,
            confirmed=counts.get((row.id or 0, RegistrationStatus.CONFIRMED), 0),
            waitlisted=counts.get((row.id or 0, RegistrationStatus.WAITLISTED), 0),
        )
        for row in rows
    ]
