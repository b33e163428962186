"""Group job interviews for returnees in GraphQL: for IM Japan and the ministries.

Sessions are listed with their companies, registrations, outcomes and
placement figures (:mod:`core.services.interview_listings`).
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate, services
from core.schema.derive import input_from
from core.schema.permissions import CASEWORK
from core.services import interview_listings, interviews

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

    @classmethod
    def of(cls, listing: interview_listings.RegistrationListing) -> InterviewRegistration:
        row = listing.registration
        return cls(
            id=strawberry.ID(str(row.id)),
            candidate_id=strawberry.ID(str(row.candidate_id)),
            candidate_name=listing.candidate_name,
            registered_at=row.registered_at,
            outcomes=[InterviewOutcome.from_row(outcome) for outcome in listing.outcomes],
        )


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

    @classmethod
    def of(cls, listing: interview_listings.SessionListing) -> InterviewSession:
        row = listing.session
        return cls(
            id=strawberry.ID(str(row.id)),
            country_code=row.country_code,
            programme_id=row.programme_id,
            organiser_agency_id=row.organiser_agency_id,
            held_on=row.held_on,
            city=row.city,
            companies=[InterviewCompany.from_row(company) for company in listing.companies],
            registrations=[InterviewRegistration.of(item) for item in listing.registrations],
            placement=InterviewPlacement.of(listing.placement),
        )


@input_from(interviews.CreateSessionInput)
class CreateInterviewSessionInput:
    """Schedule a group job interview of a country's ministry."""


@input_from(interviews.AddCompanyInput)
class AddInterviewCompanyInput:
    pass


@input_from(interviews.RegisterInput)
class RegisterForInterviewInput:
    pass


@input_from(interviews.RecordOutcomeInput)
class RecordInterviewOutcomeInput:
    """Record (or replace) the outcome of one returnee with one company."""


@strawberry.type
class InterviewSessionPayload:
    session: InterviewSession | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: interview_listings.SessionListing) -> InterviewSessionPayload:
        return cls(session=InterviewSession.of(result))


@strawberry.type
class InterviewCompanyPayload:
    company: InterviewCompany | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: models.InterviewCompany) -> InterviewCompanyPayload:
        return cls(company=InterviewCompany.from_row(result))


@strawberry.type
class InterviewRegistrationPayload:
    registration: InterviewRegistration | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: interview_listings.RegistrationListing) -> InterviewRegistrationPayload:
        return cls(registration=InterviewRegistration.of(result))


@strawberry.type
class InterviewOutcomePayload:
    outcome: InterviewOutcome | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: models.InterviewOutcome) -> InterviewOutcomePayload:
        return cls(outcome=InterviewOutcome.from_row(result))


@strawberry.type
class InterviewsQuery:
    @strawberry.field(
        description="A country's group job interview sessions, latest first; at most 100.",
        permission_classes=CASEWORK,
    )
    async def interview_sessions(self, info: Info, country_code: str) -> list[InterviewSession]:
        listings = await services(info).read(
            interview_listings.country_sessions,
            country_code=country_code.upper(),
            limit=MAX_SESSIONS,
        )
        return [InterviewSession.of(listing) for listing in listings]

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
        figures = await services(info).read(interviews.placement_by_country, codes=codes)
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
        return await mutate(
            info,
            interviews.CreateSessionInput,
            input,
            interview_listings.schedule_session,
            InterviewSessionPayload,
        )

    @strawberry.mutation(
        description="Add a company recruiting at a session.", permission_classes=CASEWORK
    )
    async def add_interview_company(
        self, info: Info, input: AddInterviewCompanyInput
    ) -> InterviewCompanyPayload:
        return await mutate(
            info, interviews.AddCompanyInput, input, interviews.add_company, InterviewCompanyPayload
        )

    @strawberry.mutation(
        description="Register a returnee of the session's country.", permission_classes=CASEWORK
    )
    async def register_for_interview(
        self, info: Info, input: RegisterForInterviewInput
    ) -> InterviewRegistrationPayload:
        return await mutate(
            info,
            interviews.RegisterInput,
            input,
            interview_listings.register_returnee,
            InterviewRegistrationPayload,
        )

    @strawberry.mutation(
        description="Record the outcome of a returnee's interview with a company.",
        permission_classes=CASEWORK,
    )
    async def record_interview_outcome(
        self, info: Info, input: RecordInterviewOutcomeInput
    ) -> InterviewOutcomePayload:
        return await mutate(
            info,
            interviews.RecordOutcomeInput,
            input,
            interviews.record_outcome,
            InterviewOutcomePayload,
        )
