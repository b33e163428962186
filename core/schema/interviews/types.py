"""Group job interviews for returnees: sessions with their companies, registrations,
outcomes and placement figures (:mod:`core.services.interview_listings`)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from core.db import models
from core.schema.base import Info
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    nested_connection,
)
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
    outcomes: list[InterviewOutcome] = strawberry.field(
        description=(
            "A plain list: at most one outcome per company of the session, bounded "
            "for each returnee."
        )
    )

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
    placement: InterviewPlacement
    row_id: strawberry.Private[int]

    @strawberry.field(
        description=(
            "The companies recruiting, in the order they were added, a page at a time "
            "(a connection: a session may have many)."
        )
    )
    async def companies(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[InterviewCompany]:
        loaders = info.context.loaders
        return await nested_connection(
            loaders.interview_companies,
            loaders.interview_company_count,
            self.row_id,
            InterviewCompany.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description=(
            "The returnees registered, in the order they registered, a page at a time "
            "(a connection: it grows with the returnees)."
        )
    )
    async def registrations(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[InterviewRegistration]:
        loaders = info.context.loaders
        return await nested_connection(
            loaders.interview_registrations,
            loaders.interview_registration_count,
            self.row_id,
            InterviewRegistration.of,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @classmethod
    def of(cls, listing: interview_listings.SessionListing) -> InterviewSession:
        row = listing.session
        assert row.id is not None
        return cls(
            id=strawberry.ID(str(row.id)),
            country_code=row.country_code,
            programme_id=row.programme_id,
            organiser_agency_id=row.organiser_agency_id,
            held_on=row.held_on,
            city=row.city,
            placement=InterviewPlacement.of(listing.placement),
            row_id=row.id,
        )
