"""Plain fields guarded by a permission decided once per request, not per value.

A field with ``permission_classes`` is no longer a plain attribute to
Strawberry: each value goes through its field-extension chain (an ``Info``
built, the arguments converted, the permission extension called), which on a
page of 100 candidates with seven personal fields is 700 wrapped resolutions,
a fifth of the page's GraphQL time (``bench.breakdown``). The permissions of
core (:class:`core.schema.permissions.PerRequest`) look only at the request's
actor, so the answer is the same for every value of a request: here each such
plain field (no resolver of its own, no other extension) gets a resolver that
reads the decision the request made the first time (kept on the context, by
permission list) and then the attribute. A refusal raises what the permission
raises (``on_unauthorized``), at the same path, so answers and errors stay
the same. Fields with a resolver, or a permission of a plugin's own, keep
Strawberry's chain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import strawberry
from graphql import GraphQLObjectType
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types.base import StrawberryObjectDefinition

Permissions = tuple[type[BasePermission], ...]


def _decided_once(permissions: Permissions) -> bool:
    return bool(permissions) and all(getattr(p, "per_request", False) for p in permissions)


def _refusing(permissions: Permissions, source: Any, info: Any) -> BasePermission | None:
    """The first permission that refuses, as Strawberry's extension checks them in turn."""
    for permission_class in permissions:
        permission = permission_class()
        if not permission.has_permission(source, info):
            return permission
    return None


def guarded_attribute(permissions: Permissions, name: str) -> Callable[..., Any]:
    """A resolver for attribute ``name`` behind ``permissions``, decided once per request."""

    def resolve(source: Any, info: Any, **_: Any) -> Any:  # graphql-core's info
        decisions = info.context.permission_decisions
        try:
            refused = decisions[permissions]
        except KeyError:
            refused = decisions[permissions] = _refusing(permissions, source, info)
        if refused is not None:
            refused.on_unauthorized()  # raises the permission's own error
        return getattr(source, name)

    return resolve


def decide_once_per_request(schema: strawberry.Schema) -> int:
    """Give every plain field guarded by per-request permissions the resolver above;
    returns how many fields got it."""
    replaced = 0
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType):
            continue
        definition = schema.get_type_by_name(name)
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        converter = schema.config.name_converter
        for field in definition.fields:
            permissions = tuple(field.permission_classes)
            extensions: Sequence[object] = field.extensions
            if (
                field.base_resolver is not None
                or not _decided_once(permissions)
                or not all(isinstance(e, PermissionExtension) for e in extensions)
            ):
                continue
            graphql_field = graphql_type.fields[converter.get_graphql_name(field)]
            graphql_field.resolve = guarded_attribute(permissions, field.python_name)
            replaced += 1
    return replaced
