"""Group job interviews for returnees: sessions with their companies, registrations,
outcomes and placement figures (:mod:`core.services.interview_listings`)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from core.db import models
from core.services import interview_listings, interviews

CompanyOrigin = strawberry.enum(interviews.CompanyOrigin, name="InterviewCompanyOrigin")
InterviewResult = strawberry.enum(interviews.InterviewResult, name="InterviewResult")


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
