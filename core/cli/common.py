"""What the commands share: the ``--database-url`` option, one-line errors, exit statuses.

Exit statuses: 0 done; 1 refused (bad input, a check that failed, see
:func:`fail`); 2 the environment is wrong (configuration, an unreachable
database, pending migrations: see :func:`or_exit` and :func:`reach`) or, as
click makes it, a usage error.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click
from pydantic import ValidationError

from core.db.engine import DatabaseURLError
from core.errors import PluginConfigurationError, UserErrorData
from core.settings import Settings

if TYPE_CHECKING:
    import pluggy

    from core.db.migrate import MigrationStatus
    from core.db.session import Database
    from core.plugins.registry import CountryRegistry

T = TypeVar("T")

# Input fields as the options of ``users create`` name them.
ACCOUNT_OPTIONS = {"countryCode": "--country", "hostCompanyId": "--host-company"}


class RowKey(click.ParamType[int]):
    """An option naming a row: its key (``4``) or its GraphQL global id (the ``id`` the
    API gives it), which must be the id of ``type_name``."""

    name = "id"

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        from core.ids import NotAnId, parse_id
        from core.schema.ids import NotAGlobalId, decode_as

        if isinstance(value, int) and not isinstance(value, bool):
            return value
        try:
            key = parse_id(value)
        except NotAnId:
            try:
                key = decode_as(value, self.type_name)
            except NotAGlobalId as problem:
                self.fail(str(problem.reason), param, ctx)
        if key is None:
            self.fail("no row has this id", param, ctx)
        return key


class Group(click.Group):
    """A group whose help lists each command with its whole one-line description,
    wrapped, instead of cut at about 45 characters."""

    group_class = type  # subgroups are Group as well

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=500)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def database_option(command: Callable[..., None]) -> Callable[..., None]:
    """``--database-url``, for every command that uses the database."""
    return click.option(
        "--database-url",
        metavar="URL",
        default=None,
        help="Database to use instead of DATABASE_URL (default sqlite:///imjapan.sqlite3).",
    )(command)


def fail_on(errors: Sequence[UserErrorData]) -> None:
    """Exit 1 with the errors if there are any."""
    if errors:
        fail(errors)


def fail(errors: Sequence[UserErrorData]) -> NoReturn:
    """Print each error as ``error: <option or field>: <reason>`` and exit 1."""
    for error in errors:
        field = ACCOUNT_OPTIONS.get(error.field or "", error.field or "-")
        message = error.message
        for name, option in ACCOUNT_OPTIONS.items():
            message = message.replace(name, option)
        click.echo(f"error: {field}: {message}", err=True)
    sys.exit(1)


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print ``rows`` under ``header`` in left-aligned columns."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)]
        click.echo("  ".join(cells).rstrip())


def or_exit(build: Callable[[], T]) -> T:
    """Run ``build``; on a configuration problem print one line and exit 2."""
    try:
        return build()
    except (PluginConfigurationError, DatabaseURLError, ValidationError) as exc:
        click.echo(f"imjapan: cannot start: {exc}", err=True)
        sys.exit(2)


def settings_for(database_url: str | None) -> Settings:
    """The settings, with ``--database-url`` in place of DATABASE_URL when given.

    A URL the service cannot use stops here, before anything connects.
    """
    from core.db.engine import async_url

    def build() -> Settings:
        settings = Settings(database_url=database_url) if database_url else Settings()
        async_url(settings.database_url)
        return settings

    settings = or_exit(build)
    folder = _sqlite_folder(settings)
    if folder is not None and not folder.is_dir():
        click.echo(
            f"imjapan: cannot use the database at {safe_url(settings)}: "
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


def safe_url(settings: Settings) -> str:
    """The database URL with its password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


def reach(settings: Settings, work: Callable[[], T]) -> T:
    """Run ``work``; when the database cannot be reached or opened, say so in one
    line and exit 2 (no traceback: it is the environment, not a bug)."""
    try:
        return work()
    except Exception as exc:
        if not _unreachable(exc):
            raise
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        click.echo(f"imjapan: cannot use the database at {safe_url(settings)}: {reason}", err=True)
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


def run_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    """Run ``work`` with a connected :class:`Database` on its own event loop."""

    from core.db.session import Database

    async def run() -> T:
        db = Database.connect(settings.database_url, schema=settings.database_schema)
        try:
            return await _settled(work(db))
        finally:
            await db.dispose()

    return reach(settings, lambda: asyncio.run(run()))


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


def migration_status(settings: Settings) -> MigrationStatus:
    """The database's migration status; exits 2 when it cannot be reached."""
    from core.db.engine import create_engine
    from core.db.migrate import migration_status as read_status

    async def run() -> MigrationStatus:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            return await _settled(read_status(engine))
        finally:
            await engine.dispose()

    return reach(settings, lambda: asyncio.run(run()))


def ready_database(settings: Settings) -> None:
    """Bring the database to the newest revision where the profile migrates at
    start-up (development); elsewhere refuse while migrations are pending."""
    status = migration_status(settings)
    if not status.up_to_date and settings.migrates_on_start:
        from core.db.migrate import upgrade

        reach(settings, lambda: upgrade(settings.database_url, schema=settings.database_schema))
    elif not status.up_to_date:
        click.echo(
            f"imjapan: the database has pending migrations ({', '.join(status.pending)}): "
            "run `imjapan migrate` first",
            err=True,
        )
        sys.exit(2)


def load_plugins(settings: Settings) -> tuple[pluggy.PluginManager, CountryRegistry]:
    """The plugin manager and the validated registry, as start-up builds them."""
    from core.plugins.manager import get_plugin_manager
    from core.plugins.registry import build_registry

    def build() -> tuple[pluggy.PluginManager, CountryRegistry]:
        pm = get_plugin_manager(settings)
        return pm, build_registry(pm, settings)

    return or_exit(build)
