"""From a validated document to a :class:`~core.schema.compiled.plan.Plan`, or None.

The walk follows graphql-core's field collection (fragments spread once per
selection set, inline fragments and fragments applying when their type
condition is the object's type or an abstract type it belongs to, fields of the
same response name merged in their first place), so the plan's keys come out in
the order graphql-core would answer them. Anything it does not know (a root
field, a field, an argument, a directive such as ``@skip``, a list literal)
gives None: the query takes the resolver path.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import (
    BooleanValueNode,
    DocumentNode,
    EnumValueNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    NullValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_object_type,
)

from core.schema.compiled.mapping import TYPES, Column, Relation
from core.services.compiled import plan


class Unknown(Exception):
    """Something the compiler does not know: the resolver path answers."""


ROOTS: dict[str, tuple[str, str]] = {
    "candidates": ("connection", "candidates"),
    "candidate": ("by_id", "Candidate"),
    "recruitmentCalls": ("connection", "recruitment_calls"),
}
"""The root fields the compiler knows: a connection (by the list's name in
core.services.compiled) or a by-id lookup (by the type's name)."""

ARGUMENTS: dict[str, frozenset[str]] = {
    "candidates": frozenset({"filter", "first", "after", "last", "before", "orderBy"}),
    "candidate": frozenset({"id"}),
    "recruitmentCalls": frozenset({"countryCode", "first", "after", "last", "before"}),
}
"""Arguments the walk records (whether their values are supported is decided per
request, once the variables are known)."""

PAGE_FIELDS = frozenset({"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"})


def plan_of(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> plan.Plan | None:
    """The plan of the operation ``operation_name`` of a validated ``document``, or None."""
    try:
        return _Walk(schema, document).operation(operation_name)
    except Unknown:
        return None


class _Walk:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.document = document
        self.fragments: dict[str, FragmentDefinitionNode] = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.guarded: set[tuple[str, str]] = set()

    def operation(self, name: str | None) -> plan.Plan:
        operations = [
            d for d in self.document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
        if len(chosen) != 1:
            raise Unknown
        operation = chosen[0]
        if operation.operation is not OperationType.QUERY or operation.directives:
            raise Unknown
        query = self.schema.query_type
        assert query is not None
        roots: list[plan.Root] = []
        for key, nodes in self.collect(query.name, [operation.selection_set]).items():
            roots.append(self.root(key, nodes))
        if not roots:
            raise Unknown
        return plan.Plan(roots=tuple(roots), guarded=frozenset(self.guarded))

    # Field collection, as graphql-core does it ---------------------------------

    def collect(
        self, type_name: str, selection_sets: Iterable[SelectionSetNode | None]
    ) -> dict[str, list[FieldNode]]:
        fields: dict[str, list[FieldNode]] = {}
        spread: set[str] = set()

        def visit(selection_set: SelectionSetNode) -> None:
            for selection in selection_set.selections:
                if selection.directives:
                    raise Unknown  # @skip/@include: left to graphql-core
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    if self.applies(selection.type_condition, type_name):
                        visit(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    if name in spread:
                        continue
                    spread.add(name)
                    fragment = self.fragments.get(name)
                    if fragment is None or fragment.directives:
                        raise Unknown
                    if self.applies(fragment.type_condition, type_name):
                        visit(fragment.selection_set)
                else:  # pragma: no cover (no other selection exists)
                    raise Unknown

        for selection_set in selection_sets:
            if selection_set is not None:
                visit(selection_set)
        return fields

    def applies(self, condition: NamedTypeNode | None, type_name: str) -> bool:
        if condition is None or condition.name.value == type_name:
            return True
        found = self.schema.get_type(condition.name.value)
        own = self.schema.get_type(type_name)
        if found is None or not is_abstract_type(found) or not is_object_type(own):
            return False
        return bool(self.schema.is_sub_type(found, own))

    # Root fields --------------------------------------------------------------

    def root(self, key: str, nodes: list[FieldNode]) -> plan.Root:
        name = nodes[0].name.value
        if name not in ROOTS:
            raise Unknown
        self.guarded.add(("Query", name))
        kind, target = ROOTS[name]
        arguments = tuple(
            (argument.name.value, argument_of(argument.value))
            for argument in nodes[0].arguments or ()
        )
        if any(argument not in ARGUMENTS[name] for argument, _ in arguments):
            raise Unknown
        query = self.schema.query_type
        assert query is not None
        returned = get_named_type(query.fields[name].type)
        selections = [node.selection_set for node in nodes]
        if kind == "by_id":
            (id_argument,) = (value for argument, value in arguments if argument == "id")
            return plan.ById(
                key=key,
                type_name=target,
                id=id_argument,
                fields=self.object(returned.name, selections),
            )
        return plan.Connection(
            key=key,
            list_name=target,
            type_name=self.node_type(returned.name),
            arguments=arguments,
            fields=self.connection(returned.name, selections),
        )

    def node_type(self, connection_name: str) -> str:
        connection = self.schema.get_type(connection_name)
        if not is_object_type(connection):
            raise Unknown
        edges = get_named_type(connection.fields["edges"].type)
        if not is_object_type(edges):
            raise Unknown
        node = get_named_type(edges.fields["node"].type)
        if node.name not in TYPES:
            raise Unknown
        return str(node.name)

    def connection(
        self, type_name: str, selections: list[SelectionSetNode | None]
    ) -> tuple[plan.ConnectionField, ...]:
        connection = self.schema.get_type(type_name)
        assert is_object_type(connection)
        found: list[plan.ConnectionField] = []
        for key, nodes in self.collect(type_name, selections).items():
            name = _plain(nodes)
            inner = [node.selection_set for node in nodes]
            if name == "__typename":
                found.append(plan.Constant(key, type_name))
            elif name == "totalCount":
                found.append(plan.TotalCount(key))
            elif name == "edges":
                edge = get_named_type(connection.fields["edges"].type)
                found.append(plan.Edges(key, self.edges(edge.name, inner)))
            elif name == "pageInfo":
                info = get_named_type(connection.fields["pageInfo"].type)
                found.append(plan.PageInfo(key, self.page_info(info.name, inner)))
            else:
                raise Unknown
        return tuple(found)

    def edges(
        self, type_name: str, selections: list[SelectionSetNode | None]
    ) -> tuple[plan.Constant | plan.Cursor | plan.Node, ...]:
        edge = self.schema.get_type(type_name)
        assert is_object_type(edge)
        found: list[plan.Constant | plan.Cursor | plan.Node] = []
        for key, nodes in self.collect(type_name, selections).items():
            name = _plain(nodes)
            if name == "__typename":
                found.append(plan.Constant(key, type_name))
            elif name == "cursor":
                found.append(plan.Cursor(key))
            elif name == "node":
                node = get_named_type(edge.fields["node"].type)
                inner = [n.selection_set for n in nodes]
                found.append(plan.Node(key, self.object(node.name, inner)))
            else:
                raise Unknown
        return tuple(found)

    def page_info(
        self, type_name: str, selections: list[SelectionSetNode | None]
    ) -> tuple[plan.Constant | plan.PageField, ...]:
        found: list[plan.Constant | plan.PageField] = []
        for key, nodes in self.collect(type_name, selections).items():
            name = _plain(nodes)
            if name == "__typename":
                found.append(plan.Constant(key, type_name))
            elif name in PAGE_FIELDS:
                found.append(plan.PageField(key, name))
            else:
                raise Unknown
        return tuple(found)

    def object(
        self, type_name: str, selections: list[SelectionSetNode | None]
    ) -> tuple[plan.ObjectField, ...]:
        mapping = TYPES.get(type_name)
        if mapping is None:
            raise Unknown
        found: list[plan.ObjectField] = []
        for key, nodes in self.collect(type_name, selections).items():
            name = _plain(nodes)
            if name == "__typename":
                found.append(plan.Constant(key, type_name))
                continue
            declared = mapping.get(name)
            if declared is None:
                raise Unknown
            self.guarded.add((type_name, name))
            if isinstance(declared, Column):
                found.append(
                    plan.Scalar(
                        key=key,
                        column=declared.column,
                        kind=declared.kind,
                        type_name=type_name,
                        enum=declared.enum,
                    )
                )
            elif isinstance(declared, Relation):
                inner = [node.selection_set for node in nodes]
                found.append(
                    plan.Related(
                        key=key,
                        relation=declared.relation,
                        type_name=declared.type_name,
                        fields=self.object(declared.type_name, inner),
                    )
                )
        return tuple(found)


def _plain(nodes: list[FieldNode]) -> str:
    """The field name of merged ``nodes``; a field with arguments is not known here."""
    if any(node.arguments for node in nodes):
        raise Unknown
    return nodes[0].name.value


def argument_of(value: ValueNode) -> plan.Argument:
    """An argument's value as the plan keeps it."""
    if isinstance(value, VariableNode):
        return plan.Variable(value.name.value)
    if isinstance(value, NullValueNode):
        return plan.Literal(None)
    if isinstance(value, IntValueNode):
        return plan.Literal(int(value.value))
    if isinstance(value, FloatValueNode):
        return plan.Literal(float(value.value))
    if isinstance(value, StringValueNode | EnumValueNode):
        return plan.Literal(value.value)
    if isinstance(value, BooleanValueNode):
        return plan.Literal(value.value)
    if isinstance(value, ObjectValueNode):
        return plan.InputObject(
            tuple((field.name.value, argument_of(field.value)) for field in value.fields)
        )
    raise Unknown  # a list
