"""The accounts' root query fields: the signed-in account, every account (a connection)."""

from __future__ import annotations

import strawberry

from core.schema.accounts.types import Account
from core.schema.base import Info, lookup_id, services
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
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

    @strawberry.field(
        description="Every account, by email, a page at a time.", permission_classes=ADMIN
    )
    async def accounts(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Account] | None:
        return await connection(
            info,
            accounts.all_accounts(),
            Account.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
