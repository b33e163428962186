"""``imjapan forms``: the supervising organisation's forms and books as XLSX files."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from core.cli.common import (
    Group,
    RowKey,
    database_option,
    fail,
    ready_database,
    run_db,
    settings_for,
)
from core.errors import DomainValidationError

if TYPE_CHECKING:
    from openpyxl import Workbook
    from sqlmodel.ext.asyncio.session import AsyncSession

    from core.db.session import Database

output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The XLSX file to write.",
)


@click.group("forms", cls=Group)
def forms() -> None:
    """Write the supervising organisation's forms and books as XLSX files."""


def _write(
    database_url: str | None, output: Path, build: Callable[[AsyncSession], Awaitable[Workbook]]
) -> None:
    settings = settings_for(database_url)
    ready_database(settings)

    async def work(db: Database) -> Workbook:
        async with db.session() as session:
            return await build(session)

    try:
        book = run_db(settings, work)
    except DomainValidationError as exc:
        fail(exc.errors)
    book.save(output)
    click.echo(f"wrote {output}")


@forms.command("audit-report")
@click.option(
    "--audit",
    "audit_id",
    type=RowKey("HostCompanyAudit"),
    required=True,
    help="The audit's id (its number, or its id in GraphQL).",
)
@output_option
@database_option
def audit_report(audit_id: int, output: Path, database_url: str | None) -> None:
    """The audit report (省令様式第22号 監査報告書) of one audit."""
    from core.services.forms.audit_report import audit_report as build

    _write(database_url, output, lambda session: build(session, audit_id))


def _month(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a month as YYYY-MM") from None


@forms.command("visit-record")
@click.option(
    "--host-company",
    "host_company_id",
    type=RowKey("HostCompany"),
    required=True,
    help="The host company's id (its number, or its id in GraphQL).",
)
@click.option("--month", required=True, help="The month, as YYYY-MM.")
@output_option
@database_option
def visit_record(host_company_id: int, month: str, output: Path, database_url: str | None) -> None:
    """The guidance visits to a host company in a month (訪問指導記録書)."""
    from core.services.forms.visit_record import visit_record as build

    first = _month(month)
    _write(database_url, output, lambda session: build(session, host_company_id, first))


@forms.command("host-companies")
@output_option
@database_option
def host_companies(output: Path, database_url: str | None) -> None:
    """The book of host companies supervised (実習監理を行う実習実施者の管理簿)."""
    from core.services.forms.host_companies import host_companies_book

    _write(database_url, output, host_companies_book)
