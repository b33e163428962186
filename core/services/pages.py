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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, literal, tuple_
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
    kind = column.type.python_type
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
) -> Page[Any]:
    """A page of ``statement``'s rows in ``order``: ``first`` after ``after``, or
    ``last`` before ``before`` (Relay's arguments; ``first`` wins when both are given).

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
    statement = statement.order_by(
        *(column.asc() if ascending else column.desc() for column in order.columns)
    ).limit(size + 1)
    found = list((await session.exec(statement)).all())  # type: ignore[call-overload]
    more = len(found) > size
    rows = found[:size] if forward else list(reversed(found[:size]))
    return Page(
        rows=rows,
        cursors=[encode(list_name, order, order.read(row)) for row in rows],
        has_next=more if forward else False,
        has_previous=more if not forward else False,
    )
