"""Rows of ESD workers inserted directly (other helpers write the mutations that make
them): an ESD plan, an employment with a host company, a language result."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from core.db.models import Candidate, Employment, EsdPlan, HostCompany

FIELD = "care"
"""One of the 17 fields the migration writes."""


def esd_plan(
    session: Session,
    of: Candidate,
    company: HostCompany,
    *,
    status: str = "certified",
    version: int = 1,
    monthly_wage: int = 200_000,
    **columns: Any,
) -> EsdPlan:
    """A version of ``of``'s ESD plan with ``company`` (3 years from 2027-04-01)."""
    row = EsdPlan(
        candidate_id=of.id or 0,
        host_company_id=company.id or 0,
        version=version,
        status=status,
        field_code=FIELD,
        work_category_code="care.1",
        goals="Care work, grade 3 level",
        planned_start=columns.pop("planned_start", date(2027, 4, 1)),
        planned_end=columns.pop("planned_end", date(2030, 3, 31)),
        core_duties_percent=50,
        instructor="Sato Hanako",
        life_counsellor="Suzuki Ken",
        monthly_wage=monthly_wage,
        weekly_hours=40,
        housing="Company dormitory",
        **columns,
    )
    session.add(row)
    session.flush()
    return row


def employment(
    session: Session,
    of: Candidate,
    company: HostCompany,
    started_on: date = date(2027, 4, 1),
    ended_on: date | None = None,
) -> Employment:
    """``of``'s time with ``company`` from ``started_on`` (open without ``ended_on``)."""
    row = Employment(
        candidate_id=of.id or 0,
        host_company_id=company.id or 0,
        work_category_code="care.1",
        started_on=started_on,
        ended_on=ended_on,
    )
    session.add(row)
    session.flush()
    return row
