"""Inputs of the interviews' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.interviews.types  # noqa: F401
from core.schema.derive import input_from
from core.services import interviews


@input_from(interviews.CreateSessionInput)
class CreateInterviewSessionInput:
    """Schedule a group job interview of a country's ministry."""


@input_from(interviews.AddCompanyInput)
class AddInterviewCompanyInput:
    pass


@input_from(interviews.RegisterInput)
class RegisterForInterviewInput:
    pass


@input_from(interviews.RecordOutcomeInput, ids={"registration_id": "InterviewRegistration"})
class RecordInterviewOutcomeInput:
    """Record (or replace) the outcome of one returnee with one company."""
