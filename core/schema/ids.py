"""Global ids: the one place an id from a client is decoded and an id to a client encoded.

Every object with an id implements Relay's ``Node`` interface, and its id is
opaque: the base64 of ``<GraphQL type name>:<row id>``, as Relay does
(:func:`strawberry.relay.to_base64`). So ids of different types never collide,
and ``node(id:)`` knows which type an id names. Inside the service, rows keep
their integer keys: an id argument, a filter condition or an id field of a
mutation input is decoded here, checking that it names the type the argument
expects, before any resolver or service sees it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

import strawberry
from graphql import GraphQLError
from strawberry.relay import to_base64

from core.i18n import Message
from core.ids import MAX_ID, NotAnId, parse_id

INVALID = "INVALID"

MAX_GLOBAL_ID_LENGTH = 120
"""Longer than any id handed out (a type name and a 10-digit key); longer text is not decoded."""


def global_id(type_name: str, key: int) -> strawberry.ID:
    """The global id of row ``key`` of the GraphQL type ``type_name``."""
    return strawberry.ID(to_base64(type_name, key))


def optional_global_id(type_name: str, key: int | None) -> strawberry.ID | None:
    """:func:`global_id`, or None for no row (a nullable reference)."""
    return None if key is None else global_id(type_name, key)


class NotAGlobalId(ValueError):
    """The value is not a global id at all, or (``expected`` given) the id of another type."""

    def __init__(self, expected: str | None = None) -> None:
        self.expected = expected
        super().__init__(str(self.reason))

    @property
    def reason(self) -> Message:
        """Why, for a field named beside it (a mutation's ``UserError.field``)."""
        if self.expected is None:
            return Message("not an id")
        return Message("not the id of a {type}", type=self.expected)

    def naming(self, argument: str) -> Message:
        """Why, naming ``argument`` (a top-level error of a query argument)."""
        if self.expected is None:
            return Message("{argument}: not an id", argument=argument)
        return Message("{argument}: not the id of a {type}", argument=argument, type=self.expected)


@dataclass(frozen=True)
class Decoded:
    """A global id taken apart: the type it names and the row key (None: out of range,
    so no row has it)."""

    type_name: str
    key: int | None
    text: str
    """The key as the id holds it (for a message about a key out of range)."""


def decode(value: object) -> Decoded:
    """The type name and row key of a global id.

    Raises:
        NotAGlobalId: ``value`` is not the base64 of ``<type>:<whole number>``.
    """
    if not isinstance(value, str) or not 0 < len(value) <= MAX_GLOBAL_ID_LENGTH:
        raise NotAGlobalId()
    try:
        text = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise NotAGlobalId() from None
    type_name, separator, raw_key = text.partition(":")
    if not separator or not type_name.isidentifier():
        raise NotAGlobalId()
    try:
        key = parse_id(raw_key)
    except NotAnId:
        raise NotAGlobalId() from None
    return Decoded(type_name=type_name, key=key, text=raw_key)


def decode_as(value: object, type_name: str) -> int | None:
    """The row key of a global id of ``type_name``; None when no row can have it.

    Raises:
        NotAGlobalId: not a global id, or the id of another type.
    """
    decoded = decode(value)
    if decoded.type_name != type_name:
        raise NotAGlobalId(type_name)
    return decoded.key


def _invalid(argument: str, problem: NotAGlobalId) -> GraphQLError:
    return GraphQLError(problem.naming(argument), extensions={"code": INVALID})


def lookup_id(value: object, argument: str, type_name: str) -> int | None:
    """The row key an id argument names, or None when no row can have it (a lookup
    answers null for it, as for any id with no row).

    Raises:
        GraphQLError: ``INVALID``, naming ``argument`` and the reason, when the value
            is not a global id of ``type_name``.
    """
    try:
        return decode_as(value, type_name)
    except NotAGlobalId as problem:
        raise _invalid(argument, problem) from None


def filter_id(value: object | None, argument: str, type_name: str) -> int | None:
    """The row key a filter condition names; None when the condition is not given.

    An id whose key is outside the id range cannot be dropped as "no condition"
    (that would widen the list), so it is ``INVALID`` too.
    """
    if value is None:
        return None
    number = lookup_id(value, argument, type_name)
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


def node_key(value: object, argument: str) -> Decoded:
    """A global id of any type, for ``node``/``nodes``; the type is checked by the caller.

    Raises:
        GraphQLError: ``INVALID``, naming ``argument``, when it is not a global id.
    """
    try:
        return decode(value)
    except NotAGlobalId as problem:
        raise _invalid(argument, problem) from None


def input_key(value: object, type_name: str) -> int | str:
    """The row key an id field of a mutation input names, for the service's
    validation; a key out of range stays text, which the service's id check
    (:data:`core.services.inputs.RowId`) reports as naming no row.

    Raises:
        NotAGlobalId: not a global id of ``type_name``.
    """
    decoded = decode(value)
    if decoded.type_name != type_name:
        raise NotAGlobalId(type_name)
    return decoded.text if decoded.key is None else decoded.key
