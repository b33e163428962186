"""Fetching rows by id for a mutation, with a field-level error when absent."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, RecruitmentCall, TrainingCohort
from core.errors import DomainValidationError, ErrorCode
from core.i18n import N_, Message
from core.plugins.registry import CountryEntry, CountryRegistry

RowT = TypeVar("RowT", bound=SQLModel)
FoundT = TypeVar("FoundT")


async def get_or_refuse(
    session: AsyncSession, model: type[RowT], row_id: int, *, field: str, label: str
) -> RowT:
    """The row, or a ``not_found`` error on ``field`` naming what was looked for."""
    return found_or_refuse(await session.get(model, row_id), field, label, row_id)


def country_or_refuse(registry: CountryRegistry, code: str, *, field: str) -> CountryEntry:
    entry = registry.get(code)
    if entry is None:
        known = ", ".join(registry.by_code)
        raise DomainValidationError.single(
            field,
            Message("no sending country {code} (known: {known})", code=repr(code), known=known),
            ErrorCode.UNKNOWN_COUNTRY,
        )
    return entry


async def get_candidate(
    session: AsyncSession, candidate_id: int, scope: Scope, *, field: str = "candidateId"
) -> Candidate:
    """The candidate, locked for the mutation, if it is within ``scope``."""
    statement = (
        select(Candidate)
        .where(col(Candidate.id) == candidate_id, *scope.candidates())
        .with_for_update()
    )
    return found_or_refuse(
        (await session.exec(statement)).first(), field, "candidate", candidate_id
    )


async def get_call(
    session: AsyncSession, call_id: int, scope: Scope, *, field: str = "callId"
) -> RecruitmentCall:
    statement = (
        select(RecruitmentCall)
        .where(col(RecruitmentCall.id) == call_id, *scope.calls())
        .with_for_update()
    )
    return found_or_refuse(
        (await session.exec(statement)).first(), field, "recruitment call", call_id
    )


async def get_cohort(
    session: AsyncSession, cohort_id: int, scope: Scope, *, field: str = "cohortId"
) -> TrainingCohort:
    statement = select(TrainingCohort).where(col(TrainingCohort.id) == cohort_id, *scope.cohorts())
    return found_or_refuse(
        (await session.exec(statement)).first(), field, "training cohort", cohort_id
    )


ROW_LABELS = (
    N_("account"),
    N_("association membership"),
    N_("candidate"),
    N_("cohort"),
    N_("event"),
    N_("event registration"),
    N_("host company"),
    N_("host company audit"),
    N_("interview registration"),
    N_("interview session"),
    N_("recruitment call"),
    N_("training cohort"),
    N_("training phase"),
)
"""The ``label`` of every lookup (``no <label> with id <id>``), for the catalogue;
a label missing here is shown in English."""


def require_country(scope: Scope, code: str, *, field: str = "countryCode") -> None:
    if not scope.allows_country(code):
        raise DomainValidationError.single(
            field,
            Message("this account may not act for {country}", country=code),
            ErrorCode.FORBIDDEN,
        )


def found_or_refuse(row: FoundT | None, field: str, label: str, row_id: int) -> FoundT:
    """``row``, or a ``not_found`` error on ``field``: "no <label> with id <row_id>"."""
    if row is None:
        raise DomainValidationError.single(
            field,
            Message("no {label} with id {id}", label=Message(label), id=row_id),
            ErrorCode.NOT_FOUND,
        )
    return row
