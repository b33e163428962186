"""Dashboard statistics per country and year (definitions in core.services.statistics)."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from core.domain.states import Status
from core.schema.base import Info, services
from core.schema.permissions import CASEWORK
from core.services.statistics import country_year_figures


@strawberry.type(description="A country's figures for one year; see each field.")
class CountryStatistics:
    country_code: str
    year: int
    applicants: int = strawberry.field(description="Candidates of calls that opened that year.")
    screened: int = strawberry.field(description="Screening decisions made that year.")
    passed_screening: int
    screening_pass_rate: float | None = strawberry.field(
        description="passedScreening / screened; null when nobody was screened."
    )
    in_training: int = strawberry.field(description="In training now, cohorts of that year.")
    dispatched: int = strawberry.field(description="Entered Japan that year.")
    in_japan_i: int = strawberry.field(name="inJapanI", description="Of those, now in (i).")
    in_japan_ii: int = strawberry.field(name="inJapanII", description="Of those, now in (ii).")
    in_japan_iii: int = strawberry.field(name="inJapanIII", description="Of those, now in (iii).")
    returned: int = strawberry.field(description="Returned home that year.")
    completed: int = strawberry.field(description="Of those, completed the internship.")
    hired_within_six_months: int = strawberry.field(
        description="Of those who returned, hired at a group interview within six months."
    )
    businesses_founded: int = strawberry.field(description="By association members, that year.")


@strawberry.type
class StatisticsQuery:
    @strawberry.field(
        description="Figures per country for a year (every country in the account's scope).",
        permission_classes=CASEWORK,
    )
    async def statistics(
        self, info: Info, year: int, country_code: str | None = None
    ) -> list[CountryStatistics]:
        if not 1990 <= year <= 2100:
            raise GraphQLError(
                "year: must be between 1990 and 2100", extensions={"code": "INVALID"}
            )
        codes = [country_code.upper()] if country_code else list(info.context.registry.by_code)
        codes = [code for code in codes if info.context.scope.allows_country(code)]
        figures = await services(info).read(country_year_figures, country_codes=codes, year=year)
        return [
            CountryStatistics(
                country_code=f.country_code,
                year=f.year,
                applicants=f.applicants,
                screened=f.screened,
                passed_screening=f.passed_screening,
                screening_pass_rate=f.screening_pass_rate,
                in_training=f.in_training,
                dispatched=f.dispatched,
                in_japan_i=f.in_japan.get(Status.IN_JAPAN_I, 0),
                in_japan_ii=f.in_japan.get(Status.IN_JAPAN_II, 0),
                in_japan_iii=f.in_japan.get(Status.IN_JAPAN_III, 0),
                returned=f.returned,
                completed=f.completed,
                hired_within_six_months=f.hired_within_six_months,
                businesses_founded=f.businesses_founded,
            )
            for f in figures
        ]
