"""Inputs of the route to SSW (i)'s mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.ssw.types  # noqa: F401
from core.schema.derive import input_from
from core.services import esd_sittings, ssw


@input_from(esd_sittings.RecordEsdSittingInput)
class RecordEsdSkillsSittingInput:
    """A sitting of a skills test by a worker under ESD, passed or failed."""


@input_from(ssw.MoveToSswInput)
class MoveToSpecifiedSkilledWorkerInput:
    pass
