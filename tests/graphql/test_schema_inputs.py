"""No input takes the ``JSON`` scalar: every value a client sends is typed.

Country details, test details and rule parameters are typed inputs generated
from their models (``CountryDetailsInput``, ``TestDetailsInput``,
``RuleParametersInput``); an output may still be JSON (``AuditEntry.variables``).
The walk covers every input object's fields and every field's arguments, of
the schema the service builds and of the committed file.
"""

from __future__ import annotations

from pathlib import Path

from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    get_named_type,
)
from starlette.applications import Starlette

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def json_inputs(schema: GraphQLSchema) -> list[str]:
    """Each input field and argument whose type is (a list of) ``JSON``."""
    found = []
    for name, named in schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(named, GraphQLInputObjectType):
            for field_name, field in named.fields.items():
                if get_named_type(field.type).name == "JSON":
                    found.append(f"{name}.{field_name}")
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                for arg_name, arg in field.args.items():
                    if get_named_type(arg.type).name == "JSON":
                        found.append(f"{name}.{field_name}({arg_name})")
    return found


def test_no_input_or_argument_of_the_built_schema_takes_json(app: Starlette) -> None:
    schema = build_schema(str(app.state.schema))
    assert json_inputs(schema) == []
    # The walk finds one where there is one.
    probe = build_schema("scalar JSON input I { x: JSON } type Query { f(i: I, j: [JSON!]): Int }")
    assert json_inputs(probe) == ["I.x", "Query.f(j)"]


def test_no_input_or_argument_of_the_committed_schema_takes_json() -> None:
    assert json_inputs(build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))) == []


def test_the_typed_details_and_parameters_are_one_of_inputs(app: Starlette) -> None:
    schema = build_schema(str(app.state.schema))
    for name in ("CountryDetailsInput", "TestDetailsInput", "RuleParametersInput"):
        named = schema.type_map[name]
        assert isinstance(named, GraphQLInputObjectType), name
        assert named.is_one_of, name
    country = schema.type_map["CountryDetailsInput"]
    assert isinstance(country, GraphQLInputObjectType)
    # One member per country whose model declares fields (the others record nothing).
    assert sorted(country.fields) == ["indonesia", "vietnam"]
