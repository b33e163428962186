"""The compiled types' declarations agree with the Strawberry types they describe."""

from __future__ import annotations

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLObjectType,
    get_named_type,
    get_nullable_type,
)
from starlette.applications import Starlette

from core.schema.compiled.mapping import TYPES, Column, Relation
from core.services.compiled.plan import Kind
from core.services.compiled.sql import CORRELATED, JOINED, TABLES

CASES = [(type_name, field) for type_name, fields in TYPES.items() for field in fields]


@pytest.mark.parametrize(("type_name", "field_name"), CASES)
def test_each_mapped_field_is_on_its_type_with_a_compatible_type(
    installed_app: Starlette, type_name: str, field_name: str
) -> None:
    schema = installed_app.state.schema  # type: ignore[attr-defined]
    graphql_type = schema._schema.get_type(type_name)
    assert isinstance(graphql_type, GraphQLObjectType)
    assert field_name in graphql_type.fields, f"{type_name}.{field_name} is not in the schema"
    field = graphql_type.fields[field_name]
    assert not field.args, "a field with arguments is not a column"
    named = get_named_type(field.type)
    declared = TYPES[type_name][field_name]
    if isinstance(declared, Relation):
        assert named.name == declared.type_name
        assert declared.relation in JOINED.keys() | CORRELATED.keys()
        return
    assert isinstance(declared, Column)
    assert declared.column in TABLES[type_name].model_fields, declared.column
    if declared.kind is Kind.ENUM:
        assert isinstance(named, GraphQLEnumType)
        assert named.name == declared.enum_name
        assert {name for _, name in declared.enum} == set(named.values)
    elif declared.kind is Kind.STRING_LIST:
        assert named.name == "String"
        assert isinstance(get_nullable_type(field.type), GraphQLList)
    else:
        assert named.name == declared.kind.value
    if field_name != "id":  # Relay's NodeID has a resolver of its own, reading the key
        definition = schema.get_type_by_name(type_name)
        (strawberry_field,) = (f for f in definition.fields if f.python_name == declared.column)
        assert strawberry_field.base_resolver is None, "a plain field, read from the row"


def test_every_compiled_type_has_a_table() -> None:
    assert set(TYPES) == set(TABLES)


def test_each_joined_relation_has_a_table_of_its_own() -> None:
    """A row's relations are LEFT JOINed by their tables' names: two relations to one
    table would need aliases, which the builder does not make."""
    tables = [table for table, _ in JOINED.values()]
    assert len(set(tables)) == len(tables)
    assert not JOINED.keys() & CORRELATED.keys()
