"""The transfers' root query fields: the explained check, the list, the history."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry
from graphql import GraphQLError

from core.i18n import Message
from core.schema.base import Info, services
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.ids import filter_id, lookup_id
from core.schema.permissions import CASEWORK, TEST_RESULTS
from core.schema.transfers.types import (
    Employment,
    Transfer,
    TransferArranger,
    TransferCheck,
    TransferReason,
)
from core.services import transfer_checks, transfers
from core.services.fees import AMOUNT

TRANSFER_RECORDS = TEST_RESULTS
"""Transfers and employment histories: IM Japan, the ministry and the embassy of the
worker's country, and the host companies concerned (each scoped to its rows)."""


@strawberry.type
class TransfersQuery:
    @strawberry.field(
        description=(
            "Whether an ESD worker may transfer to toHostCompanyId on transfersOn, each check "
            "explained with the rule version in force that day. At the worker's wish: the "
            "same work category (workCategoryCode: the current one when left out), time "
            "served of the field's period, the skills and Japanese levels, an excellent "
            "receiving company, its share of transferees, an allowed arranger. For an "
            "unavoidable reason: the arranger and the reason only. With the repayment the "
            "new employer would owe. IM Japan and the worker's ministry; null when the "
            "worker or the company is not found."
        ),
        permission_classes=CASEWORK,
    )
    async def transfer_check(
        self,
        info: Info,
        candidate_id: strawberry.ID,
        to_host_company_id: strawberry.ID,
        reason: TransferReason,
        arranged_by: TransferArranger,
        transfers_on: date,
        work_category_code: str | None = None,
        unavoidable_reason: str | None = None,
        actual_costs: Annotated[
            str,
            strawberry.argument(
                description="The first employer's actual initial costs, yen, a decimal string."
            ),
        ] = "0",
    ) -> TransferCheck | None:
        if not re.fullmatch(AMOUNT, actual_costs):
            raise GraphQLError(
                Message("actualCosts: a decimal string such as '1250.00'"),
                extensions={"code": "INVALID"},
            )
        candidate = lookup_id(candidate_id, "candidateId", "Candidate")
        company = lookup_id(to_host_company_id, "toHostCompanyId", "HostCompany")
        if candidate is None or company is None:
            return None
        request = transfer_checks.Request(
            candidate_id=candidate,
            to_host_company_id=company,
            reason=reason,
            arranged_by=arranged_by,
            transfers_on=transfers_on,
            unavoidable_reason=unavoidable_reason,
            work_category_code=work_category_code,
            actual_costs=Decimal(actual_costs),
        )
        decision = await services(info).read(transfers.check_transfer, request=request)
        if decision is None:
            return None
        return TransferCheck.of(decision)

    @strawberry.field(
        description=(
            "Transfers of ESD workers, by day (then id), a page at a time: IM Japan all, a "
            "ministry or embassy its nationals' (an embassy those in Japan), a host company "
            "those from or to it."
        ),
        permission_classes=TRANSFER_RECORDS,
    )
    async def transfers(
        self,
        info: Info,
        candidate_id: strawberry.ID | None = None,
        host_company_id: strawberry.ID | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Transfer] | None:
        listing = transfers.listing(
            info.context.scope,
            candidate_id=filter_id(candidate_id, "candidateId", "Candidate"),
            host_company_id=filter_id(host_company_id, "hostCompanyId", "HostCompany"),
        )
        return await connection(
            info,
            listing,
            Transfer.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description=(
            "An ESD worker's employments, oldest first: each transfer ends one and begins the "
            "next (a plain list: a few per worker, at most 100). Seen with the worker; a host "
            "company also sees the history of the workers it employed."
        ),
        permission_classes=TRANSFER_RECORDS,
    )
    async def employment_history(
        self, info: Info, candidate_id: strawberry.ID
    ) -> list[Employment] | None:
        key = lookup_id(candidate_id, "candidateId", "Candidate")
        if key is None:
            return []
        rows = await services(info).read(transfers.employment_history, candidate_id=key)
        return [Employment.from_row(row) for row in rows]
