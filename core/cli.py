"""The ``imjapan`` command."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

import click
from pydantic import ValidationError

from core.db.engine import DatabaseURLError
from core.errors import PluginConfigurationError
from core.lifecycle.csv_import import ImportMode
from core.settings import Settings

T = TypeVar("T")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    from core.http.metrics import multiprocess_directory
    from core.logging import configure_logging

    app = _or_exit(lambda: create_app())
    # One log format for the whole process, uvicorn's lines included; the
    # access line of core.http.observability (with the request id) replaces uvicorn's.
    configure_logging(app.state.settings)
    if workers == 1:
        uvicorn.run(
            app, host=host, port=port, proxy_headers=True, log_config=None, access_log=False
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


@main.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def migrate(revision: str) -> None:
    """Apply the database migrations (DATABASE_URL, default SQLite file)."""
    from core.db.migrate import upgrade

    settings = _or_exit(Settings)
    upgrade(settings.database_url, schema=settings.database_schema, revision=revision)
    click.echo(f"database at {revision}")


@main.group()
def users() -> None:
    """Manage accounts."""


@users.command("create-admin")
@click.option("--email", required=True, help="The administrator's email address.")
@click.password_option(help="At least 12 characters; asked for when not given.")
def create_admin(email: str, password: str) -> None:
    """Create an IM Japan administrator account (the first account of a new service)."""
    from core.auth.admin import create_admin_account

    settings = _or_exit(Settings)
    errors = create_admin_account(settings, email=email, password=password)
    for error in errors:
        click.echo(f"error: {error.field or '-'}: {error.message}", err=True)
    if errors:
        sys.exit(1)
    click.echo(f"administrator {email.strip().lower()} created")


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
def import_candidates(call_id: int, mode: str, csv_file: TextIO) -> None:
    """Register the candidates of a ministry's CSV file; bad rows are listed by line."""
    from core.lifecycle.csv_import import import_file

    settings = _or_exit(Settings)
    report, errors = asyncio.run(
        import_file(settings, call_id=call_id, text=csv_file.read(), mode=ImportMode(mode))
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
def screen_candidates(call_id: int, batch_size: int) -> None:
    """Screen every candidate of a call not screened yet, as screenCandidate does."""
    from core.lifecycle.batch_screening import screen_call

    settings = _or_exit(Settings)
    report, errors = _or_exit(
        lambda: asyncio.run(screen_call(settings, call_id=call_id, batch_size=batch_size))
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
def export_schema(output: Path | None) -> None:
    """Print the GraphQL schema (SDL) built from the installed plugins."""
    from core.app import create_app

    app = _or_exit(lambda: create_app())
    sdl = str(app.state.schema) + "\n"
    if output is None:
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

    app = _or_exit(lambda: create_app())
    for plugin in app.state.plugins:
        version = f" {plugin.version}" if plugin.version else ""
        package = plugin.package or "(registered directly)"
        click.echo(
            f"{plugin.name:<12} {plugin.country_code or '--'}  {package}{version}  "
            f"hooks: {', '.join(plugin.hooks)}"
        )
    click.echo(f"{len(app.state.plugins)} plugin(s) OK")


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
