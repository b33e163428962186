"""Group job interview sessions as they are listed: with their placement figures,
and their companies and registrations (with outcomes) as lists of their own.

The figures are counted by the database for the whole page
(:func:`core.services.interviews.placement_by_session`); the companies and
registrations of every listed session are paged in one statement each
(:class:`core.services.pages.Nested`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement
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
from core.services.pages import Listing, Nested, Order, column_order


@dataclass(frozen=True)
class RegistrationListing:
    registration: InterviewRegistration
    candidate_name: str
    outcomes: list[InterviewOutcome]


@dataclass(frozen=True)
class SessionListing:
    session: InterviewSession
    placement: interviews.Placement


def country_sessions(scope: Scope, country_code: str) -> Listing[SessionListing]:
    """The sessions of the country within ``scope``, latest first (then by id,
    descending); a page is served with its placement figures (:func:`listings`)."""
    return Listing(
        name="interview_session",
        statement=select(InterviewSession).where(
            InterviewSession.country_code == country_code, *scope.interview_sessions()
        ),
        order=column_order(
            "latest", col(InterviewSession.held_on), col(InterviewSession.id), descending=True
        ),
        finish=listings,
    )


COMPANIES: Nested[InterviewCompany] = Nested(
    name="interview_company",
    statement=select(InterviewCompany),
    parent=cast(ColumnElement[int], col(InterviewCompany.session_id)),
    order=column_order("added", col(InterviewCompany.id)),
)
"""Each session's companies, in the order they were added (by id)."""


async def with_outcomes(
    session: AsyncSession, rows: list[tuple[InterviewRegistration, str]]
) -> list[RegistrationListing]:
    """Registrations (with their returnees' names) and their outcomes, fetched for
    all of them in one statement."""
    ids = [registration.id for registration, _ in rows if registration.id is not None]
    outcomes: dict[int, list[InterviewOutcome]] = defaultdict(list)
    if ids:
        found = await session.exec(
            select(InterviewOutcome)
            .where(col(InterviewOutcome.registration_id).in_(ids))
            .order_by(col(InterviewOutcome.id))
        )
        for outcome in found.all():
            outcomes[outcome.registration_id].append(outcome)
    return [
        RegistrationListing(
            registration=registration,
            candidate_name=name,
            outcomes=outcomes.get(registration.id or 0, []),
        )
        for registration, name in rows
    ]


REGISTRATIONS: Nested[RegistrationListing] = Nested(
    name="interview_registration",
    statement=select(InterviewRegistration, col(Candidate.full_name)).join(
        Candidate, col(Candidate.id) == InterviewRegistration.candidate_id
    ),
    parent=cast(ColumnElement[int], col(InterviewRegistration.session_id)),
    order=Order(
        name="registered",
        columns=(cast(ColumnElement[Any], col(InterviewRegistration.id)),),
        read=lambda row: (row[0].id,),
    ),
    finish=with_outcomes,
)
"""Each session's registrations, in the order they were made (by id), with the
returnees' names and outcomes."""


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
    """The sessions with their placement figures, counted for all of them at once;
    their companies and registrations are connections of their own (:data:`COMPANIES`,
    :data:`REGISTRATIONS`)."""
    placements = await interviews.placement_by_session(
        session, [row.id for row in rows if row.id is not None]
    )
    return [
        SessionListing(session=row, placement=placements.get(row.id or 0, interviews.NO_PLACEMENT))
        for row in rows
    ]
