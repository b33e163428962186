"""``imjapan candidates``: import a ministry's CSV file, screen a call."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

import click

from core.cli.common import (
    Group,
    RowKey,
    database_option,
    load_plugins,
    or_exit,
    reach,
    ready_database,
    settings_for,
)
from core.services.csv_import import ImportMode


@click.group("candidates", cls=Group)
def candidates() -> None:
    """Work with candidates."""


@candidates.command("import")
@click.option(
    "--call-id",
    type=RowKey("RecruitmentCall"),
    required=True,
    help="The recruitment call's id (its number, or its id in GraphQL).",
)
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
    from core.services.csv_import import import_file

    settings = settings_for(database_url)
    ready_database(settings)
    _pm, registry = load_plugins(settings)
    text = csv_file.read()
    report, errors = reach(
        settings,
        lambda: asyncio.run(
            import_file(
                settings, registry=registry, call_id=call_id, text=text, mode=ImportMode(mode)
            )
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
@click.option(
    "--call",
    "call_id",
    type=RowKey("RecruitmentCall"),
    required=True,
    help="The recruitment call's id (its number, or its id in GraphQL).",
)
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
    from core.services.batch_screening import screen_call

    settings = settings_for(database_url)
    ready_database(settings)
    report, errors = or_exit(
        lambda: reach(
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
