"""``imjapan seed-demo``: the demo data set (made by :mod:`core.demo`)."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

import click

from core.cli.common import (
    database_option,
    fail,
    load_plugins,
    ready_database,
    run_db,
    settings_for,
    table,
)
from core.errors import DomainValidationError

if TYPE_CHECKING:
    from core import demo
    from core.db.session import Database


@click.command("seed-demo")
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

    settings = settings_for(database_url)
    if settings.profile == "production" and not force:
        click.echo(
            "imjapan: refusing to touch demo data in the production profile "
            "(add --force if this database really is for demonstrations)",
            err=True,
        )
        sys.exit(1)
    pm, registry = load_plugins(settings)
    ready_database(settings)
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
            removed = run_db(settings, clear_demo)
            click.echo(f"removed {sum(removed.values())} demo row(s): {_counts(removed)}")
            return
        report = run_db(settings, seed_data)
    except demo.DemoRefused as exc:
        click.echo(f"imjapan: {exc}", err=True)
        sys.exit(1)
    except DomainValidationError as exc:
        fail(exc.errors)
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
    table(("  WHAT", "COUNT"), [(f"  {name}", str(n)) for name, n in report.created.items()])
    click.echo("candidates by status:")
    from core.domain.states import Status

    statuses = [(f"  {status.value}", str(report.statuses[status])) for status in Status]
    table(("  STATUS", "COUNT"), [row for row in statuses if row[1] != "0"])
    click.echo(f"demo accounts, all with the password {password}:")
    table(
        ("  EMAIL", "ROLE", "SCOPE"),
        [(f"  {account.email}", account.role.value, account.scope) for account in report.accounts],
    )
    click.echo("sign in with the login mutation (GraphiQL: imjapan serve, then /graphql)")
