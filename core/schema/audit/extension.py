"""The audit log: every mutation, who ran it, when, from where, and whether it worked.

A schema extension, so plugin mutations are logged too. While a mutation
executes, every write transaction it opens (``Database.transaction``) adds the
operation's entry before it commits (:class:`core.services.audit.AuditRecorder`):
a change and its entry commit together or not at all. A refused mutation,
whose own transaction rolled back, has its entry written afterwards in a
transaction of its own; so does an operation whose outcome turned out
otherwise than its first commit said (a later field refused). Nothing here
fails an answer: once a change is committed, the client hears of it, and a
problem with the log itself goes to the server log.

Secrets in the variables (passwords, tokens) are replaced before anything is
stored, and variables too large or too deeply nested to store are summarised.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from typing import Any

from graphql import (
    ArgumentNode,
    FieldNode,
    ObjectFieldNode,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types.graphql import OperationType

from core.db.models import AuditEntry
from core.services.audit import AuditRecorder

SECRET_WORDS = ("password", "token", "secret")
MAX_VARIABLES_CHARS = 10_000
MAX_VARIABLES_DEPTH = 32
"""Deeper variables are not walked (to blank secrets) or stored: inputs refuse them anyway."""


class AuditLog(SchemaExtension):
    """Listed before the time limit, so a mutation cut off by it is still logged."""

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        if execution.operation_type is not OperationType.MUTATION:
            yield
            return
        recorder = AuditRecorder(execution.context.db, lambda ok: _entry(execution, ok))
        try:
            with recorder.attached():
                yield
        finally:
            await recorder.finish(_succeeded(execution))


def _entry(execution: ExecutionContext, succeeded: bool) -> AuditEntry:
    """The entry of the operation ``execution`` runs."""
    context = execution.context
    fields = _root_fields(execution.graphql_document, execution.operation_name)
    actor = context.actor
    return AuditEntry(
        account_id=actor.account_id if actor else None,
        actor=actor.email if actor else None,
        client_address=context.client_address,
        operation=(execution.operation_name or ", ".join(fields) or "mutation")[:200],
        fields=fields,
        variables=_redacted(
            execution.variables or {}, _secret_variables(execution.graphql_document)
        ),
        succeeded=succeeded,
    )


def _succeeded(execution: ExecutionContext) -> bool:
    result = execution.result
    data = (result.data if result else None) or {}
    return (
        result is not None
        and not result.errors
        and all(not _payload_errors(data.get(name)) for name in data)
    )


def _root_fields(document: Any, operation_name: str | None) -> list[str]:
    if document is None:
        return []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            operation_name is None or (definition.name and definition.name.value == operation_name)
        ):
            return [
                selection.name.value
                for selection in definition.selection_set.selections
                if isinstance(selection, FieldNode)
            ]
    return []


def _payload_errors(payload: object) -> bool:
    return isinstance(payload, Mapping) and bool(payload.get("errors"))


def _secret_variables(document: Any) -> set[str]:
    """Variables passed to a secret input field or argument (``password: $p``)."""
    names: set[str] = set()

    class Finder(Visitor):
        def enter_object_field(self, node: ObjectFieldNode, *_args: Any) -> None:
            _note(node.name.value, node.value)

        def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
            _note(node.name.value, node.value)

    def _note(name: str, value: Any) -> None:
        if isinstance(value, VariableNode) and _is_secret(name):
            names.add(value.name.value)

    if document is not None:
        visit(document, Finder())
    return names


def _is_secret(name: str) -> bool:
    return any(word in name.lower() for word in SECRET_WORDS)


def _redacted(variables: Mapping[str, Any], secret: set[str]) -> dict[str, Any]:
    """The variables with secrets blanked, cut short when very large."""
    if _deeper_than(variables, MAX_VARIABLES_DEPTH):
        return {"unrecorded": f"nested more than {MAX_VARIABLES_DEPTH} levels deep"}
    cleaned = {name: "***" if name in secret else value for name, value in variables.items()}
    cleaned = _blank_secrets(cleaned)
    try:
        text = json.dumps(cleaned, default=str, allow_nan=False)
    except ValueError:  # NaN or Infinity, which a JSON column refuses
        return {"unrecorded": "holds a number JSON cannot represent"}
    if len(text) > MAX_VARIABLES_CHARS:
        return {"truncated": text[:MAX_VARIABLES_CHARS]}
    return dict(cleaned)


def _blank_secrets(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {
            key: "***" if _is_secret(key) else _blank_secrets(item) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_blank_secrets(item) for item in value]
    return value


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests objects and arrays more than ``limit`` levels, found without
    recursion."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping | list):
            if depth > limit:
                return True
            items = item.values() if isinstance(item, Mapping) else item
            stack.extend((inner, depth + 1) for inner in items)
    return False
