"""Keyset pages of any list, in any declared order, with opaque cursors.

A page continues from its cursor with ``WHERE (k1, k2, ..., id) > (...)``
(``<`` when descending), so a page deep in the list costs what the first one
does: there is no OFFSET. Every order ends with the row id, which makes the
order total and the cursor point at exactly one row.

A cursor is the list's name, the order's name and the row's sort values,
JSON in URL-safe base64. It is opaque to clients, and is refused for another
list or another order ("not a cursor of this list"), naming the argument that
carried it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Row, Select, TypeDecorator, any_, func, literal, tuple_
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.i18n import Message

T = TypeVar("T")

MAX_PAGE_SIZE = 100
_BIGINT = 2**63 - 1
MAX_CURSOR_LENGTH = 2_000
"""Longer than any cursor this module writes (a name key is at most 600 characters)."""


class PageInputError(ValueError):
    """A page argument out of range or a foreign cursor; the message names the argument."""


@dataclass(frozen=True)
class Order:
    """One way to sort a list: its name (as cursors carry it) and its key columns.

    ``columns`` end with a unique column (the id). ``read`` gives a row's values
    of those columns, in the same order.
    """

    name: str
    columns: tuple[ColumnElement[Any], ...]
    read: Callable[[Any], tuple[Any, ...]]
    descending: bool = False


@dataclass(frozen=True)
class Page(Generic[T]):
    """Rows in the list's order, each with its cursor."""

    rows: Sequence[T]
    cursors: Sequence[str]
    has_next: bool
    has_previous: bool


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def encode(list_name: str, order: Order, values: tuple[Any, ...]) -> str:
    text = json.dumps([list_name, order.name, [_plain(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode()


def decode(cursor: str, list_name: str, order: Order, argument: str) -> tuple[Any, ...]:
    """The sort values a cursor of ``list_name`` in ``order`` carries.

    Raises:
        PageInputError: naming ``argument``, when the cursor is not one of this
            list in this order.
    """
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("longer than any cursor handed out")
        name, order_name, raw = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if name != list_name or order_name != order.name or len(raw) != len(order.columns):
            raise ValueError
        return tuple(
            _typed(column, value) for column, value in zip(order.columns, raw, strict=True)
        )
    except (ValueError, TypeError, RecursionError, binascii.Error, UnicodeDecodeError):
        # Another order of the same list is "another list" to the client too.
        raise PageInputError(
            Message("{argument}: not a cursor of this list", argument=argument)
        ) from None


def _typed(column: ColumnElement[Any], value: Any) -> Any:
    """A cursor's JSON value as the column's Python type (dates come back as text)."""
    if value is None:
        raise ValueError("a sort value is never null")
    kind = _python_type(column)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is int and not isinstance(value, bool) and isinstance(value, int):
        if not -_BIGINT <= value <= _BIGINT:  # no column holds it: no row is there
            raise ValueError("out of range")
        return value
    if kind is str and isinstance(value, str):
        return value
    if kind not in (int, str) and isinstance(value, kind):
        return value
    raise ValueError(f"not a {kind.__name__}")


def _python_type(column: ColumnElement[Any]) -> type:
    """The column's Python type; a decorated type (sqlmodel's ``AutoString``) by the
    type it decorates."""
    kind = column.type
    try:
        return kind.python_type
    except NotImplementedError:
        if isinstance(kind, TypeDecorator):
            return kind.impl_instance.python_type
        raise


def _after(order: Order, values: tuple[Any, ...], *, forward: bool) -> ColumnElement[bool]:
    keys = tuple_(*order.columns)
    bound = tuple_(*(literal(v, c.type) for c, v in zip(order.columns, values, strict=True)))
    return keys > bound if forward != order.descending else keys < bound


def check_size(value: int | None, argument: str) -> None:
    if value is not None and not 1 <= value <= MAX_PAGE_SIZE:
        raise PageInputError(
            Message(
                "{argument}: must be between 1 and {maximum}, got {value}",
                argument=argument,
                maximum=MAX_PAGE_SIZE,
                value=value,
            )
        )


async def keyset_page(
    session: AsyncSession,
    statement: Select[Any],
    *,
    list_name: str,
    order: Order,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    key: ColumnElement[Any] | None = None,
) -> Page[Any]:
    """A page of ``statement``'s rows in ``order``: ``first`` after ``after``, or
    ``last`` before ``before`` (Relay's arguments; ``first`` wins when both are given).

    ``key``: the rows' unique key (the id). With it, the page's keys are chosen
    first, in a subquery that selects only the key, and the rows read by key in
    the same statement. The subquery can be answered from an index alone (a
    status filter in id order from ``(status, id)``); asked for whole rows, the
    planner walks the primary key and filters instead, guessing that a status is
    spread evenly over the ids, and reads most of the table when it is not.

    ``has_previous`` is only known when paging backwards, and ``has_next`` when
    paging forwards (as the Relay specification allows); the other is False.
    """
    check_size(first, "first")
    check_size(last, "last")
    forward = last is None or first is not None
    size = (first if forward else last) or MAX_PAGE_SIZE
    cursor, argument = (after, "after") if forward else (before, "before")
    if cursor is not None:
        statement = statement.where(
            _after(order, decode(cursor, list_name, order, argument), forward=forward)
        )
    ascending = forward != order.descending
    ordered = [column.asc() if ascending else column.desc() for column in order.columns]
    statement = statement.order_by(*ordered).limit(size + 1)
    if key is not None:
        statement = _by_keys(statement, key, ordered, session.get_bind().dialect.name)
    found = list((await session.exec(statement)).all())  # type: ignore[call-overload]
    more = len(found) > size
    rows = found[:size] if forward else list(reversed(found[:size]))
    return Page(
        rows=rows,
        cursors=[encode(list_name, order, order.read(row)) for row in rows],
        has_next=more if forward else False,
        has_previous=more if not forward else False,
    )


def _by_keys(
    statement: Select[Any], key: ColumnElement[Any], ordered: list[Any], dialect: str
) -> Any:
    """``statement``'s rows, read by the keys it selects (see ``keyset_page``)."""
    keys = statement.with_only_columns(key).correlate(None).scalar_subquery()
    # PostgreSQL: key = ANY(ARRAY(keys)), computed once (an InitPlan) and looked
    # up in the primary key; SQLite: key IN (keys), which it runs the same way.
    chosen = key == any_(func.array(keys)) if dialect == "postgresql" else key.in_(keys)
    return statement.limit(None).order_by(None).where(chosen).order_by(*ordered)


@dataclass(frozen=True, eq=False)
class Listing(Generic[T]):
    """A list as a connection pages it: its rows (``statement``, filtered and
    scoped), the name its cursors carry, its order, and what a page's rows become.

    ``finish`` turns a page's rows into the items served (for example adding
    figures counted for the whole page in one more statement); without it the
    rows are served as they are.
    """

    name: str
    statement: Select[Any]
    order: Order
    finish: Callable[[AsyncSession, list[Any]], Awaitable[Sequence[T]]] | None = None


async def listing_page(
    session: AsyncSession,
    *,
    listing: Listing[T],
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[T]:
    """One page of ``listing`` (:func:`keyset_page`): one statement, and one more
    when the listing has a ``finish``."""
    page = await keyset_page(
        session,
        listing.statement,
        list_name=listing.name,
        order=listing.order,
        first=first,
        after=after,
        last=last,
        before=before,
    )
    if listing.finish is None:
        return page
    return Page(
        rows=await listing.finish(session, list(page.rows)),
        cursors=page.cursors,
        has_next=page.has_next,
        has_previous=page.has_previous,
    )


async def listing_count(session: AsyncSession, *, listing: Listing[Any]) -> int:
    """How many rows ``listing`` has, counted by the database in one statement."""
    statement = _over(listing.statement, func.count())
    return int((await session.exec(statement)).one())


def _over(base: Select[Any], *columns: Any) -> Any:
    """A new SELECT of ``columns`` over ``base``'s FROM and WHERE (``sqlmodel``'s
    ``select`` gives scalars for one column and rows for more, whatever ``base`` was)."""
    statement = select(*columns).select_from(*base.get_final_froms())
    return statement if base.whereclause is None else statement.where(base.whereclause)


def column_order(name: str, *columns: Any, descending: bool = False) -> Order:
    """An order of one model's rows by ``columns`` (the last one unique), all ascending
    or all descending; a row's values are read back by the columns' names."""
    keys = tuple(column.key for column in columns)
    return Order(
        name=name,
        columns=tuple(columns),
        read=lambda row: tuple(getattr(row, key) for key in keys),
        descending=descending,
    )


@dataclass(frozen=True, eq=False)
class Nested(Generic[T]):
    """A list per parent row (an event's registrations...), paged for many parents
    at once: one statement gives the pages of every parent of a batch.

    ``statement`` selects the rows of every parent; ``parent`` is its column naming
    the parent, a column of the first entity selected. Each parent's list has
    cursors of its own (``name:parent``), so a cursor of one parent's list is
    refused for another's.
    """

    name: str
    statement: Select[Any]
    parent: ColumnElement[int]
    order: Order
    finish: Callable[[AsyncSession, list[Any]], Awaitable[Sequence[T]]] | None = None

    def list_name(self, parent: int) -> str:
        return f"{self.name}:{parent}"

    def parent_of(self, row: Any) -> int:
        """The parent of a row: ``parent`` is a column of the first entity selected."""
        entity = row[0] if isinstance(row, tuple | Row) else row
        key = self.parent.key
        assert key is not None, "the parent is a named column"
        return int(getattr(entity, key))


async def nested_pages(
    session: AsyncSession,
    nested: Nested[T],
    parents: Sequence[int],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> dict[int, Page[T] | PageInputError]:
    """The page of each parent's list (``first`` after ``after``, or ``last`` before
    ``before``, as :func:`keyset_page`), in one statement for all of them (plus one
    for the ``finish``): the rows are ranked within their parent by a window
    function, and the first ``size + 1`` of each are read. (The database ranks
    every row of the parents asked, past the cursor: a cost that grows with their
    lists, not with the number of statements.)

    A parent whose list the cursor is not of gets a :class:`PageInputError`.
    """
    check_size(first, "first")
    check_size(last, "last")
    forward = last is None or first is not None
    size = (first if forward else last) or MAX_PAGE_SIZE
    cursor, argument = (after, "after") if forward else (before, "before")
    found: dict[int, Page[T] | PageInputError] = {}
    wanted = sorted(set(parents))
    conditions: list[ColumnElement[bool]] = []
    if cursor is not None:
        values: tuple[Any, ...] | None = None
        for parent in wanted:
            try:
                values = decode(cursor, nested.list_name(parent), nested.order, argument)
            except PageInputError as exc:
                found[parent] = exc
        wanted = [parent for parent in wanted if parent not in found]
        if values is not None:
            conditions.append(_after(nested.order, values, forward=forward))
    if not wanted:
        return found
    ascending = forward != nested.order.descending
    rank = (
        func.row_number()
        .over(
            partition_by=nested.parent,
            order_by=[c.asc() if ascending else c.desc() for c in nested.order.columns],
        )
        .label("rank")
    )
    key = nested.order.columns[-1]
    ranked = (
        nested.statement.with_only_columns(
            key.label("key"), nested.parent.label("parent"), rank, maintain_column_froms=True
        )
        .where(nested.parent.in_(wanted), *conditions)
        .subquery()
    )
    statement = (
        nested.statement.join(ranked, ranked.c.key == key)
        .where(ranked.c.rank <= size + 1)
        .order_by(ranked.c.parent, ranked.c.rank)
    )
    rows: dict[int, list[Any]] = {parent: [] for parent in wanted}
    for row in (await session.exec(statement)).all():  # type: ignore[call-overload]
        rows[nested.parent_of(row)].append(row)
    for parent in wanted:
        more = len(rows[parent]) > size
        kept = rows[parent][:size] if forward else list(reversed(rows[parent][:size]))
        found[parent] = Page(
            rows=kept,
            cursors=[
                encode(nested.list_name(parent), nested.order, nested.order.read(row))
                for row in kept
            ],
            has_next=more if forward else False,
            has_previous=more if not forward else False,
        )
    if nested.finish is not None:
        await _finish_all(session, nested, found)
    return found


async def _finish_all(
    session: AsyncSession, nested: Nested[T], found: dict[int, Page[Any] | PageInputError]
) -> None:
    """Every page's rows through ``nested.finish``, in one call for all parents."""
    assert nested.finish is not None
    served = [(parent, page) for parent, page in found.items() if isinstance(page, Page)]
    everything = [row for _, page in served for row in page.rows]
    items = iter(await nested.finish(session, everything))
    for parent, page in served:
        found[parent] = Page(
            rows=[next(items) for _ in page.rows],
            cursors=page.cursors,
            has_next=page.has_next,
            has_previous=page.has_previous,
        )


async def nested_counts(
    session: AsyncSession, nested: Nested[Any], parents: Sequence[int]
) -> dict[int, int]:
    """How many rows each parent's list has, in one grouped statement."""
    statement = (
        _over(nested.statement, nested.parent, func.count())
        .where(nested.parent.in_(sorted(set(parents))))
        .group_by(nested.parent)
    )
    counted = dict.fromkeys(parents, 0)
    for parent, count in (await session.exec(statement)).all():
        counted[parent] = int(count)
    return counted
