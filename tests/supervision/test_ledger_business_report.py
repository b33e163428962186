"""The annual business report: a seeded fiscal year (FY2025: 1 April 2025 to 31
March 2026) with rows on both sides of each boundary, counted by hand; the XLSX
(with its chart) and the CSV files the command writes."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.cli import main
from core.db.models import (
    Audit,
    Difficulty,
    FeePayment,
    SkillsTestSitting,
    Visit,
)
from core.settings import Settings
from tests.client import gql, post
from tests.factories import build, call, candidate, host_company, stage

BEFORE, FIRST, LAST, AFTER = (
    date(2025, 3, 31),
    date(2025, 4, 1),
    date(2026, 3, 31),
    date(2026, 4, 1),
)


def _add(session: Session, *rows: object) -> None:
    session.add_all(rows)
    session.flush()


def seeded_year(session: Session) -> dict[str, int]:
    vn, ph, indonesia = call(session, "VN"), call(session, "PH"), call(session, "ID")
    company = host_company(session)
    # A: (i) ends the day before (ii) starts on 1 April: (ii) only.
    a = candidate(session, vn, "in_japan_ii", entered_japan_on=date(2024, 10, 1))
    stage(session, a, "i", started_on=date(2024, 10, 1))
    stage(session, a, "ii", started_on=FIRST)
    # B: in (i) since 31 March 2025: in the year; entered before it.
    b = candidate(session, vn, "in_japan_i", entered_japan_on=BEFORE)
    stage(session, b, "i", started_on=BEFORE)
    # C: entered and started on the year's last day.
    c = candidate(session, vn, "in_japan_i", entered_japan_on=LAST)
    stage(session, c, "i", started_on=LAST)
    # D: entered the day after the year.
    d = candidate(session, ph, "in_japan_i", entered_japan_on=AFTER)
    stage(session, d, "i", started_on=AFTER)
    # E: returned the day before the year.
    e = candidate(session, ph, "returned", entered_japan_on=date(2023, 1, 1), returned_on=BEFORE)
    stage(session, e, "i", started_on=date(2023, 1, 1))
    stage(session, e, "ii", started_on=date(2024, 1, 1))
    # F: returned on the year's first day: in (ii) that day, and a return of the year.
    f = candidate(session, ph, "returned", entered_japan_on=date(2023, 6, 1), returned_on=FIRST)
    stage(session, f, "i", started_on=date(2023, 6, 1))
    stage(session, f, "ii", started_on=date(2024, 6, 1))
    # G: (i) and (ii) both within the year.
    g = candidate(session, indonesia, "in_japan_ii", entered_japan_on=date(2025, 5, 1))
    stage(session, g, "i", started_on=date(2025, 5, 1))
    stage(session, g, "ii", started_on=date(2026, 1, 15))

    def sitting(who: int, grade: str, part: str, on: date, passed: bool) -> SkillsTestSitting:
        return SkillsTestSitting(
            candidate_id=who, stage="i", grade=grade, part=part, sat_on=on, passed=passed
        )

    key = a.id or 0
    _add(
        session,
        sitting(key, "basic", "written", FIRST, True),
        sitting(key, "basic", "practical", FIRST, False),
        sitting(key, "basic", "practical", date(2025, 6, 1), True),
        sitting(key, "basic", "written", BEFORE, True),
        sitting(key, "grade_3", "practical", LAST, True),
        sitting(key, "grade_3", "practical", AFTER, False),
    )

    def difficulty(kind: str, on: date, filed: date | None) -> Difficulty:
        return Difficulty(
            candidate_id=b.id or 0,
            kind=kind,
            occurred_on=on,
            company_reported_on=on,
            due_on=date.fromordinal(on.toordinal() + 14),
            filed_on=filed,
        )

    _add(
        session,
        difficulty("missing", FIRST, date(2025, 4, 20)),  # filed late (due 15 April)
        difficulty("missing", LAST, None),
        difficulty("missing", BEFORE, BEFORE),
        difficulty("illness_or_injury", date(2025, 10, 1), date(2025, 10, 5)),
    )

    def audit(kind: str, on: date) -> Audit:
        return Audit(
            host_company_id=company.id or 0,
            kind=kind,
            held_on=on,
            auditor="Sato",
            interns_total=3,
            site_checked=True,
            records_checked=True,
            housing_checked=True,
            managers_heard=True,
        )

    def visit(on: date) -> Visit:
        return Visit(host_company_id=company.id or 0, visited_on=on, visitor="Sato", guidance="ok")

    _add(
        session,
        audit("regular", FIRST),
        audit("regular", LAST),
        audit("extra", date(2025, 7, 1)),
        audit("regular", BEFORE),
        audit("regular", AFTER),
        visit(FIRST),
        visit(LAST),
        visit(BEFORE),
        visit(AFTER),
    )

    def fee(payee: str, currency: str, amount: str, on: date) -> FeePayment:
        return FeePayment(
            candidate_id=a.id or 0,
            payee=payee,
            kind="fee",
            amount=Decimal(amount),
            currency=currency,
            paid_on=on,
        )

    _add(
        session,
        fee("sending_organisation", "VND", "1000.50", FIRST),
        fee("sending_organisation", "VND", "2000.25", LAST),
        fee("sending_organisation", "USD", "100", date(2025, 5, 1)),
        fee("pre_entry_training", "VND", "500", BEFORE),
        fee("sending_organisation", "PHP", "300", AFTER),
    )
    return {"a": key}


QUERY = """query($fy: Int!) { businessReport(fiscalYear: $fy) {
  fiscalYear startsOn endsOn dueOn
  interns { countryCode stage interns }
  movements { countryCode entries returns }
  skillsTests { grade part sittings passes }
  difficulties { kind occurred filed filedLate }
  missing
  audits { kind audits }
  visits
  fees { payee currency payments amount } } }"""

EXPECTED = {
    "fiscalYear": 2025,
    "startsOn": "2025-04-01",
    "endsOn": "2026-03-31",
    "dueOn": "2026-05-31",
    "interns": [
        {"countryCode": "ID", "stage": "i", "interns": 1},
        {"countryCode": "ID", "stage": "ii", "interns": 1},
        {"countryCode": "PH", "stage": "ii", "interns": 1},
        {"countryCode": "VN", "stage": "i", "interns": 2},
        {"countryCode": "VN", "stage": "ii", "interns": 1},
    ],
    "movements": [
        {"countryCode": "ID", "entries": 1, "returns": 0},
        {"countryCode": "PH", "entries": 0, "returns": 1},
        {"countryCode": "VN", "entries": 1, "returns": 0},
    ],
    "skillsTests": [
        {"grade": "basic", "part": "practical", "sittings": 2, "passes": 1},
        {"grade": "basic", "part": "written", "sittings": 1, "passes": 1},
        {"grade": "grade_3", "part": "practical", "sittings": 1, "passes": 1},
    ],
    "difficulties": [
        {"kind": "illness_or_injury", "occurred": 1, "filed": 1, "filedLate": 0},
        {"kind": "missing", "occurred": 2, "filed": 1, "filedLate": 1},
    ],
    "missing": 2,
    "audits": [{"kind": "extra", "audits": 1}, {"kind": "regular", "audits": 2}],
    "visits": 2,
    "fees": [
        {"payee": "sending_organisation", "currency": "USD", "payments": 1, "amount": "100.00"},
        {"payee": "sending_organisation", "currency": "VND", "payments": 2, "amount": "3000.75"},
    ],
}


def test_the_report_equals_the_hand_counts(api: TestClient, db_settings: Settings) -> None:
    build(db_settings, seeded_year)
    assert gql(api, QUERY, {"fy": 2025})["businessReport"] == EXPECTED


def test_the_next_year_starts_on_1_april(api: TestClient, db_settings: Settings) -> None:
    build(db_settings, seeded_year)
    report = gql(api, QUERY, {"fy": 2026})["businessReport"]
    assert (report["startsOn"], report["endsOn"], report["dueOn"]) == (
        "2026-04-01",
        "2027-03-31",
        "2027-05-31",
    )
    # Only the rows of 1 April 2026 and after, and the stays still running.
    assert report["skillsTests"] == [
        {"grade": "grade_3", "part": "practical", "sittings": 1, "passes": 0}
    ]
    assert report["audits"] == [{"kind": "regular", "audits": 1}]
    assert report["visits"] == 1
    assert report["movements"] == [{"countryCode": "PH", "entries": 1, "returns": 0}]
    assert report["fees"] == [
        {"payee": "sending_organisation", "currency": "PHP", "payments": 1, "amount": "300.00"}
    ]
    assert {(i["countryCode"], i["stage"]): i["interns"] for i in report["interns"]} == {
        ("ID", "ii"): 1,
        ("PH", "i"): 1,
        ("VN", "i"): 2,
        ("VN", "ii"): 1,
    }


def test_a_fiscal_year_out_of_range_is_refused(api: TestClient) -> None:
    body = post(api, "{ businessReport(fiscalYear: 1800) { dueOn } }")
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert "fiscalYear" in body["errors"][0]["message"]


def test_the_command_writes_the_workbook_with_its_chart_and_the_csv_files(
    api: TestClient, db_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(db_settings, seeded_year)
    monkeypatch.setenv("DATABASE_URL", db_settings.database_url)
    if db_settings.database_schema:
        monkeypatch.setenv("IMJAPAN_DATABASE_SCHEMA", db_settings.database_schema)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["reports", "business", "--fiscal-year", "2025", "--output-dir", str(out)]
    )
    assert result.exit_code == 0, result.output
    workbook_path = out / "business-report-FY2025.xlsx"
    assert str(workbook_path) in result.output

    book = load_workbook(workbook_path)
    first = book.worksheets[0]
    assert first.title == "Overview"
    assert len(first._charts) == 1
    rows = [tuple(row) for row in first.iter_rows(min_row=5, values_only=True)]
    assert rows[0][:4] == ("country_code", "stage i", "stage ii", "stage iii")
    assert [row[:4] for row in rows[1:]] == [("ID", 1, 1, 0), ("PH", 0, 1, 0), ("VN", 2, 1, 0)]
    assert [sheet.title for sheet in book.worksheets[1:]] == [
        "Interns",
        "Movements",
        "Skills Tests",
        "Difficulties",
        "Audits",
        "Fees",
        "Workers",
        "Transfers",
        "Moves To Ssw",
        "Language Results",
        "Report",
    ]
    assert [tuple(r) for r in book["Interns"].iter_rows(values_only=True)][1:] == [
        ("ID", "i", 1),
        ("ID", "ii", 1),
        ("PH", "ii", 1),
        ("VN", "i", 2),
        ("VN", "ii", 1),
    ]
    fees = book["Fees"]
    assert [tuple(r) for r in fees.iter_rows(values_only=True)] == [
        ("payee", "currency", "payments", "amount"),
        ("sending_organisation", "USD", 1, "100.00"),
        ("sending_organisation", "VND", 2, "3000.75"),
    ]

    with (out / "business-report-FY2025-difficulties.csv").open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == [
            {"kind": "illness_or_injury", "occurred": "1", "filed": "1", "filed_late": "0"},
            {"kind": "missing", "occurred": "2", "filed": "1", "filed_late": "1"},
        ]
    with (out / "business-report-FY2025-audits.csv").open(encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [
            ["kind", "count"],
            ["extra", "1"],
            ["regular", "2"],
            ["visit", "2"],
        ]
    with (out / "business-report-FY2025-report.csv").open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == [
            {
                "fiscal_year": "2025",
                "starts_on": "2025-04-01",
                "ends_on": "2026-03-31",
                "due_on": "2026-05-31",
            }
        ]
    assert len(list(out.glob("*.csv"))) == 11
