"""Dashboard figures per country and year, counted in the database.

Each figure is one grouped query (no rows are loaded into Python to be
counted). What "in year Y" means for each figure:

- applicants: candidates of recruitment calls that opened in Y;
- screened, passed screening: decisions made in Y (pass rate = passed / screened);
- in training: candidates in training now, in cohorts that started in Y;
- dispatched: candidates who entered Japan in Y; of those, how many are in
  Japan now at each stage;
- returned, completed: candidates who returned home in Y (completed: the
  internship was completed, not cut short);
- hired within six months: of those who returned in Y, how many were hired at
  a group job interview decided within six months of their return;
- businesses founded: businesses founded in Y by association members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
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


@dataclass
class CountryYear:
    country_code: str
    year: int
    applicants: int = 0
    screened: int = 0
    passed_screening: int = 0
    in_training: int = 0
    dispatched: int = 0
    in_japan: dict[Status, int] = field(default_factory=dict)
    returned: int = 0
    completed: int = 0
    hired_within_six_months: int = 0
    businesses_founded: int = 0

    @property
    def screening_pass_rate(self) -> float | None:
        return self.passed_screening / self.screened if self.screened else None


def _in_year(column: Any, year: int) -> ColumnElement[bool]:
    return and_(col(column) >= date(year, 1, 1), col(column) <= date(year, 12, 31))


def _six_months_after(column: Any, dialect: str) -> Any:
    if dialect == "postgresql":
        return col(column) + literal_column("interval '6 months'")
    return func.date(col(column), "+6 months")


async def country_year_figures(
    session: AsyncSession, country_codes: Sequence[str], year: int
) -> list[CountryYear]:
    figures = {code: CountryYear(country_code=code, year=year) for code in country_codes}
    codes = list(figures)
    country = col(Candidate.country_code)

    async def grouped(statement: Any) -> list[Any]:
        return list((await session.exec(statement)).all())

    for code, count in await grouped(
        select(country, func.count())
        .join(RecruitmentCall, col(RecruitmentCall.id) == col(Candidate.call_id))
        .where(country.in_(codes), _in_year(RecruitmentCall.opens_on, year))
        .group_by(country)
    ):
        figures[code].applicants = int(count)

    for code, screened, passed in await grouped(
        select(country, func.count(), func.sum(case((col(ScreeningDecision.passed), 1), else_=0)))
        .select_from(ScreeningDecision)
        .join(Candidate, col(Candidate.id) == col(ScreeningDecision.candidate_id))
        .where(country.in_(codes), _in_year(ScreeningDecision.screened_on, year))
        .group_by(country)
    ):
        figures[code].screened, figures[code].passed_screening = int(screened), int(passed or 0)

    for code, count in await grouped(
        select(country, func.count())
        .join(TrainingCohort, col(TrainingCohort.id) == col(Candidate.cohort_id))
        .where(
            country.in_(codes),
            col(Candidate.status) == Status.IN_TRAINING.value,
            _in_year(TrainingCohort.starts_on, year),
        )
        .group_by(country)
    ):
        figures[code].in_training = int(count)

    for code, status, count in await grouped(
        select(country, col(Candidate.status), func.count())
        .where(country.in_(codes), _in_year(Candidate.entered_japan_on, year))
        .group_by(country, col(Candidate.status))
    ):
        figures[code].dispatched += int(count)
        if status in {s.value for s in IN_JAPAN}:
            figures[code].in_japan[Status(status)] = int(count)

    completed = case((col(Candidate.return_outcome) == "completed", 1), else_=0)
    for code, returned, done in await grouped(
        select(country, func.count(), func.sum(completed))
        .where(country.in_(codes), _in_year(Candidate.returned_on, year))
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
            _in_year(Candidate.returned_on, year),
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
