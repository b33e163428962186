"""The transfers' types: the explained check, the repayment, the transfer and the
employment it ends and begins."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

import strawberry
from strawberry.relay import NodeID
from strawberry.scalars import JSON

import core.schema.reference.types  # noqa: F401  (the SourceTag enum)
from core.db import models
from core.domain import esd, supervision
from core.i18n import localized_stored
from core.schema.base import Info
from core.schema.ids import global_id, optional_global_id
from core.schema.lifecycle.types import Candidate, HostCompany
from core.schema.nodes import GatedNode
from core.services import transfer_checks

if TYPE_CHECKING:
    TransferReason = esd.TransferReason
    TransferArranger = esd.TransferArranger
    TransferCheckKind = transfer_checks.TransferCheckKind
else:
    TransferReason = strawberry.enum(
        esd.TransferReason,
        name="TransferReason",
        description="Why an ESD worker changes employer.",
    )
    TransferArranger = strawberry.enum(
        esd.TransferArranger,
        name="TransferArranger",
        description="Who arranged a transfer.",
    )
    TransferCheckKind = strawberry.enum(
        transfer_checks.TransferCheckKind,
        name="TransferCheckKind",
        description="One check of a transfer.",
    )

REPAYMENT_READING = (
    "The reference says the first employer's initial costs (tangible: the standard amount "
    "plus actual costs; intangible: the standard amount) are apportioned over the years "
    "1:2:3 in half-year steps. This service's reading, an inference: each half-year of "
    "year k carries half of year k's weight; the first employer keeps the share of the "
    "half-years completed with it, the new employer repays the rest."
)


@strawberry.type(
    description=(
        "One check of a transfer: passed or not, the rule read (its version in force on "
        "the transfer's day), the values compared and why."
    )
)
class TransferCheckOutcome:
    check: TransferCheckKind
    passed: bool
    rule: str | None = strawberry.field(description="The rule's key; null for a check of facts.")
    rule_valid_from: date | None = strawberry.field(
        description="The first day of the rule's version read (null: since always)."
    )
    compared: JSON = strawberry.field(description="The values compared.")
    message: str
    source_url: str | None
    tag: supervision.SourceTag | None
    provisional: bool = strawberry.field(
        description="Whether a value read awaits a primary source (a field's period, the "
        "metropolitan prefectures, ...)."
    )

    @classmethod
    def of(cls, outcome: transfer_checks.Outcome) -> TransferCheckOutcome:
        return cls.from_stored(outcome.stored())

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> TransferCheckOutcome:
        """An outcome as ``Transfer.checks`` keeps it (in the reader's language)."""
        valid_from = stored.get("ruleValidFrom")
        tag = stored.get("tag")
        return cls(
            check=TransferCheckKind(stored["check"]),
            passed=bool(stored["passed"]),
            rule=stored.get("rule"),
            rule_valid_from=date.fromisoformat(valid_from) if valid_from else None,
            compared=cast(JSON, stored.get("compared") or {}),
            message=localized_stored(stored.get("message", ""), stored.get("messageJson")),
            source_url=stored.get("sourceUrl"),
            tag=supervision.SourceTag(tag) if tag else None,
            provisional=bool(stored.get("provisional")),
        )


@strawberry.type(
    description=(
        "What the new employer repays of the first employer's initial costs, amounts as "
        "decimal strings ('550000.00', yen). " + REPAYMENT_READING + " While the standard "
        "amount (set by ministerial notice) is not known, the amounts are null and the "
        "share is still given."
    )
)
class Repayment:
    standard_amount: str | None = strawberry.field(
        description="The standard amount of the rule version read; null until notified."
    )
    actual_costs: str
    total: str | None = strawberry.field(
        description="Tangible (standard + actual) plus intangible (standard) costs."
    )
    share_numerator: int = strawberry.field(description="The new employer's share of the total.")
    share_denominator: int
    amount: str | None = strawberry.field(description="What the new employer repays.")
    steps_served: int = strawberry.field(
        description="Half-year steps completed with the first employer."
    )
    provisional: bool = strawberry.field(
        description="Whether a value read is provisional or the amount is still unknown."
    )

    @classmethod
    def of(cls, decision: transfer_checks.RepaymentDecision) -> Repayment:
        return cls.from_stored(decision.stored())

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> Repayment:
        return cls(
            standard_amount=stored.get("standardAmount"),
            actual_costs=stored["actualCosts"],
            total=stored.get("total"),
            share_numerator=int(stored["shareNumerator"]),
            share_denominator=int(stored["shareDenominator"]),
            amount=stored.get("amount"),
            steps_served=int(stored["stepsServed"]),
            provisional=bool(stored.get("provisional")),
        )


@strawberry.type(
    description=(
        "Whether a transfer would be allowed on its day, each check explained, and the "
        "repayment it would bring (null for an unavoidable transfer: the reference does "
        "not say one is owed)."
    )
)
class TransferCheck:
    allowed: bool
    outcomes: list[TransferCheckOutcome]
    repayment: Repayment | None

    @classmethod
    def of(cls, decision: transfer_checks.Decision) -> TransferCheck:
        return cls(
            allowed=decision.allowed,
            outcomes=[TransferCheckOutcome.of(outcome) for outcome in decision.outcomes],
            repayment=Repayment.of(decision.repayment) if decision.repayment else None,
        )


def _key(value: int | None) -> int:
    assert value is not None
    return value


@strawberry.type(
    description=(
        "A transfer (転籍) of an ESD worker to another employer, with the checks as decided "
        "(each with the rule version it read, so a later change of a rule does not alter "
        "it) and the repayment (null for an unavoidable transfer: the reference does not "
        "say one is owed)."
    )
)
class Transfer(GatedNode):
    id: NodeID[int]
    candidate_id: strawberry.ID
    reason: TransferReason
    unavoidable_reason: str | None
    arranged_by: TransferArranger
    transfers_on: date
    served_from: date = strawberry.field(
        description="When the worker's employment with the first employer began."
    )

    row: strawberry.Private[models.Transfer]

    GATE = ("Query", "transfers")

    @classmethod
    async def load(cls, info: Info, key: int) -> Transfer | None:
        row = await info.context.loaders.nodes.esd_transfer.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.Transfer) -> Transfer:
        return cls(
            id=_key(row.id),
            candidate_id=global_id("Candidate", row.candidate_id),
            reason=TransferReason(row.reason),
            unavoidable_reason=row.unavoidable_reason,
            arranged_by=TransferArranger(row.arranged_by),
            transfers_on=row.transfers_on,
            served_from=row.served_from,
            row=row,
        )

    @strawberry.field(description="The worker; null when the caller no longer sees them.")
    async def candidate(self, info: Info) -> Candidate | None:
        row = await info.context.loaders.candidate.load(self.row.candidate_id)
        return Candidate.from_row(row) if row else None

    @strawberry.field(description="The employer the worker left.")
    async def from_host_company(self, info: Info) -> HostCompany | None:
        row = await info.context.loaders.host_company.load(self.row.from_host_company_id)
        return HostCompany.from_row(row) if row else None

    @strawberry.field(description="The employer the worker joined.")
    async def to_host_company(self, info: Info) -> HostCompany | None:
        row = await info.context.loaders.host_company.load(self.row.to_host_company_id)
        return HostCompany.from_row(row) if row else None

    @strawberry.field(description="The checks as decided, in order.")
    def checks(self) -> list[TransferCheckOutcome]:
        return [
            TransferCheckOutcome.from_stored(item)
            for item in self.row.checks
            if item.get("kind") == "check"
        ]

    @strawberry.field(description="The repayment as decided; null for an unavoidable transfer.")
    def repayment(self) -> Repayment | None:
        for item in self.row.checks:
            if item.get("kind") == "repayment":
                return Repayment.from_stored(item)
        return None


@strawberry.type(
    description="An ESD worker's time with one employer; a transfer ends one and begins the next."
)
class Employment:
    work_category_code: str
    started_on: date
    ended_on: date | None = strawberry.field(description="Null while it lasts.")
    transfer_id: strawberry.ID | None = strawberry.field(
        description="The transfer that began it (null for the first employment)."
    )

    row: strawberry.Private[models.Employment]

    @classmethod
    def from_row(cls, row: models.Employment) -> Employment:
        return cls(
            work_category_code=row.work_category_code,
            started_on=row.started_on,
            ended_on=row.ended_on,
            transfer_id=optional_global_id("Transfer", row.transfer_id),
            row=row,
        )

    @strawberry.field(description="The employer.")
    async def host_company(self, info: Info) -> HostCompany | None:
        row = await info.context.loaders.host_company.load(self.row.host_company_id)
        return HostCompany.from_row(row) if row else None


__all__ = [
    "Employment",
    "Repayment",
    "Transfer",
    "TransferArranger",
    "TransferCheck",
    "TransferCheckKind",
    "TransferCheckOutcome",
    "TransferReason",
]
