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
does), and the scope is a condition of the statement. A document answered here
is remembered (:meth:`~core.schema.compiled.reader.Plans.remember`): the
endpoint's fast lane answers it from then on without this pipeline.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

from graphql import OperationDefinitionNode, get_operation_ast
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from core.observation import describe_operation
from core.schema.compiled.answer import Spliced
from core.schema.compiled.reader import (
    Known,
    Plans,
    allowed,
    answer,
    coerced_variables,
    requests_of,
)
from core.schema.compiled.walk import plan_of

logger = logging.getLogger("imjapan.compiled")


class CompiledReads(SchemaExtension):
    """Answers a known query with :func:`core.schema.compiled.reader.answer` (see the module)."""

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
                    data = await self._answer()
            except Exception:  # the resolver path meets it (or its time) and answers it
                logger.warning("compiled read failed; the resolver path answers", exc_info=True)
                data = None
            if data is not None:
                self.plans.answered += 1
                execution.result = ExecutionResult(data=data, errors=None)
        yield

    async def _answer(self) -> Spliced | None:
        execution = self.execution_context
        schema = execution.schema
        document = execution.graphql_document
        assert document is not None and execution.query is not None
        key = (execution.query, execution.operation_name)
        plan = self.plans.get(
            key, lambda: plan_of(schema._schema, document, execution.operation_name)
        )
        if plan is None:
            return None
        context = execution.context
        if not await allowed(self.plans, schema, plan, context):
            return None
        operation = get_operation_ast(document, execution.operation_name)
        if not isinstance(operation, OperationDefinitionNode):
            return None
        variables = coerced_variables(schema._schema, operation, execution.variables)
        if variables is None:
            return None
        requests = requests_of(plan, variables)
        if requests is None:
            return None
        async with context.db.single_read() as connection:
            data = await answer(connection, plan, requests, context.scope)
        known = Known(plan, operation, describe_operation(execution))
        self.plans.remember(key, known)
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) == 1:  # Strawberry names the only operation when the request did not
            self.plans.remember((execution.query, None), known)
        return data


def compiled_reads(plans: Plans, time_limit: float) -> Callable[[], SchemaExtension]:
    """The extension's factory for one application (its plans shared by every request)."""
    return lambda: CompiledReads(plans, time_limit)
