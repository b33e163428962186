"""The ``imjapan`` command."""

from __future__ import annotations

import asyncio
import gc
import os
import secrets
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO, TypeVar

import click
from pydantic import ValidationError

from core.auth.roles import Role
from core.db.engine import DatabaseURLError
from core.errors import DomainValidationError, ErrorCode, PluginConfigurationError, UserErrorData
from core.lifecycle.csv_import import ImportMode
from core.settings import Settings

if TYPE_CHECKING:
    import pluggy
    from alembic.script import ScriptDirectory
    from sqlalchemy.ext.asyncio import AsyncEngine
    from sqlmodel.ext.asyncio.session import AsyncSession

    from core import demo
    from core.db.models import Account
    from core.db.session import Database
    from core.plugins.introspection import PluginDescription
    from core.plugins.registry import CountryRegistry

T = TypeVar("T")


class _Group(click.Group):
    """A group whose help lists each command with its whole one-line description,
    wrapped, instead of cut at about 45 characters."""

    group_class = type  # subgroups are _Group as well

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=500)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """imjapan-api: the GraphQL backend of IM Japan's Technical Intern Training Program."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes; they share state through the database.",
)
def serve(host: str, port: int, workers: int) -> None:
    """Serve GraphQL (and GraphiQL in development) at /graphql."""
    import uvicorn

    from core.app import create_app
    from core.http.header_limit import server_options
    from core.http.metrics import multiprocess_directory
    from core.logging import configure_logging

    app = _or_exit(lambda: create_app())
    bounded = server_options(app.state.settings.max_header_bytes)
    # One log format for the whole process, uvicorn's lines included; the
    # access line of core.http.observability (with the request id) replaces uvicorn's.
    configure_logging(app.state.settings)
    if workers == 1:
        # What start-up built lives as long as the process: kept out of every
        # full garbage collection, which would otherwise walk it each time.
        gc.collect()
        gc.freeze()
        uvicorn.run(
            app,
            host=host,
            port=port,
            proxy_headers=True,
            log_config=None,
            access_log=False,
            **bounded,
        )
        return
    _prepare_workers(app.state.settings)
    with multiprocess_directory():  # each worker's metrics, summed by /metrics
        uvicorn.run(
            "core.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            log_config=None,
            access_log=False,
            **bounded,
        )


def _prepare_workers(settings: Settings) -> None:
    """Migrate once here rather than in every worker, and give all workers one
    token key (development has none configured): each worker reads these from
    the environment it inherits."""
    if settings.migrates_on_start:
        from core.db.migrate import upgrade

        upgrade(settings.database_url, schema=settings.database_schema)
        os.environ["IMJAPAN_MIGRATE_ON_START"] = "false"
    if settings.secret_key is None:
        click.echo("imjapan: no IMJAPAN_SECRET_KEY; the workers share a random one", err=True)
        os.environ["IMJAPAN_SECRET_KEY"] = secrets.token_urlsafe(48)


def database_option(command: Callable[..., None]) -> Callable[..., None]:
    """``--database-url``, for every command that uses the database."""
    return click.option(
        "--database-url",
        metavar="URL",
        default=None,
        help="Database to use instead of DATABASE_URL (default sqlite:///imjapan.sqlite3).",
    )(command)


@main.group(invoke_without_command=True)
@click.option("--revision", default="head", show_default=True, help="Revision to upgrade to.")
@database_option
@click.pass_context
def migrate(ctx: click.Context, revision: str, database_url: str | None) -> None:
    """Upgrade the database (no command), or report or undo migrations."""
    if ctx.invoked_subcommand is not None:
        if revision != "head":
            raise click.UsageError("--revision is for the upgrade, without a command")
        return
    from core.db.migrate import upgrade

    settings = _settings(database_url)
    _known_revision(revision, "--revision")
    _reach(settings, lambda: _current_revision(settings))  # connects first: see _settled
    _reach(
        settings,
        lambda: upgrade(settings.database_url, schema=settings.database_schema, revision=revision),
    )
    current = _reach(settings, lambda: _current_revision(settings))
    newest = " (head)" if current == _revision_order()[-1] else ""
    click.echo(f"database at {current or 'base'}{newest}")


@migrate.command("status")
@click.option("--check", is_flag=True, help="Exit with status 1 when migrations are pending.")
@database_option
@click.pass_context
def migrate_status(ctx: click.Context, check: bool, database_url: str | None) -> None:
    """Show the database's revision and the migrations pending."""
    settings = _settings(_inherited(ctx, database_url))
    current = _reach(settings, lambda: _current_revision(settings))
    pending = _pending(current)
    click.echo(f"database: {_safe_url(settings)}")
    click.echo(f"current:  {_describe_revision(current) if current else 'none (empty database)'}")
    click.echo(f"head:     {_describe_revision(_revision_order()[-1])}")
    if pending:
        click.echo(f"pending:  {', '.join(pending)}")
    else:
        click.echo("up to date")
    if check and pending:
        sys.exit(1)


@migrate.command("history")
def migrate_history() -> None:
    """List the migrations, oldest first."""
    for script in reversed(list(_migration_scripts().walk_revisions())):
        click.echo(_describe_revision(script.revision))


@migrate.command("downgrade")
@click.option(
    "--to",
    "target",
    required=True,
    metavar="REV",
    help="Revision to go back to; base removes every table.",
)
@click.option(
    "--yes",
    is_flag=True,
    help="Confirm: the tables of later revisions are dropped, with their data.",
)
@database_option
@click.pass_context
def migrate_downgrade(ctx: click.Context, target: str, yes: bool, database_url: str | None) -> None:
    """Undo migrations down to revision REV (drops tables and data)."""
    from core.db.migrate import downgrade

    settings = _settings(_inherited(ctx, database_url))
    _known_revision(target, "--to")
    current = _reach(settings, lambda: _current_revision(settings))
    undone = _undone(current, target)
    if not undone:
        click.echo(f"nothing to undo: the database is at {current or 'base'}")
        return
    if not yes:
        click.echo(
            f"imjapan: downgrading to {target} undoes {', '.join(undone)} and drops their "
            "tables and data; repeat with --yes to do it",
            err=True,
        )
        sys.exit(1)
    _reach(
        settings,
        lambda: downgrade(settings.database_url, schema=settings.database_schema, revision=target),
    )
    click.echo(f"database at {target}; undone: {', '.join(undone)}")


@main.group()
def users() -> None:
    """Manage accounts."""


@users.command("create-admin")
@click.option("--email", required=True, help="The administrator's email address.")
@click.password_option(help="At least 12 characters; asked for when not given.")
@database_option
def create_admin(email: str, password: str, database_url: str | None) -> None:
    """Create an IM Japan administrator account (the first account of a new service)."""
    from core.auth.admin import create_admin_account

    settings = _settings(database_url)
    _reach(settings, lambda: _current_revision(settings))  # connects first: see _settled
    errors = _reach(
        settings, lambda: create_admin_account(settings, email=email, password=password)
    )
    _fail_on(errors)
    click.echo(f"administrator {email.strip().lower()} created")


ROLES = [role.value for role in Role]
# Input fields as the options of ``users create`` name them.
ACCOUNT_OPTIONS = {"countryCode": "--country", "hostCompanyId": "--host-company"}


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
    type=int,
    default=None,
    help="Id of the host company of a host company account.",
)
@click.password_option(help="At least 12 characters; asked for (hidden, twice) when not given.")
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
    from core.auth.accounts import CreateAccountInput, create_account
    from core.lifecycle.inputs import validate

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
        _fail(exc.errors)
    settings = _settings(database_url)
    _pm, registry = _plugins(settings)
    _ready_database(settings)

    async def create(db: Database) -> Account:
        async with db.transaction() as session:
            return await create_account(session=session, registry=registry, data=data)

    try:
        account = _run_db(settings, create)
    except DomainValidationError as exc:
        _fail(exc.errors)
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
    from sqlmodel import col, select

    from core.db.models import Account, HostCompany

    settings = _settings(database_url)
    _ready_database(settings)

    async def read(db: Database) -> list[tuple[Account, str | None]]:
        statement = (
            select(Account, HostCompany.name)
            .outerjoin(HostCompany, col(HostCompany.id) == col(Account.host_company_id))
            .order_by(col(Account.email))
        )
        if role is not None:
            statement = statement.where(col(Account.role) == role.lower())
        async with db.session() as session:
            return list((await session.exec(statement)).all())

    rows = _run_db(settings, read)
    if not rows:
        click.echo("no accounts" + (f" with role {role.lower()}" if role else ""))
        return
    _table(
        ("EMAIL", "ROLE", "SCOPE", "ACTIVE"),
        [
            (account.email, account.role, _scope(account, company), _yes(account.active))
            for account, company in rows
        ],
    )


@users.command("deactivate")
@click.argument("email")
@database_option
def deactivate_user(email: str, database_url: str | None) -> None:
    """Deactivate the account of EMAIL and end its sessions at once."""
    from core.auth.accounts import AccountIdInput, deactivate_account

    settings = _settings(database_url)
    _ready_database(settings)

    async def deactivate(db: Database) -> bool | None:
        async with db.transaction() as session:
            account = await _account_by_email(session, email)
            if account is None or account.id is None:
                return None
            was_active = account.active
            await deactivate_account(session=session, data=AccountIdInput(account_id=account.id))
            return was_active

    was_active = _run_db(settings, deactivate)
    if was_active is None:
        _fail([_no_account(email)])
    if was_active:
        click.echo(f"account {_email(email)} deactivated; its sessions have ended")
    else:
        click.echo(f"account {_email(email)} was already deactivated")


@users.command("set-password")
@click.argument("email")
@click.password_option(help="At least 12 characters; asked for (hidden, twice) when not given.")
@database_option
def set_password(email: str, password: str, database_url: str | None) -> None:
    """Give the account of EMAIL a new password; its sessions end."""
    from core.auth.passwords import MIN_LENGTH, hash_password

    if not MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        _fail(
            [
                UserErrorData(
                    "password",
                    f"must have {MIN_LENGTH} to {PASSWORD_MAX_LENGTH} characters",
                    ErrorCode.INVALID,
                )
            ]
        )
    settings = _settings(database_url)
    _ready_database(settings)

    async def change(db: Database) -> bool:
        async with db.transaction() as session:
            account = await _account_by_email(session, email)
            if account is None:
                return False
            account.password_hash = await hash_password(password)
            session.add(account)
            await _end_sessions(session, account)
            return True

    if not _run_db(settings, change):
        _fail([_no_account(email)])
    click.echo(f"password of {_email(email)} changed; its sessions have ended")


PASSWORD_MAX_LENGTH = 200


def _email(email: str) -> str:
    """An email as accounts store it."""
    return email.strip().lower()


def _no_account(email: str) -> UserErrorData:
    return UserErrorData("email", f"no account with email {_email(email)!r}", ErrorCode.NOT_FOUND)


async def _account_by_email(session: AsyncSession, email: str) -> Account | None:
    from sqlmodel import col, select

    from core.db.models import Account

    statement = select(Account).where(col(Account.email) == _email(email)).with_for_update()
    return (await session.exec(statement)).first()


async def _end_sessions(session: AsyncSession, account: Account) -> None:
    """Revoke the account's live sessions, access tokens included (a new password
    should sign out whoever knew the old one)."""
    from datetime import UTC, datetime

    from sqlalchemy import update
    from sqlmodel import col

    from core.db.models import AuthSession

    await session.exec(
        update(AuthSession)
        .where(col(AuthSession.account_id) == account.id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=datetime.now(UTC))
    )


def _scope(account: Account, company: str | None) -> str:
    """What the account is limited to, in words."""
    if account.country_code is not None:
        return account.country_code
    if account.host_company_id is not None:
        name = f" ({company})" if company else ""
        return f"host company {account.host_company_id}{name}"
    return "all countries"


def _fail_on(errors: Sequence[UserErrorData]) -> None:
    """Exit 1 with the errors if there are any."""
    if errors:
        _fail(errors)


def _fail(errors: Sequence[UserErrorData]) -> NoReturn:
    """Print each error as ``error: <option or field>: <reason>`` and exit 1."""
    for error in errors:
        field = ACCOUNT_OPTIONS.get(error.field or "", error.field or "-")
        message = error.message
        for name, option in ACCOUNT_OPTIONS.items():
            message = message.replace(name, option)
        click.echo(f"error: {field}: {message}", err=True)
    sys.exit(1)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print ``rows`` under ``header`` in left-aligned columns."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)]
        click.echo("  ".join(cells).rstrip())


@main.group()
def candidates() -> None:
    """Work with candidates."""


@candidates.command("import")
@click.option("--call-id", type=int, required=True, help="The recruitment call's id.")
@click.option(
    "--mode",
    type=click.Choice([mode.value for mode in ImportMode]),
    default=ImportMode.ALL_VALID_ROWS.value,
    show_default=True,
    help="Import the valid rows, or nothing when any row is bad.",
)
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
@database_option
def import_candidates(call_id: int, mode: str, csv_file: TextIO, database_url: str | None) -> None:
    """Register the candidates of a ministry's CSV file; bad rows are listed by line."""
    from core.lifecycle.csv_import import import_file

    settings = _settings(database_url)
    _ready_database(settings)
    text = csv_file.read()
    report, errors = _reach(
        settings,
        lambda: asyncio.run(
            import_file(settings, call_id=call_id, text=text, mode=ImportMode(mode))
        ),
    )
    for error in errors:
        click.echo(f"error: {error.field or '-'}: {error.message}", err=True)
    for row in report.row_errors if report else ():
        click.echo(f"line {row.line}: {row.column or '-'}: {row.message}", err=True)
    if report is None:
        sys.exit(1)
    click.echo(f"{len(report.imported)} of {report.rows} row(s) imported")
    if report.row_errors:
        sys.exit(1)


@candidates.command("screen")
@click.option("--call", "call_id", type=int, required=True, help="The recruitment call's id.")
@click.option(
    "--batch-size",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="Candidates screened per transaction.",
)
@database_option
def screen_candidates(call_id: int, batch_size: int, database_url: str | None) -> None:
    """Screen every candidate of a call not screened yet, as screenCandidate does."""
    from core.lifecycle.batch_screening import screen_call

    settings = _settings(database_url)
    _ready_database(settings)
    report, errors = _or_exit(
        lambda: _reach(
            settings,
            lambda: asyncio.run(screen_call(settings, call_id=call_id, batch_size=batch_size)),
        )
    )
    for error in errors:
        click.echo(f"error: {error.field or '-'}: {error.message}", err=True)
    if report is None:
        sys.exit(1)
    click.echo(
        f"{report.screened} candidate(s) of call {call_id} screened in {report.seconds:.1f} s "
        f"({report.rate:.0f} per second): {report.passed} passed, {report.failed} failed"
    )


@main.command("export-schema")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option(
    "--check",
    "check_file",
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Compare FILE with the schema instead; exit 1 with a diff when they differ.",
)
def export_schema(output: Path | None, check_file: Path | None) -> None:
    """Print the GraphQL schema (SDL) built from the installed plugins."""
    from core.app import create_app

    if output is not None and check_file is not None:
        raise click.UsageError("give either --output or --check, not both")
    app = _or_exit(lambda: create_app())
    sdl = str(app.state.schema) + "\n"
    if check_file is not None:
        _check_schema_file(check_file, sdl)
    elif output is None:
        click.echo(sdl, nl=False)
    else:
        output.write_text(sdl, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@main.group()
def schema() -> None:
    """The schema contract with frontends (docs/schema-policy.md)."""


@schema.command("check")
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Release schema to compare with; the newest in schema/releases by default.",
)
@click.option(
    "--committed",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("schema.graphql"),
    show_default=True,
    help="Committed schema file that must equal the built schema (skipped when absent).",
)
def schema_check(baseline: Path | None, committed: Path) -> None:
    """Fail on breaking changes not announced by a deprecation, or a stale schema file."""
    from core.app import create_app
    from core.schema import contract

    live = str(_or_exit(lambda: create_app()).state.schema) + "\n"
    try:
        baseline = baseline or contract.newest_release(contract.RELEASES_DIR).path
        comparison = contract.compare(baseline.read_text(encoding="utf-8"), live)
    except contract.SchemaContractError as exc:
        click.echo(f"imjapan: schema check: {exc}", err=True)
        sys.exit(2)
    for line in contract.describe(comparison, baseline=str(baseline)):
        click.echo(line)
    stale = committed.is_file() and contract.drift(committed.read_text(encoding="utf-8"), live)
    if stale:
        click.echo("\n".join(stale))
        click.echo(f"{committed} is out of date: run `imjapan export-schema -o {committed}`")
    sys.exit(1 if stale or not comparison.ok else 0)


@main.group()
def docs() -> None:
    """Documentation generated from the code."""


@docs.command("hooks")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (docs/plugin-hooks.md) instead of standard output.",
)
def docs_hooks(output: Path | None) -> None:
    """Print the plugin hook reference, generated from core/plugins/hookspecs.py."""
    from core.plugins import docgen

    try:
        text = docgen.render()
    except docgen.HookDocError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@main.command("check-plugins")
def check_plugins() -> None:
    """List the installed country plugins and validate them as start-up does."""
    from core.app import create_app

    settings = _or_exit(Settings)
    try:
        app = create_app(settings)
    except (PluginConfigurationError, DatabaseURLError) as exc:
        _plugin_table(settings, {})
        click.echo(f"imjapan: cannot start: {exc}", err=True)
        sys.exit(2)
    _plugin_table(settings, {plugin.name: plugin for plugin in app.state.plugins})
    click.echo(f"{len(app.state.plugins)} plugin(s) OK")


def _plugin_table(settings: Settings, loaded: Mapping[str, PluginDescription]) -> None:
    """One row per installed (or loaded) plugin: its distribution, whether
    IMJAPAN_COUNTRIES enables it and, once validated, its country and hooks."""
    from importlib.metadata import entry_points

    from core.plugins.hookspecs import ENTRY_POINT_GROUP

    installed = {
        ep.name: (ep.dist.name, ep.dist.version) if ep.dist else ("-", "-")
        for ep in entry_points(group=ENTRY_POINT_GROUP)
    }
    rows = []
    for name in sorted({*installed, *loaded}):
        plugin = loaded.get(name)
        distribution, version = installed.get(name, ("(registered directly)", "-"))
        enabled = settings.countries is None or name in settings.countries
        rows.append(
            (
                name,
                plugin.country_code or "-" if plugin else "-",
                distribution,
                version,
                _yes(enabled),
                ", ".join(plugin.hooks) if plugin else "-",
            )
        )
    _table(("NAME", "CODE", "DISTRIBUTION", "VERSION", "ENABLED", "HOOKS"), rows)


@main.command("seed-demo")
@click.option(
    "--candidates",
    "count",
    default=200,
    show_default=True,
    type=click.IntRange(0, 5000),
    help="Candidates to make, spread over the countries and the pipeline.",
)
@click.option(
    "--seed",
    default=1,
    show_default=True,
    type=int,
    help="Random seed; a seed gives the same data on the same day (dates count back from today).",
)
@click.option(
    "--password",
    default=None,
    help="Password of the demo accounts (12+ characters); a random one is printed if not given.",
)
@click.option("--reset", is_flag=True, help="Delete the demo rows already there first.")
@click.option("--clear", is_flag=True, help="Only delete the demo rows; make none.")
@click.option(
    "--force",
    is_flag=True,
    help="Run even in the production profile or beside data that is not demo data.",
)
@database_option
def seed_demo(
    count: int,
    seed: int,
    password: str | None,
    reset: bool,
    clear: bool,
    force: bool,
    database_url: str | None,
) -> None:
    """Fill the database with clearly fake demo data, so GraphiQL has something to show."""
    from datetime import date

    from sqlalchemy.exc import IntegrityError

    from core import demo
    from core.screening.custom import plugin_evaluator

    settings = _settings(database_url)
    if settings.profile == "production" and not force:
        click.echo(
            "imjapan: refusing to touch demo data in the production profile "
            "(add --force if this database really is for demonstrations)",
            err=True,
        )
        sys.exit(1)
    pm, registry = _plugins(settings)
    _ready_database(settings)
    password = password or secrets.token_urlsafe(12)

    async def clear_demo(db: Database) -> dict[str, int]:
        async with db.transaction() as session:
            return await demo.remove_demo_data(session=session)

    async def seed_data(db: Database) -> demo.DemoReport:
        async with db.transaction() as session:
            return await demo.seed_demo(
                session=session,
                registry=registry,
                custom=plugin_evaluator(pm, settings),
                candidates=count,
                seed=seed,
                today=date.today(),
                password=password,
                reset=reset,
                force=force,
            )

    try:
        if clear:
            removed = _run_db(settings, clear_demo)
            click.echo(f"removed {sum(removed.values())} demo row(s): {_counts(removed)}")
            return
        report = _run_db(settings, seed_data)
    except demo.DemoRefused as exc:
        click.echo(f"imjapan: {exc}", err=True)
        sys.exit(1)
    except DomainValidationError as exc:
        _fail(exc.errors)
    except IntegrityError:
        click.echo(
            "imjapan: the demo data cannot be removed: rows that are not demo data refer to it",
            err=True,
        )
        sys.exit(1)
    _print_demo_report(report, seed=seed, count=count, password=password)


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{number} {name}" for name, number in counts.items() if number) or "none"


def _print_demo_report(report: demo.DemoReport, *, seed: int, count: int, password: str) -> None:
    if report.removed:
        click.echo(f"removed the earlier demo data ({sum(report.removed.values())} rows)")
    click.echo(f"demo data made (seed {seed}, {count} candidates):")
    _table(("  WHAT", "COUNT"), [(f"  {name}", str(n)) for name, n in report.created.items()])
    click.echo("candidates by status:")
    from core.lifecycle.states import Status

    statuses = [(f"  {status.value}", str(report.statuses[status])) for status in Status]
    _table(("  STATUS", "COUNT"), [row for row in statuses if row[1] != "0"])
    click.echo(f"demo accounts, all with the password {password}:")
    _table(
        ("  EMAIL", "ROLE", "SCOPE"),
        [(f"  {account.email}", account.role.value, account.scope) for account in report.accounts],
    )
    click.echo("sign in with the login mutation (GraphiQL: imjapan serve, then /graphql)")


@main.group()
def assets() -> None:
    """Third-party files the service serves itself (GraphiQL)."""


@assets.command("fetch")
@click.option(
    "--registry",
    default="https://registry.npmjs.org",
    show_default=True,
    help="npm registry or mirror, or a file:// directory of the tarballs.",
)
def fetch_assets(registry: str) -> None:
    """Download GraphiQL's pinned files, verify their checksums and install them."""
    from core.http.graphiql_assets import run

    status, message = run(registry)
    click.echo(message, err=bool(status))
    sys.exit(status)


def _or_exit(build: Callable[[], T]) -> T:
    """Run ``build``; on a configuration problem print one line and exit 2."""
    try:
        return build()
    except (PluginConfigurationError, DatabaseURLError, ValidationError) as exc:
        click.echo(f"imjapan: cannot start: {exc}", err=True)
        sys.exit(2)


def _settings(database_url: str | None) -> Settings:
    """The settings, with ``--database-url`` in place of DATABASE_URL when given.

    A URL the service cannot use stops here, before anything connects.
    """
    from core.db.engine import async_url

    def build() -> Settings:
        settings = Settings(database_url=database_url) if database_url else Settings()
        async_url(settings.database_url)
        return settings

    settings = _or_exit(build)
    folder = _sqlite_folder(settings)
    if folder is not None and not folder.is_dir():
        click.echo(
            f"imjapan: cannot use the database at {_safe_url(settings)}: "
            f"there is no directory {folder}",
            err=True,
        )
        sys.exit(2)
    return settings


def _sqlite_folder(settings: Settings) -> Path | None:
    """The directory of a SQLite database file (None for PostgreSQL or in memory)."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).resolve().parent


def _inherited(ctx: click.Context, database_url: str | None) -> str | None:
    """A subcommand's ``--database-url``, or else its group's."""
    if database_url is None and ctx.parent is not None:
        parent: str | None = ctx.parent.params.get("database_url")
        return parent
    return database_url


def _safe_url(settings: Settings) -> str:
    """The database URL with its password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


def _reach(settings: Settings, work: Callable[[], T]) -> T:
    """Run ``work``; when the database cannot be reached or opened, say so in one
    line and exit 2 (no traceback: it is the environment, not a bug)."""
    try:
        return work()
    except Exception as exc:
        if not _unreachable(exc):
            raise
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        click.echo(f"imjapan: cannot use the database at {_safe_url(settings)}: {reason}", err=True)
        sys.exit(2)


def _unreachable(exc: Exception) -> bool:
    """Whether ``exc`` means the database is down, absent or refuses us.

    Connection failures surface as OSError (refused, unknown host, timeout),
    as asyncpg's own errors (unknown database or role, bad password) before
    SQLAlchemy wraps anything, or as SQLAlchemy's OperationalError (SQLite:
    unable to open the file).
    """
    from sqlalchemy.exc import InterfaceError, OperationalError

    if isinstance(exc, OSError | OperationalError | InterfaceError):
        return True
    return type(exc).__module__.startswith("asyncpg.")


def _run_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run ``work`` with a connected :class:`Database` on its own event loop."""

    from core.db.session import Database

    async def run() -> T:
        db = Database.connect(settings.database_url, schema=settings.database_schema)
        try:
            return await _settled(work(db))
        finally:
            await db.dispose()

    return _reach(settings, lambda: asyncio.run(run()))


async def _settled(work: Awaitable[T]) -> T:
    """``await work``; on failure, wait a moment before the error ends the event loop.

    After a failed connect, aiosqlite stops its worker thread without waiting
    for it, and the thread then reports to the loop: if ``asyncio.run`` has
    closed the loop by then, the thread fails with "Event loop is closed".
    """
    try:
        return await work
    except Exception:
        await asyncio.sleep(0.05)
        raise


def _ready_database(settings: Settings) -> None:
    """Bring the database to the newest revision where the profile migrates at
    start-up (development); elsewhere refuse while migrations are pending."""
    pending = _pending(_reach(settings, lambda: _current_revision(settings)))
    if pending and settings.migrates_on_start:
        from core.db.migrate import upgrade

        _reach(settings, lambda: upgrade(settings.database_url, schema=settings.database_schema))
    elif pending:
        click.echo(
            f"imjapan: the database has pending migrations ({', '.join(pending)}): "
            "run `imjapan migrate` first",
            err=True,
        )
        sys.exit(2)


def _migration_scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    from core.db.migrate import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS))


def _current_revision(settings: Settings) -> str | None:
    """The revision the database is at, or None before the first migration."""
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy.engine import Connection

    from core.db.engine import create_engine

    def read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async def connect_and_read(engine: AsyncEngine) -> str | None:
        async with engine.connect() as connection:
            return await connection.run_sync(read)

    async def run() -> str | None:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            return await _settled(connect_and_read(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _describe_revision(revision: str) -> str:
    script = _migration_scripts().get_revision(revision)
    return f"{revision} {script.doc}" if script is not None else revision


def _revision_order() -> list[str]:
    return [script.revision for script in reversed(list(_migration_scripts().walk_revisions()))]


def _pending(current: str | None) -> list[str]:
    """The revisions after ``current``, oldest first."""
    order = _revision_order()
    return order[order.index(current) + 1 :] if current in order else order


def _undone(current: str | None, target: str) -> list[str]:
    """The revisions a downgrade from ``current`` to ``target`` undoes, newest first."""
    order = _revision_order()
    if current not in order or (target != "base" and target not in order):
        return []
    keep = 0 if target == "base" else order.index(target) + 1
    return list(reversed(order[keep : order.index(current) + 1]))


def _known_revision(revision: str, option: str) -> None:
    known = _revision_order()
    if revision not in {*known, "head", "base"}:
        raise click.BadParameter(
            f"no migration {revision!r} (known: {', '.join(known)}, head, base)",
            param_hint=option,
        )


def _plugins(settings: Settings) -> tuple[pluggy.PluginManager, CountryRegistry]:
    """The plugin manager and the validated registry, as start-up builds them."""
    from core.plugins.manager import get_plugin_manager
    from core.plugins.registry import build_registry

    def build() -> tuple[pluggy.PluginManager, CountryRegistry]:
        pm = get_plugin_manager(settings)
        return pm, build_registry(pm, settings)

    return _or_exit(build)


SCHEMA_DIFF_LINES = 60


def _check_schema_file(path: Path, sdl: str) -> None:
    """Exit 1 with a summary and the start of a unified diff when ``path`` is not ``sdl``."""
    import difflib

    committed = path.read_text(encoding="utf-8")
    if committed == sdl:
        click.echo(f"{path} matches the schema")
        return
    diff = list(
        difflib.unified_diff(
            committed.splitlines(), sdl.splitlines(), str(path), "live schema", lineterm=""
        )
    )
    added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
    if not diff:
        click.echo(f"imjapan: {path} differs from the schema in line endings only", err=True)
        sys.exit(1)
    for line in diff[:SCHEMA_DIFF_LINES]:
        click.echo(line)
    if len(diff) > SCHEMA_DIFF_LINES:
        click.echo(f"... ({len(diff) - SCHEMA_DIFF_LINES} more diff lines)")
    click.echo(
        f"imjapan: {path} differs from the schema: {added} line(s) added, {removed} removed; "
        f"update it with `imjapan export-schema -o {path}`",
        err=True,
    )
    sys.exit(1)
