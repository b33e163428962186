"""Group job interviews for returned interns, held by each country's ministry.

A session belongs to one sending country and one of its ``group_job_interview``
programmes; Japanese and local companies take part, returnees of that country
register, and each interview of a returnee with a company ends in an outcome.
Placement figures (registered, hired, rate) are counted by the database.

Scoping is by the session's country, in the WHERE clause of every lookup, so a
session of a country outside the actor's scope is simply not found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import Field
from sqlalchemy import case, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import (
    InterviewCompany,
    InterviewOutcome,
    InterviewRegistration,
    InterviewSession,
)
from core.domain.contracts import EmploymentProgramme, ProgrammeKind
from core.domain.states import Status, status_label
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.plugins.registry import CountryEntry, CountryRegistry
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import (
    country_or_refuse,
    found_or_refuse,
    get_candidate,
    require_country,
)


class CompanyOrigin(StrEnum):
    JAPANESE = "japanese"
    LOCAL = "local"


class InterviewResult(StrEnum):
    OFFER = "offer"
    HIRED = "hired"
    DECLINED = "declined"


class CreateSessionInput(Input):
    country_code: str = Field(pattern=r"^[A-Za-z]{2}$")
    programme_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=80,
        description="A group job interview programme of the country; its first if omitted.",
    )
    organiser_agency_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=80,
        description="An agency of the country; the programme's organiser if omitted.",
    )
    held_on: date
    city: str = Field(min_length=1, max_length=120)


class AddCompanyInput(Input):
    session_id: RowId
    name: str = Field(min_length=1, max_length=200)
    origin: CompanyOrigin
    open_positions: int = Field(ge=1, le=100_000)


class RegisterInput(Input):
    session_id: RowId
    candidate_id: RowId = Field(description="A returned candidate of the session's country.")


class RecordOutcomeInput(Input):
    registration_id: RowId
    company_id: RowId
    result: InterviewResult
    decided_on: HappenedOn = Field(description="An ISO date, not before the session.")
    follow_up: str | None = Field(default=None, max_length=1000)


def interview_programmes(entry: CountryEntry) -> list[EmploymentProgramme]:
    return [p for p in entry.employment_programmes if p.kind is ProgrammeKind.GROUP_JOB_INTERVIEW]


async def create_session(
    *, session: AsyncSession, registry: CountryRegistry, scope: Scope, data: CreateSessionInput
) -> InterviewSession:
    """Schedule a group job interview under one of the country's programmes."""
    entry = country_or_refuse(registry, data.country_code.upper(), field="countryCode")
    require_country(scope, entry.code)
    programmes = interview_programmes(entry)
    if not programmes:
        raise DomainValidationError.single(
            "countryCode",
            Message("{country} has no group job interview programme", country=entry.code),
            ErrorCode.INVALID,
        )
    if data.programme_id is None:
        programme = programmes[0]
    else:
        found = [p for p in programmes if p.id == data.programme_id]
        if not found:
            known = ", ".join(p.id for p in programmes)
            raise DomainValidationError.single(
                "programmeId",
                Message(
                    "{country} has no group job interview programme {programme} "
                    "(programmes: {known})",
                    country=entry.code,
                    programme=repr(data.programme_id),
                    known=known,
                ),
                ErrorCode.NOT_FOUND,
            )
        programme = found[0]
    organiser = data.organiser_agency_id or programme.organiser_agency_id
    if data.organiser_agency_id is not None:
        agencies = {agency.id for agency in entry.agencies}
        if data.organiser_agency_id not in agencies:
            raise DomainValidationError.single(
                "organiserAgencyId",
                Message(
                    "{country} has no agency {agency} (agencies: {known})",
                    country=entry.code,
                    agency=repr(data.organiser_agency_id),
                    known=", ".join(sorted(agencies)),
                ),
                ErrorCode.NOT_FOUND,
            )
    row = InterviewSession(
        country_code=entry.code,
        programme_id=programme.id,
        organiser_agency_id=organiser,
        held_on=data.held_on,
        city=data.city,
    )
    session.add(row)
    await session.flush()
    return row


async def get_session(
    session: AsyncSession, session_id: int, scope: Scope, *, field: str = "sessionId"
) -> InterviewSession:
    """The interview session, locked for the mutation, if it is within ``scope``."""
    statement = (
        select(InterviewSession)
        .where(col(InterviewSession.id) == session_id, *scope.interview_sessions())
        .with_for_update()
    )
    return found_or_refuse(
        (await session.exec(statement)).first(), field, "interview session", session_id
    )


async def add_company(
    *, session: AsyncSession, scope: Scope, data: AddCompanyInput
) -> InterviewCompany:
    """A company, Japanese or local, recruiting at the session."""
    await get_session(session, data.session_id, scope)
    existing = await session.exec(
        select(InterviewCompany.id).where(
            InterviewCompany.session_id == data.session_id,
            func.lower(InterviewCompany.name) == data.name.lower(),
        )
    )
    if existing.first() is not None:
        raise DomainValidationError.single(
            "name",
            Message("{name} already takes part in this session", name=repr(data.name)),
            ErrorCode.DUPLICATE,
        )
    company = InterviewCompany(
        session_id=data.session_id,
        name=data.name,
        origin=data.origin.value,
        open_positions=data.open_positions,
    )
    session.add(company)
    await session.flush()
    return company


async def register(
    *, session: AsyncSession, scope: Scope, data: RegisterInput
) -> InterviewRegistration:
    """Register a returnee of the session's country for its interviews."""
    interview = await get_session(session, data.session_id, scope)
    candidate = await get_candidate(session, data.candidate_id, scope)
    if candidate.country_code != interview.country_code:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "candidate {candidate} is a returnee of {country}; "
                "this session is for returnees of {session_country}",
                candidate=data.candidate_id,
                country=candidate.country_code,
                session_country=interview.country_code,
            ),
            ErrorCode.INVALID,
        )
    if candidate.status != Status.RETURNED:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "candidate {candidate} has not returned home (status {status})",
                candidate=data.candidate_id,
                status=status_label(Status(candidate.status)),
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    existing = await session.exec(
        select(InterviewRegistration.id).where(
            InterviewRegistration.session_id == data.session_id,
            InterviewRegistration.candidate_id == data.candidate_id,
        )
    )
    if existing.first() is not None:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "candidate {candidate} is already registered for this session",
                candidate=data.candidate_id,
            ),
            ErrorCode.DUPLICATE,
        )
    registration = InterviewRegistration(session_id=data.session_id, candidate_id=data.candidate_id)
    session.add(registration)
    await session.flush()
    return registration


async def record_outcome(
    *, session: AsyncSession, scope: Scope, data: RecordOutcomeInput
) -> InterviewOutcome:
    """What came of a returnee's interview with a company.

    One outcome per registration and company: recording again (an offer that
    became a hire) replaces the earlier result.
    """
    found = await session.exec(
        select(InterviewRegistration, InterviewSession)
        .join(InterviewSession, col(InterviewSession.id) == InterviewRegistration.session_id)
        .where(col(InterviewRegistration.id) == data.registration_id, *scope.interview_sessions())
    )
    _registration, interview = found_or_refuse(
        found.first(), "registrationId", "interview registration", data.registration_id
    )
    await get_session(session, interview.id or 0, scope, field="registrationId")
    company = await session.get(InterviewCompany, data.company_id)
    if company is None or company.session_id != interview.id:
        raise DomainValidationError.single(
            "companyId",
            Message(
                "no company with id {company} takes part in session {session}",
                company=data.company_id,
                session=str(interview.id),
            ),
            ErrorCode.NOT_FOUND,
        )
    if data.decided_on < interview.held_on:
        raise DomainValidationError.single(
            "decidedOn",
            Message(
                "decidedOn {decided} is before the session on {held}",
                decided=str(data.decided_on),
                held=str(interview.held_on),
            ),
            ErrorCode.INVALID,
        )
    existing = (
        await session.exec(
            select(InterviewOutcome)
            .where(
                InterviewOutcome.registration_id == data.registration_id,
                InterviewOutcome.company_id == data.company_id,
            )
            .with_for_update()
        )
    ).first()
    outcome = existing or InterviewOutcome(
        registration_id=data.registration_id,
        company_id=data.company_id,
        result=data.result.value,
        decided_on=data.decided_on,
    )
    outcome.result = data.result.value
    outcome.decided_on = data.decided_on
    outcome.follow_up = data.follow_up
    session.add(outcome)
    await session.flush()
    return outcome


@dataclass(frozen=True)
class Placement:
    """Returnees registered and hired (at least one ``hired`` outcome)."""

    registered: int
    hired: int

    @property
    def rate(self) -> float | None:
        return self.hired / self.registered if self.registered else None


NO_PLACEMENT = Placement(registered=0, hired=0)


def _placement_columns() -> tuple[ColumnElement[int], ColumnElement[int]]:
    hired_registration = case(
        (col(InterviewOutcome.result) == InterviewResult.HIRED.value, InterviewRegistration.id),
        else_=None,
    )
    return (
        func.count(func.distinct(InterviewRegistration.id)),
        func.count(func.distinct(hired_registration)),
    )


async def placement_by_session(
    session: AsyncSession, session_ids: Sequence[int]
) -> dict[int, Placement]:
    """Placement figures of each session, counted in one grouped query."""
    if not session_ids:
        return {}
    registered, hired = _placement_columns()
    rows = await session.exec(
        select(col(InterviewRegistration.session_id), registered, hired)
        .outerjoin(
            InterviewOutcome,
            col(InterviewOutcome.registration_id) == InterviewRegistration.id,
        )
        .where(col(InterviewRegistration.session_id).in_(list(session_ids)))
        .group_by(col(InterviewRegistration.session_id))
    )
    return {sid: Placement(int(r), int(h)) for sid, r, h in rows.all()}


async def placement_by_country(
    session: AsyncSession, scope: Scope, codes: Sequence[str]
) -> dict[str, Placement]:
    """Placement figures of each country's sessions, counted in one grouped query."""
    if not codes:
        return {}
    registered, hired = _placement_columns()
    rows = await session.exec(
        select(col(InterviewSession.country_code), registered, hired)
        .join(
            InterviewRegistration,
            col(InterviewRegistration.session_id) == InterviewSession.id,
        )
        .outerjoin(
            InterviewOutcome,
            col(InterviewOutcome.registration_id) == InterviewRegistration.id,
        )
        .where(col(InterviewSession.country_code).in_(list(codes)), *scope.interview_sessions())
        .group_by(col(InterviewSession.country_code))
    )
    return {code: Placement(int(r), int(h)) for code, r, h in rows.all()}
