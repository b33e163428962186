"""An entry of the audit log as GraphQL shows it."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON


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
