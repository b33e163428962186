"""Account administration from the command line: the first administrator, the account list."""

from __future__ import annotations

import asyncio

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.roles import Role
from core.db.migrate import upgrade
from core.db.models import Account, HostCompany
from core.db.session import Database
from core.errors import DomainValidationError, UserErrorData
from core.plugins.registry import CountryRegistry
from core.services.accounts import CreateAccountInput, create_account
from core.services.inputs import validate
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


async def list_accounts(
    session: AsyncSession, *, role: Role | None = None
) -> list[tuple[Account, str | None]]:
    """Every account (of ``role`` if given) by email, with its host company's name."""
    statement = (
        select(Account, HostCompany.name)
        .outerjoin(HostCompany, col(HostCompany.id) == col(Account.host_company_id))
        .order_by(col(Account.email))
    )
    if role is not None:
        statement = statement.where(col(Account.role) == role.value)
    return list((await session.exec(statement)).all())
