"""Group job interviews for returnees: sessions with their companies, registrations,
outcomes and placement figures (:mod:`core.services.interview_listings`)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.relay import NodeID

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
from core.schema.ids import global_id
from core.schema.nodes import GatedNode
from core.services import interview_listings, interviews


def _key(row_id: int | None) -> int:
    assert row_id is not None
    return row_id


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
class InterviewCompany(GatedNode):
    id: NodeID[int]
    name: str
    origin: interviews.CompanyOrigin
    open_positions: int

    GATE = ("Query", "interviewSession")

    @classmethod
    async def load(cls, info: Info, key: int) -> InterviewCompany | None:
        found = await info.context.loaders.nodes.interview_company.load(key)
        return cls.from_row(found) if found else None

    @classmethod
    def from_row(cls, row: models.InterviewCompany) -> InterviewCompany:
        return cls(
            id=_key(row.id),
            name=row.name,
            origin=interviews.CompanyOrigin(row.origin),
            open_positions=row.open_positions,
        )


@strawberry.type(description="What came of a returnee's interview with one company.")
class InterviewOutcome(GatedNode):
    id: NodeID[int]
    registration_id: strawberry.ID
    company_id: strawberry.ID
    result: interviews.InterviewResult
    decided_on: date
    follow_up: str | None

    GATE = ("Query", "interviewSession")

    @classmethod
    async def load(cls, info: Info, key: int) -> InterviewOutcome | None:
        found = await info.context.loaders.nodes.interview_outcome.load(key)
        return cls.from_row(found) if found else None

    @classmethod
    def from_row(cls, row: models.InterviewOutcome) -> InterviewOutcome:
        return cls(
            id=_key(row.id),
            registration_id=global_id("InterviewRegistration", row.registration_id),
            company_id=global_id("InterviewCompany", row.company_id),
            result=interviews.InterviewResult(row.result),
            decided_on=row.decided_on,
            follow_up=row.follow_up,
        )


@strawberry.type(description="A returnee registered for a session, with the outcomes so far.")
class InterviewRegistration(GatedNode):
    id: NodeID[int]
    candidate_id: strawberry.ID
    candidate_name: str
    registered_at: datetime
    outcomes: list[InterviewOutcome] = strawberry.field(
        description=(
            "A plain list: at most one outcome per company of the session, bounded "
            "for each returnee."
        )
    )

    GATE = ("Query", "interviewSession")

    @classmethod
    async def load(cls, info: Info, key: int) -> InterviewRegistration | None:
        found = await info.context.loaders.nodes.interview_registration.load(key)
        return cls.of(found) if found else None

    @classmethod
    def of(cls, listing: interview_listings.RegistrationListing) -> InterviewRegistration:
        row = listing.registration
        return cls(
            id=_key(row.id),
            candidate_id=global_id("Candidate", row.candidate_id),
            candidate_name=listing.candidate_name,
            registered_at=row.registered_at,
            outcomes=[InterviewOutcome.from_row(outcome) for outcome in listing.outcomes],
        )


@strawberry.type(description="A group job interview a ministry holds for returned interns.")
class InterviewSession(GatedNode):
    id: NodeID[int]
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

    GATE = ("Query", "interviewSession")

    @classmethod
    async def load(cls, info: Info, key: int) -> InterviewSession | None:
        found = await info.context.loaders.nodes.interview_session.load(key)
        return cls.of(found) if found else None

    @classmethod
    def of(cls, listing: interview_listings.SessionListing) -> InterviewSession:
        row = listing.session
        assert row.id is not None
        return cls(
            id=_key(row.id),
            country_code=row.country_code,
            programme_id=row.programme_id,
            organiser_agency_id=row.organiser_agency_id,
            held_on=row.held_on,
            city=row.city,
            placement=InterviewPlacement.of(listing.placement),
            row_id=row.id,
        )
