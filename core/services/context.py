"""What a service needs of the request, and the two ways a service is called.

A resolver does not open sessions: it hands a :class:`ServiceContext` the
service function and its own arguments, and the context calls it in a read
session (:meth:`ServiceContext.read`) or in the one transaction of a mutation
(:meth:`ServiceContext.write`). The remaining keyword parameters of the service
are filled by name from the context:

- ``session``: the read session or the write transaction;
- ``scope``: the rows the actor may see and change;
- ``registry``: the country catalogue;
- ``actor``: how the history names who made the change (the actor's email);
- ``custom``: the country plugins' evaluator of their own screening rules;
- ``db``: the database, for a service that reads outside its transaction.

A parameter of another name must be given by the caller (or have a default).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import pluggy
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.roles import Actor
from core.auth.scope import Scope, scope_for
from core.db.session import Database
from core.plugins.registry import CountryRegistry
from core.screening.custom import plugin_evaluator
from core.settings import Settings

ResultT = TypeVar("ResultT")
Service = Callable[..., Awaitable[ResultT]]


@dataclass(frozen=True)
class ServiceContext:
    """The request as the services see it: who asks, what they may touch, where the rows are."""

    db: Database
    actor: Actor | None
    registry: CountryRegistry
    plugin_manager: pluggy.PluginManager
    settings: Settings

    @property
    def scope(self) -> Scope:
        return scope_for(self.actor)

    @property
    def actor_label(self) -> str | None:
        return self.actor.email if self.actor else None

    async def read(self, service: Service[ResultT], /, **given: Any) -> ResultT:
        """``service`` in a read session of its own."""
        async with self.db.session() as session:
            return await service(**self._arguments(service, session, given))

    async def write(self, service: Service[ResultT], /, **given: Any) -> ResultT:
        """``service`` in one transaction: committed when it returns, rolled back when it raises."""
        async with self.db.transaction() as session:
            return await service(**self._arguments(service, session, given))

    def _arguments(
        self, service: Callable[..., object], session: AsyncSession, given: dict[str, Any]
    ) -> dict[str, Any]:
        arguments = dict(given)
        for name in _filled_by_context(service):
            if name in arguments:
                continue
            if name == "session":
                arguments[name] = session
            elif name == "scope":
                arguments[name] = self.scope
            elif name == "registry":
                arguments[name] = self.registry
            elif name == "actor":
                arguments[name] = self.actor_label
            elif name == "custom":
                arguments[name] = plugin_evaluator(self.plugin_manager, self.settings)
            elif name == "db":
                arguments[name] = self.db
        return arguments


CONTEXT_NAMES = frozenset({"session", "scope", "registry", "actor", "custom", "db"})


@lru_cache(maxsize=256)
def _filled_by_context(service: Callable[..., object]) -> tuple[str, ...]:
    """The parameters of ``service`` the context fills (found once per service)."""
    return tuple(name for name in inspect.signature(service).parameters if name in CONTEXT_NAMES)
