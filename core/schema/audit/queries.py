"""The audit log's root query field, for administrators."""

from __future__ import annotations

from typing import cast

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON

from core.i18n import Message
from core.schema.audit.types import AuditEntry
from core.schema.base import Info, filter_id, services
from core.schema.permissions import ADMIN
from core.services import audit


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="Mutations, newest first (at most 100 per page).", permission_classes=ADMIN
    )
    async def audit_log(
        self, info: Info, first: int = 50, before_id: strawberry.ID | None = None
    ) -> list[AuditEntry] | None:
        if not 1 <= first <= 100:
            raise GraphQLError(
                Message("first: must be between 1 and 100"), extensions={"code": "INVALID"}
            )
        before = filter_id(before_id, "beforeId")
        rows = await services(info).read(audit.recent_entries, first=first, before_id=before)
        return [
            AuditEntry(
                id=strawberry.ID(str(row.id)),
                actor=row.actor,
                client_address=row.client_address,
                operation=row.operation,
                fields=list(row.fields),
                variables=cast(JSON, row.variables),
                succeeded=row.succeeded,
                at=row.at,
            )
            for row in rows
        ]
