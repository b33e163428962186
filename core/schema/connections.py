"""The one connection shape of every list that grows with the data.

A list that grows with the data (candidates, calls, cohorts, host companies,
accounts, the audit log, events, registrations...) is served a page at a time
as ``<Node>Connection { edges { cursor node } pageInfo totalCount }``, with
Relay's arguments: ``first``/``after`` forwards, ``last``/``before`` backwards.
A page holds at most :data:`MAX_PAGE_SIZE` rows and asking for more is an
error naming the argument: nothing is ever cut off silently, every row is
reachable by paging. The rows come from a keyset page of the services
(:mod:`core.services.pages`); ``totalCount`` is counted only when selected.

Lists bounded by their parent (a candidate's history, tests and stages, a
cohort's phases) and fixed catalogue lists (countries, plugins, event kinds)
stay plain lists; ``tests/graphql/test_connections.py`` keeps the schema to this.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.dataloader import DataLoader

from core.i18n import message_of
from core.schema.base import Info, services
from core.services import pages
from core.services.loaders import PageKey
from core.services.pages import MAX_PAGE_SIZE, Listing, Page

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "After",
    "Before",
    "Connection",
    "Edge",
    "First",
    "Last",
    "PageInfo",
    "connection",
    "nested_connection",
]

NodeT = TypeVar("NodeT")

DEFAULT_PAGE_SIZE = 20

First = Annotated[
    int,
    strawberry.argument(
        description=f"How many rows after `after` (1 to {MAX_PAGE_SIZE}); ignored with `last`."
    ),
]
After = Annotated[
    str | None, strawberry.argument(description="The cursor of the row this page follows.")
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description=f"Page backwards: how many rows before `before` (1 to {MAX_PAGE_SIZE})."
    ),
]
Before = Annotated[
    str | None, strawberry.argument(description="With `last`: the cursor this page precedes.")
]


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None
    has_previous_page: bool = strawberry.field(
        default=False, description="Known when paging backwards (last); false otherwise."
    )
    start_cursor: str | None = None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(
        description="This row's place in the list: pass it as `after` (or `before`)."
    )
    node: NodeT


@strawberry.type(
    description=(
        "A page of a list, in the list's order; totalCount counts every row of the list "
        "(with its filters), not only this page."
    )
)
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Every row of the list (counted only when selected).")
    async def total_count(self) -> int:
        return await self.count()

    @classmethod
    def of(
        cls, page: Page[Any], node: Callable[[Any], NodeT], count: Callable[[], Awaitable[int]]
    ) -> Connection[NodeT]:
        edges = [
            Edge(cursor=cursor, node=node(row))
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                end_cursor=edges[-1].cursor if edges else None,
                has_previous_page=page.has_previous,
                start_cursor=edges[0].cursor if edges else None,
            ),
            count=count,
        )


def invalid(error: ValueError) -> GraphQLError:
    """A page argument refused (its message names the argument)."""
    return GraphQLError(message_of(error), extensions={"code": "INVALID"})


def sizes(first: int, after: str | None, last: int | None, before: str | None) -> dict[str, Any]:
    """The page arguments as :func:`core.services.pages.keyset_page` takes them:
    ``last``/``before`` when ``last`` is given, else ``first``/``after``."""
    if last is None:
        return {"first": first, "after": after}
    return {"last": last, "before": before}


async def connection(
    info: Info,
    listing: Listing[Any],
    node: Callable[[Any], NodeT],
    *,
    first: int,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[NodeT]:
    """A page of ``listing`` as a connection of ``node(row)``s: one statement for the
    page (plus the listing's ``finish``), one more for totalCount when selected."""
    context = services(info)
    try:
        page = await context.read(
            pages.listing_page, listing=listing, **sizes(first, after, last, before)
        )
    except pages.PageInputError as exc:
        raise invalid(exc) from None

    async def count() -> int:
        return await context.read(pages.listing_count, listing=listing)

    return Connection.of(page, node, count)


async def nested_connection(
    page_loader: DataLoader[PageKey, Page[Any]],
    count_loader: DataLoader[int, int],
    parent: int,
    node: Callable[[Any], NodeT],
    *,
    first: int,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[NodeT]:
    """A page of one parent's list (:class:`core.services.pages.Nested`) as a
    connection: the loaders page (and count) the lists of every parent of the
    request in one statement each."""
    asked = sizes(first, after, last, before)
    arguments = (asked.get("first"), asked.get("after"), asked.get("last"), asked.get("before"))
    try:
        pages.check_size(asked.get("first"), "first")
        pages.check_size(asked.get("last"), "last")
        page = await page_loader.load((parent, arguments))
    except pages.PageInputError as exc:
        raise invalid(exc) from None

    async def count() -> int:
        return await count_loader.load(parent)

    return Connection.of(page, node, count)
