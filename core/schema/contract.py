"""The schema contract: what the last release promised its clients, and what breaks it.

A frontend written against a release keeps working as long as the schema only
grows. graphql-core's change finder lists what does not merely grow the
schema; this module decides which of those changes were announced. The policy
is ``docs/schema-policy.md``; in short, removing a field, argument, input
field or enum value is allowed only when the baseline release already marked
it ``@deprecated``, and a type may go once every use of it has gone that way.
Everything else graphql-core calls breaking stays breaking.

The functions here are pure: they take SDL text and return changes, so the
command line, the tests and CI all apply one rule.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    EnumTypeDefinitionNode,
    FieldDefinitionNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    InputObjectTypeDefinitionNode,
    InputValueDefinitionNode,
    InterfaceTypeDefinitionNode,
    ListTypeNode,
    NamedTypeNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
    TypeDefinitionNode,
    TypeNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
    parse,
)
from graphql.language import DirectiveDefinitionNode, DirectiveNode
from graphql.utilities import BreakingChangeType, DangerousChangeType, find_schema_changes

RELEASES_DIR = Path("schema") / "releases"
"""Where each release's schema is kept, relative to the repository root."""

_RELEASE_NAME = re.compile(r"^(\d+)\.(\d+)\.(\d+)\.graphql$")
_ROOT_TYPES = ("Query", "Mutation", "Subscription")

Version = tuple[int, int, int]


class SchemaContractError(ValueError):
    """A schema or release file that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Change:
    """One difference between two schemas.

    ``kind`` is graphql-core's name for it (``FIELD_REMOVED``,
    ``REQUIRED_ARG_ADDED``, ...); ``description`` is a sentence naming the
    element, such as ``Field Query.country changed type from Country to
    String.``
    """

    kind: str
    description: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.description}"


@dataclass(frozen=True)
class Comparison:
    """The changes from a baseline release to the current schema, by verdict."""

    breaking: tuple[Change, ...]
    """Changes that can break a client and were not announced: the check fails."""
    announced: tuple[Change, ...]
    """Removals of elements the baseline had deprecated: allowed."""
    dangerous: tuple[Change, ...]
    """Changes that keep old operations valid but may surprise a client (a new
    enum value, a changed default): reported, allowed."""

    @property
    def ok(self) -> bool:
        return not self.breaking


@dataclass(frozen=True, order=True)
class Release:
    """A release's schema file, ``schema/releases/<major>.<minor>.<patch>.graphql``."""

    version: Version
    path: Path

    @property
    def name(self) -> str:
        return ".".join(map(str, self.version))


def breaking_changes(baseline_sdl: str, current_sdl: str) -> list[Change]:
    """The changes from ``baseline_sdl`` to ``current_sdl`` that break the contract."""
    return list(compare(baseline_sdl, current_sdl).breaking)


def compare(baseline_sdl: str, current_sdl: str) -> Comparison:
    """Compare the current schema with the baseline release's.

    Elements the baseline deprecated and the current schema no longer has are
    taken out of the baseline first (and reported as announced); graphql-core
    then compares what is left, so a removal it would call breaking is one
    nobody was warned of.
    """
    baseline_document = _parse(baseline_sdl, "baseline schema")
    current = _build(_parse(current_sdl, "current schema"), "current schema")
    _build(baseline_document, "baseline schema")  # the baseline itself must be valid
    retired_document, announced = _retire(baseline_document, current)
    retired = _build(retired_document, "baseline schema")
    breaking: list[Change] = []
    dangerous: list[Change] = []
    for change in find_schema_changes(retired, current):
        if isinstance(change.type, BreakingChangeType):
            breaking.append(Change(change.type.name, change.description))
        elif isinstance(change.type, DangerousChangeType):
            dangerous.append(Change(change.type.name, change.description))
    return Comparison(tuple(breaking), tuple(announced), tuple(dangerous))


def drift(committed_sdl: str, live_sdl: str, *, name: str = "schema.graphql") -> list[str]:
    """The lines by which the committed schema file differs from the live schema.

    Empty when they are the same. The live schema is what the code builds; a
    difference means the committed file (the one frontends generate their
    types from) was not regenerated with ``imjapan export-schema``.
    """
    return list(
        difflib.unified_diff(
            committed_sdl.splitlines(),
            live_sdl.splitlines(),
            fromfile=f"{name} (committed)",
            tofile=f"{name} (built from the code)",
            lineterm="",
        )
    )


def releases(directory: Path) -> list[Release]:
    """Every release schema in ``directory``, oldest first.

    A file there whose name is not a version is an error rather than skipped,
    so that a misnamed baseline cannot silently stop being the baseline.
    """
    found: list[Release] = []
    for path in sorted(directory.iterdir()) if directory.is_dir() else ():
        match = _RELEASE_NAME.match(path.name)
        if match is None:
            raise SchemaContractError(
                f"{path.name}: release schemas are named <major>.<minor>.<patch>.graphql"
            )
        major, minor, patch = (int(part) for part in match.groups())
        found.append(Release((major, minor, patch), path))
    return sorted(found)


def newest_release(directory: Path) -> Release:
    """The baseline: the release with the highest version in ``directory``."""
    found = releases(directory)
    if not found:
        raise SchemaContractError(f"no release schema (<version>.graphql) in {directory}")
    return found[-1]


def parse_version(text: str) -> Version:
    """``"0.1.0"`` -> ``(0, 1, 0)``; only plain major.minor.patch versions are releases."""
    match = _RELEASE_NAME.match(f"{text.strip()}.graphql")
    if match is None:
        raise SchemaContractError(f"version {text!r}: expected <major>.<minor>.<patch>")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def breaks_allowed(older: Version, newer: Version) -> bool:
    """Whether going from ``older`` to ``newer`` may break the contract: a new major
    version, or a new minor version while the major is 0."""
    if newer[0] > older[0]:
        return True
    return newer[0] == older[0] == 0 and newer[1] > older[1]


def history_breaks(history: Sequence[Release]) -> list[tuple[Release, Release, Change]]:
    """Unannounced breaking changes between consecutive releases.

    A release that raises the major version may break the contract on
    purpose (that is what the major version says), and so may one that raises
    the minor version before 1.0 (semantic versioning's rule for ``0.y.z``,
    under which 0.2.0 gathered the first frontends' breaking requests); any
    other release must keep the contract of the one before it. This keeps the baseline honest:
    committing a new release file cannot hide a break from the check.
    """
    found: list[tuple[Release, Release, Change]] = []
    for older, newer in itertools.pairwise(history):
        if breaks_allowed(older.version, newer.version):
            continue
        old_sdl = older.path.read_text(encoding="utf-8")
        new_sdl = newer.path.read_text(encoding="utf-8")
        found.extend((older, newer, change) for change in breaking_changes(old_sdl, new_sdl))
    return found


# ---------------------------------------------------------------------------
# Taking announced removals out of the baseline
# ---------------------------------------------------------------------------


def _retire(baseline: DocumentNode, current: GraphQLSchema) -> tuple[DocumentNode, list[Change]]:
    """The baseline without the deprecated elements the current schema dropped,
    and without the types that only those elements used."""
    announced: list[Change] = []
    definitions = [_retire_members(node, current, announced) for node in baseline.definitions]
    while True:
        used = _used_type_names(definitions)
        unused = [
            node
            for node in definitions
            if isinstance(node, TypeDefinitionNode)
            and node.name.value not in current.type_map
            and node.name.value not in used
        ]
        if not unused:
            break
        for node in unused:
            announced.append(
                Change(
                    BreakingChangeType.TYPE_REMOVED.name,
                    f"{node.name.value} was removed; only deprecated elements, "
                    "removed with it, used it.",
                )
            )
        definitions = [node for node in definitions if node not in unused]
    return replace(baseline, definitions=tuple(definitions)), announced


def _retire_members(node: Any, current: GraphQLSchema, announced: list[Change]) -> Any:
    """A type definition without its deprecated members that ``current`` lacks."""
    if not isinstance(
        node,
        ObjectTypeDefinitionNode
        | InterfaceTypeDefinitionNode
        | InputObjectTypeDefinitionNode
        | EnumTypeDefinitionNode,
    ):
        return node
    name = node.name.value
    now = current.type_map.get(name)
    if isinstance(node, EnumTypeDefinitionNode):
        present = set(now.values) if isinstance(now, GraphQLEnumType) else set()
        values = []
        for value in node.values or ():
            if _deprecated(value.directives) and value.name.value not in present:
                announced.append(
                    Change(
                        BreakingChangeType.VALUE_REMOVED_FROM_ENUM.name,
                        f"Enum value {name}.{value.name.value} was removed after deprecation.",
                    )
                )
            else:
                values.append(value)
        return replace(node, values=tuple(values))
    current_fields: dict[str, Any] = (
        dict(now.fields)
        if isinstance(now, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType)
        else {}
    )
    fields: list[Any] = []
    for field in node.fields or ():
        field_name = field.name.value
        if _deprecated(field.directives) and field_name not in current_fields:
            kind = "Input field" if isinstance(node, InputObjectTypeDefinitionNode) else "Field"
            announced.append(
                Change(
                    BreakingChangeType.FIELD_REMOVED.name,
                    f"{kind} {name}.{field_name} was removed after deprecation.",
                )
            )
        elif isinstance(field, FieldDefinitionNode) and field_name in current_fields:
            current_args = set(getattr(current_fields[field_name], "args", {}))
            fields.append(_retire_arguments(name, field, current_args, announced))
        else:
            fields.append(field)
    definition: Any = node  # one of three definition types, all with ``fields``
    return replace(definition, fields=tuple(fields))


def _retire_arguments(
    type_name: str, field: FieldDefinitionNode, present: set[str], announced: list[Change]
) -> FieldDefinitionNode:
    kept: list[InputValueDefinitionNode] = []
    for argument in field.arguments or ():
        if _deprecated(argument.directives) and argument.name.value not in present:
            announced.append(
                Change(
                    BreakingChangeType.ARG_REMOVED.name,
                    f"Argument {type_name}.{field.name.value}({argument.name.value}:) "
                    "was removed after deprecation.",
                )
            )
        else:
            kept.append(argument)
    return replace(field, arguments=tuple(kept))


def _used_type_names(definitions: Iterable[Any]) -> set[str]:
    """Types a client can still name through the remaining definitions.

    A type implementing an interface counts as used, since an operation may
    spread ``... on Type`` inside the interface's selection.
    """
    used = set(_ROOT_TYPES)
    for node in definitions:
        if isinstance(node, SchemaDefinitionNode):
            used.update(operation.type.name.value for operation in node.operation_types)
        elif isinstance(node, ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode):
            used.update(interface.name.value for interface in node.interfaces or ())
            if node.interfaces:
                used.add(node.name.value)
            for field in node.fields or ():
                used.add(_named(field.type))
                used.update(_named(argument.type) for argument in field.arguments or ())
        elif isinstance(node, InputObjectTypeDefinitionNode):
            used.update(_named(field.type) for field in node.fields or ())
        elif isinstance(node, UnionTypeDefinitionNode):
            used.update(member.name.value for member in node.types or ())
        elif isinstance(node, DirectiveDefinitionNode):
            used.update(_named(argument.type) for argument in node.arguments or ())
    return used


def _named(type_node: TypeNode) -> str:
    while isinstance(type_node, ListTypeNode | NonNullTypeNode):
        type_node = type_node.type
    assert isinstance(type_node, NamedTypeNode)
    return type_node.name.value


def _deprecated(directives: Iterable[DirectiveNode] | None) -> bool:
    return any(directive.name.value == "deprecated" for directive in directives or ())


def _parse(sdl: str, label: str) -> DocumentNode:
    try:
        return parse(sdl, no_location=True)
    except GraphQLError as exc:
        raise SchemaContractError(f"{label}: {exc.message}") from None


def _build(document: DocumentNode, label: str) -> GraphQLSchema:
    try:
        return build_ast_schema(document)
    except (GraphQLError, TypeError) as exc:
        raise SchemaContractError(f"{label}: {exc}") from None


def describe(comparison: Comparison, *, baseline: str) -> Iterator[str]:
    """The comparison as lines for people: failures first, then what is allowed."""
    for change in comparison.breaking:
        yield f"breaking: {change.description}"
    for change in comparison.announced:
        yield f"announced: {change.description}"
    for change in comparison.dangerous:
        yield f"dangerous: {change.description}"
    if comparison.ok:
        yield f"schema keeps the contract of {baseline}"
    else:
        yield (
            f"{len(comparison.breaking)} breaking change(s) against {baseline} that were not "
            "announced by a deprecation (docs/schema-policy.md)"
        )
