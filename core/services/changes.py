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

Cursors are opaque to clients: those of every keyset list
(:mod:`core.services.pages`), carrying ``(xact_id, id)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import BigInteger, ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Account, Candidate, StatusChange
from core.i18n import message_of
from core.services import pages
from core.services.pages import MAX_PAGE_SIZE, Order
from core.services.queries import QueryInputError

__all__ = ["MAX_PAGE_SIZE", "Change", "ChangePage", "change_page", "decode_cursor", "log_end"]


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


LIST_NAME = "change"
ORDER = Order(
    name="log",
    columns=(
        cast(ColumnElement[Any], col(StatusChange.xact_id)),
        cast(ColumnElement[Any], col(StatusChange.id)),
    ),
    read=lambda row: (row[0].xact_id, row[0].id),
)
"""The log's order, ``(xact_id, id)``; its cursors are :mod:`core.services.pages` cursors."""


def decode_cursor(cursor: str) -> None:
    """Check that ``cursor`` is one of the log's.

    Raises:
        QueryInputError: naming ``after``, for anything that is not such a cursor.
    """
    try:
        pages.decode(cursor, LIST_NAME, ORDER, "after")
    except pages.PageInputError as exc:
        raise QueryInputError(message_of(exc)) from None


@dataclass(frozen=True)
class Change:
    """One entry, with its candidate's country, its actor as the reader may see it,
    and its cursor."""

    row: StatusChange
    country_code: str
    actor: str | None
    cursor: str


@dataclass(frozen=True)
class ChangePage:
    changes: list[Change]
    has_next: bool


async def change_page(
    session: AsyncSession, scope: Scope, *, first: int, after: str | None
) -> ChangePage:
    """Up to ``first`` final entries after the cursor that ``scope`` may see, in log order.

    Raises:
        QueryInputError: ``first`` out of range or ``after`` not a cursor of the log.
    """
    shown = scope.history_actor()
    statement = (
        select(
            StatusChange,
            Candidate.country_code,
            shown if shown is not None else col(StatusChange.actor),
        )
        .join(Candidate, col(Candidate.id) == col(StatusChange.candidate_id))
        .where(*scope.candidates(), col(StatusChange.xact_id) < LogHorizon())
    )
    if shown is not None:
        statement = statement.outerjoin(Account, col(Account.email) == col(StatusChange.actor))
    try:
        page = await pages.keyset_page(
            session, statement, list_name=LIST_NAME, order=ORDER, first=first, after=after
        )
    except pages.PageInputError as exc:
        raise QueryInputError(message_of(exc)) from None
    changes = [
        Change(row=row, country_code=code, actor=actor, cursor=cursor)
        for (row, code, actor), cursor in zip(page.rows, page.cursors, strict=True)
    ]
    return ChangePage(changes=changes, has_next=page.has_next)


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
    return pages.encode(LIST_NAME, ORDER, (xact, last))
