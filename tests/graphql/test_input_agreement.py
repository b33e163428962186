"""Every mutation's GraphQL input has exactly the fields of the service input it is validated into.

The runner (``core.schema.base.mutate``) turns the Strawberry input into a
dict by its fields and validates it with the service's pydantic model: a field
on one side only is either never sent to the service or can never be given by
a client. The pairs are read from the resolvers themselves (the model each one
hands to ``mutate``), so a new mutation is checked without being listed here.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, create_model
from starlette.applications import Starlette
from strawberry.types.base import StrawberryObjectDefinition, get_object_definition
from strawberry.types.field import StrawberryField

WITHOUT_INPUT = {"logout"}
"""Mutations that take no input object."""


def mutation_fields(app: Starlette) -> list[StrawberryField]:
    definition = get_object_definition(app.state.schema.mutation, strict=True)
    return list(definition.fields)


def model_handed_to_mutate(resolver: Callable[..., Any]) -> type[BaseModel] | None:
    """The service input model a resolver passes to ``mutate`` (its second argument)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(resolver)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "mutate":
            expression = ast.Expression(node.args[1])
            # a resolver made when the schema is built reads its model from its closure
            names = {**resolver.__globals__, **inspect.getclosurevars(resolver).nonlocals}
            model = eval(compile(expression, "<mutate>", "eval"), names)
            assert issubclass(model, BaseModel)
            return model
    return None


def input_definition(field: StrawberryField) -> StrawberryObjectDefinition:
    (argument,) = [argument for argument in field.arguments if argument.python_name == "input"]
    return get_object_definition(argument.type, strict=True)


def pairs(app: Starlette) -> list[tuple[str, StrawberryObjectDefinition, type[BaseModel]]]:
    found = []
    for field in mutation_fields(app):
        assert field.base_resolver is not None
        model = model_handed_to_mutate(field.base_resolver.wrapped_func)
        if model is None:
            assert field.name in WITHOUT_INPUT, f"{field.name} does not go through mutate"
            continue
        found.append((field.name, input_definition(field), model))
    return found


def test_every_mutation_with_an_input_is_paired_with_its_service_model(
    installed_app: Starlette,
) -> None:
    names = {field.name for field in mutation_fields(installed_app)}
    assert {name for name, _, _ in pairs(installed_app)} == names - WITHOUT_INPUT


def mismatches(found: list[tuple[str, StrawberryObjectDefinition, type[BaseModel]]]) -> list[str]:
    """One line per pair whose two sides do not have the same fields."""
    lines = []
    for name, graphql_input, model in found:
        graphql_fields = {field.python_name for field in graphql_input.fields}
        service_fields = set(model.model_fields)
        if graphql_fields != service_fields:
            lines.append(
                f"{name}: only in {graphql_input.name}: {sorted(graphql_fields - service_fields)}; "
                f"only in {model.__name__}: {sorted(service_fields - graphql_fields)}"
            )
    return lines


def test_the_graphql_inputs_and_the_service_inputs_have_the_same_fields(
    installed_app: Starlette,
) -> None:
    assert mismatches(pairs(installed_app)) == []


def test_a_field_on_one_side_only_is_reported(installed_app: Starlette) -> None:
    """The check itself: a service model with one field more than its GraphQL input."""
    name, graphql_input, model = pairs(installed_app)[0]
    wider = create_model("Wider", __base__=model, extra_field=(int | None, None))
    (line,) = mismatches([(name, graphql_input, wider)])
    assert line.endswith("only in Wider: ['extra_field']")
