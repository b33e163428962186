"""The change log: candidates' status changes, in an order a poller can follow.

The log is ``status_change`` itself: :mod:`core.services.history` writes a row
in the transaction that changes the status, so a change and its log entry are
committed together or not at all (a refused mutation leaves no entry). The
feed joins each entry to its candidate and applies the reader's scope
(:meth:`core.auth.scope.Scope.candidates`) in the WHERE clause: a reader sees
the changes of exactly the candidates ``candidates`` lists to it now. Who made
the change is named as the history names it (:meth:`Scope.history_actor`).

**The order, and why it is not the id.** A reader keeps a cursor and asks for
what comes after it, so the log must only ever grow at its end: an entry
served after the cursor must never turn up before it later. Ids do not give
that on PostgreSQL: a transaction takes its id from the sequence when it
inserts, not when it commits. If transaction A takes id 99 and B takes 100,
and B commits first, a reader can see 100 (its cursor moves past 99) before A
commits, and then never sees 99.

On PostgreSQL each entry records the id of the transaction that wrote it
(``xact_id``, from ``pg_current_xact_id()``, a 64-bit id that does not wrap
around), and the log's order is ``(xact_id, id)``. A read serves only entries
whose transaction is older than its snapshot's ``xmin``
(``pg_snapshot_xmin(pg_current_snapshot())``): every transaction with an id
below ``xmin`` has ended, so those entries are final, visible to this very
statement, and nothing can be added among them any more; a transaction still
running, or one that begins later, has an id of at least ``xmin``, so its
entries sort after everything served so far. That is the usual outbox
technique. The price is latency, not loss: a long-running write transaction
holds back the entries of transactions that began after it until it ends
(read-only transactions take no transaction id and hold back nothing).

On SQLite ``xact_id`` is ``0`` and the order is the id's: SQLite has one write
lock per database file, held from a transaction's first write to its commit
(and the service's writers take turns on it, see :mod:`core.db.session`), so
ids are handed out in commit order. (SQLite may reuse the highest id after
that row is deleted; only removing the demo data deletes history.)

Cursors are opaque to clients: base64 of ``change:<xact_id>:<id>``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, and_, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Account, Candidate, StatusChange
from core.i18n import Message
from core.services.queries import QueryInputError

MAX_PAGE_SIZE = 100
CURSOR_PREFIX = "change:"
_MAX_POSITION = 2**63 - 1


class LogHorizon(FunctionElement[int]):
    """The transaction ids below which every transaction has ended, for this statement.

    PostgreSQL: the ``xmin`` of the statement's snapshot. SQLite: ``1``, above the
    ``0`` of every entry (ids give the order there).
    """

    type = BigInteger()
    inherit_cache = True


@compiles(LogHorizon)
def _sqlite_horizon(element: LogHorizon, compiler: SQLCompiler, **kw: Any) -> str:
    return "1"


@compiles(LogHorizon, "postgresql")
def _pg_horizon(element: LogHorizon, compiler: SQLCompiler, **kw: Any) -> str:
    return "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint)"


@dataclass(frozen=True)
class Position:
    """Where an entry stands in the log."""

    xact_id: int
    id: int

    @property
    def cursor(self) -> str:
        text = f"{CURSOR_PREFIX}{self.xact_id}:{self.id}"
        return base64.urlsafe_b64encode(text.encode()).decode()

    @classmethod
    def of(cls, row: StatusChange) -> Position:
        assert row.id is not None and row.xact_id is not None
        return cls(row.xact_id, row.id)


def decode_cursor(cursor: str) -> Position:
    """The position a cursor of :func:`change_page` names.

    Raises:
        QueryInputError: naming ``after``, for anything that is not such a cursor.
    """
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError
        xact_text, _, id_text = text.removeprefix(CURSOR_PREFIX).partition(":")
        if not (xact_text.isascii() and xact_text.isdigit()):
            raise ValueError
        if not (id_text.isascii() and id_text.isdigit()):
            raise ValueError
        position = Position(int(xact_text), int(id_text))
        if position.xact_id > _MAX_POSITION or position.id > _MAX_POSITION:
            raise ValueError
        return position
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise QueryInputError(Message("after: not a cursor of the change log")) from None


@dataclass(frozen=True)
class Change:
    """One entry, with its candidate's country and its actor as the reader may see it."""

    row: StatusChange
    country_code: str
    actor: str | None

    @property
    def cursor(self) -> str:
        return Position.of(self.row).cursor


@dataclass(frozen=True)
class ChangePage:
    changes: list[Change]
    has_next: bool


def check_page_size(first: int) -> None:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise QueryInputError(
            Message(
                "first: must be between 1 and {maximum}, got {first}",
                maximum=MAX_PAGE_SIZE,
                first=first,
            )
        )


async def change_page(
    session: AsyncSession, scope: Scope, *, first: int, after: str | None
) -> ChangePage:
    """Up to ``first`` final entries after the cursor that ``scope`` may see, in log order.

    Raises:
        QueryInputError: ``first`` out of range or ``after`` not a cursor of the log.
    """
    check_page_size(first)
    shown = scope.history_actor()
    xact_id, row_id = col(StatusChange.xact_id), col(StatusChange.id)
    statement = (
        select(
            StatusChange,
            Candidate.country_code,
            shown if shown is not None else col(StatusChange.actor),
        )
        .join(Candidate, col(Candidate.id) == col(StatusChange.candidate_id))
        .where(*scope.candidates(), xact_id < LogHorizon())
    )
    if shown is not None:
        statement = statement.outerjoin(Account, col(Account.email) == col(StatusChange.actor))
    if after is not None:
        last = decode_cursor(after)
        statement = statement.where(
            or_(xact_id > last.xact_id, and_(xact_id == last.xact_id, row_id > last.id))
        )
    rows = (await session.exec(statement.order_by(xact_id, row_id).limit(first + 1))).all()
    changes = [Change(row=row, country_code=code, actor=actor) for row, code, actor in rows[:first]]
    return ChangePage(changes=changes, has_next=len(rows) > first)


async def log_end(session: AsyncSession) -> str | None:
    """The cursor after which only entries not yet served by anyone follow, or None
    when no entry is final yet. Not scoped: a position, shown to no client."""
    xact_id, row_id = col(StatusChange.xact_id), col(StatusChange.id)
    newest = (
        await session.exec(
            select(xact_id, row_id)
            .where(xact_id < LogHorizon())
            .order_by(xact_id.desc(), row_id.desc())
            .limit(1)
        )
    ).first()
    if newest is None:
        return None
    xact, last = newest
    assert xact is not None and last is not None
    return Position(xact, last).cursor
