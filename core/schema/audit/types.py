"""An entry of the audit log as GraphQL shows it."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from core.db import models


@strawberry.type(description="One mutation as the audit log keeps it.")
class AuditEntry:
    id: strawberry.ID
    actor: str | None
    client_address: str | None
    operation: str
    fields: list[str]
    variables: JSON = strawberry.field(description="With passwords and tokens blanked.")
    succeeded: bool
    at: datetime

    @classmethod
    def from_row(cls, row: models.AuditEntry) -> AuditEntry:
        return cls(
            id=strawberry.ID(str(row.id)),
            actor=row.actor,
            client_address=row.client_address,
            operation=row.operation,
            fields=list(row.fields),
            variables=cast(JSON, row.variables),
            succeeded=row.succeeded,
            at=row.at,
        )
