"""A field that some role may not read is nullable, so that refusing it nulls that
field alone (with the error at its path) instead of its parent, and through the
non-null parents above it, the whole answer.

*Restricted* here means: a field (of the Query, Mutation or Subscription root, or
of any object type the schema serves) with a permission class other than
:class:`~core.schema.permissions.Public` and
:class:`~core.schema.permissions.IsAuthenticated`. ``Public`` admits everyone;
``IsAuthenticated`` admits every role, and below the root every caller is signed
in already (nothing but the catalogue is reachable from the public root fields:
tests/auth/test_schema_access.py), so neither refuses anyone who can reach the
field's parent as a role. Every other permission class (``has_role(...)``, and
any a plugin brings, whatever it checks) counts as restricting, so that a new
kind of permission is nullable until someone decides otherwise here.

Anonymous callers are not a role: a root field open to every signed-in account
(``candidates``, ``me``) may stay non-null, and an anonymous request for it is
refused as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLNonNull, GraphQLObjectType
from starlette.applications import Starlette
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from core.schema.permissions import IsAuthenticated, Public

FOR_EVERYONE = (Public, IsAuthenticated)


def restricted(field: StrawberryField) -> bool:
    """Whether some role that reaches the field's parent may be refused the field."""
    return any(permission not in FOR_EVERYONE for permission in field.permission_classes)


def _served_fields(app: Starlette) -> Iterator[tuple[str, str, StrawberryField, bool]]:
    """(type, field, its strawberry field, whether the served field is non-null) for
    every field of every object type in the built schema."""
    schema = app.state.schema
    converter = schema.config.name_converter
    for name, served in schema._schema.type_map.items():
        if name.startswith("__") or not isinstance(served, GraphQLObjectType):
            continue
        definition = schema.get_type_by_name(name)
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        for field in definition.fields:
            field_name = converter.get_graphql_name(field)
            if field_name in served.fields:
                non_null = isinstance(served.fields[field_name].type, GraphQLNonNull)
                yield name, field_name, field, non_null


def test_no_restricted_field_is_non_null(app: Starlette) -> None:
    offending = [
        f"{type_name}.{field_name}"
        for type_name, field_name, field, non_null in _served_fields(app)
        if non_null and restricted(field)
    ]
    assert offending == []


def test_the_walk_sees_the_restricted_fields(app: Starlette) -> None:
    """The walk is not vacuous: it meets the fields whose refusal issue 12 reported
    (a candidate's personal data, casework root fields, role-bound mutations) and
    leaves the fields every role reads alone."""
    found = {
        f"{type_name}.{field_name}": restricted(field)
        for type_name, field_name, field, _ in _served_fields(app)
    }
    for name in (
        "Candidate.sex",
        "Candidate.dateOfBirth",
        "Candidate.call",
        "Candidate.history",
        "Event.registrations",
        "CandidateStatusChange.reason",
        "Query.hostCompanies",
        "Query.accounts",
        "Query.auditLog",
        "Mutation.registerCandidate",
        "Mutation.createAccount",
    ):
        assert found[name], name
    for name in ("Candidate.fullName", "Query.me", "Query.candidates", "Mutation.login"):
        assert not found[name], name
