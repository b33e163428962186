"""Inputs of the transfers' mutation, derived from the service input."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.transfers.types  # noqa: F401
from core.schema.derive import input_from
from core.services import transfers


@input_from(transfers.TransferWorkerInput, ids={"to_host_company_id": "HostCompany"})
class TransferWorkerInput:
    """A transfer of an ESD worker to another employer."""
