"""The business report (:mod:`core.services.business_report`) as files: one XLSX
workbook and one CSV file per section.

The workbook has one sheet per section, after a first one ("Overview") that holds
the period, the due date, the interns by nationality (rows) and stage (columns)
and a bar chart of them. The CSV files
hold the same sections, one file each (the sections have different columns, so
one long file would need a generic key/value layout no spreadsheet reads
well): ``business-report-FY<year>-<section>.csv``, UTF-8, a header row first.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from core.services.business_report import BusinessReport

STAGES = ("i", "ii", "iii")


@dataclass(frozen=True)
class Section:
    name: str
    """The CSV file's suffix and, titled, the sheet's name."""
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def sections(report: BusinessReport) -> list[Section]:
    """The report's sections, in the workbook's order (interns first)."""
    return [
        Section(
            "interns",
            ("country_code", "stage", "interns"),
            [(item.country_code, item.stage, item.interns) for item in report.interns],
        ),
        Section(
            "movements",
            ("country_code", "entries", "returns"),
            [(item.country_code, item.entries, item.returns) for item in report.movements],
        ),
        Section(
            "skills_tests",
            ("grade", "part", "sittings", "passes"),
            [(t.grade, t.part, t.sittings, t.passes) for t in report.skills_tests],
        ),
        Section(
            "difficulties",
            ("kind", "occurred", "filed", "filed_late"),
            [(d.kind, d.occurred, d.filed, d.filed_late) for d in report.difficulties],
        ),
        Section(
            "audits",
            ("kind", "count"),
            [(a.kind, a.audits) for a in report.audits] + [("visit", report.visits)],
        ),
        Section(
            "fees",
            ("payee", "currency", "payments", "amount"),
            [(f.payee, f.currency, f.payments, f"{f.amount:.2f}") for f in report.fees],
        ),
        Section(
            "workers",
            ("country_code", "programme", "workers"),
            [(w.country_code, w.programme, w.workers) for w in report.workers],
        ),
        Section(
            "transfers",
            ("reason", "transfers"),
            [(t.reason, t.transfers) for t in report.transfers],
        ),
        Section(
            "moves_to_ssw",
            ("country_code", "moves"),
            [(m.country_code, m.moves) for m in report.moves_to_ssw],
        ),
        Section(
            "language_results",
            ("kind", "cefr", "results", "passes"),
            [(r.kind, r.cefr or "", r.results, r.passes) for r in report.language_results],
        ),
        Section(
            "report",
            ("fiscal_year", "starts_on", "ends_on", "due_on"),
            [
                (
                    report.fiscal_year,
                    report.starts_on.isoformat(),
                    report.ends_on.isoformat(),
                    report.due_on.isoformat(),
                )
            ],
        ),
    ]


def base_name(report: BusinessReport) -> str:
    return f"business-report-FY{report.fiscal_year}"


def _stage_table(report: BusinessReport) -> list[tuple[Any, ...]]:
    """Interns by country (rows) and stage (columns i, ii, iii)."""
    found: dict[str, dict[str, int]] = {}
    for item in report.interns:
        found.setdefault(item.country_code, {})[item.stage] = item.interns
    return [
        (code, *(counts.get(stage, 0) for stage in STAGES))
        for code, counts in sorted(found.items())
    ]


def write_xlsx(report: BusinessReport, path: Path) -> Path:
    """The workbook: the overview with the chart of interns first, then a sheet per section."""
    book = Workbook()
    for blank in list(book.worksheets):
        book.remove(blank)
    sheet: Worksheet = book.create_sheet("Overview")
    sheet.append(("Business report", f"FY{report.fiscal_year}"))
    sheet.append(("Period", report.starts_on.isoformat(), report.ends_on.isoformat()))
    sheet.append(("Due", report.due_on.isoformat()))
    sheet.append(())
    header_row = sheet.max_row + 1
    sheet.append(("country_code", *(f"stage {stage}" for stage in STAGES)))
    table = _stage_table(report)
    for row in table:
        sheet.append(row)
    chart = BarChart()
    chart.type = "col"
    chart.title = "Interns by nationality and stage"
    chart.y_axis.title = "Interns"
    chart.x_axis.title = "Nationality"
    last_row = header_row + max(len(table), 1)
    data = Reference(
        sheet, min_col=2, max_col=1 + len(STAGES), min_row=header_row, max_row=last_row
    )
    categories = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    sheet.add_chart(chart, f"F{header_row}")
    for section in sections(report):
        page = book.create_sheet(section.name.replace("_", " ").title())
        page.append(section.header)
        for row in section.rows:
            page.append(row)
    book.save(path)
    return path


def write_csv(report: BusinessReport, folder: Path) -> list[Path]:
    """One CSV file per section, in ``folder``."""
    written: list[Path] = []
    for section in sections(report):
        path = folder / f"{base_name(report)}-{section.name.replace('_', '-')}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(section.header)
            writer.writerows(section.rows)
        written.append(path)
    return written


def write_files(report: BusinessReport, folder: Path) -> Sequence[Path]:
    """The workbook and the CSV files, in ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    workbook = write_xlsx(report, folder / f"{base_name(report)}.xlsx")
    return [workbook, *write_csv(report, folder)]
