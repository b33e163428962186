"""Answering a planned query: the steps the schema extension and the endpoint's fast
lane (:mod:`core.http.fast_reads`) share.

Each step returns None (or False) where the resolver path must answer instead:
variables that do not coerce, an argument value the SQL does not take, a field
the caller may not read. :class:`Plans` keeps the plans of one application, and
the documents already answered by the compiled path after the whole pipeline
(parsing, validation, limits) accepted them: those the fast lane may answer
without that pipeline, since its verdict depends on the document text and the
operation name alone.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Protocol

from graphql import GraphQLSchema, OperationDefinitionNode
from graphql.execution.values import get_variable_values
from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.permission import BasePermission
from strawberry.types.base import StrawberryObjectDefinition

from core.auth.roles import Actor
from core.auth.scope import Scope, scope_for
from core.db.session import Database
from core.lru import LRU
from core.schema.compiled.answer import RawJSON, Spliced
from core.schema.compiled.arguments import Unsupported, request_of
from core.services.accounts import actor_of
from core.services.compiled.plan import Plan
from core.services.compiled.sql import Request, read, read_signed_in

Permissions = tuple[type[BasePermission], ...]
Key = tuple[str, str | None]
"""A document's text and the operation name the request gave."""
VerdictKey = tuple[frozenset[tuple[str, str]], Actor | None]
"""The fields a plan selects that carry permissions, and who asks."""


@dataclass(frozen=True)
class Known:
    """A query the whole pipeline accepted and the compiled path answered."""

    plan: Plan
    operation: OperationDefinitionNode
    label: tuple[str, str]
    """The operation's metrics name and type (:func:`core.observation.describe_operation`)."""


class Caller(Protocol):
    """What permission checks read of a request (``info.context``)."""

    actor: Actor | None
    permission_decisions: dict[Any, Any]


@dataclass
class Plans:
    """The plans of one application, by (document text, operation name), bounded."""

    max_entries: int
    answered: int = 0
    """How many operations the compiled path answered (tests and metrics read it)."""
    answered_fast: int = 0
    """How many of them the endpoint's fast lane answered (:mod:`core.http.fast_reads`)."""
    _plans: LRU[Key, Plan | None] = field(init=False)
    _known: LRU[Key, Known] = field(init=False)
    _permissions: dict[tuple[str, str], Permissions | None] = field(default_factory=dict)
    _verdicts: LRU[VerdictKey, bool] = field(init=False)

    def __post_init__(self) -> None:
        self._plans = LRU(self.max_entries)
        self._known = LRU(self.max_entries)
        self._verdicts = LRU(self.max_entries)

    def get(self, key: Key, make: Callable[[], Plan | None]) -> Plan | None:
        """The plan of ``key`` (None: the compiled path does not know the document),
        made by ``make`` the first time."""
        if key in self._plans:
            return self._plans.get(key)
        made = make()
        self._plans.put(key, made)
        return made

    def remember(self, key: Key, known: Known) -> None:
        """``key`` was accepted by the whole pipeline and answered here."""
        self._known.put(key, known)

    def known(self, key: Key) -> Known | None:
        return self._known.get(key)

    def verdict(self, key: VerdictKey) -> bool | None:
        """Whether this actor may read these fields, if decided before (:func:`allowed`)."""
        return self._verdicts.get(key)

    def keep_verdict(self, key: VerdictKey, verdict: bool) -> None:
        self._verdicts.put(key, verdict)

    def permissions(self, schema: Any, type_name: str, field_name: str) -> Permissions | None:
        """The permission classes of ``type_name.field_name``; None when one of them is
        not decided by the request alone (the resolver path decides)."""
        key = (type_name, field_name)
        if key not in self._permissions:
            self._permissions[key] = _permissions(schema, type_name, field_name)
        return self._permissions[key]


def _permissions(schema: Any, type_name: str, field_name: str) -> Permissions | None:
    definition = schema.get_type_by_name(type_name)
    if not isinstance(definition, StrawberryObjectDefinition):
        return None
    converter = schema.config.name_converter
    for found in definition.fields:
        if converter.get_graphql_name(found) == field_name:
            permissions = tuple(found.permission_classes)
            if all(getattr(p, "per_request", False) for p in permissions):
                return permissions
            return None
    return None


def coerced_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, given: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    """The operation's variables coerced as graphql-core will; None on any error."""
    coerced = get_variable_values(schema, operation.variable_definitions or (), dict(given or {}))
    if isinstance(coerced, list):
        return None
    return coerced.coerced


def requests_of(plan: Plan, variables: Mapping[str, Any]) -> list[Request] | None:
    """Each root field with this request's values; None where the SQL takes a value not."""
    try:
        return [request_of(root, variables) for root in plan.roots]
    except Unsupported:
        return None


async def allowed(plans: Plans, schema: Any, plan: Plan, caller: Caller) -> bool:
    """Whether the caller may read every field the plan selects.

    The permissions the compiled path accepts are decided by the actor alone
    (:class:`core.schema.permissions.PerRequest`), so the verdict for a set of
    fields and an actor is kept (:meth:`Plans.verdict`) instead of asking each
    permission again at every request.
    """
    key = (plan.guarded, caller.actor)
    verdict = plans.verdict(key)
    if verdict is None:
        verdict = await _decide(plans, schema, plan, caller)
        plans.keep_verdict(key, verdict)
    return verdict


async def _decide(plans: Plans, schema: Any, plan: Plan, caller: Caller) -> bool:
    """:func:`allowed`, each permission decided once (as ``core.schema.field_permissions``)."""
    info = SimpleNamespace(context=caller)
    decisions = caller.permission_decisions
    for type_name, field_name in sorted(plan.guarded):
        permissions = plans.permissions(schema, type_name, field_name)
        if permissions is None:
            return False
        if not permissions:
            continue
        if permissions not in decisions:
            decisions[permissions] = await _refusing(permissions, info)
        if decisions[permissions] is not None:
            return False
    return True


async def _refusing(permissions: Permissions, info: Any) -> BasePermission | None:
    """The first permission that refuses (as ``core.schema.field_permissions``)."""
    for permission_class in permissions:
        permission = permission_class()
        verdict = permission.has_permission(None, info)
        if inspect.isawaitable(verdict):
            verdict = await verdict
        if not verdict:
            return permission
    return None


async def answer(
    connection: AsyncConnection, plan: Plan, requests: Sequence[Request], scope: Scope
) -> Spliced:
    """``data`` of the operation: each root field's JSON text, one statement each."""
    texts = await read(connection, requests, scope)
    return Spliced((root.key, RawJSON(text)) for root, text in zip(plan.roots, texts, strict=True))


async def answer_as_guessed(
    db: Database,
    plan: Plan,
    requests: Sequence[Request],
    guess: Actor,
) -> tuple[Actor, Spliced | None]:
    """The sign-in check of ``guess``'s session and the answer read within ``guess``'s
    scope, in one statement: the actor the check finds, and the answer when that is
    ``guess`` (None otherwise: an account whose role or scope changed since).

    Only for a plan of one root field (the others would need statements of their own).

    Raises:
        InvalidToken: the session has ended, or the account has no such session.
    """
    (root,) = plan.roots
    (request,) = requests
    row, text = await read_signed_in(
        db, request, scope_for(guess), guess.account_id, guess.session_id
    )
    actor = actor_of(row, guess.account_id, guess.session_id)
    if actor != guess or text is None:
        return actor, None
    return actor, Spliced([(root.key, RawJSON(text))])
