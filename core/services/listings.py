"""The lists and by-id lookups of calls, cohorts and host companies, within the
actor's scope; a list is a :class:`~core.services.pages.Listing` the schema pages."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import HostCompany, RecruitmentCall, TrainingCohort
from core.services.pages import Listing, column_order


async def recruitment_call(
    session: AsyncSession, *, scope: Scope, call_id: int
) -> RecruitmentCall | None:
    """The call, when it is within ``scope``."""
    statement = select(RecruitmentCall).where(RecruitmentCall.id == call_id, *scope.calls())
    return (await session.exec(statement)).first()


def recruitment_calls(scope: Scope, country_code: str) -> Listing[RecruitmentCall]:
    """The country's calls within ``scope``, newest first (by id)."""
    return Listing(
        name="recruitment_call",
        statement=select(RecruitmentCall).where(
            RecruitmentCall.country_code == country_code, *scope.calls()
        ),
        order=column_order("newest", col(RecruitmentCall.id), descending=True),
    )


def training_cohorts(scope: Scope, country_code: str) -> Listing[TrainingCohort]:
    """The country's cohorts within ``scope``, newest first (by id)."""
    return Listing(
        name="training_cohort",
        statement=select(TrainingCohort).where(
            TrainingCohort.country_code == country_code, *scope.cohorts()
        ),
        order=column_order("newest", col(TrainingCohort.id), descending=True),
    )


def host_companies(name: str) -> Listing[HostCompany]:
    """Host companies whose name contains ``name``, by name (then id)."""
    return Listing(
        name="host_company",
        statement=select(HostCompany).where(col(HostCompany.name).contains(name)),
        order=column_order("name", col(HostCompany.name), col(HostCompany.id)),
    )
