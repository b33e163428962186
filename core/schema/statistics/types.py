"""A country's figures for a year, as GraphQL shows them."""

from __future__ import annotations

from datetime import date

import strawberry


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
    in_japan_esd: int = strawberry.field(
        default=0, description="Of those, now in Japan under ESD (育成就労)."
    )
    moved_to_ssw: int = strawberry.field(
        default=0, description="Of those, now moved from ESD to Specified Skilled Worker (i)."
    )
    returned: int = strawberry.field(description="Returned home that year.")
    completed: int = strawberry.field(description="Of those, completed the internship.")
    hired_within_six_months: int = strawberry.field(
        description="Of those who returned, hired at a group interview within six months."
    )
    businesses_founded: int = strawberry.field(description="By association members, that year.")
    fiscal_year: int | None = strawberry.field(
        default=None,
        description="The fiscal year asked for (it starts in year); null for a calendar year.",
    )
    starts_on: date = strawberry.field(
        description="The first day counted (1 January, or 1 April of a fiscal year)."
    )
    ends_on: date = strawberry.field(
        description="The last day counted (31 December, or 31 March after a fiscal year)."
    )
