"""Query arguments holding a NUL character are refused before any resolver runs.

PostgreSQL's text types cannot hold NUL (``\\u0000``): a filter or a lookup
that passes one to a query fails in the driver. Mutation inputs are checked
field by field in their validation (core.services.inputs), so that the
payload names the field; a query is refused here as a whole, naming the
variable or argument, which is as cheap as it is complete: no query resolver
(plugins' included) has to remember the check.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ArgumentNode, GraphQLError, StringValueNode, Visitor, visit
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from core.services.inputs import holds_nul

INVALID = "INVALID"
REASON = "holds a NUL character (\\u0000), which cannot be stored or searched"


class NulGuard(SchemaExtension):
    """Checks a valid query's variables and string literals for NUL characters."""

    def on_validate(self) -> Iterator[None]:
        yield
        execution = self.execution_context
        if execution.pre_execution_errors or execution.graphql_document is None:
            return
        if execution.operation_type is not OperationType.QUERY:
            return
        for name, value in (execution.variables or {}).items():
            if holds_nul(value):
                raise GraphQLError(f"Variable '${name}' {REASON}.", extensions={"code": INVALID})
        if "\\u" in (execution.query or ""):  # a literal can only hold NUL as an escape
            argument = _literal_with_nul(execution.graphql_document)
            if argument is not None:
                raise GraphQLError(f"Argument '{argument}' {REASON}.", extensions={"code": INVALID})


def _literal_with_nul(document: Any) -> str | None:
    """The name of the first argument whose literal value holds a NUL character."""
    found: list[str] = []
    arguments: list[str] = []

    class Finder(Visitor):
        def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
            arguments.append(node.name.value)

        def leave_argument(self, node: ArgumentNode, *_args: Any) -> None:
            arguments.pop()

        def enter_string_value(self, node: StringValueNode, *_args: Any) -> Any:
            if "\x00" in node.value and not found:
                found.append(arguments[-1] if arguments else "?")
                return Visitor.BREAK
            return None

    visit(document, Finder())
    return found[0] if found else None
