"""A refused scalar value named by where it was: the argument or the variable, and the field.

A scalar of ours refuses a value with the reason alone
(:class:`~core.schema.scalars.InvalidValue`): it does not know where the value
was. graphql-core adds the place to a variable's error in English
("Variable '$input' has invalid value at .heldOn: ...") and nothing at all to
an inline literal's. Here both become a :class:`Message` that names the place
and gives the reason, in the request's language:

- ``Argument input.heldOn: "2026-02-30" is not a date: month 2 of 2026 has 28 days``
- ``Variable $input.heldOn: "2026-02-30" is not a date: month 2 of 2026 has 28 days``

:class:`NamedLiteralErrors` puts :class:`NamedValuesOfCorrectTypeRule` in the
place of graphql-core's rule; :func:`variable_error_message` rewrites a
variable's error when the errors are formatted (:mod:`core.schema.security`).
Other values (an ``Int`` given a string...) keep graphql-core's messages.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any

from graphql import (
    SKIP,
    ArgumentNode,
    GraphQLError,
    GraphQLInputType,
    ValueNode,
    VariableDefinitionNode,
    VisitorAction,
)
from graphql.utilities import validate_input_literal
from graphql.validation import ValuesOfCorrectTypeRule
from strawberry.extensions import SchemaExtension

from core.i18n import N_, Message
from core.schema.scalars import InvalidValue

ARGUMENT = N_("Argument {argument}{path}: {reason}")
DEFAULT_VALUE = N_("Default value of ${variable}{path}: {reason}")
VARIABLE = N_("Variable ${variable}{path}: {reason}")

_VARIABLE_ERROR = re.compile(r"Variable '\$(\w+)' has invalid value(?: at ([\w.\[\]]+))?: ")
"""graphql-core's words for a refused variable (``graphql.execution.values``)."""


def printed_path(path: Collection[str | int]) -> str:
    """``path`` within a value as ``.field[0].other`` (as graphql-core prints it)."""
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" for key in path)


class NamedValuesOfCorrectTypeRule(ValuesOfCorrectTypeRule):
    """graphql-core's rule, naming the argument (or variable) and the field of a refused scalar."""

    _argument: str | None = None
    _variable: str | None = None

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
        self._argument = node.name.value

    def leave_argument(self, _node: ArgumentNode, *_args: Any) -> None:
        self._argument = None

    def enter_variable_definition(self, node: VariableDefinitionNode, *_args: Any) -> None:
        self._variable = node.variable.name.value

    def leave_variable_definition(self, _node: VariableDefinitionNode, *_args: Any) -> None:
        self._variable = None

    def is_valid_value_node(
        self, node: ValueNode, input_type: GraphQLInputType | None
    ) -> VisitorAction:
        """graphql-core's check of a whole literal, keeping the path of each error in it."""
        if input_type:

            def on_error(error: GraphQLError, path: list[str | int]) -> None:
                if isinstance(error, InvalidValue):
                    error = GraphQLError(self._placed(error, path), node)
                self.report_error(error)

            validate_input_literal(
                node, input_type, on_error, None, None, self.context.hide_suggestions
            )
        return SKIP

    def _placed(self, refusal: InvalidValue, path: list[str | int]) -> Message:
        where = printed_path(path)
        if self._argument is not None:
            return Message(ARGUMENT, argument=self._argument, path=where, reason=refusal.message)
        return Message(
            DEFAULT_VALUE, variable=self._variable or "", path=where, reason=refusal.message
        )


def variable_error_message(error: GraphQLError) -> Message | None:
    """The message naming the variable and field of a value a scalar of ours refused;
    ``None`` for any other error."""
    refusal = error.original_error
    if not isinstance(refusal, InvalidValue) or not isinstance(refusal.message, Message):
        return None
    matched = _VARIABLE_ERROR.match(error.message)
    if matched is None or error.message[matched.end() :] != refusal.message:
        return None
    path = matched.group(2) or ""
    return Message(VARIABLE, variable=matched.group(1), path=path, reason=refusal.message)


class NamedLiteralErrors(SchemaExtension):
    """Validates with :class:`NamedValuesOfCorrectTypeRule` instead of graphql-core's rule."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = tuple(
            NamedValuesOfCorrectTypeRule if rule is ValuesOfCorrectTypeRule else rule
            for rule in context.validation_rules
        )
        yield
