"""Creating the first administrator from the command line."""

from __future__ import annotations

import asyncio

from core.auth.accounts import CreateAccountInput, create_account
from core.auth.roles import Role
from core.db.migrate import upgrade
from core.db.session import Database
from core.errors import DomainValidationError, UserErrorData
from core.lifecycle.inputs import validate
from core.plugins.registry import CountryRegistry
from core.settings import Settings


def create_admin_account(settings: Settings, *, email: str, password: str) -> list[UserErrorData]:
    """Migrate the database if needed and create the account; the errors (empty
    on success) say what was refused."""
    try:
        data = validate(
            CreateAccountInput, {"email": email, "password": password, "role": Role.ADMIN.value}
        )
    except DomainValidationError as exc:
        return exc.errors
    upgrade(settings.database_url, schema=settings.database_schema)
    return asyncio.run(_create(settings, data))


async def _create(settings: Settings, data: CreateAccountInput) -> list[UserErrorData]:
    db = Database.connect(settings.database_url, schema=settings.database_schema)
    try:
        async with db.transaction() as session:
            await create_account(session=session, registry=CountryRegistry(()), data=data)
    except DomainValidationError as exc:
        return exc.errors
    finally:
        await db.dispose()
    return []
