"""The fee ledger's root query field."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from core.domain.supervision import FeePayee
from core.schema.base import Info
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.fees.types import FeePayment
from core.schema.ids import filter_id
from core.schema.permissions import GOVERNMENTS
from core.services import fees
from core.services.fees import FeeFilter


@strawberry.type
class FeesQuery:
    @strawberry.field(
        description=(
            "Payments interns made, earliest first (then by id), a page at a time. IM Japan "
            "sees all; a ministry and an embassy their nationals' (an embassy those in Japan); "
            "host companies are refused."
        ),
        permission_classes=GOVERNMENTS,
    )
    async def fee_payments(
        self,
        info: Info,
        candidate_id: strawberry.ID | None = None,
        payee: FeePayee | None = None,
        from_date: Annotated[
            date | None, strawberry.argument(name="from", description="Paid on or after this day.")
        ] = None,
        to_date: Annotated[
            date | None, strawberry.argument(name="to", description="Paid on or before this day.")
        ] = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[FeePayment] | None:
        found = FeeFilter(
            candidate_id=filter_id(candidate_id, "candidateId", "Candidate"),
            payee=payee,
            paid_from=from_date,
            paid_to=to_date,
        )
        return await connection(
            info,
            fees.listing(info.context.scope, found),
            FeePayment.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
