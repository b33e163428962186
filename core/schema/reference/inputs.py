"""Inputs of the reference data's mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.reference.types  # noqa: F401
from core.schema.derive import input_from
from core.services import rule_values


@input_from(rule_values.SetRuleValueInput)
class SetRuleValueInput:
    """A new version of a rule's value, in force from validFrom."""
