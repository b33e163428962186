"""Group job interviews for returnees in GraphQL: for IM Japan and the ministries.

Sessions are listed with their companies, registrations, outcomes and
placement figures; each relation is fetched for all listed sessions in one
query, and the figures are counted by the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import strawberry
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db import models
from core.schema.errors import UserError
from core.schema.lifecycle.mutations import run
from core.schema.lifecycle.types import Info
from core.schema.permissions import CASEWORK
from core.services import interviews

CompanyOrigin = strawberry.enum(interviews.CompanyOrigin, name="InterviewCompanyOrigin")
InterviewResult = strawberry.enum(interviews.InterviewResult, name="InterviewResult")
MAX_SESSIONS = 100
ISO_DATE = "An ISO date, YYYY-MM-DD."


@strawberry.type(description="Returnees registered and hired; rate is null with none registered.")
class InterviewPlacement:
    registered: int = strawberry.field(description="Returnees registered.")
    hired: int = strawberry.field(description="Returnees with at least one HIRED outcome.")
    rate: float | None = strawberry.field(description="hired / registered.")

    @classmethod
    def of(cls, figures: interviews.Placement) -> InterviewPlacement:
        return cls(registered=figures.registered, hired=figures.hired, rate=figures.rate)


@strawberry.type(description="A country's placement figures over all its interview sessions.")
class CountryInterviewPlacement(InterviewPlacement):
    country_code: str


@strawberry.type(description="A company, Japanese or local, recruiting at a session.")
class InterviewCompany:
    id: strawberry.ID
    name: str
    origin: interviews.CompanyOrigin
    open_positions: int

    @classmethod
    def from_row(cls, row: models.InterviewCompany) -> InterviewCompany:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            origin=interviews.CompanyOrigin(row.origin),
            open_positions=row.open_positions,
        )


@strawberry.type(description="What came of a returnee's interview with one company.")
class InterviewOutcome:
    id: strawberry.ID
    registration_id: strawberry.ID
    company_id: strawberry.ID
    result: interviews.InterviewResult
    decided_on: date
    follow_up: str | None

    @classmethod
    def from_row(cls, row: models.InterviewOutcome) -> InterviewOutcome:
        return cls(
            id=strawberry.ID(str(row.id)),
            registration_id=strawberry.ID(str(row.registration_id)),
            company_id=strawberry.ID(str(row.company_id)),
            result=interviews.InterviewResult(row.result),
            decided_on=row.decided_on,
            follow_up=row.follow_up,
        )


@strawberry.type(description="A returnee registered for a session, with the outcomes so far.")
class InterviewRegistration:
    id: strawberry.ID
    candidate_id: strawberry.ID
    candidate_name: str
    registered_at: datetime
    outcomes: list[InterviewOutcome]


@strawberry.type(description="A group job interview a ministry holds for returned interns.")
class InterviewSession:
    id: strawberry.ID
    country_code: str
    programme_id: str
    organiser_agency_id: str | None
    held_on: date
    city: str
    companies: list[InterviewCompany]
    registrations: list[InterviewRegistration]
    placement: InterviewPlacement


async def build_sessions(
    session: AsyncSession, rows: Sequence[models.InterviewSession]
) -> list[InterviewSession]:
    """Sessions with their relations: one query per relation for all of them."""
    ids = [row.id for row in rows if row.id is not None]
    companies: dict[int, list[InterviewCompany]] = defaultdict(list)
    registrations: dict[int, list[InterviewRegistration]] = defaultdict(list)
    if ids:
        company_rows = await session.exec(
            select(models.InterviewCompany)
            .where(col(models.InterviewCompany.session_id).in_(ids))
            .order_by(col(models.InterviewCompany.id))
        )
        for company in company_rows.all():
            companies[company.session_id].append(InterviewCompany.from_row(company))
        outcomes: dict[int, list[InterviewOutcome]] = defaultdict(list)
        outcome_rows = await session.exec(
            select(models.InterviewOutcome)
            .join(
                models.InterviewRegistration,
                col(models.InterviewRegistration.id) == models.InterviewOutcome.registration_id,
            )
            .where(col(models.InterviewRegistration.session_id).in_(ids))
            .order_by(col(models.InterviewOutcome.id))
        )
        for outcome in outcome_rows.all():
            outcomes[outcome.registration_id].append(InterviewOutcome.from_row(outcome))
        registration_rows = await session.exec(
            select(models.InterviewRegistration, col(models.Candidate.full_name))
            .join(
                models.Candidate,
                col(models.Candidate.id) == models.InterviewRegistration.candidate_id,
            )
            .where(col(models.InterviewRegistration.session_id).in_(ids))
            .order_by(col(models.InterviewRegistration.id))
        )
        for registration, name in registration_rows.all():
            registrations[registration.session_id].append(
                InterviewRegistration(
                    id=strawberry.ID(str(registration.id)),
                    candidate_id=strawberry.ID(str(registration.candidate_id)),
                    candidate_name=name,
                    registered_at=registration.registered_at,
                    outcomes=outcomes.get(registration.id or 0, []),
                )
            )
    placements = await interviews.placement_by_session(session, ids)
    return [
        InterviewSession(
            id=strawberry.ID(str(row.id)),
            country_code=row.country_code,
            programme_id=row.programme_id,
            organiser_agency_id=row.organiser_agency_id,
            held_on=row.held_on,
            city=row.city,
            companies=companies.get(row.id or 0, []),
            registrations=registrations.get(row.id or 0, []),
            placement=InterviewPlacement.of(placements.get(row.id or 0, interviews.NO_PLACEMENT)),
        )
        for row in rows
    ]


@strawberry.input(description="Schedule a group job interview of a country's ministry.")
class CreateInterviewSessionInput:
    country_code: str | None = None
    programme_id: str | None = strawberry.field(
        default=None,
        description="A group job interview programme of the country; its first if omitted.",
    )
    organiser_agency_id: str | None = strawberry.field(
        default=None, description="An agency of the country; the programme's organiser if omitted."
    )
    held_on: str | None = strawberry.field(default=None, description=ISO_DATE)
    city: str | None = None


@strawberry.input
class AddInterviewCompanyInput:
    session_id: strawberry.ID | None = None
    name: str | None = None
    origin: interviews.CompanyOrigin | None = None
    open_positions: int | None = None


@strawberry.input
class RegisterForInterviewInput:
    session_id: strawberry.ID | None = None
    candidate_id: strawberry.ID | None = strawberry.field(
        default=None, description="A returned candidate of the session's country."
    )


@strawberry.input(description="Record (or replace) the outcome of one returnee with one company.")
class RecordInterviewOutcomeInput:
    registration_id: strawberry.ID | None = None
    company_id: strawberry.ID | None = None
    result: interviews.InterviewResult | None = None
    decided_on: str | None = strawberry.field(
        default=None, description="An ISO date, not before the session."
    )
    follow_up: str | None = None


@strawberry.type
class InterviewSessionPayload:
    session: InterviewSession | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InterviewCompanyPayload:
    company: InterviewCompany | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InterviewRegistrationPayload:
    registration: InterviewRegistration | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InterviewOutcomePayload:
    outcome: InterviewOutcome | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InterviewsQuery:
    @strawberry.field(
        description="A country's group job interview sessions, latest first; at most 100.",
        permission_classes=CASEWORK,
    )
    async def interview_sessions(self, info: Info, country_code: str) -> list[InterviewSession]:
        async with info.context.db.session() as session:
            rows = await session.exec(
                select(models.InterviewSession)
                .where(
                    models.InterviewSession.country_code == country_code.upper(),
                    *info.context.scope.interview_sessions(),
                )
                .order_by(
                    col(models.InterviewSession.held_on).desc(),
                    col(models.InterviewSession.id).desc(),
                )
                .limit(MAX_SESSIONS)
            )
            return await build_sessions(session, list(rows.all()))

    @strawberry.field(
        description="Placement of returnees at group job interviews, per country "
        "(every country in your scope if none).",
        permission_classes=CASEWORK,
    )
    async def interview_placement(
        self, info: Info, country_code: str | None = None
    ) -> list[CountryInterviewPlacement]:
        known = list(info.context.registry.by_code)
        codes = [country_code.upper()] if country_code else known
        scope = info.context.scope
        codes = [code for code in codes if code in known and scope.allows_country(code)]
        async with info.context.db.session() as session:
            figures = await interviews.placement_by_country(session, scope, codes)
        return [
            CountryInterviewPlacement(
                country_code=code,
                registered=placement.registered,
                hired=placement.hired,
                rate=placement.rate,
            )
            for code in codes
            for placement in [figures.get(code, interviews.NO_PLACEMENT)]
        ]


@strawberry.type
class InterviewsMutation:
    @strawberry.mutation(
        description="Schedule a group job interview for returnees.", permission_classes=CASEWORK
    )
    async def create_interview_session(
        self, info: Info, input: CreateInterviewSessionInput
    ) -> InterviewSessionPayload:
        async def operation(session: AsyncSession, data: interviews.CreateSessionInput) -> Any:
            row = await interviews.create_session(
                session=session,
                registry=info.context.registry,
                scope=info.context.scope,
                data=data,
            )
            return (await build_sessions(session, [row]))[0]

        built, errors = await run(info, interviews.CreateSessionInput, input, operation)
        return InterviewSessionPayload(session=built, errors=errors)

    @strawberry.mutation(
        description="Add a company recruiting at a session.", permission_classes=CASEWORK
    )
    async def add_interview_company(
        self, info: Info, input: AddInterviewCompanyInput
    ) -> InterviewCompanyPayload:
        async def operation(session: AsyncSession, data: interviews.AddCompanyInput) -> Any:
            return await interviews.add_company(
                session=session, scope=info.context.scope, data=data
            )

        row, errors = await run(info, interviews.AddCompanyInput, input, operation)
        company = InterviewCompany.from_row(row) if row else None
        return InterviewCompanyPayload(company=company, errors=errors)

    @strawberry.mutation(
        description="Register a returnee of the session's country.", permission_classes=CASEWORK
    )
    async def register_for_interview(
        self, info: Info, input: RegisterForInterviewInput
    ) -> InterviewRegistrationPayload:
        async def operation(session: AsyncSession, data: interviews.RegisterInput) -> Any:
            row = await interviews.register(session=session, scope=info.context.scope, data=data)
            candidate = await session.get(models.Candidate, row.candidate_id)
            return InterviewRegistration(
                id=strawberry.ID(str(row.id)),
                candidate_id=strawberry.ID(str(row.candidate_id)),
                candidate_name=candidate.full_name if candidate else "",
                registered_at=row.registered_at,
                outcomes=[],
            )

        registration, errors = await run(info, interviews.RegisterInput, input, operation)
        return InterviewRegistrationPayload(registration=registration, errors=errors)

    @strawberry.mutation(
        description="Record the outcome of a returnee's interview with a company.",
        permission_classes=CASEWORK,
    )
    async def record_interview_outcome(
        self, info: Info, input: RecordInterviewOutcomeInput
    ) -> InterviewOutcomePayload:
        async def operation(session: AsyncSession, data: interviews.RecordOutcomeInput) -> Any:
            return await interviews.record_outcome(
                session=session, scope=info.context.scope, data=data
            )

        row, errors = await run(info, interviews.RecordOutcomeInput, input, operation)
        outcome = InterviewOutcome.from_row(row) if row else None
        return InterviewOutcomePayload(outcome=outcome, errors=errors)
