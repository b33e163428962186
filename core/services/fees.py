"""The fee ledger: what each intern paid to whom, in the currency paid (item 9 of issue 13).

A payment is recorded as paid: the payee (the sending organisation, the
pre-entry training, another), the payee's name, what it was for, the amount in
the currency paid (an ISO 4217 code; no conversion: the ledger keeps what was
paid), and the day. A deposit (保証金) or a penalty contract (違約金契約) is
refused: no deposit or penalty may be taken from an intern (B11 of the
reference, :data:`NO_DEPOSITS_SOURCE`); the refusal names the field ``kind``
and the source.

Amounts are exact decimals, stored as ``NUMERIC(14, 2)``; GraphQL carries them
as a decimal string ("1250.00"), since a float would round money and the
existing ``Int`` cannot carry minor units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pycountry
from pydantic import Field, field_validator
from sqlalchemy import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, FeePayment
from core.domain.supervision import FeeKind, FeePayee, FeePaymentBase
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import get_candidate
from core.services.pages import Listing, column_order

NO_DEPOSITS_SOURCE = "https://saitogyosei.jp/fp48.html"
"""B11 of ``shared/reference/supervision-and-esd.md``: no deposits or penalties taken
from interns."""

REFUSED_KINDS = frozenset({FeeKind.DEPOSIT, FeeKind.PENALTY_CONTRACT})

AMOUNT = r"^\d{1,12}(\.\d{1,2})?$"
"""A decimal amount as GraphQL carries it: up to 12 digits, then up to 2 decimals."""


def currency_code(value: str) -> str:
    """An ISO 4217 currency code (upper case), or refused."""
    code = value.upper()
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(Message("{code} is not an ISO 4217 currency code", code=repr(value)))
    return code


class RecordFeePaymentInput(Input, FeePaymentBase):  # type: ignore[misc]  # Input's config
    """A payment an intern made: the fields of :class:`FeePaymentBase`."""

    candidate_id: RowId
    payee: FeePayee
    kind: FeeKind
    amount: str = Field(  # type: ignore[assignment]  # a decimal string in GraphQL
        pattern=AMOUNT,
        description="The amount paid, a decimal string such as '1250.00' (2 decimals at most).",
    )
    currency: str = Field(
        min_length=3, max_length=3, description="ISO 4217 code of the currency paid, e.g. 'VND'."
    )
    paid_on: HappenedOn

    @field_validator("kind")
    @classmethod
    def _no_deposit(cls, value: FeeKind) -> FeeKind:
        if value in REFUSED_KINDS:
            raise ValueError(
                Message(
                    "{kind} is refused: no deposits or penalties may be taken from interns "
                    "(source: {source})",
                    kind=value.value,
                    source=NO_DEPOSITS_SOURCE,
                )
            )
        return value

    @field_validator("currency")
    @classmethod
    def _iso_4217(cls, value: str) -> str:
        return currency_code(value)


@dataclass(frozen=True)
class FeeFilter:
    candidate_id: int | None = None
    payee: FeePayee | None = None
    paid_from: date | None = None
    paid_to: date | None = None


def in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    """A payment is seen with its candidate (one subquery on the candidate's scope)."""
    conditions = scope.candidates()
    if not conditions:
        return []
    return [col(FeePayment.candidate_id).in_(select(col(Candidate.id)).where(*conditions))]


def listing(scope: Scope, found: FeeFilter) -> Listing[FeePayment]:
    """The payments in ``scope`` matching ``found``, earliest first (then by id)."""
    conditions = in_scope(scope)
    if found.candidate_id is not None:
        conditions.append(col(FeePayment.candidate_id) == found.candidate_id)
    if found.payee is not None:
        conditions.append(col(FeePayment.payee) == found.payee.value)
    if found.paid_from is not None:
        conditions.append(col(FeePayment.paid_on) >= found.paid_from)
    if found.paid_to is not None:
        conditions.append(col(FeePayment.paid_on) <= found.paid_to)
    return Listing(
        name="fee_payment",
        statement=select(FeePayment).where(*conditions),
        order=column_order("paid", col(FeePayment.paid_on), col(FeePayment.id)),
    )


async def record_fee_payment(
    *, session: AsyncSession, scope: Scope, data: RecordFeePaymentInput
) -> FeePayment:
    """Record a payment of an intern in ``scope`` (IM Japan any, a ministry its nationals)."""
    await get_candidate(session, data.candidate_id, scope)
    amount = Decimal(data.amount)
    if amount <= 0:
        raise DomainValidationError.single(
            "amount", Message("the amount must be more than 0"), ErrorCode.INVALID
        )
    row = FeePayment(
        candidate_id=data.candidate_id,
        payee=data.payee.value,
        payee_name=data.payee_name,
        kind=data.kind.value,
        amount=amount,
        currency=data.currency,
        paid_on=data.paid_on,
        note=data.note,
    )
    session.add(row)
    await session.flush()
    return row


def amount_text(value: Decimal) -> str:
    """An amount as GraphQL shows it: two decimals ('1250.00')."""
    return f"{Decimal(value):.2f}"
