"""Reading candidates: keyset pages with filters and orders, counts, pipeline figures.

Pages continue after the cursor's sort values (:mod:`core.services.pages`), so
a page deep in the list costs what the first one does (no OFFSET). Counting
runs in the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar, cast

from sqlalchemy import case, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate
from core.db.models.candidates import name_key
from core.domain.states import PHASES, STATUS_OF_STAGE, Phase, Status
from core.domain.titp import Stage
from core.i18n import Message, message_of
from core.services import pages, tallies
from core.services.pages import Order, Page
from core.services.tallies import StatusQuestion

LIST_NAME = "candidate"
T = TypeVar("T")


class QueryInputError(ValueError):
    """A query argument out of range; the message names the argument."""


class CandidateSort(StrEnum):
    """The orders of the candidate list; each ends with the id, so it is total."""

    ID = "id"
    NAME = "name"
    REGISTERED_AT = "registered_at"
    STATUS = "status"


_RANK: dict[str, int] = {status.value: rank for rank, status in enumerate(Status)}
_STATUS_RANK = case(_RANK, value=col(Candidate.status))
"""The statuses in the programme's order (``Status``'s order), not alphabetically."""


def candidate_order(sort: CandidateSort = CandidateSort.ID, *, descending: bool = False) -> Order:
    columns: dict[CandidateSort, tuple[Any, ...]] = {
        CandidateSort.ID: (),
        CandidateSort.NAME: (col(Candidate.full_name_key),),
        CandidateSort.REGISTERED_AT: (col(Candidate.created_at),),
        CandidateSort.STATUS: (_STATUS_RANK,),
    }
    readers: dict[CandidateSort, Callable[[Candidate], tuple[Any, ...]]] = {
        CandidateSort.ID: lambda row: (),
        CandidateSort.NAME: lambda row: (row.full_name_key,),
        CandidateSort.REGISTERED_AT: lambda row: (row.created_at,),
        CandidateSort.STATUS: lambda row: (_RANK[row.status],),
    }
    extra, read = columns[sort], readers[sort]
    return Order(
        name=f"{sort.value}:{'desc' if descending else 'asc'}",
        columns=(*extra, cast(ColumnElement[Any], col(Candidate.id))),
        read=lambda row: (*read(row), row.id),
        descending=descending,
    )


@dataclass(frozen=True)
class CandidateFilter:
    """Conditions on the candidate list; every given one must hold.

    Date ranges are inclusive at both ends; ``registered_*`` compare the day
    (UTC) a candidate was registered.
    """

    country_code: str | None = None
    call_id: int | None = None
    status: Status | None = None
    statuses: tuple[Status, ...] = ()
    phase: Phase | None = None
    stage: Stage | None = None
    """A stage of the technical intern training in Japan: its status."""
    cohort_id: int | None = None
    host_company_id: int | None = None
    name: str | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    entered_japan_from: date | None = None
    entered_japan_to: date | None = None
    scope: tuple[ColumnElement[bool], ...] = ()
    """Conditions of a scope, part of the same WHERE clause (a count with them is
    always counted row by row: prefer ``access``)."""
    access: Scope | None = None
    """The actor's scope (core.auth.scope), part of the same WHERE clause; being
    structured, it lets :meth:`status_question` answer a count from the tallies."""

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = list(self.scope)
        if self.access is not None:
            conditions += self.access.candidates()
        if self.country_code is not None:
            conditions.append(col(Candidate.country_code) == self.country_code.upper())
        if self.call_id is not None:
            conditions.append(col(Candidate.call_id) == self.call_id)
        if self.status is not None:
            conditions.append(col(Candidate.status) == self.status.value)
        if self.statuses:
            conditions.append(col(Candidate.status).in_([s.value for s in self.statuses]))
        if self.phase is not None:
            conditions.append(col(Candidate.status).in_([s.value for s in PHASES[self.phase]]))
        if self.stage is not None:
            conditions.append(col(Candidate.status) == STATUS_OF_STAGE[self.stage].value)
        if self.cohort_id is not None:
            conditions.append(col(Candidate.cohort_id) == self.cohort_id)
        if self.host_company_id is not None:
            conditions.append(col(Candidate.host_company_id) == self.host_company_id)
        if self.name:
            # Compared as name_key()s computed in Python, not with the database's
            # lower(), which folds only ASCII on SQLite (and under a C locale).
            key = name_key(self.name)
            pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            conditions.append(col(Candidate.full_name_key).like(pattern, escape="\\"))
        conditions += _date_range(
            col(Candidate.created_at), self.registered_from, self.registered_to
        )
        conditions += _date_range(
            col(Candidate.entered_japan_on), self.entered_japan_from, self.entered_japan_to
        )
        return conditions

    def status_question(self) -> StatusQuestion | None:
        """The same filter as a question on countries and statuses alone, which the
        tallies answer; ``None`` when any other condition is part of it."""
        others = (
            self.scope,
            self.call_id,
            self.cohort_id,
            self.host_company_id,
            self.name,
            self.registered_from,
            self.registered_to,
            self.entered_japan_from,
            self.entered_japan_to,
        )
        if any(value not in (None, (), "") for value in others):
            return None
        countries: frozenset[str] | None = None
        statuses: frozenset[Status] | None = None
        if self.access is not None:
            if self.access.nothing:
                return StatusQuestion(countries=frozenset())
            if self.access.host_company_id is not None:
                return None
            countries, statuses = self.access.countries, self.access.statuses
        if self.country_code is not None:
            countries = _meet(countries, {self.country_code.upper()})
        for allowed in (
            None if self.status is None else {self.status},
            set(self.statuses) or None,
            None if self.phase is None else set(PHASES[self.phase]),
            None if self.stage is None else {STATUS_OF_STAGE[self.stage]},
        ):
            if allowed is not None:
                statuses = _meet(statuses, allowed)
        return StatusQuestion(countries=countries, statuses=statuses)


def _meet(found: frozenset[T] | None, allowed: set[T]) -> frozenset[T]:
    """The values both allow (``None``: any value)."""
    return frozenset(allowed) if found is None else found & frozenset(allowed)


def _date_range(column: Any, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    """``start <= column <= end`` by day; a timestamp column is compared with the
    next day's midnight, so that the whole last day is in."""
    found: list[ColumnElement[bool]] = []
    timestamps = column.type.python_type is datetime
    if start is not None:
        found.append(column >= (datetime.combine(start, time()) if timestamps else start))
    if end is not None:
        if timestamps:
            found.append(column < datetime.combine(end + timedelta(days=1), time()))
        else:
            found.append(column <= end)
    return found


def encode_cursor(candidate_id: int) -> str:
    """The cursor of a candidate in the default order (by id)."""
    return pages.encode(LIST_NAME, candidate_order(), (candidate_id,))


async def candidate_page(
    session: AsyncSession,
    where: CandidateFilter,
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    order: Order | None = None,
) -> Page[Candidate]:
    """Up to ``first`` candidates after the cursor (or ``last`` before it), in ``order``."""
    if first is None and last is None:
        raise QueryInputError(Message("first: give first or last"))
    try:
        return await pages.keyset_page(
            session,
            select(Candidate).where(*where.conditions()),
            list_name=LIST_NAME,
            order=order or candidate_order(),
            key=cast(ColumnElement[Any], col(Candidate.id)),
            first=first,
            after=after,
            last=last,
            before=before,
        )
    except pages.PageInputError as exc:
        raise QueryInputError(message_of(exc)) from None


async def count_candidates(session: AsyncSession, where: CandidateFilter) -> int:
    """How many candidates ``where`` selects: from the tallies when it asks about
    countries and statuses only, otherwise counted row by row."""
    question = where.status_question()
    if question is not None:
        return await tallies.count_by_status(session, question)
    statement = select(func.count()).select_from(Candidate).where(*where.conditions())
    return int((await session.exec(statement)).one())


@dataclass(frozen=True)
class Pipeline:
    country_code: str
    by_status: dict[Status, int]
    passed_screening: int

    @property
    def applied(self) -> int:
        return sum(self.by_status.values())


async def pipeline_counts(session: AsyncSession, country_codes: Sequence[str]) -> list[Pipeline]:
    """Per country: candidates by current status, and how many ever passed screening,
    read from the tallies (one small read, whatever the number of candidates)."""
    found = await tallies.pipeline_tallies(session, country_codes)
    return [
        Pipeline(
            country_code=code,
            by_status=found[code].by_status,
            passed_screening=found[code].ever_passed,
        )
        for code in country_codes
    ]
