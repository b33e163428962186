"""``imjapan migrate``: upgrade, ``status``, ``history``, ``downgrade``."""

from __future__ import annotations

import sys

import click

from core.cli.common import Group, database_option, migration_status, reach, safe_url, settings_for

# Alembic is imported by the commands that use it (core.db.migrate), not for
# every ``imjapan`` run.


@click.group("migrate", cls=Group, invoke_without_command=True)
@click.option("--revision", default="head", show_default=True, help="Revision to upgrade to.")
@database_option
@click.pass_context
def migrate(ctx: click.Context, revision: str, database_url: str | None) -> None:
    """Upgrade the database (no command), or report or undo migrations."""
    from core.db import migrate as migrations

    if ctx.invoked_subcommand is not None:
        if revision != "head":
            raise click.UsageError("--revision is for the upgrade, without a command")
        return
    settings = settings_for(database_url)
    _known_revision(revision, "--revision")
    migration_status(settings)  # connects first: see common._settled
    reach(
        settings,
        lambda: migrations.upgrade(
            settings.database_url, schema=settings.database_schema, revision=revision
        ),
    )
    current = migration_status(settings).current
    newest = " (head)" if current == migrations.revision_order()[-1] else ""
    click.echo(f"database at {current or 'base'}{newest}")


@migrate.command("status")
@click.option("--check", is_flag=True, help="Exit with status 1 when migrations are pending.")
@database_option
@click.pass_context
def migrate_status(ctx: click.Context, check: bool, database_url: str | None) -> None:
    """Show the database's revision and the migrations pending."""
    from core.db import migrate as migrations

    settings = settings_for(_inherited(ctx, database_url))
    status = migration_status(settings)
    current = status.current
    click.echo(f"database: {safe_url(settings)}")
    click.echo(
        f"current:  {migrations.describe_revision(current) if current else 'none (empty database)'}"
    )
    click.echo(f"head:     {migrations.describe_revision(migrations.revision_order()[-1])}")
    if status.pending:
        click.echo(f"pending:  {', '.join(status.pending)}")
    else:
        click.echo("up to date")
    if check and not status.up_to_date:
        sys.exit(1)


@migrate.command("history")
def migrate_history() -> None:
    """List the migrations, oldest first."""
    from core.db import migrate as migrations

    for revision in migrations.revision_order():
        click.echo(migrations.describe_revision(revision))


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
    from core.db import migrate as migrations

    settings = settings_for(_inherited(ctx, database_url))
    _known_revision(target, "--to")
    current = migration_status(settings).current
    undone = migrations.revisions_undone(current, target)
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
    reach(
        settings,
        lambda: migrations.downgrade(
            settings.database_url, schema=settings.database_schema, revision=target
        ),
    )
    click.echo(f"database at {target}; undone: {', '.join(undone)}")


def _inherited(ctx: click.Context, database_url: str | None) -> str | None:
    """A subcommand's ``--database-url``, or else its group's."""
    if database_url is None and ctx.parent is not None:
        parent: str | None = ctx.parent.params.get("database_url")
        return parent
    return database_url


def _known_revision(revision: str, option: str) -> None:
    from core.db.migrate import revision_order

    known = revision_order()
    if revision not in {*known, "head", "base"}:
        raise click.BadParameter(
            f"no migration {revision!r} (known: {', '.join(known)}, head, base)",
            param_hint=option,
        )
