"""The plan of a compiled query: plain, hashable data, cached per document.

The walk (:mod:`core.schema.compiled.walk`) makes it from a validated document;
:mod:`core.services.compiled.sql` turns it into SQL. It is defined here, below the
schema layer, so that the services can read it. Response keys (aliases
included) are kept in the document's order, which is the order of the answer's
keys. Argument values are never in the plan as text of the SQL: a literal's
value or a variable's name, bound when the statement runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import cached_property


class Kind(Enum):
    """How a column's value is written in the response (GraphQL type names)."""

    ID = "ID"
    """The Relay global id of the row: base64 of ``<type>:<id>``."""
    STRING = "String"
    INT = "Int"
    FLOAT = "Float"
    BOOLEAN = "Boolean"
    DATE = "Date"
    ENUM = "enum"
    STRING_LIST = "[String]"
    """A JSON column holding a list of strings (``[String!]!``)."""


@dataclass(frozen=True)
class Variable:
    """An argument given by the operation's variable ``name``."""

    name: str


@dataclass(frozen=True)
class Literal:
    """An argument written in the document: a string, number, boolean, null, or an
    enum value's name."""

    value: str | int | float | bool | None


@dataclass(frozen=True)
class InputObject:
    """An input object written in the document: its fields, each a value of its own."""

    fields: tuple[tuple[str, Argument], ...]


Argument = Variable | Literal | InputObject


@dataclass(frozen=True)
class Constant:
    """``__typename``: a string known when planning."""

    key: str
    value: str


@dataclass(frozen=True)
class Scalar:
    """A column-backed field."""

    key: str
    column: str
    kind: Kind
    type_name: str
    """The GraphQL type the field is on (a global id names it)."""
    enum: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Related:
    """A relation to one row (or null) of another compiled type."""

    key: str
    relation: str
    type_name: str
    fields: tuple[ObjectField, ...]


ObjectField = Constant | Scalar | Related


@dataclass(frozen=True)
class Cursor:
    key: str


@dataclass(frozen=True)
class Node:
    key: str
    fields: tuple[ObjectField, ...]


@dataclass(frozen=True)
class Edges:
    key: str
    fields: tuple[Constant | Cursor | Node, ...]


@dataclass(frozen=True)
class PageField:
    """One of ``hasNextPage``, ``hasPreviousPage``, ``startCursor``, ``endCursor``."""

    key: str
    name: str


@dataclass(frozen=True)
class PageInfo:
    key: str
    fields: tuple[Constant | PageField, ...]


@dataclass(frozen=True)
class TotalCount:
    key: str


ConnectionField = Constant | Edges | PageInfo | TotalCount


@dataclass(frozen=True)
class Connection:
    """A root connection field: a page of ``list_name`` (a list of
    :mod:`core.services.compiled`) with its arguments."""

    key: str
    list_name: str
    type_name: str
    arguments: tuple[tuple[str, Argument], ...]
    fields: tuple[ConnectionField, ...]

    @cached_property
    def _hash(self) -> int:
        return hash((self.key, self.list_name, self.type_name, self.arguments, self.fields))

    def __hash__(self) -> int:
        """Computed once: a root is a key of the prepared statements at every request."""
        return self._hash


@dataclass(frozen=True)
class ById:
    """A root field reading one row of ``type_name`` by its global id (or null)."""

    key: str
    type_name: str
    id: Argument
    fields: tuple[ObjectField, ...]

    @cached_property
    def _hash(self) -> int:
        return hash((self.key, self.type_name, self.id, self.fields))

    def __hash__(self) -> int:
        """Computed once: a root is a key of the prepared statements at every request."""
        return self._hash


Root = Connection | ById


@dataclass(frozen=True)
class Plan:
    """Every root field of the operation, and the fields whose permissions decide
    whether the caller may take the compiled path (``(type, field)``, GraphQL names)."""

    roots: tuple[Root, ...]
    guarded: frozenset[tuple[str, str]]
