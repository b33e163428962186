"""A plan's arguments with this request's variables: the values its statements bind,
or :class:`Unsupported` when the resolver path should decide (an error to report,
a value the compiler does not handle).

Values follow the resolver's own reading: ``first`` defaults to 20 and must be
1-100, ``before`` counts only with ``last`` (which the compiler leaves to the
resolver path, as ``orderBy`` and every filter but ``countryCode`` and
``status``), country codes are upper-cased, an absent variable is an absent
argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from core.domain.states import Status
from core.schema.connections import DEFAULT_PAGE_SIZE
from core.schema.ids import NotAGlobalId, decode_as
from core.services.compiled.plan import (
    Argument,
    ById,
    Connection,
    InputObject,
    Literal,
    Variable,
)
from core.services.compiled.sql import PageArguments, Request, after_key
from core.services.pages import MAX_PAGE_SIZE, PageInputError


class Unsupported(Exception):
    """The resolver path answers this request."""


MISSING: Any = object()


def value(argument: Argument, variables: Mapping[str, Any]) -> Any:
    """An argument's value; :data:`MISSING` for an absent variable."""
    if isinstance(argument, Variable):
        return variables.get(argument.name, MISSING)
    if isinstance(argument, Literal):
        return argument.value
    assert isinstance(argument, InputObject)
    found = {name: value(inner, variables) for name, inner in argument.fields}
    return {name: given for name, given in found.items() if given is not MISSING}


def request_of(root: ById | Connection, variables: Mapping[str, Any]) -> Request:
    """The root field with its values for this request.

    Raises:
        Unsupported: the resolver path should answer.
    """
    if isinstance(root, ById):
        return root, _key(value(root.id, variables), root.type_name)
    given = {name: value(argument, variables) for name, argument in root.arguments}
    given = {name: found for name, found in given.items() if found is not MISSING}
    if given.get("last") is not None or given.get("orderBy") is not None:
        raise Unsupported
    first = given.get("first", DEFAULT_PAGE_SIZE)
    if not isinstance(first, int) or isinstance(first, bool) or not 1 <= first <= MAX_PAGE_SIZE:
        raise Unsupported
    after = given.get("after")
    try:
        key = None if after is None else after_key(root.list_name, after)
    except (PageInputError, TypeError):
        raise Unsupported from None
    if root.list_name == "candidates":
        filters = _candidate_filters(given.get("filter"))
    else:
        code = given.get("countryCode")
        if not isinstance(code, str):
            raise Unsupported
        filters = (("country_code", code.upper()),)
    return root, PageArguments(first=first, after=key, filters=filters)


def _key(given: Any, type_name: str) -> int:
    try:
        key = decode_as(given, type_name)
    except NotAGlobalId:
        raise Unsupported from None
    if key is None:
        raise Unsupported
    return key


FILTERS = frozenset({"countryCode", "status", "country_code"})


def _candidate_filters(given: Any) -> tuple[tuple[str, Any], ...]:
    if given is None:
        return ()
    fields = _fields(given)
    if any(found is not None for name, found in fields.items() if name not in FILTERS):
        raise Unsupported
    filters: list[tuple[str, Any]] = []
    code = fields.get("countryCode", fields.get("country_code"))
    if code is not None:
        if not isinstance(code, str):
            raise Unsupported
        filters.append(("country_code", code.upper()))
    status = fields.get("status")
    if status is not None:
        filters.append(("status", _status(status)))
    return tuple(filters)


def _fields(given: Any) -> dict[str, Any]:
    """An input object's fields: a dict (a literal), or what graphql-core coerced a
    variable to (a dict, or the input class Strawberry gives it)."""
    if isinstance(given, Mapping):
        return dict(given)
    if hasattr(given, "__dict__"):
        return dict(vars(given))
    raise Unsupported


def _status(given: Any) -> str:
    """A ``CandidateStatus``: a literal's name, or a variable's coerced value."""
    if isinstance(given, Enum):
        given = given.value
    if isinstance(given, str):
        if given in Status.__members__:
            return Status[given].value
        if given in {status.value for status in Status}:
            return given
    raise Unsupported
