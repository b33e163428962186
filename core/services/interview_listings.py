"""Group job interview sessions as they are listed: with their companies,
registrations, outcomes and placement figures.

Each relation is fetched for all listed sessions in one query, and the figures
are counted by the database (:func:`core.services.interviews.placement_by_session`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import (
    Candidate,
    InterviewCompany,
    InterviewOutcome,
    InterviewRegistration,
    InterviewSession,
)
from core.plugins.registry import CountryRegistry
from core.services import interviews


@dataclass(frozen=True)
class RegistrationListing:
    registration: InterviewRegistration
    candidate_name: str
    outcomes: list[InterviewOutcome]


@dataclass(frozen=True)
class SessionListing:
    session: InterviewSession
    companies: list[InterviewCompany]
    registrations: list[RegistrationListing]
    placement: interviews.Placement


async def country_sessions(
    session: AsyncSession, *, scope: Scope, country_code: str, limit: int
) -> list[SessionListing]:
    """Up to ``limit`` sessions of the country within ``scope``, latest first."""
    rows = await session.exec(
        select(InterviewSession)
        .where(InterviewSession.country_code == country_code, *scope.interview_sessions())
        .order_by(col(InterviewSession.held_on).desc(), col(InterviewSession.id).desc())
        .limit(limit)
    )
    return await listings(session, list(rows.all()))


async def schedule_session(
    *,
    session: AsyncSession,
    registry: CountryRegistry,
    scope: Scope,
    data: interviews.CreateSessionInput,
) -> SessionListing:
    """A new session (:func:`core.services.interviews.create_session`), as listed."""
    row = await interviews.create_session(
        session=session, registry=registry, scope=scope, data=data
    )
    return (await listings(session, [row]))[0]


async def register_returnee(
    *, session: AsyncSession, scope: Scope, data: interviews.RegisterInput
) -> RegistrationListing:
    """A new registration (:func:`core.services.interviews.register`) with the returnee's name."""
    row = await interviews.register(session=session, scope=scope, data=data)
    candidate = await session.get(Candidate, row.candidate_id)
    return RegistrationListing(
        registration=row, candidate_name=candidate.full_name if candidate else "", outcomes=[]
    )


async def listings(session: AsyncSession, rows: Sequence[InterviewSession]) -> list[SessionListing]:
    """The sessions with their relations: one query per relation for all of them."""
    ids = [row.id for row in rows if row.id is not None]
    companies: dict[int, list[InterviewCompany]] = defaultdict(list)
    registrations: dict[int, list[RegistrationListing]] = defaultdict(list)
    if ids:
        company_rows = await session.exec(
            select(InterviewCompany)
            .where(col(InterviewCompany.session_id).in_(ids))
            .order_by(col(InterviewCompany.id))
        )
        for company in company_rows.all():
            companies[company.session_id].append(company)
        outcomes: dict[int, list[InterviewOutcome]] = defaultdict(list)
        outcome_rows = await session.exec(
            select(InterviewOutcome)
            .join(
                InterviewRegistration,
                col(InterviewRegistration.id) == InterviewOutcome.registration_id,
            )
            .where(col(InterviewRegistration.session_id).in_(ids))
            .order_by(col(InterviewOutcome.id))
        )
        for outcome in outcome_rows.all():
            outcomes[outcome.registration_id].append(outcome)
        registration_rows = await session.exec(
            select(InterviewRegistration, col(Candidate.full_name))
            .join(Candidate, col(Candidate.id) == InterviewRegistration.candidate_id)
            .where(col(InterviewRegistration.session_id).in_(ids))
            .order_by(col(InterviewRegistration.id))
        )
        for registration, name in registration_rows.all():
            registrations[registration.session_id].append(
                RegistrationListing(
                    registration=registration,
                    candidate_name=name,
                    outcomes=outcomes.get(registration.id or 0, []),
                )
            )
    placements = await interviews.placement_by_session(session, ids)
    return [
        SessionListing(
            session=row,
            companies=companies.get(row.id or 0, []),
            registrations=registrations.get(row.id or 0, []),
            placement=placements.get(row.id or 0, interviews.NO_PLACEMENT),
        )
        for row in rows
    ]
