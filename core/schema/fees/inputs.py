"""Inputs of the fee ledger's mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.fees.types  # noqa: F401
from core.schema.derive import input_from
from core.services import fees


@input_from(fees.RecordFeePaymentInput)
class RecordFeePaymentInput:
    """A payment an intern made; a deposit or a penalty contract is refused."""
