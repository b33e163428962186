"""Registering candidates to a recruitment call."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from pydantic import field_validator
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, RecruitmentCall
from core.domain.candidate import CandidateBase
from core.domain.states import Status
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.plugins.registry import CountryRegistry
from core.services.details import valid_country_details
from core.services.history import start
from core.services.inputs import Input, RowId
from core.services.lookups import get_call

MIN_AGE_YEARS = 15
MAX_AGE_YEARS = 60


class CandidateData(CandidateBase, Input):  # type: ignore[misc]  # Input's config wins
    """A candidate's personal data, as a ministry records it: the fields of
    :class:`CandidateBase`, validated as an input, with a plausible age."""

    @field_validator("date_of_birth")
    @classmethod
    def _plausible_birth_date(cls, date_of_birth: date) -> date:
        today = date.today()
        if not today - relativedelta(years=MAX_AGE_YEARS) <= date_of_birth:
            raise ValueError(
                Message("dateOfBirth makes the candidate older than {years}", years=MAX_AGE_YEARS)
            )
        if date_of_birth > today - relativedelta(years=MIN_AGE_YEARS):
            raise ValueError(
                Message("dateOfBirth makes the candidate younger than {years}", years=MIN_AGE_YEARS)
            )
        return date_of_birth


class RegisterCandidateInput(CandidateData):
    call_id: RowId


async def register_candidate(
    *,
    session: AsyncSession,
    scope: Scope,
    registry: CountryRegistry,
    data: RegisterCandidateInput,
    actor: str | None,
    details_plugin: str | None = None,
) -> Candidate:
    """Register a candidate; ``details_plugin`` is the plugin the country details were
    given for (GraphQL's ``CountryDetailsInput`` member), which must be the call's."""
    call = await get_call(session, data.call_id, scope)
    check_against_call(call, data)
    details = valid_country_details(
        registry,
        call.country_code,
        data.country_details,
        field="countryDetails",
        plugin=details_plugin,
    )
    if data.applicant_number is not None:
        taken = await existing_applicant_numbers(session, call.id or 0, [data.applicant_number])
        if taken:
            raise DomainValidationError.single(
                "applicantNumber",
                Message(
                    "applicant number {number} is already registered to this call",
                    number=repr(data.applicant_number),
                ),
                ErrorCode.DUPLICATE,
            )
    candidate = new_candidate(call, data)
    candidate.country_details = details
    session.add(candidate)
    await session.flush()
    await start(session, candidate, actor=actor)
    return candidate


def check_against_call(call: RecruitmentCall, data: CandidateData) -> None:
    """Refuse data that does not fit the call (a job field it does not offer)."""
    errors = call_mismatches(call, data)
    if errors:
        raise DomainValidationError(errors)


def call_mismatches(call: RecruitmentCall, data: CandidateData) -> list[UserErrorData]:
    if data.job_field is not None and data.job_field not in call.job_fields:
        return [
            UserErrorData(
                field="jobField",
                message=Message(
                    "the call offers {fields}, not {field}",
                    fields=", ".join(call.job_fields),
                    field=repr(data.job_field),
                ),
                code=ErrorCode.INVALID,
            )
        ]
    return []


async def existing_applicant_numbers(
    session: AsyncSession, call_id: int, numbers: list[str]
) -> set[str]:
    if not numbers:
        return set()
    result = await session.exec(
        select(Candidate.applicant_number).where(
            Candidate.call_id == call_id, col(Candidate.applicant_number).in_(numbers)
        )
    )
    return {number for number in result.all() if number is not None}


def new_candidate(call: RecruitmentCall, data: CandidateData) -> Candidate:
    values = data.model_dump(exclude={"call_id"})
    assert call.id is not None
    return Candidate(
        **values,
        call_id=call.id,
        country_code=call.country_code,
        status=Status.REGISTERED.value,
    )
