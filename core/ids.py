"""Row ids from outside (arguments, inputs, cursors, token subjects), parsed before any query.

Every table's id is an ``INTEGER`` column: PostgreSQL keeps it in 32 bits and
refuses a larger parameter with a driver error, SQLite overflows beyond 64
bits. An id from a client is therefore parsed here first: a whole number
outside ``1..MAX_ID`` names no row and never reaches the database.
"""

from __future__ import annotations

import re

MAX_ID = 2**31 - 1
"""The largest id any table holds: PostgreSQL's ``INTEGER``, the narrower of the two databases."""

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_MAX_DIGITS = len(str(MAX_ID))


class NotAnId(ValueError):
    """The value is not a whole number, so it cannot be an id at all."""


def parse_id(value: object) -> int | None:
    """The id ``value`` names, or None when it is a whole number that names no row.

    ``value`` is an ``int`` or its decimal text (GraphQL's ``ID`` arrives as a
    string); leading zeros and a sign are accepted, as ``int()`` accepts them.

    Raises:
        NotAnId: ``value`` is not a whole number (``"abc"``, ``"1.5"``, ``True``).
    """
    if isinstance(value, bool):
        raise NotAnId("not an id")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
        digits = value.lstrip("+-").lstrip("0")
        if len(digits) > _MAX_DIGITS:  # do not convert a thousand digits to learn it is too big
            return None
        number = int(value)
    else:
        raise NotAnId("not an id")
    return number if 1 <= number <= MAX_ID else None
