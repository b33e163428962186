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

Under ESD (issue 14 item 6) what a worker pays the sending organisation is capped
at ``esd.fees.cap_months`` (provisional) of the contractual monthly wage of the
worker's ESD plan (reference section 5). The ledger still keeps the currency paid;
the cap is checked against each payment's yen equivalent, given with it (the
service converts nothing: the rate is the payer's, not ours). A JPY payment's yen
equivalent is its amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

import pycountry
from pydantic import Field, field_validator
from sqlalchemy import ColumnElement, case, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, EsdPlan, FeePayment
from core.domain.esd import Programme
from core.domain.supervision import FeeKind, FeePayee, FeePaymentBase, PlanStatus
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import get_candidate
from core.services.pages import Listing, column_order
from core.services.rules import rule_in_force

NO_DEPOSITS_SOURCE = "https://saitogyosei.jp/fp48.html"
"""B11 of ``shared/reference/supervision-and-esd.md``: no deposits or penalties taken
from interns."""

CAP_RULE = "esd.fees.cap_months"
"""Months of contractual wage an ESD worker pays the sending organisation at most."""

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
    yen_equivalent: int | None = Field(
        default=None,
        ge=1,
        le=999_999_999_999,
        description="The payment in yen. Required for an ESD worker's payment to the "
        "sending organisation in a currency other than JPY (the cap is in yen); for a "
        "JPY payment it is the amount, and may be left out.",
    )

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
    """Record a payment of an intern in ``scope`` (IM Japan any, a ministry its nationals).

    The candidate row is locked first (:func:`get_candidate`), so two payments of one
    ESD worker recorded at once are checked against the cap one after the other."""
    person = await get_candidate(session, data.candidate_id, scope)
    amount = Decimal(data.amount)
    if amount <= 0:
        raise DomainValidationError.single(
            "amount", Message("the amount must be more than 0"), ErrorCode.INVALID
        )
    yen = yen_equivalent(data, amount)
    if person.programme == Programme.ESD and data.payee == FeePayee.SENDING_ORGANISATION:
        if yen is None:
            raise DomainValidationError.single(
                "yenEquivalent",
                Message(
                    "the yen equivalent is required for an ESD worker's payment to the "
                    "sending organisation in {currency}: the cap is in yen",
                    currency=data.currency,
                ),
                ErrorCode.REQUIRED,
            )
        await check_esd_cap(session, data.candidate_id, yen, data.paid_on)
    row = FeePayment(
        candidate_id=data.candidate_id,
        payee=data.payee.value,
        payee_name=data.payee_name,
        kind=data.kind.value,
        amount=amount,
        currency=data.currency,
        paid_on=data.paid_on,
        note=data.note,
        yen_equivalent=yen,
    )
    session.add(row)
    await session.flush()
    return row


def yen_equivalent(data: RecordFeePaymentInput, amount: Decimal) -> int | None:
    """The payment in yen: the amount itself for JPY (a fraction of a yen counts as a
    whole yen, the side of the worker under a cap), else what was given (or unknown).

    Raises:
        DomainValidationError: a JPY payment given a different yen equivalent.
    """
    if data.currency != "JPY":
        return data.yen_equivalent
    whole = int(amount.to_integral_value(rounding=ROUND_CEILING))
    if data.yen_equivalent is not None and data.yen_equivalent != whole:
        raise DomainValidationError.single(
            "yenEquivalent",
            Message(
                "a payment in JPY is its own yen equivalent: {given} differs from the "
                "amount {amount}",
                given=data.yen_equivalent,
                amount=whole,
            ),
            ErrorCode.INVALID,
        )
    return whole


async def esd_plan_wage(session: AsyncSession, candidate_id: int) -> int | None:
    """The contractual monthly wage of the worker's ESD plan: its latest certified
    version, else its latest applied one; None without either."""
    statement = (
        select(col(EsdPlan.monthly_wage))
        .where(
            col(EsdPlan.candidate_id) == candidate_id,
            col(EsdPlan.status).in_([PlanStatus.CERTIFIED.value, PlanStatus.APPLIED.value]),
        )
        .order_by(
            case((col(EsdPlan.status) == PlanStatus.CERTIFIED.value, 0), else_=1),
            col(EsdPlan.version).desc(),
        )
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def paid_to_sender_yen(session: AsyncSession, candidate_id: int) -> int:
    """What the worker has paid the sending organisation so far, in yen. A payment
    recorded before yen equivalents were kept counts its amount when it was in JPY;
    one in another currency without a yen equivalent cannot be counted."""
    in_yen = case(
        (col(FeePayment.yen_equivalent).is_not(None), col(FeePayment.yen_equivalent)),
        (col(FeePayment.currency) == "JPY", func.ceil(col(FeePayment.amount))),
        else_=0,
    )
    statement = select(func.coalesce(func.sum(in_yen), 0)).where(
        col(FeePayment.candidate_id) == candidate_id,
        col(FeePayment.payee) == FeePayee.SENDING_ORGANISATION.value,
    )
    return int((await session.exec(statement)).one())


async def check_esd_cap(session: AsyncSession, candidate_id: int, yen: int, paid_on: date) -> None:
    """Refuse a payment to the sending organisation that takes an ESD worker's total
    over the cap in force on the day paid (reference section 5).

    Raises:
        DomainValidationError: no ESD plan (on candidateId: the cap needs its wage),
            or over the cap (on amount, naming the rule, the cap, what was paid before
            and the source).
    """
    wage = await esd_plan_wage(session, candidate_id)
    if wage is None:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "an ESD worker's payment to the sending organisation is checked against a "
                "cap of months of the contractual wage: record the worker's ESD plan first"
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    rule = await rule_in_force(session, CAP_RULE, paid_on)
    cap = rule.whole() * wage
    before = await paid_to_sender_yen(session, candidate_id)
    if before + yen > cap:
        raise DomainValidationError.single(
            "amount",
            Message(
                "over the cap of rule {rule}: an ESD worker pays the sending "
                "organisation at most {months} months' contractual wage, {cap} yen; "
                "{before} yen paid before, {yen} yen now (source: {source})",
                rule=rule.key,
                months=rule.whole(),
                cap=cap,
                before=before,
                yen=yen,
                source=rule.source_url or "unknown",
            ),
            ErrorCode.LIMIT_EXCEEDED,
        )


def amount_text(value: Decimal) -> str:
    """An amount as GraphQL shows it: two decimals ('1250.00')."""
    return f"{Decimal(value):.2f}"
