"""``node(id:)`` and ``nodes(ids:)``: an object by its global id, read as its type's
by-id field reads it (``core.schema.nodes``).

Each object is refused as its type's gate refuses (an error at its path, the
object null) and found only within the actor's scope (null otherwise); the
ids of one type are loaded in one batch, however many are asked for.
"""

from __future__ import annotations

from collections.abc import Awaitable

import strawberry
from graphql import GraphQLError
from strawberry.relay import Node

from core.i18n import Message
from core.schema.base import Info
from core.schema.nodes import open_node
from core.schema.permissions import PUBLIC

MAX_NODES = 100
"""The most ids ``nodes`` takes at once, as a page of a connection."""


@strawberry.type
class RelayQuery:
    @strawberry.field(
        description=(
            "Any object by its global id, as its own by-id field shows it: null when there "
            "is none or the account may not see it; refused (an error) where that field "
            "refuses the account."
        ),
        permission_classes=PUBLIC,
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await open_node(info, id, "id")

    @strawberry.field(
        description=(
            f"Objects by their global ids (at most {MAX_NODES}), in the order given, each "
            "as node(id:) answers it: a refused one is null with an error at its index."
        ),
        permission_classes=PUBLIC,
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise GraphQLError(
                Message("ids: at most {maximum} at once", maximum=MAX_NODES),
                extensions={"code": "INVALID"},
            )
        # Awaitables, not values: GraphQL completes each item on its own, so a refused
        # one is null with its error at ["nodes", index], and the loaders batch them all.
        items: list[Awaitable[Node | None]] = [
            open_node(info, value, f"ids[{index}]") for index, value in enumerate(ids)
        ]
        return items  # type: ignore[return-value]
