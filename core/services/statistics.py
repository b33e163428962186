"""Dashboard figures per country and year, counted in the database.

The figures that count candidates or screening decisions are read from the
tallies the database keeps per country, figure and month in the transaction
of each change (``core.services.tallies``): a year is the sum of twelve month
rows, whatever the number of candidates. The two that join small tables stay
grouped queries that read only the period's rows by an index: hired within six
months (``candidate.returned_on``), businesses founded (by founding year). What
"in year Y" means for each figure:

- applicants: candidates of recruitment calls that opened in Y;
- screened, passed screening: decisions made in Y (pass rate = passed / screened);
- in training: candidates in training now, in cohorts that started in Y;
- dispatched: candidates who entered Japan in Y; of those, how many are in
  Japan now at each TITP stage or under ESD (育成就労), and how many have moved
  from ESD to Specified Skilled Worker (i);
- returned, completed: candidates who returned home in Y (completed: the
  internship was completed, not cut short);
- hired within six months: of those who returned in Y, how many were hired at
  a group job interview decided within six months of their return;
- businesses founded: businesses founded in Y by association members.

A fiscal year FY (``statistics(fiscalYear:)``) is the same figures over the
months from the start month of the rule
``titp.business_report.fiscal_year_start_month`` (4, April; the version in
force on 1 January of FY) of FY to the month before it in FY + 1: 1 April FY to
31 March FY + 1, the period of the business report to OTIT. "In Y" above then
reads "in that period", except for businesses founded, whose founding is
recorded by year only: those founded in the calendar year FY are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import (
    AssociationMembership,
    Candidate,
    FoundedBusiness,
    InterviewOutcome,
    InterviewRegistration,
)
from core.domain.states import IN_JAPAN, Status
from core.services import rules, tallies

FISCAL_YEAR_START = "titp.business_report.fiscal_year_start_month"


@dataclass(frozen=True)
class Period:
    """The days figures are counted over: a calendar year, or a fiscal year."""

    year: int
    """The calendar year, or the year the fiscal year starts in."""
    starts_on: date
    ends_on: date
    fiscal: bool = False

    @classmethod
    def calendar(cls, year: int) -> Period:
        return cls(year=year, starts_on=date(year, 1, 1), ends_on=date(year, 12, 31))


async def fiscal_period(session: AsyncSession, fiscal_year: int) -> Period:
    """Fiscal year ``fiscal_year``: from the first day of the rule's start month (the
    version in force on 1 January of that year) to the day before it a year later."""
    month = await rules.whole(session, FISCAL_YEAR_START, date(fiscal_year, 1, 1))
    starts_on = date(fiscal_year, month, 1)
    next_start = date(fiscal_year + 1, month, 1)
    return Period(
        year=fiscal_year,
        starts_on=starts_on,
        ends_on=next_start - timedelta(days=1),
        fiscal=True,
    )


@dataclass
class CountryYear:
    country_code: str
    year: int
    period: Period
    applicants: int = 0
    screened: int = 0
    passed_screening: int = 0
    in_training: int = 0
    dispatched: int = 0
    in_japan: dict[Status, int] = field(default_factory=dict)
    moved_to_ssw: int = 0
    returned: int = 0
    completed: int = 0
    hired_within_six_months: int = 0
    businesses_founded: int = 0

    @property
    def screening_pass_rate(self) -> float | None:
        return self.passed_screening / self.screened if self.screened else None


def _in_year(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(col(column) >= period.starts_on, col(column) <= period.ends_on)


def _six_months_after(column: Any, dialect: str) -> Any:
    if dialect == "postgresql":
        return col(column) + literal_column("interval '6 months'")
    return func.date(col(column), "+6 months")


async def country_year_figures(
    session: AsyncSession,
    country_codes: Sequence[str],
    year: int | None = None,
    fiscal_year: int | None = None,
) -> list[CountryYear]:
    """The figures of each country for calendar ``year`` or fiscal year ``fiscal_year``
    (exactly one is given)."""
    if (year is None) == (fiscal_year is None):
        raise ValueError("give exactly one of year and fiscal_year")
    period = (
        Period.calendar(year)
        if year is not None
        else await fiscal_period(session, fiscal_year or 0)
    )
    year = period.year
    figures = {
        code: CountryYear(country_code=code, year=year, period=period) for code in country_codes
    }
    codes = list(figures)
    country = col(Candidate.country_code)

    async def grouped(statement: Any) -> list[Any]:
        return list((await session.exec(statement)).all())

    kept = await tallies.monthly_tallies(
        session,
        codes,
        tallies.month_of(period.starts_on.year, period.starts_on.month),
        tallies.month_of(period.ends_on.year, period.ends_on.month),
    )
    for code, counts in kept.items():
        entered = tallies.figures_of(counts.items(), tallies.ENTERED)
        found = figures[code]
        found.applicants = counts.get(tallies.APPLIED, 0)
        found.screened = counts.get(tallies.SCREENED, 0)
        found.passed_screening = counts.get(tallies.PASSED, 0)
        found.in_training = counts.get(tallies.IN_TRAINING, 0)
        found.dispatched = sum(entered.values())
        found.in_japan = {status: n for status, n in entered.items() if status in IN_JAPAN}
        found.moved_to_ssw = entered.get(Status.SSW_I, 0)
        found.returned = counts.get(tallies.RETURNED, 0)
        found.completed = counts.get(tallies.COMPLETED, 0)

    dialect = session.get_bind().dialect.name
    for code, count in await grouped(
        select(country, func.count(func.distinct(col(Candidate.id))))
        .join(InterviewRegistration, col(InterviewRegistration.candidate_id) == col(Candidate.id))
        .join(
            InterviewOutcome, col(InterviewOutcome.registration_id) == col(InterviewRegistration.id)
        )
        .where(
            country.in_(codes),
            _in_year(Candidate.returned_on, period),
            col(InterviewOutcome.result) == "hired",
            col(InterviewOutcome.decided_on) <= _six_months_after(Candidate.returned_on, dialect),
        )
        .group_by(country)
    ):
        figures[code].hired_within_six_months = int(count)

    member_country = col(AssociationMembership.country_code)
    for code, count in await grouped(
        select(member_country, func.count())
        .select_from(FoundedBusiness)
        .join(
            AssociationMembership,
            col(AssociationMembership.id) == col(FoundedBusiness.membership_id),
        )
        .where(member_country.in_(codes), col(FoundedBusiness.founded_year) == year)
        .group_by(member_country)
    ):
        figures[code].businesses_founded = int(count)

    return [figures[code] for code in codes]
