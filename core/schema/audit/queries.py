"""The audit log's root query field, for administrators."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

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
    ) -> list[AuditEntry]:
        if not 1 <= first <= 100:
            raise GraphQLError(
                Message("first: must be between 1 and 100"), extensions={"code": "INVALID"}
            )
        before = filter_id(before_id, "beforeId", "AuditEntry")
        rows = await services(info).read(audit.recent_entries, first=first, before_id=before)
        return [AuditEntry.from_row(row) for row in rows]
