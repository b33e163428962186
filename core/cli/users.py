"""``imjapan users``: create-admin, create, list, deactivate, set-password."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from core.auth.roles import Role
from core.cli.common import (
    Group,
    RowKey,
    database_option,
    fail,
    fail_on,
    load_plugins,
    migration_status,
    reach,
    ready_database,
    run_db,
    settings_for,
    table,
    yes,
)
from core.errors import DomainValidationError

if TYPE_CHECKING:
    from core.db.models import Account
    from core.db.session import Database

ROLES = [role.value for role in Role]
PASSWORD_HELP = "At least 12 characters; asked for (hidden, twice) when not given."


@click.group("users", cls=Group)
def users() -> None:
    """Manage accounts."""


@users.command("create-admin")
@click.option("--email", required=True, help="The administrator's email address.")
@click.password_option(help="At least 12 characters; asked for when not given.")
@database_option
def create_admin(email: str, password: str, database_url: str | None) -> None:
    """Create an IM Japan administrator account (the first account of a new service)."""
    from core.services.admin import create_admin_account

    settings = settings_for(database_url)
    migration_status(settings)  # connects first: see common._settled
    errors = reach(settings, lambda: create_admin_account(settings, email=email, password=password))
    fail_on(errors)
    click.echo(f"administrator {email.strip().lower()} created")


@users.command("create")
@click.option("--email", required=True, help="The account's email address (its sign-in name).")
@click.option(
    "--role",
    required=True,
    type=click.Choice(ROLES, case_sensitive=False),
    help="What the account may see and do (README: Accounts and roles).",
)
@click.option(
    "--country",
    "country_code",
    metavar="CC",
    default=None,
    help="Country code of a ministry or embassy officer, e.g. VN.",
)
@click.option(
    "--host-company",
    "host_company_id",
    metavar="ID",
    type=RowKey("HostCompany"),
    default=None,
    help="Id of the host company of a host company account (its number, or its id in GraphQL).",
)
@click.password_option(help=PASSWORD_HELP)
@database_option
def create_user(
    email: str,
    role: str,
    country_code: str | None,
    host_company_id: int | None,
    password: str,
    database_url: str | None,
) -> None:
    """Create an account; officers need --country, host companies --host-company."""
    from core.services.accounts import CreateAccountInput, create_account
    from core.services.inputs import validate

    values = {
        "email": email,
        "password": password,
        "role": role.lower(),
        "countryCode": country_code,
        "hostCompanyId": host_company_id,
    }
    try:
        data = validate(CreateAccountInput, values)
    except DomainValidationError as exc:
        fail(exc.errors)
    settings = settings_for(database_url)
    _pm, registry = load_plugins(settings)
    ready_database(settings)

    async def create(db: Database) -> Account:
        async with db.transaction() as session:
            return await create_account(session=session, registry=registry, data=data)

    try:
        account = run_db(settings, create)
    except DomainValidationError as exc:
        fail(exc.errors)
    click.echo(f"{account.role} {account.email} created ({_scope(account, None)})")


@users.command("list")
@click.option(
    "--role",
    type=click.Choice(ROLES, case_sensitive=False),
    default=None,
    help="Only the accounts of this role.",
)
@database_option
def list_users(role: str | None, database_url: str | None) -> None:
    """List the accounts: email, role, scope and whether active."""
    from core.services.admin import list_accounts

    settings = settings_for(database_url)
    ready_database(settings)

    async def read(db: Database) -> list[tuple[Account, str | None]]:
        async with db.session() as session:
            return await list_accounts(session, role=Role(role.lower()) if role else None)

    rows = run_db(settings, read)
    if not rows:
        click.echo("no accounts" + (f" with role {role.lower()}" if role else ""))
        return
    table(
        ("EMAIL", "ROLE", "SCOPE", "ACTIVE"),
        [
            (account.email, account.role, _scope(account, company), yes(account.active))
            for account, company in rows
        ],
    )


@users.command("deactivate")
@click.argument("email")
@database_option
def deactivate_user(email: str, database_url: str | None) -> None:
    """Deactivate the account of EMAIL and end its sessions at once."""
    from core.services.accounts import AccountIdInput, account_by_email, deactivate_account

    settings = settings_for(database_url)
    ready_database(settings)

    async def deactivate(db: Database) -> tuple[Account, bool]:
        async with db.transaction() as session:
            account = await account_by_email(session, email)
            assert account.id is not None
            was_active = account.active
            await deactivate_account(session=session, data=AccountIdInput(account_id=account.id))
            return account, was_active

    try:
        account, was_active = run_db(settings, deactivate)
    except DomainValidationError as exc:
        fail(exc.errors)
    if was_active:
        click.echo(f"account {account.email} deactivated; its sessions have ended")
    else:
        click.echo(f"account {account.email} was already deactivated")


@users.command("set-password")
@click.argument("email")
@click.password_option(help=PASSWORD_HELP)
@database_option
def set_password(email: str, password: str, database_url: str | None) -> None:
    """Give the account of EMAIL a new password; its sessions end."""
    from core.services import accounts

    try:
        accounts.check_new_password(password)  # before connecting, as account creation
    except DomainValidationError as exc:
        fail(exc.errors)
    settings = settings_for(database_url)
    ready_database(settings)

    async def change(db: Database) -> Account:
        async with db.transaction() as session:
            return await accounts.set_password(session=session, email=email, password=password)

    try:
        account = run_db(settings, change)
    except DomainValidationError as exc:
        fail(exc.errors)
    click.echo(f"password of {account.email} changed; its sessions have ended")


def _scope(account: Account, company: str | None) -> str:
    """What the account is limited to, in words."""
    if account.country_code is not None:
        return account.country_code
    if account.host_company_id is not None:
        name = f" ({company})" if company else ""
        return f"host company {account.host_company_id}{name}"
    return "all countries"
