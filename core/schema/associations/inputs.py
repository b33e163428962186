"""Inputs of the associations' mutations, derived from the service inputs."""

from __future__ import annotations

from core.schema.derive import input_from
from core.services import associations


@input_from(
    associations.JoinAssociationInput,
    description=(
        "A returned intern joins one of their country's associations: give boardId for a "
        "catalogued board, or region for a regional board the catalogue does not name."
    ),
)
class JoinAssociationInput:
    pass


@input_from(associations.RecordFoundedBusinessInput)
class RecordFoundedBusinessInput:
    """A business a member founded after returning."""
