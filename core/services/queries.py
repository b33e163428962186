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
from typing import Any, cast

from sqlalchemy import case, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import Candidate, ScreeningDecision
from core.db.models.candidates import name_key
from core.domain.states import PHASES, STATUS_OF_STAGE, Phase, Status
from core.domain.titp import Stage
from core.i18n import Message, message_of
from core.services import pages
from core.services.pages import Order, Page

LIST_NAME = "candidate"


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
    """The actor's scope (core.auth.scope), part of the same WHERE clause."""

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = list(self.scope)
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
    """Per country: candidates by current status, and how many ever passed screening."""
    by_status = await session.exec(
        select(Candidate.country_code, Candidate.status, func.count())
        .where(col(Candidate.country_code).in_(country_codes))
        .group_by(col(Candidate.country_code), col(Candidate.status))
    )
    statuses: dict[str, dict[Status, int]] = {code: {} for code in country_codes}
    for code, status, count in by_status.all():
        statuses[code][Status(status)] = int(count)
    # Each candidate with a passed decision, counted once: a semi-join (EXISTS)
    # rather than count(DISTINCT) over a join, so the database reads two indexes
    # ((country_code, status, id) and (passed, candidate_id)) without sorting.
    ever_passed = (
        select(ScreeningDecision.id)
        .where(
            col(ScreeningDecision.candidate_id) == col(Candidate.id),
            col(ScreeningDecision.passed),
        )
        .exists()
    )
    passed = await session.exec(
        select(Candidate.country_code, func.count())
        .where(col(Candidate.country_code).in_(country_codes), ever_passed)
        .group_by(col(Candidate.country_code))
    )
    passed_by_code = {code: int(count) for code, count in passed.all()}
    return [
        Pipeline(
            country_code=code,
            by_status=statuses[code],
            passed_screening=passed_by_code.get(code, 0),
        )
        for code in country_codes
    ]
