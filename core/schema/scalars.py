"""The ``Date`` and ``DateTime`` scalars: ISO 8601 as a client writes it, refused with a reason.

Every date the API reads or writes is a ``Date`` (``2026-04-01``) and every
moment a ``DateTime`` with its offset from UTC (``2026-04-01T09:30:00+09:00``).
Strawberry's own scalars of the same names accept whatever Python's
``fromisoformat`` accepts (``20260401``, ``2026-W14-3``, a moment without an
offset) and refuse with Python's words ("day is out of range for month"); these
accept the one written form and refuse anything else with a :class:`Message`
that says what is wrong with the value (:class:`InvalidValue`). Where the value
was, the field or the variable, is added by :mod:`core.schema.coercion`.

A moment is written out with its offset whatever the database: SQLite gives
timestamps back without one, and they are UTC (``core.db.models.base``).
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import UTC, date, datetime
from typing import Any

from graphql import GraphQLError, StringValueNode, ValueNode, print_ast
from strawberry.types.scalar import ScalarDefinition

from core.i18n import N_, Message

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})", re.ASCII)

NOT_A_DATE = N_("{value} is not a date: {reason}")
NOT_A_MOMENT = N_("{value} is not a date and time: {reason}")
DATE_FORMAT = N_("write it as YYYY-MM-DD, for example 2026-04-01")
DATETIME_FORMAT = N_(
    "write it as YYYY-MM-DDTHH:MM:SS with its offset from UTC, "
    "for example 2026-04-01T09:30:00+09:00 or 2026-04-01T00:30:00Z"
)
SHOWN_LENGTH = 40
"""How much of a refused value a message repeats."""


class InvalidValue(GraphQLError):
    """A value a scalar refuses; its message (a :class:`Message`) says what and why."""


class _NoDay(ValueError):
    """Why a well-written date is no day of the calendar (a :class:`Message`)."""


def parse_date(value: object) -> date:
    """``value`` (``YYYY-MM-DD``) as a date.

    Raises:
        InvalidValue: ``value`` is not written so, or is no day of the calendar.
    """
    if not isinstance(value, str) or _DATE.fullmatch(value) is None:
        raise _refusal(NOT_A_DATE, value, Message(DATE_FORMAT))
    try:
        return _day(value)
    except _NoDay as no_day:
        raise _refusal(NOT_A_DATE, value, no_day.args[0]) from None


def parse_datetime(value: object) -> datetime:
    """``value`` (``YYYY-MM-DDTHH:MM:SS[.ffffff]`` and ``Z`` or ``±HH:MM``) as an aware datetime.

    Raises:
        InvalidValue: ``value`` is not written so, or names no moment.
    """
    text = value if isinstance(value, str) else ""
    day, separator, time = text.partition("T")
    timed = _TIME.fullmatch(time)
    if not separator or timed is None or _DATE.fullmatch(day) is None:
        raise _refusal(NOT_A_MOMENT, value, Message(DATETIME_FORMAT))
    try:
        _day(day)
    except _NoDay as no_day:
        raise _refusal(NOT_A_MOMENT, value, no_day.args[0]) from None
    hours, minutes, seconds, _, offset = timed.groups()
    if int(hours) > 23 or int(minutes) > 59 or int(seconds) > 59:
        reason = Message("{time} is not a time of day", time=f"{hours}:{minutes}:{seconds}")
        raise _refusal(NOT_A_MOMENT, value, reason)
    if offset != "Z" and (int(offset[1:3]) > 23 or int(offset[4:]) > 59):
        reason = Message("{offset} is not an offset from UTC", offset=offset)
        raise _refusal(NOT_A_MOMENT, value, reason)
    return datetime.fromisoformat(text)


def serialize_date(value: date) -> str:
    return value.isoformat()


def serialize_datetime(value: datetime) -> str:
    """``value`` in UTC, in ISO 8601 with its offset; a naive one is UTC, as every stored moment."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC).isoformat()
    return value.astimezone(UTC).isoformat()


def _day(text: str) -> date:
    """The day ``text`` (``YYYY-MM-DD``, already matched) names.

    Raises:
        _NoDay: the calendar has no such day.
    """
    year, month, day = (int(part) for part in text.split("-"))
    if year == 0:
        raise _NoDay(Message("there is no year 0"))
    if not 1 <= month <= 12:
        raise _NoDay(Message("there is no month {month}", month=month))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise _NoDay(
            Message("month {month} of {year} has {days} days", month=month, year=year, days=days)
        )
    return date(year, month, day)


def _refusal(template: str, value: object, reason: Message) -> InvalidValue:
    """The refusal of ``value`` (shown as the client wrote it) for ``reason``."""
    return InvalidValue(Message(template, value=_shown(value), reason=reason))


def _shown(value: object) -> str:
    """``value`` as JSON (a string in quotes), cut short: it is the client's own text."""
    return _cut(json.dumps(value, ensure_ascii=False, default=str))


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_LENGTH else f"{text[: SHOWN_LENGTH - 1]}…"


def _literal(parse: Any, subject: str, form: str) -> Any:
    """A ``parse_literal`` that reads a string literal with ``parse`` and refuses any other."""

    def parse_literal(node: ValueNode, _variables: dict[str, Any] | None = None) -> Any:
        if isinstance(node, StringValueNode):
            return parse(node.value)
        raise InvalidValue(Message(subject, value=_cut(print_ast(node)), reason=Message(form)))

    return parse_literal


DATE = ScalarDefinition(
    name="Date",
    description="A day of the calendar, written YYYY-MM-DD (ISO 8601).",
    specified_by_url=None,
    serialize=serialize_date,
    parse_value=parse_date,
    parse_literal=_literal(parse_date, NOT_A_DATE, DATE_FORMAT),
)

DATETIME = ScalarDefinition(
    name="DateTime",
    description=(
        "A moment, written YYYY-MM-DDTHH:MM:SS with an optional fraction of a second "
        "and its offset from UTC (ISO 8601, for example 2026-04-01T09:30:00+09:00 or "
        "2026-04-01T00:30:00Z); answers are in UTC."
    ),
    specified_by_url=None,
    serialize=serialize_datetime,
    parse_value=parse_datetime,
    parse_literal=_literal(parse_datetime, NOT_A_MOMENT, DATETIME_FORMAT),
)

SCALARS: dict[object, ScalarDefinition] = {date: DATE, datetime: DATETIME}
"""The scalars of the Python types, for ``StrawberryConfig.scalar_map``."""
