"""Inputs of the events' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.events.types  # noqa: F401
from core.schema.derive import input_from
from core.services import events


@input_from(events.CreateEventTypeInput)
class CreateEventTypeInput:
    pass


@input_from(events.CreateEventInput)
class CreateEventInput:
    pass


@input_from(events.UpdateEventInput)
class UpdateEventInput:
    """The event's fields to change and why: a field left out or null is unchanged."""


@input_from(events.CancelEventInput)
class CancelEventInput:
    """The event to cancel and why; its registrations are kept."""


@input_from(events.RegisterInput)
class RegisterForEventInput:
    pass


@input_from(events.CancelInput, ids={"registration_id": "EventRegistration"})
class CancelEventRegistrationInput:
    pass
