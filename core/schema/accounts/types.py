"""The account as GraphQL shows it, and the roles."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.relay import NodeID

from core.auth.roles import Role as RoleEnum
from core.db.models import Account as AccountRow
from core.schema.base import Info
from core.schema.ids import optional_global_id
from core.schema.lifecycle.types import HostCompany
from core.schema.nodes import GatedNode

Role = strawberry.enum(RoleEnum, name="Role")


@strawberry.type
class Account(GatedNode):
    id: NodeID[int]
    email: str
    role: RoleEnum
    country_code: str | None
    host_company_id: strawberry.ID | None
    active: bool
    created_at: datetime
    host_company_key: strawberry.Private[int | None]

    GATE = ("Query", "account")

    @strawberry.field(
        description=(
            "The host company of a host company's account: how a host company reads its "
            "own company record (me { hostCompany { ... } }). Null for other roles, and "
            "for a company the reader may not see."
        )
    )
    async def host_company(self, info: Info) -> HostCompany | None:
        if self.host_company_key is None:
            return None
        return await HostCompany.load(info, self.host_company_key)

    @classmethod
    async def check(cls, info: Info, key: int | None) -> None:
        """Administrators read every account; anyone else only their own (as ``me``)."""
        actor = info.context.actor
        if actor is not None and key is not None and actor.account_id == key:
            return
        await super().check(info, key)

    @classmethod
    async def load(cls, info: Info, key: int) -> Account | None:
        row = await info.context.loaders.nodes.account.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: AccountRow) -> Account:
        assert row.id is not None
        return cls(
            id=row.id,
            email=row.email,
            role=RoleEnum(row.role),
            country_code=row.country_code,
            host_company_id=optional_global_id("HostCompany", row.host_company_id),
            active=row.active,
            created_at=row.created_at,
            host_company_key=row.host_company_id,
        )
