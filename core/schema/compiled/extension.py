"""The schema extension that answers a known query with the compiled read path.

It runs where execution begins, once Strawberry has parsed the document (the
document cache), validated it (the same rules and limits, NUL characters
included) and checked the operation's type. For a query whose plan is known,
whose variables coerce, and whose every selected field the caller may read, it
sets the result, and Strawberry does not execute; anything else, or any
exception while reading, leaves execution to graphql-core, which answers as it
always does (errors included: a failure here is logged and the resolver path
meets it again and answers it).

It is listed before the time limit (``core.schema.security``): that limit
cancels the task, and a cancellation raised here, before execution, could not
be answered with its ``TIME_LIMIT_EXCEEDED`` error. The read has a limit of its
own instead, the same number of seconds; past it the resolver path answers,
with its own full time.

Plans are cached per document and operation in a bounded LRU. They do not
depend on the caller: permissions are decided per request (the plan lists the
fields they guard, each decided once, as ``core.schema.field_permissions``
does), and the scope is a condition of the statement.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from types import SimpleNamespace
from typing import Any

from graphql import OperationDefinitionNode, get_operation_ast
from graphql.execution.values import get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission
from strawberry.types import ExecutionResult
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.graphql import OperationType

from core.schema.compiled.answer import RawJSON, Spliced
from core.schema.compiled.arguments import Unsupported, request_of
from core.schema.compiled.walk import plan_of
from core.services.compiled.plan import Plan
from core.services.compiled.sql import read

logger = logging.getLogger("imjapan.compiled")

Permissions = tuple[type[BasePermission], ...]


class Plans:
    """The plans of one application, by (document text, operation name), bounded."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._plans: OrderedDict[tuple[str, str | None], Plan | None] = OrderedDict()
        self._permissions: dict[tuple[str, str], Permissions | None] = {}
        self.answered = 0
        """How many operations the compiled path answered (tests and metrics read it)."""

    def get(self, key: tuple[str, str | None], make: Callable[[], Plan | None]) -> Plan | None:
        if key in self._plans:
            self._plans.move_to_end(key)
            return self._plans[key]
        made = make()
        self._plans[key] = made
        while len(self._plans) > self.max_entries:
            self._plans.popitem(last=False)
        return made

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


class CompiledReads(SchemaExtension):
    """Answers a known query with :func:`core.services.compiled.sql.read` (see the module)."""

    def __init__(self, plans: Plans, time_limit: float) -> None:
        self.plans = plans
        self.time_limit = time_limit

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        if (
            execution.operation_type is OperationType.QUERY
            and execution.graphql_document is not None
            and execution.query is not None
            and not execution.pre_execution_errors
        ):
            try:
                async with asyncio.timeout(self.time_limit):
                    answer = await self._answer()
            except Exception:  # the resolver path meets it (or its time) and answers it
                logger.warning("compiled read failed; the resolver path answers", exc_info=True)
                answer = None
            if answer is not None:
                self.plans.answered += 1
                execution.result = ExecutionResult(data=answer, errors=None)
        yield

    async def _answer(self) -> Spliced | None:
        execution = self.execution_context
        schema = execution.schema
        document = execution.graphql_document
        assert document is not None and execution.query is not None
        plan = self.plans.get(
            (execution.query, execution.operation_name),
            lambda: plan_of(schema._schema, document, execution.operation_name),
        )
        if plan is None:
            return None
        context = execution.context
        if not await self._allowed(plan, context):
            return None
        variables = self._variables()
        if variables is None:
            return None
        try:
            requests = [request_of(root, variables) for root in plan.roots]
        except Unsupported:
            return None
        async with context.db.single_read() as connection:
            texts = await read(connection, requests, context.scope)
        return Spliced(
            (root.key, RawJSON(text)) for root, text in zip(plan.roots, texts, strict=True)
        )

    async def _allowed(self, plan: Plan, context: Any) -> bool:
        """Whether the caller may read every field the plan selects."""
        info = SimpleNamespace(context=context)
        decisions = context.permission_decisions
        schema = self.execution_context.schema
        for type_name, field_name in sorted(plan.guarded):
            permissions = self.plans.permissions(schema, type_name, field_name)
            if permissions is None:
                return False
            if not permissions:
                continue
            if permissions not in decisions:
                decisions[permissions] = await _refusing(permissions, info)
            if decisions[permissions] is not None:
                return False
        return True

    def _variables(self) -> dict[str, Any] | None:
        """The operation's variables coerced as graphql-core will; None on any error."""
        execution = self.execution_context
        document = execution.graphql_document
        assert document is not None
        operation = get_operation_ast(document, execution.operation_name)
        if not isinstance(operation, OperationDefinitionNode):
            return None
        coerced = get_variable_values(
            execution.schema._schema,
            operation.variable_definitions or (),
            execution.variables or {},
        )
        if isinstance(coerced, list):
            return None
        return coerced.coerced


async def _refusing(permissions: Permissions, info: Any) -> BasePermission | None:
    """The first permission that refuses (as ``core.schema.field_permissions``)."""
    for permission_class in permissions:
        permission = permission_class()
        allowed = permission.has_permission(None, info)
        if inspect.isawaitable(allowed):
            allowed = await allowed
        if not allowed:
            return permission
    return None


def compiled_reads(plans: Plans, time_limit: float) -> Callable[[], SchemaExtension]:
    """The extension's factory for one application (its plans shared by every request)."""
    return lambda: CompiledReads(plans, time_limit)
