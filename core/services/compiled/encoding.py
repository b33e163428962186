"""JSON text built in SQL, byte for byte as the endpoint encodes a response.

Every GraphQL response is written compact (no spaces after ``,`` and ``:``) with
non-ASCII characters as they are (``core.http.graphql``). Here each value of a
plan becomes SQL that yields exactly that text, never NULL (``null`` instead),
on SQLite and PostgreSQL alike:

- strings and dates: ``json_quote`` (SQLite) / ``to_json(...)::text`` (PostgreSQL),
  which escape as Python's ``json.dumps`` does (``\\"``, ``\\\\``, ``\\n`` and the
  other short forms, ``\\u00xx`` for other control characters, nothing else);
- floats: SQLite writes a REAL as Python does for the values a field holds
  (``170.0``); PostgreSQL writes ``170`` for a whole float8, so ``.0`` is added;
- booleans: ``true``/``false`` (SQLite stores 0/1);
- lists of strings (JSON columns): parsed and written again by :func:`string_list`;
- enumerations: the GraphQL name of the stored value (a CASE);
- global ids and cursors: base64 in SQL, by :func:`base64_text` (SQLite has no
  base64: :func:`core.db.engine.register_sql_functions` adds one to every connection).

Keys and other constants come from the plan (GraphQL names, checked by the
walk) and are written into the statement as SQL string literals; every value
from the request (variables, the caller's scope, cursors) is a bound parameter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, Text, case, cast, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from core.services.compiled.plan import Kind

POSTGRESQL = "postgresql"


def constant(text: str) -> ColumnElement[str]:
    """``text`` as an SQL string literal (constants of the plan only, never request values)."""
    return literal_column("'" + text.replace("'", "''") + "'", String)


class _Concatenated(FunctionElement[str]):
    """``(a || b || ...)``, flat: nested binary expressions (one pair of parentheses
    per ``||``) overflow SQLite's parser stack on a page's hundred-odd parts."""

    type = String()
    name = "imjapan_concat"
    inherit_cache = True


@compiles(_Concatenated)
def _flat(element: _Concatenated, compiler: Any, **kw: Any) -> str:
    parts = (
        compiler.process(part.self_group(against=operators.concat_op), **kw)
        for part in element.clauses
    )
    return "(" + " || ".join(parts) + ")"


def concat(*parts: ColumnElement[Any]) -> ColumnElement[str]:
    """The parts joined with ``||`` (NULL if any is NULL)."""
    flat: list[ColumnElement[Any]] = []
    for part in parts:
        flat.extend(part.clauses if isinstance(part, _Concatenated) else [part])
    return _Concatenated(*flat)


def or_null(value: ColumnElement[Any]) -> ColumnElement[str]:
    return func.coalesce(value, constant("null"), type_=String)


def quoted(value: ColumnElement[Any], dialect: str) -> ColumnElement[str]:
    """A string (or date) as JSON text; ``null`` for NULL."""
    if dialect == POSTGRESQL:
        return or_null(cast(func.to_json(value), Text))
    return func.json_quote(value, type_=String)  # json_quote(NULL) is 'null'


def number(value: ColumnElement[Any]) -> ColumnElement[str]:
    return or_null(cast(value, Text))


def real(value: ColumnElement[Any], dialect: str) -> ColumnElement[str]:
    if dialect != POSTGRESQL:
        return func.json_quote(value, type_=String)
    text = cast(value, Text)
    return case(
        (value.is_(None), constant("null")),
        (
            (value == func.trunc(value)) & (func.abs(value) < 1e16),
            concat(text, constant(".0")),
        ),
        else_=text,
    )


def string_list(value: ColumnElement[Any], dialect: str) -> ColumnElement[str]:
    """A JSON column holding a list of strings, written compact with its strings
    escaped as every other string here (non-ASCII as it is).

    The stored text is Python's ``json.dumps``: spaces after the commas and
    non-ASCII characters as ``\\uXXXX`` escapes. PostgreSQL's ``json_strip_nulls``
    parses it and writes it out again, compact, each string escaped as ``to_json``
    escapes it (a list of strings has no object member to strip); it replaced a
    subquery that split the list and joined it again, a fifth of a 20-call page's
    statement (``docs/performance.md``). On SQLite each element is quoted again
    with ``json_quote`` (its ``json()`` would keep the stored escapes).
    """
    if dialect == POSTGRESQL:
        return or_null(cast(func.json_strip_nulls(value), Text))
    elements = func.json_each(value).table_valued("value")
    joined = select(
        func.group_concat(func.json_quote(elements.c.value), constant(","))
    ).scalar_subquery()
    return case(
        (value.is_(None), constant("null")),
        else_=concat(constant("["), func.coalesce(joined, constant("")), constant("]")),
    )


def boolean(value: ColumnElement[Any]) -> ColumnElement[str]:
    return case(
        (value.is_(None), constant("null")),
        (value, constant("true")),
        else_=constant("false"),
    )


def enumeration(
    value: ColumnElement[Any], members: Sequence[tuple[str, str]]
) -> ColumnElement[str]:
    """The GraphQL name (a JSON string) of the stored value; ``null`` for none (or empty)."""
    return case(
        *((value == constant(stored), constant(json.dumps(name))) for stored, name in members),
        else_=constant("null"),
    )


def base64_text(text: ColumnElement[Any], dialect: str, *, urlsafe: bool) -> ColumnElement[str]:
    """The base64 of ``text`` (UTF-8), standard or URL-safe, with padding; NULL for NULL."""
    if dialect == POSTGRESQL:
        encoded = func.replace(
            func.encode(func.convert_to(text, constant("UTF8")), constant("base64")),
            constant("\n"),
            constant(""),
        )
        if urlsafe:
            return func.translate(encoded, constant("+/"), constant("-_"), type_=String)
        return encoded
    name = "imjapan_base64url" if urlsafe else "imjapan_base64"
    return getattr(func, name)(text, type_=String)  # type: ignore[no-any-return]


def global_id(type_name: str, key: ColumnElement[Any], dialect: str) -> ColumnElement[str]:
    """The JSON string of a row's global id (as ``core.schema.ids.global_id``)."""
    raw = concat(constant(f"{type_name}:"), cast(key, Text))
    return concat(constant('"'), base64_text(raw, dialect, urlsafe=False), constant('"'))


def cursor(
    list_name: str, order_name: str, key: ColumnElement[Any], dialect: str
) -> ColumnElement[str]:
    """The JSON string of an id-ordered list's cursor (``core.services.pages.encode``),
    ``null`` for a NULL key."""
    head = json.dumps([list_name, order_name], separators=(",", ":"))[:-1]
    raw = concat(constant(head + ",["), cast(key, Text), constant("]]"))
    return or_null(concat(constant('"'), base64_text(raw, dialect, urlsafe=True), constant('"')))


def scalar(
    kind: Kind,
    value: ColumnElement[Any],
    dialect: str,
    *,
    type_name: str = "",
    enum: Sequence[tuple[str, str]] = (),
) -> ColumnElement[str]:
    """A column's value as the JSON text of a field of ``kind``."""
    if kind is Kind.ID:
        return global_id(type_name, value, dialect)
    if kind in (Kind.STRING, Kind.DATE):
        return quoted(value, dialect)
    if kind is Kind.INT:
        return number(value)
    if kind is Kind.FLOAT:
        return real(value, dialect)
    if kind is Kind.BOOLEAN:
        return boolean(value)
    if kind is Kind.STRING_LIST:
        return string_list(value, dialect)
    return enumeration(value, enum)


def json_object(members: Sequence[tuple[str, ColumnElement[str]]]) -> ColumnElement[str]:
    """``{"key":value,...}`` from the members' JSON texts, in their order."""
    if not members:
        return constant("{}")
    parts: list[ColumnElement[Any]] = []
    for index, (key, value) in enumerate(members):
        parts.append(constant(("{" if index == 0 else ",") + json.dumps(key) + ":"))
        parts.append(value)
    parts.append(constant("}"))
    return concat(*parts)
