"""What the new employer repays of the first employer's initial costs when an ESD worker
transfers at their wish (reference section 4): a pure function of the rule values.

The reference says: the initial costs are tangible (a fixed standard amount plus actual
costs such as travel) and intangible (set equal to the standard amount); the total is
"apportioned over the years in the ratio 1:2:3, in half-year steps"; the amounts are set
by ministerial notice, not found yet.

**This service's reading (an inference, not a sourced formula):** year ``k`` of the
period carries weight ``w_k`` (``esd.transfer.repayment.weights``), split evenly over its
half-years (``esd.transfer.repayment.step_months`` months each), so each half-year of
year ``k`` carries ``w_k / 2`` of ``sum(w)``. The first employer keeps the share of the
half-years the worker completed with it; the new employer repays the rest::

    kept   = sum(w_k / 2 for each completed half-year) / sum(w)
    amount = total x (1 - kept)

With 1:2:3 and 12 months served: kept = (1/2 + 1/2) / 6 = 1/6, the new employer repays
5/6. While the standard amount is unknown (null) the amounts are null; the share is
still given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from dateutil.relativedelta import relativedelta

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Repayment:
    """The split of the first employer's initial costs; ``share`` is the new employer's."""

    standard_amount: Decimal | None
    actual_costs: Decimal
    total: Decimal | None
    share: Fraction
    amount: Decimal | None
    steps_served: int


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    gap = relativedelta(end, start)
    return gap.years * 12 + gap.months


def kept_share(weights: Sequence[int], steps_served: int) -> Fraction:
    """The share the first employer keeps after ``steps_served`` completed half-years
    (two per year, each carrying half its year's weight); all of it after the last."""
    whole = sum(weights)
    if whole <= 0:
        raise ValueError(f"the weights must add up to more than 0: {list(weights)!r}")
    kept = Fraction(0)
    for step in range(min(steps_served, 2 * len(weights))):
        kept += Fraction(weights[step // 2], 2)
    return kept / whole


def repayment(
    *,
    standard_amount: Decimal | None,
    actual_costs: Decimal,
    weights: Sequence[int],
    step_months: int,
    served_from: date,
    transfers_on: date,
) -> Repayment:
    """The new employer's repayment for a worker with the first employer from
    ``served_from`` to ``transfers_on`` (see the module's reading of the rule).

    Amounts are rounded to the cent (half up); null while the standard amount is."""
    if step_months <= 0:
        raise ValueError(f"the step must be at least one month: {step_months}")
    steps = months_between(served_from, transfers_on) // step_months
    share = 1 - kept_share(weights, steps)
    if standard_amount is None:
        return Repayment(None, actual_costs, None, share, None, steps)
    total = standard_amount + actual_costs + standard_amount
    amount = (total * share.numerator / share.denominator).quantize(CENT, ROUND_HALF_UP)
    return Repayment(standard_amount, actual_costs, total, share, amount, steps)
