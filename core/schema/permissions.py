"""Who may read a field or run a mutation. Every root field carries one of these
(deny by default: a test fails on a root field without an explicit decision).

A refusal is a GraphQL error with ``extensions.code`` ``UNAUTHENTICATED``
(nobody signed in) or ``FORBIDDEN`` (the role may not), at the refused field's
path. A field that some role may not read or call (any permission but
:class:`Public` and :class:`IsAuthenticated`) is nullable, so that its refusal
nulls that field alone, not its parent (tests/auth/test_schema_nullability.py).
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any, ClassVar

from graphql import GraphQLErrorExtensions
from strawberry.permission import BasePermission

from core.auth.roles import Role
from core.i18n import Message


class PerRequest(BasePermission):
    """A permission decided by the request's actor alone, never by the object or the
    arguments: :mod:`core.schema.field_permissions` decides it once per request for
    every plain field it guards."""

    per_request: ClassVar[bool] = True


class Public(PerRequest):
    """Open to everyone, anonymous visitors included: the catalogue."""

    message = "public"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return True


class IsAuthenticated(PerRequest):
    message = Message("sign in first: this needs an account")
    error_extensions: GraphQLErrorExtensions | None = {"code": "UNAUTHENTICATED"}  # noqa: RUF012

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return info.context.actor is not None


@cache
def has_role(*roles: Role) -> type[BasePermission]:
    """A permission for the given roles (one class per set, so fields can share it)."""
    names = ", ".join(role.value for role in roles)

    class HasRole(PerRequest):
        message = Message("this needs one of the roles: {roles}", roles=names)
        error_extensions: GraphQLErrorExtensions | None = {"code": "FORBIDDEN"}  # noqa: RUF012
        allowed = frozenset(roles)

        def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
            actor = info.context.actor
            return actor is not None and actor.role in self.allowed

    HasRole.__name__ = f"HasRole({names})"
    return HasRole


Permissions = list[type[BasePermission]]

PUBLIC: Permissions = [Public]
"""For ``permission_classes``: a field open to everyone, as a plugin's catalogue fields are."""

SIGNED_IN: Permissions = [IsAuthenticated]
ADMIN: Permissions = [IsAuthenticated, has_role(Role.ADMIN)]
IM_JAPAN: Permissions = [IsAuthenticated, has_role(Role.ADMIN, Role.STAFF)]
CASEWORK: Permissions = [
    IsAuthenticated,
    has_role(Role.ADMIN, Role.STAFF, Role.MINISTRY_OFFICER),
]
"""Recruitment, screening and training: IM Japan and the sending ministries."""
PERSONAL = CASEWORK
COMPANY_RECORDS: Permissions = [
    IsAuthenticated,
    has_role(Role.ADMIN, Role.STAFF, Role.HOST_COMPANY),
]
"""IM Japan's audits and visits of host companies: IM Japan and the host company audited
(scoped to its own); ministries and embassies do not see them at all."""
"""Personal data (birth date, body, tests, declarations): those who screen."""
TEST_RESULTS: Permissions = [
    IsAuthenticated,
    has_role(
        Role.ADMIN, Role.STAFF, Role.MINISTRY_OFFICER, Role.EMBASSY_OFFICER, Role.HOST_COMPANY
    ),
]
"""An intern's skills test sittings and home stays: IM Japan, the ministry and the embassy
of the intern's country and the intern's host company (the rows scoped to their interns)."""
HOST_COMPANY_STATUS: Permissions = [
    IsAuthenticated,
    has_role(Role.ADMIN, Role.STAFF, Role.HOST_COMPANY),
]
"""A host company's excellence periods: IM Japan and the company itself."""
GOVERNMENTS: Permissions = [
    IsAuthenticated,
    has_role(Role.ADMIN, Role.STAFF, Role.MINISTRY_OFFICER, Role.EMBASSY_OFFICER),
]
"""IM Japan and the interns' own governments (ministry and embassy, each scoped to its
nationals), not host companies: interns' difficulties and the fees they paid."""


async def refusing(info: Any, type_name: str, field_name: str) -> BasePermission | None:
    """The permission of ``type_name.field_name`` that refuses the caller of ``info``
    (its ``message`` and ``error_extensions`` are the refusal), or None when every
    permission of the field allows it."""
    definition = info.schema.get_type_by_name(type_name)
    converter = info.schema.config.name_converter
    for found in definition.fields:
        if converter.get_graphql_name(found) != field_name:
            continue
        for permission_class in found.permission_classes:
            permission = permission_class()
            allowed = permission.has_permission(None, info)
            if inspect.isawaitable(allowed):
                allowed = await allowed
            if not allowed:
                refused: BasePermission = permission
                return refused
        return None
    raise LookupError(f"{type_name}.{field_name} is not in the schema")


async def refusal(info: Any, type_name: str, field_name: str) -> str | None:
    """Why the caller of ``info`` may not use ``type_name.field_name`` (its
    permission's message), or None when every permission of the field allows it.

    The same permission classes that guard the field decide, so an answer
    built from this (a candidate's next steps) cannot drift from the refusal.
    """
    permission = await refusing(info, type_name, field_name)
    if permission is None:
        return None
    reason: str = permission.message or ""  # a Message, translated where shown
    return reason
