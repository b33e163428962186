"""Inputs of the ESD fields' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.esd_fields.types  # noqa: F401
from core.schema.derive import input_from
from core.services import esd_fields


@input_from(esd_fields.RecordWorkCategoryInput)
class RecordWorkCategoryInput:
    """A work category (業務区分) of an ESD field, with its source."""
