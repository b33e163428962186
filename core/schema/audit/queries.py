"""The audit log's root query field, for administrators."""

from __future__ import annotations

import strawberry

from core.schema.audit.types import AuditEntry
from core.schema.base import Info
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.permissions import ADMIN
from core.services import audit


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="Mutations, newest first (by id), a page at a time.",
        permission_classes=ADMIN,
    )
    async def audit_log(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[AuditEntry] | None:
        return await connection(
            info,
            audit.recent_entries(),
            AuditEntry.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
