"""Dashboard figures per country and year, counted in the database.

Each figure is one grouped query (no rows are loaded into Python to be
counted). What "in year Y" means for each figure:

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

from sqlalchemy import ColumnElement, and_, case, func, literal_column
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import (
    AssociationMembership,
    Candidate,
    FoundedBusiness,
    InterviewOutcome,
    InterviewRegistration,
    RecruitmentCall,
    ScreeningDecision,
    TrainingCohort,
)
from core.domain.states import IN_JAPAN, Status
from core.services import rules

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

    for code, count in await grouped(
        select(country, func.count())
        .join(RecruitmentCall, col(RecruitmentCall.id) == col(Candidate.call_id))
        .where(country.in_(codes), _in_year(RecruitmentCall.opens_on, period))
        .group_by(country)
    ):
        figures[code].applicants = int(count)

    for code, screened, passed in await grouped(
        select(country, func.count(), func.sum(case((col(ScreeningDecision.passed), 1), else_=0)))
        .select_from(ScreeningDecision)
        .join(Candidate, col(Candidate.id) == col(ScreeningDecision.candidate_id))
        .where(country.in_(codes), _in_year(ScreeningDecision.screened_on, period))
        .group_by(country)
    ):
        figures[code].screened, figures[code].passed_screening = int(screened), int(passed or 0)

    for code, count in await grouped(
        select(country, func.count())
        .join(TrainingCohort, col(TrainingCohort.id) == col(Candidate.cohort_id))
        .where(
            country.in_(codes),
            col(Candidate.status) == Status.IN_TRAINING.value,
            _in_year(TrainingCohort.starts_on, period),
        )
        .group_by(country)
    ):
        figures[code].in_training = int(count)

    for code, status, count in await grouped(
        select(country, col(Candidate.status), func.count())
        .where(country.in_(codes), _in_year(Candidate.entered_japan_on, period))
        .group_by(country, col(Candidate.status))
    ):
        figures[code].dispatched += int(count)
        if status in {s.value for s in IN_JAPAN}:
            figures[code].in_japan[Status(status)] = int(count)
        elif status == Status.SSW_I.value:
            figures[code].moved_to_ssw = int(count)

    completed = case((col(Candidate.return_outcome) == "completed", 1), else_=0)
    for code, returned, done in await grouped(
        select(country, func.count(), func.sum(completed))
        .where(country.in_(codes), _in_year(Candidate.returned_on, period))
        .group_by(country)
    ):
        figures[code].returned, figures[code].completed = int(returned), int(done or 0)

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
