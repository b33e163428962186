"""The account as GraphQL shows it, and the roles."""

from __future__ import annotations

from datetime import datetime

import strawberry

from core.auth.roles import Role as RoleEnum
from core.db.models import Account as AccountRow

Role = strawberry.enum(RoleEnum, name="Role")


@strawberry.type
class Account:
    id: strawberry.ID
    email: str
    role: RoleEnum
    country_code: str | None
    host_company_id: strawberry.ID | None
    active: bool
    created_at: datetime

    @classmethod
    def from_row(cls, row: AccountRow) -> Account:
        return cls(
            id=strawberry.ID(str(row.id)),
            email=row.email,
            role=RoleEnum(row.role),
            country_code=row.country_code,
            host_company_id=strawberry.ID(str(row.host_company_id))
            if row.host_company_id
            else None,
            active=row.active,
            created_at=row.created_at,
        )
