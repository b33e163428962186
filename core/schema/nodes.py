"""Relay's ``Node`` interface, read by id the way every other path reads.

Every object type with an id subclasses :class:`GatedNode` (strawberry's
:class:`strawberry.relay.Node`, so its ``id`` is a global id: see
:mod:`core.schema.ids`). Reading one by id (``node``, ``nodes``, or the type's
by-id root field) does what the other paths do:

* the **gate**: the field that shows this type elsewhere (``Query.candidate``,
  ``Query.recruitmentCall``, ``Candidate.screeningDecisions``...) has
  permission classes; a caller they refuse gets that field's refusal
  (``FORBIDDEN``/``UNAUTHENTICATED``), as it would there;
* the **scope**: the row comes from a DataLoader carrying the actor's scope
  (:mod:`core.services.loaders`, :mod:`core.services.node_loaders`), so a row
  out of scope is not found (null), and N ids of one type are one batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, ClassVar, Self

from graphql import GraphQLError
from strawberry.relay import Node
from strawberry.types.base import StrawberryObjectDefinition

from core.schema.base import Info
from core.schema.ids import NotAGlobalId, node_key
from core.schema.permissions import refusing


class GatedNode(Node):
    """A ``Node`` read by id through a scoped loader, behind the permission of ``GATE``."""

    GATE: ClassVar[tuple[str, str]]
    """The type and field (GraphQL names) whose permission classes guard reading by id."""

    @classmethod
    async def load(cls, info: Info, key: int) -> Self | None:
        """The object of row ``key`` when the actor's scope holds it (a loader)."""
        raise NotImplementedError

    @classmethod
    async def check(cls, info: Info, key: int | None) -> None:
        """Refuse as the gate refuses (``key``: for a type whose gate depends on the row).

        Raises:
            GraphQLError: the gate field's refusal.
        """
        permission = await refusing(info, *cls.GATE)
        if permission is not None:
            raise GraphQLError(
                permission.message or "", extensions=permission.error_extensions or None
            )

    @classmethod
    async def open(cls, info: Info, key: int | None) -> Self | None:
        """The object with row key ``key`` as the caller may see it: refused as the gate
        refuses, null when out of scope or missing."""
        await cls.check(info, key)
        return None if key is None else await cls.load(info, key)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """strawberry's hook for resolving ids of this type (row keys as text)."""
        return list(await asyncio.gather(*(cls.open(info, int(node_id)) for node_id in node_ids)))


def node_type(info: Info, type_name: str) -> type[GatedNode] | None:
    """The class of the Node type named ``type_name`` in this schema, or None."""
    definition = info.schema.get_type_by_name(type_name)
    if not isinstance(definition, StrawberryObjectDefinition):
        return None
    origin: Any = definition.origin
    return origin if isinstance(origin, type) and issubclass(origin, GatedNode) else None


async def open_node(info: Info, value: object, argument: str) -> GatedNode | None:
    """The object a global id names, read as :meth:`GatedNode.open` reads it.

    Raises:
        GraphQLError: ``INVALID`` naming ``argument`` when ``value`` is not the id of
            any object; the gate's refusal when the caller may not read that type.
    """
    decoded = node_key(value, argument)
    found = node_type(info, decoded.type_name)
    if found is None:
        raise GraphQLError(NotAGlobalId().naming(argument), extensions={"code": "INVALID"})
    return await found.open(info, decoded.key)
