"""Interns who cannot continue their training (item 8 of issue 13).

A difficulty is what form 18 (技能実習実施困難時届出書) reports to OTIT: an intern
gone missing (失踪, the kind ``missing``: the missing interns of the official
statistics, which count these forms), ill or injured, whose host company
closed, who leaves for personal reasons, or another reason. The host company
tells IM Japan without delay (法19条2項), IM Japan files form 18 without delay
(法33条), and the guidance gives a number of days for it: the dated rule
``titp.difficulty.report_days`` (14) in force on the day the difficulty
occurred. The due date is computed when the difficulty is reported and kept on
the row (``due_on``), so listing and filtering by it are plain SQL.

No candidate status is added: the candidate stays in its stage, and the open
difficulty (reported, not resolved) is the state, shown as
``Candidate.openDifficulty``. A status would have to say where the intern goes
next (back to the host company, another company, home), which only the
resolution knows; a stage move is refused while a difficulty is open.

Source: ``shared/reference/supervision-and-esd.md`` section 9, "Missing interns".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import Field, ValidationInfo, field_validator
from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, Difficulty
from core.domain.states import IN_JAPAN, Status, status_label
from core.domain.supervision import DifficultyBase, DifficultyKind
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.services import rules
from core.services.dates import HappenedOn, latest_today
from core.services.inputs import Input, RowId
from core.services.lookups import found_or_refuse, get_candidate
from core.services.pages import Listing, column_order

REPORT_DAYS = "titp.difficulty.report_days"
"""The rule giving the days within which form 18 is filed."""


class ReportDifficultyInput(Input, DifficultyBase):  # type: ignore[misc]  # Input's config
    """A difficulty the host company reported: the fields of :class:`DifficultyBase`."""

    candidate_id: RowId
    kind: DifficultyKind
    occurred_on: HappenedOn
    company_reported_on: HappenedOn = Field(
        description="When the host company told IM Japan: on or after occurredOn."
    )

    @field_validator("company_reported_on")
    @classmethod
    def _not_before_event(cls, value: date, info: ValidationInfo) -> date:
        occurred = info.data.get("occurred_on")
        if occurred is not None and value < occurred:
            raise ValueError(
                Message(
                    "{date} is before occurredOn ({occurred})",
                    date=value.isoformat(),
                    occurred=occurred.isoformat(),
                )
            )
        return value


class FileDifficultyInput(Input):
    """Form 18 filed with OTIT for a difficulty."""

    difficulty_id: RowId
    filed_on: HappenedOn = Field(description="When form 18 went to OTIT.")


class ResolveDifficultyInput(Input):
    """How a difficulty ended (found again, returned home, moved to another company...)."""

    difficulty_id: RowId
    resolved_on: HappenedOn
    outcome: str = Field(min_length=1, max_length=500)


@dataclass(frozen=True)
class DifficultyFilter:
    kind: DifficultyKind | None = None
    open: bool | None = None
    """True: not resolved; False: resolved; None: both."""
    overdue_on: date | None = None
    """Only those whose form 18 was due before this day and not filed by it."""


def in_scope(scope: Scope) -> list[ColumnElement[bool]]:
    """A difficulty is seen with its candidate (one subquery on the candidate's scope)."""
    conditions = scope.candidates()
    if not conditions:
        return []
    return [col(Difficulty.candidate_id).in_(select(col(Candidate.id)).where(*conditions))]


def overdue_on(day: date) -> ColumnElement[bool]:
    """Due before ``day`` and not filed by ``day``."""
    return and_(
        col(Difficulty.due_on) < day,
        or_(col(Difficulty.filed_on).is_(None), col(Difficulty.filed_on) > day),
    )


def listing(scope: Scope, found: DifficultyFilter) -> Listing[Difficulty]:
    """The difficulties in ``scope`` that match ``found``, earliest event first (then by id)."""
    conditions = in_scope(scope)
    if found.kind is not None:
        conditions.append(col(Difficulty.kind) == found.kind.value)
    if found.open is True:
        conditions.append(col(Difficulty.resolved_on).is_(None))
    elif found.open is False:
        conditions.append(col(Difficulty.resolved_on).is_not(None))
    if found.overdue_on is not None:
        conditions.append(overdue_on(found.overdue_on))
    return Listing(
        name="difficulty",
        statement=select(Difficulty).where(*conditions),
        order=column_order("occurred", col(Difficulty.occurred_on), col(Difficulty.id)),
    )


def is_overdue(row: Difficulty, today: date | None = None) -> bool:
    """Form 18 not filed and its due date past (as of ``today``, the latest today anywhere)."""
    return row.filed_on is None and row.due_on < (today or latest_today())


async def report_difficulty(
    *, session: AsyncSession, scope: Scope, data: ReportDifficultyInput
) -> Difficulty:
    """Record a difficulty the host company reported, with form 18's due date."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    if Status(candidate.status) not in IN_JAPAN:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "the candidate is {status}, not in Japan: only an intern in Japan can "
                "have a difficulty reported",
                status=status_label(Status(candidate.status)),
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    days = await rules.whole(session, REPORT_DAYS, data.occurred_on)
    row = Difficulty(
        candidate_id=data.candidate_id,
        kind=data.kind.value,
        occurred_on=data.occurred_on,
        company_reported_on=data.company_reported_on,
        details=data.details,
        due_on=data.occurred_on + timedelta(days=days),
    )
    session.add(row)
    await session.flush()
    return row


async def _locked(session: AsyncSession, scope: Scope, difficulty_id: int) -> Difficulty:
    statement = (
        select(Difficulty)
        .where(col(Difficulty.id) == difficulty_id, *in_scope(scope))
        .with_for_update()
    )
    row = (await session.exec(statement)).first()
    return found_or_refuse(row, "difficultyId", "difficulty", difficulty_id)


async def file_difficulty_report(
    *, session: AsyncSession, scope: Scope, data: FileDifficultyInput
) -> Difficulty:
    """Record that form 18 went to OTIT; filing twice, or before the event, is refused."""
    row = await _locked(session, scope, data.difficulty_id)
    if row.filed_on is not None:
        raise DomainValidationError.single(
            "difficultyId",
            Message("form 18 was filed on {date} already", date=row.filed_on.isoformat()),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    if data.filed_on < row.occurred_on:
        raise DomainValidationError.single(
            "filedOn",
            Message(
                "{date} is before the difficulty occurred ({occurred})",
                date=data.filed_on.isoformat(),
                occurred=row.occurred_on.isoformat(),
            ),
            ErrorCode.INVALID,
        )
    row.filed_on = data.filed_on
    session.add(row)
    await session.flush()
    return row


async def resolve_difficulty(
    *, session: AsyncSession, scope: Scope, data: ResolveDifficultyInput
) -> Difficulty:
    """Close a difficulty with its outcome; resolving twice, or before the event, is refused."""
    row = await _locked(session, scope, data.difficulty_id)
    if row.resolved_on is not None:
        raise DomainValidationError.single(
            "difficultyId",
            Message(
                "the difficulty was resolved on {date} already", date=row.resolved_on.isoformat()
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    if data.resolved_on < row.occurred_on:
        raise DomainValidationError.single(
            "resolvedOn",
            Message(
                "{date} is before the difficulty occurred ({occurred})",
                date=data.resolved_on.isoformat(),
                occurred=row.occurred_on.isoformat(),
            ),
            ErrorCode.INVALID,
        )
    row.resolved_on = data.resolved_on
    row.outcome = data.outcome
    session.add(row)
    await session.flush()
    return row


async def open_difficulty(session: AsyncSession, candidate_id: int) -> Difficulty | None:
    """The candidate's earliest open difficulty, for the checks of other services
    (a stage move is refused while one is open)."""
    statement = (
        select(Difficulty)
        .where(col(Difficulty.candidate_id) == candidate_id, col(Difficulty.resolved_on).is_(None))
        .order_by(col(Difficulty.occurred_on), col(Difficulty.id))
        .limit(1)
    )
    return (await session.exec(statement)).first()
