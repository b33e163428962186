"""Inputs of the entry chain's mutations, derived from the service inputs."""

from __future__ import annotations

from core.schema.derive import input_from
from core.services import entry


@input_from(entry.RecordCoeApplicationInput)
class RecordCoeApplicationInput:
    pass


@input_from(entry.RecordCoeIssuedInput)
class RecordCoeIssuedInput:
    pass


@input_from(entry.RecordVisaIssuedInput)
class RecordVisaIssuedInput:
    pass


@input_from(entry.RecordEntryInput)
class RecordEntryInput:
    pass
