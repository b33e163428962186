"""The dashboard statistics' root query field (definitions in core.services.statistics)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from graphql import GraphQLError

from core.domain.states import Status
from core.i18n import Message
from core.schema.base import Info, services
from core.schema.permissions import CASEWORK
from core.schema.statistics.types import CountryStatistics
from core.services.statistics import country_year_figures


@strawberry.type
class StatisticsQuery:
    @strawberry.field(
        description=(
            "Figures per country for a calendar year (year) or a fiscal year (fiscalYear: "
            "April of that year to March of the next, the business report's period); give "
            "exactly one. Every country in the account's scope."
        ),
        permission_classes=CASEWORK,
    )
    async def statistics(
        self,
        info: Info,
        year: int | None = None,
        country_code: str | None = None,
        fiscal_year: Annotated[
            int | None,
            strawberry.argument(
                description=(
                    "The fiscal year starting in this year: from the start month of the rule "
                    "titp.business_report.fiscal_year_start_month (April) to the month before "
                    "it in the next year."
                )
            ),
        ] = None,
    ) -> list[CountryStatistics] | None:
        if (year is None) == (fiscal_year is None):
            raise GraphQLError(
                Message("give exactly one of the arguments year and fiscalYear"),
                extensions={"code": "INVALID"},
            )
        if year is not None and not 1990 <= year <= 2100:
            raise GraphQLError(
                Message("year: must be between 1990 and 2100"), extensions={"code": "INVALID"}
            )
        if fiscal_year is not None and not 1990 <= fiscal_year <= 2100:
            raise GraphQLError(
                Message("fiscalYear: must be between 1990 and 2100"),
                extensions={"code": "INVALID"},
            )
        codes = [country_code.upper()] if country_code else list(info.context.registry.by_code)
        codes = [code for code in codes if info.context.scope.allows_country(code)]
        figures = await services(info).read(
            country_year_figures, country_codes=codes, year=year, fiscal_year=fiscal_year
        )
        return [
            CountryStatistics(
                country_code=f.country_code,
                year=f.year,
                fiscal_year=f.year if f.period.fiscal else None,
                starts_on=f.period.starts_on,
                ends_on=f.period.ends_on,
                applicants=f.applicants,
                screened=f.screened,
                passed_screening=f.passed_screening,
                screening_pass_rate=f.screening_pass_rate,
                in_training=f.in_training,
                dispatched=f.dispatched,
                in_japan_i=f.in_japan.get(Status.IN_JAPAN_I, 0),
                in_japan_ii=f.in_japan.get(Status.IN_JAPAN_II, 0),
                in_japan_iii=f.in_japan.get(Status.IN_JAPAN_III, 0),
                in_japan_esd=f.in_japan.get(Status.IN_JAPAN_ESD, 0),
                moved_to_ssw=f.moved_to_ssw,
                returned=f.returned,
                completed=f.completed,
                hired_within_six_months=f.hired_within_six_months,
                businesses_founded=f.businesses_founded,
            )
            for f in figures
        ]
