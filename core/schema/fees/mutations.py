"""The fee ledger's mutation, for IM Japan and the intern's ministry, and its payload."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.fees.inputs import RecordFeePaymentInput
from core.schema.fees.types import FeePayment
from core.schema.permissions import CASEWORK
from core.services import fees


@strawberry.type
class FeePaymentPayload:
    fee_payment: FeePayment | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.FeePayment) -> FeePaymentPayload:
        return cls(fee_payment=FeePayment.from_row(row))


@strawberry.type
class FeesMutation:
    @strawberry.mutation(
        description=(
            "Record what an intern paid to whom, in the currency paid (ISO 4217). A deposit "
            "or a penalty contract is refused on kind, citing the source. IM Japan for any "
            "intern, a ministry for its nationals."
        ),
        permission_classes=CASEWORK,
    )
    async def record_fee_payment(
        self, info: Info, input: RecordFeePaymentInput
    ) -> FeePaymentPayload | None:
        return await mutate(
            info, fees.RecordFeePaymentInput, input, fees.record_fee_payment, FeePaymentPayload
        )
