"""Id arguments of queries, parsed by :func:`core.ids.parse_id` before any resolver queries."""

from __future__ import annotations

from graphql import GraphQLError

from core.i18n import Message
from core.ids import MAX_ID, NotAnId, parse_id

INVALID = "INVALID"


def lookup_id(value: object, argument: str) -> int | None:
    """The id an argument names, or None when it is a whole number that names no row
    (a lookup answers null for it, as for any id with no row).

    Raises:
        GraphQLError: ``INVALID``, naming ``argument``, when the value is not a whole number.
    """
    try:
        return parse_id(value)
    except NotAnId:
        raise GraphQLError(
            Message("{argument}: not an id", argument=argument), extensions={"code": INVALID}
        ) from None


def filter_id(value: object | None, argument: str) -> int | None:
    """The id a filter condition names; None when the condition is not given.

    A whole number outside the id range cannot be dropped as "no condition"
    (that would widen the list), so it is ``INVALID`` too.
    """
    if value is None:
        return None
    number = lookup_id(value, argument)
    if number is None:
        raise GraphQLError(
            Message(
                "{argument}: no row has this id (ids run from 1 to {maximum})",
                argument=argument,
                maximum=MAX_ID,
            ),
            extensions={"code": INVALID},
        )
    return number
