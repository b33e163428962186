"""A test-only plugin whose GraphQL fields count, sleep, fail and nest.

``probe_plugin()`` returns a country (code XP) contributing the root fields
below; ``PROBES`` records what its resolvers did, so a test can show that a
rejected request ran none of them. Tests call ``PROBES.reset()`` first.

- ``probe`` / ``ProbeNode.child`` / ``ProbeNode.n``: each call is counted;
  ``child`` nests without end, for depth and alias limits.
- ``probeCount(values)``: counted; its list argument pads a query with tokens.
- ``probeSleep(seconds)``: holds a database session, then sleeps.
- ``probeBoom``: raises an exception whose text looks like SQL and a path.
- ``probeRefuse``: refuses on purpose with a ``GraphQLError`` and a code.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import strawberry
from graphql import GraphQLError
from sqlalchemy import text

from core.domain.contracts import GraphQLContribution
from tests.plugins.fakes import FakePlugin, country

LEAKY_MESSAGE = (
    'SELECT password FROM accounts WHERE id = 1; File "/srv/imjapan/core/secret.py", line 7'
)


@dataclass
class ProbeRecord:
    calls: int = 0
    sleeping: int = 0
    cancelled: int = 0
    finished: int = 0

    def reset(self) -> None:
        self.calls = self.sleeping = self.cancelled = self.finished = 0


PROBES = ProbeRecord()


@strawberry.type
class ProbeNode:
    @strawberry.field
    def n(self) -> int:
        PROBES.calls += 1
        return PROBES.calls

    @strawberry.field
    def child(self) -> ProbeNode:
        PROBES.calls += 1
        return ProbeNode()


class ProbeFailure(RuntimeError):
    """What a bug deep in a resolver might raise."""


@strawberry.type
class ProbeQuery:
    @strawberry.field
    def probe(self) -> ProbeNode:
        PROBES.calls += 1
        return ProbeNode()

    @strawberry.field
    async def probe_sleep(self, info: strawberry.Info, seconds: float) -> bool:
        PROBES.calls += 1
        async with info.context.db.session() as session:
            connection = await session.connection()
            await connection.execute(text("SELECT 1"))
            PROBES.sleeping += 1
            try:
                await asyncio.sleep(seconds)
            except asyncio.CancelledError:
                PROBES.cancelled += 1
                raise
        PROBES.finished += 1
        return True

    @strawberry.field
    def probe_count(self, values: list[int]) -> int:
        PROBES.calls += 1
        return len(values)

    @strawberry.field
    def probe_boom(self) -> str:
        PROBES.calls += 1
        raise ProbeFailure(LEAKY_MESSAGE)

    @strawberry.field
    def probe_refuse(self) -> str:
        PROBES.calls += 1
        raise GraphQLError("refused on purpose", extensions={"code": "FORBIDDEN"})


@strawberry.type
class ProbeMutation:
    @strawberry.mutation
    def probe_touch(self) -> int:
        PROBES.calls += 1
        return PROBES.calls


def probe_plugin() -> FakePlugin:
    return country(
        "XP", country_graphql=GraphQLContribution(query=ProbeQuery, mutation=ProbeMutation)
    )
