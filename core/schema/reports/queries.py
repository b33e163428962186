"""The reports' root query fields, for IM Japan staff."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from core.i18n import Message
from core.schema.base import Info, services
from core.schema.permissions import IM_JAPAN
from core.schema.reports.types import BusinessReport
from core.services.business_report import business_report


@strawberry.type
class ReportsQuery:
    @strawberry.field(
        description=(
            "The figures of the annual business report to OTIT for a fiscal year (1 April "
            "fiscalYear to 31 March of the next); `imjapan reports business` writes them as "
            "XLSX and CSV files."
        ),
        permission_classes=IM_JAPAN,
    )
    async def business_report(self, info: Info, fiscal_year: int) -> BusinessReport | None:
        if not 1990 <= fiscal_year <= 2100:
            raise GraphQLError(
                Message("fiscalYear: must be between 1990 and 2100"),
                extensions={"code": "INVALID"},
            )
        report = await services(info).read(business_report, fiscal_year=fiscal_year)
        return BusinessReport.of(report)
