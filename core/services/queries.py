"""Reading candidates: keyset pages with filters, counts, pipeline figures.

Pages are ordered by id and continue after the cursor's id, so a page deep in
the list costs what the first one does (no OFFSET). Counting runs in the
database.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import Candidate, ScreeningDecision
from core.db.models.candidates import name_key
from core.domain.states import Status
from core.ids import parse_id

MAX_PAGE_SIZE = 100
CURSOR_PREFIX = "candidate:"


class QueryInputError(ValueError):
    """A query argument out of range; the message names the argument."""


@dataclass(frozen=True)
class CandidateFilter:
    country_code: str | None = None
    call_id: int | None = None
    status: Status | None = None
    cohort_id: int | None = None
    host_company_id: int | None = None
    name: str | None = None
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
        return conditions


def encode_cursor(candidate_id: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{candidate_id}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError
        candidate_id = parse_id(text.removeprefix(CURSOR_PREFIX))
        if candidate_id is None:  # no id out of range was ever handed out as a cursor
            raise ValueError
        return candidate_id
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise QueryInputError("after: not a cursor of this list") from None


async def candidate_page(
    session: AsyncSession, where: CandidateFilter, *, first: int, after: str | None
) -> tuple[Sequence[Candidate], bool]:
    """Up to ``first`` candidates after the cursor, and whether more follow."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise QueryInputError(f"first: must be between 1 and {MAX_PAGE_SIZE}, got {first}")
    statement = select(Candidate).where(*where.conditions())
    if after is not None:
        statement = statement.where(col(Candidate.id) > decode_cursor(after))
    rows = (await session.exec(statement.order_by(col(Candidate.id)).limit(first + 1))).all()
    return rows[:first], len(rows) > first


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
    passed = await session.exec(
        select(Candidate.country_code, func.count(func.distinct(ScreeningDecision.candidate_id)))
        .join(Candidate, col(Candidate.id) == col(ScreeningDecision.candidate_id))
        .where(col(ScreeningDecision.passed), col(Candidate.country_code).in_(country_codes))
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
