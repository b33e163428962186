"""The lists and by-id lookups of calls, cohorts and host companies, within the actor's scope."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import HostCompany, RecruitmentCall, TrainingCohort

MAX_LISTED = 100


async def recruitment_call(
    session: AsyncSession, *, scope: Scope, call_id: int
) -> RecruitmentCall | None:
    """The call, when it is within ``scope``."""
    statement = select(RecruitmentCall).where(RecruitmentCall.id == call_id, *scope.calls())
    return (await session.exec(statement)).first()


async def recruitment_calls(
    session: AsyncSession, *, scope: Scope, country_code: str
) -> Sequence[RecruitmentCall]:
    """The country's calls within ``scope``, newest first."""
    rows = await session.exec(
        select(RecruitmentCall)
        .where(RecruitmentCall.country_code == country_code, *scope.calls())
        .order_by(col(RecruitmentCall.id).desc())
        .limit(MAX_LISTED)
    )
    return rows.all()


async def training_cohorts(
    session: AsyncSession, *, scope: Scope, country_code: str
) -> Sequence[TrainingCohort]:
    """The country's cohorts within ``scope``, newest first."""
    rows = await session.exec(
        select(TrainingCohort)
        .where(TrainingCohort.country_code == country_code, *scope.cohorts())
        .order_by(col(TrainingCohort.id).desc())
        .limit(MAX_LISTED)
    )
    return rows.all()


async def host_companies(session: AsyncSession, *, name: str) -> Sequence[HostCompany]:
    """Host companies whose name contains ``name``, by name."""
    rows = await session.exec(
        select(HostCompany)
        .where(col(HostCompany.name).contains(name))
        .order_by(col(HostCompany.name))
        .limit(MAX_LISTED)
    )
    return rows.all()
