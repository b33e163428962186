"""An entry of the audit log as GraphQL shows it."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.relay import NodeID
from strawberry.scalars import JSON

from core.db import models
from core.schema.base import Info
from core.schema.nodes import GatedNode


@strawberry.type(description="One mutation as the audit log keeps it.")
class AuditEntry(GatedNode):
    id: NodeID[int]
    actor: str | None
    client_address: str | None
    operation: str
    fields: list[str]
    variables: JSON = strawberry.field(description="With passwords and tokens blanked.")
    succeeded: bool
    at: datetime

    GATE = ("Query", "auditLog")

    @classmethod
    async def load(cls, info: Info, key: int) -> AuditEntry | None:
        row = await info.context.loaders.nodes.audit_entry.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.AuditEntry) -> AuditEntry:
        assert row.id is not None
        return cls(
            id=row.id,
            actor=row.actor,
            client_address=row.client_address,
            operation=row.operation,
            fields=list(row.fields),
            variables=cast(JSON, row.variables),
            succeeded=row.succeeded,
            at=row.at,
        )
