"""``imjapan occupations``: load OTIT's official list of occupations and operations."""

from __future__ import annotations

import sys
from datetime import date
from typing import TextIO

import click

from core.cli.common import Group, database_option, or_exit, ready_database, run_db, settings_for
from core.domain.supervision import SourceTag


@click.group("occupations", cls=Group)
def occupations() -> None:
    """Work with OTIT's occupations and operations (移行対象職種・作業)."""


@occupations.command("import")
@click.option(
    "--source-list",
    required=True,
    help="The name of the official list the file holds, e.g. 'OTIT list of 2026-07-29'.",
)
@click.option(
    "--tag",
    type=click.Choice([tag.value for tag in SourceTag]),
    default=SourceTag.PRIMARY.value,
    show_default=True,
    help="How the file's facts are known.",
)
@click.option("--dry-run", is_flag=True, help="Validate and say what would change; write nothing.")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
@database_option
def import_occupations(
    source_list: str, tag: str, dry_run: bool, csv_file: TextIO, database_url: str | None
) -> None:
    """Replace the occupations by the official list of a CSV file; bad rows are listed by line."""
    from core.db.session import Database
    from core.errors import DomainValidationError
    from core.services import occupations as service

    name = source_list.strip()
    if not name or len(name) > 200:
        click.echo("error: --source-list: give a name of 1 to 200 characters", err=True)
        sys.exit(1)
    settings = settings_for(database_url)
    ready_database(settings)
    text = csv_file.read()

    async def work(db: Database) -> service.ImportReport:
        async with db.transaction() as session:
            return await service.import_occupations(
                session=session,
                text=text,
                source_list=name,
                today=date.today(),
                tag=SourceTag(tag),
                dry_run=dry_run,
            )

    try:
        report = or_exit(lambda: run_db(settings, work))
    except DomainValidationError as exc:
        for error in exc.errors:
            click.echo(f"error: {error.field or '-'}: {error.message}", err=True)
        sys.exit(1)
    for row in report.row_errors:
        click.echo(f"line {row.line}: {row.column or '-'}: {row.message}", err=True)
    if report.row_errors:
        click.echo(
            f"nothing imported: {len({row.line for row in report.row_errors})} of "
            f"{report.rows} row(s) are bad",
            err=True,
        )
        sys.exit(1)
    counts = (
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.closed)} closed"
    )
    if dry_run:
        click.echo(f"dry run, nothing written: {report.rows} row(s) read; would be {counts}")
    else:
        click.echo(f"{report.rows} row(s) read: {counts}")
    if report.closed:
        click.echo(f"closed (not in the file): {', '.join(report.closed)}")
