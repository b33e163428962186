"""``imjapan reports``: the reports IM Japan files as the supervising organisation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from core.cli.common import Group, database_option, ready_database, run_db, settings_for

if TYPE_CHECKING:
    from core.db.session import Database
    from core.services.business_report import BusinessReport


@click.group("reports", cls=Group)
def reports() -> None:
    """Reports to OTIT, built from the records."""


@reports.command("business")
@click.option(
    "--fiscal-year",
    type=click.IntRange(1990, 2100),
    required=True,
    help="The fiscal year starting in this year: 1 April to 31 March of the next.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where the files go (made if missing).",
)
@database_option
def business(fiscal_year: int, output_dir: Path, database_url: str | None) -> None:
    """Write the business report's figures for a fiscal year: business-report-FY<year>.xlsx
    (a sheet per section, a chart of interns by nationality and stage) and a CSV file
    per section."""
    from core.services.business_report import business_report
    from core.services.forms.business_report_xlsx import write_files

    settings = settings_for(database_url)
    ready_database(settings)

    async def build(db: Database) -> BusinessReport:
        async with db.session() as session:
            return await business_report(session=session, fiscal_year=fiscal_year)

    report = run_db(settings, build)
    for path in write_files(report, output_dir):
        click.echo(str(path))
