"""A payment of the fee ledger, as GraphQL shows it: the type is defined beside the
candidate it links to both ways (:mod:`core.schema.lifecycle.types`), so that neither
package imports the other back."""

from __future__ import annotations

from core.schema.lifecycle.types import FeeKind, FeePayee, FeePayment

__all__ = ["FeeKind", "FeePayee", "FeePayment"]
