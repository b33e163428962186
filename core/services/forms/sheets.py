"""What the form writers share: a workbook, labelled rows, a header row, bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

Value = str | int | date | None


def new_sheet(title: str, heading: str) -> tuple[Workbook, Worksheet]:
    """A workbook with one sheet named ``title`` and ``heading`` in A1, in bold."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet["A1"] = heading
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 60
    return book, sheet


def labelled(sheet: Worksheet, rows: Sequence[tuple[str, Value]], *, start: int) -> int:
    """Each ``(label, value)`` on a row from ``start``: the label in A, the value in B
    (a date as a date cell, None blank). Returns the next free row."""
    row = start
    for label, value in rows:
        sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = sheet.cell(row=row, column=2, value=value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        row += 1
    return row


def table(
    sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Value]], *, start: int
) -> int:
    """A header row at ``start`` and the rows under it. Returns the next free row."""
    for column, label in enumerate(header, start=1):
        sheet.cell(row=start, column=column, value=label).font = Font(bold=True)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=start + offset, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    return start + len(rows) + 1


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def yes_no(flag: bool) -> str:
    """A check as the form reads it: 有 (done) or 無 (not done)."""
    return "有" if flag else "無"
