"""The accounts' root query fields: the signed-in account, every account."""

from __future__ import annotations

import strawberry

from core.schema.accounts.types import Account
from core.schema.base import Info, lookup_id, services
from core.schema.permissions import ADMIN, SIGNED_IN
from core.services import accounts


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in account.", permission_classes=SIGNED_IN)
    async def me(self, info: Info) -> Account | None:
        actor = info.context.actor
        assert actor is not None
        row = await services(info).read(accounts.account_by_id, account_id=actor.account_id)
        return Account.from_row(row) if row else None

    @strawberry.field(
        description="One account by id, for administrators; null when there is none.",
        permission_classes=ADMIN,
    )
    async def account(self, info: Info, id: strawberry.ID) -> Account | None:
        key = lookup_id(id, "id", "Account")
        return None if key is None else await Account.load(info, key)

    @strawberry.field(description="Every account, by email.", permission_classes=ADMIN)
    async def accounts(self, info: Info) -> list[Account]:
        rows = await services(info).read(accounts.all_accounts)
        return [Account.from_row(row) for row in rows]
