"""Statistics, the pipeline and the business report cover both programmes: ESD workers
beside the TITP stages, workers by nationality and programme, transfers by reason,
moves to SSW (i), language results; every figure hand-counted on both sides of the
fiscal-year boundaries (31 March / 1 April). Dates are compressed (a move to SSW (i)
within a year of entry) to put rows on either side of one boundary."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.cli import main
from core.db.models import Candidate, EsdSkillsSitting, LanguageResult, SswChange, Transfer
from core.settings import Settings
from tests.client import gql
from tests.esd.world import employment
from tests.factories import build, call, candidate, host_company, stage

pytestmark = pytest.mark.database


def _test(session: Session, of: Candidate, on: date, cefr: str, passed: bool) -> LanguageResult:
    row = LanguageResult(
        candidate_id=of.id or 0,
        kind="test",
        test="jft_basic",
        taken_on=on,
        cefr=cefr,
        passed=passed,
    )
    session.add(row)
    session.flush()
    return row


def _course(session: Session, of: Candidate, ended: date) -> None:
    session.add(
        LanguageResult(
            candidate_id=of.id or 0,
            kind="course",
            taken_on=ended,
            course_hours=100,
            course_target="A1",
            certified_course=True,
        )
    )


def _moved_to_ssw(session: Session, of: Candidate, on: date) -> None:
    sitting = EsdSkillsSitting(candidate_id=of.id or 0, grade="grade_3", sat_on=on, passed=True)
    session.add(sitting)
    session.flush()
    language = _test(session, of, on, "A2", passed=True)
    session.add(
        SswChange(
            candidate_id=of.id or 0,
            changed_on=on,
            skills_sitting_id=sitting.id or 0,
            language_result_id=language.id or 0,
        )
    )


def _transfer(session: Session, of: Candidate, reason: str, on: date, ids: tuple[int, int]) -> None:
    session.add(
        Transfer(
            candidate_id=of.id or 0,
            from_host_company_id=ids[0],
            to_host_company_id=ids[1],
            reason=reason,
            arranged_by="supervising_support",
            transfers_on=on,
            served_from=date(2027, 4, 1),
        )
    )


def _world(session: Session) -> None:
    """VN: a TITP intern T (stage (i) from 2026-09-01, (ii) from 2027-09-01); ESD workers
    G (entered 2027-03-31), A (2027-04-10), B (2027-04-01, transferred 2028-04-01 at its
    wish), C (2027-05-01, transferred 2028-03-31 for an unavoidable reason), D and E
    (2027-06-01, moved to SSW (i) on 2028-03-31 and 2028-04-01). TH: ESD worker F."""
    vn, th = call(session, "VN"), call(session, "TH")
    one, two = host_company(session, "Kagawa Care"), host_company(session, "Okayama Care")
    ids = (one.id or 0, two.id or 0)

    def esd(of: Any, status: str, entered: date) -> Candidate:
        return candidate(session, of, status, programme="esd", entered_japan_on=entered)

    titp = candidate(session, vn, "in_japan_ii", programme="titp")
    titp.entered_japan_on = date(2026, 9, 1)
    stage(session, titp, "i", started_on=date(2026, 9, 1))
    stage(session, titp, "ii", started_on=date(2027, 9, 1))
    g = esd(vn, "in_japan_esd", date(2027, 3, 31))
    employment(session, g, one, date(2027, 4, 1))
    a = esd(vn, "in_japan_esd", date(2027, 4, 10))
    employment(session, a, one, date(2027, 4, 10))
    _test(session, a, date(2027, 3, 20), "A1", passed=True)
    _test(session, a, date(2027, 5, 1), "A2", passed=False)
    b = esd(vn, "in_japan_esd", date(2027, 4, 1))
    employment(session, b, one, date(2027, 4, 1), ended_on=date(2028, 4, 1))
    employment(session, b, two, date(2028, 4, 1))
    _transfer(session, b, "worker_wish", date(2028, 4, 1), ids)
    _course(session, b, date(2027, 3, 31))
    c = esd(vn, "in_japan_esd", date(2027, 5, 1))
    employment(session, c, one, date(2027, 5, 1), ended_on=date(2028, 3, 31))
    employment(session, c, two, date(2028, 3, 31))
    _transfer(session, c, "unavoidable", date(2028, 3, 31), ids)
    d = esd(vn, "ssw_i", date(2027, 6, 1))
    employment(session, d, one, date(2027, 6, 1), ended_on=date(2028, 3, 31))
    _moved_to_ssw(session, d, date(2028, 3, 31))
    e = esd(vn, "ssw_i", date(2027, 6, 1))
    employment(session, e, one, date(2027, 6, 1), ended_on=date(2028, 4, 1))
    _moved_to_ssw(session, e, date(2028, 4, 1))
    f = esd(th, "in_japan_esd", date(2027, 4, 1))
    employment(session, f, two, date(2027, 4, 1))
    _course(session, f, date(2027, 4, 1))


REPORT = """query($fy: Int!) { businessReport(fiscalYear: $fy) {
  workers { countryCode programme workers } transfers { reason transfers }
  movesToSsw { countryCode moves } languageResults { kind cefr results passes } } }"""


def report(api: TestClient, fiscal_year: int) -> dict[str, list[tuple[Any, ...]]]:
    found = gql(api, REPORT, {"fy": fiscal_year})["businessReport"]
    return {name: [tuple(row.values()) for row in rows] for name, rows in found.items()}


def test_the_business_report_counts_both_programmes_by_fiscal_year(
    api: TestClient, db_settings: Settings
) -> None:
    build(db_settings, _world)
    assert report(api, 2026) == {
        "workers": [("VN", "titp", 1)],  # T in stage (i); G's employment starts 2027-04-01
        "transfers": [],
        "movesToSsw": [],
        "languageResults": [("course", "A1", 1, 0), ("test", "A1", 1, 1)],  # B, A
    }
    assert report(api, 2027) == {
        # T; G A B C D E (B and C counted once over two employments); F.
        "workers": [("TH", "esd", 1), ("VN", "esd", 6), ("VN", "titp", 1)],
        "transfers": [("unavoidable", 1)],  # C on 31 March
        "movesToSsw": [("VN", 1)],  # D on 31 March
        # F's course on 1 April; A's failed A2 test, D's passed one.
        "languageResults": [("course", "A1", 1, 0), ("test", "A2", 2, 1)],
    }
    assert report(api, 2028) == {
        # D and E left ESD by 1 April 2028; B's first employment ended that day.
        "workers": [("TH", "esd", 1), ("VN", "esd", 4), ("VN", "titp", 1)],
        "transfers": [("worker_wish", 1)],  # B on 1 April
        "movesToSsw": [("VN", 1)],  # E on 1 April
        "languageResults": [("test", "A2", 1, 1)],  # E's
    }


STATISTICS = """query($fy: Int!) { statistics(fiscalYear: $fy) {
  countryCode dispatched inJapanI inJapanII inJapanEsd movedToSsw } }"""


def test_statistics_and_the_pipeline_count_esd_beside_the_titp_stages(
    api: TestClient, db_settings: Settings
) -> None:
    build(db_settings, _world)

    def figures(fiscal_year: int) -> dict[str, tuple[int, ...]]:
        rows = gql(api, STATISTICS, {"fy": fiscal_year})["statistics"]
        return {r.pop("countryCode"): tuple(r.values()) for r in rows if r["dispatched"]}

    # Entered in FY2026: T (now in (ii)) and G (31 March, now ESD).
    assert figures(2026) == {"VN": (2, 0, 1, 1, 0)}
    # Entered in FY2027: A B C (ESD), D E (moved to SSW (i)); F in Thailand.
    assert figures(2027) == {"VN": (5, 0, 0, 3, 2), "TH": (1, 0, 0, 1, 0)}
    pipeline = gql(
        api, "{ pipeline { countryCode inJapanI inJapanII inJapanEsd movedToSsw returned } }"
    )["pipeline"]
    by_country = {p.pop("countryCode"): tuple(p.values()) for p in pipeline}
    assert by_country["VN"] == (0, 1, 4, 2, 0)
    assert by_country["TH"] == (0, 0, 1, 0, 0)


def test_the_files_hold_the_esd_sections(
    api: TestClient, db_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(db_settings, _world)
    monkeypatch.setenv("DATABASE_URL", db_settings.database_url)
    if db_settings.database_schema:
        monkeypatch.setenv("IMJAPAN_DATABASE_SCHEMA", db_settings.database_schema)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["reports", "business", "--fiscal-year", "2027", "--output-dir", str(out)]
    )
    assert result.exit_code == 0, result.output

    def rows(section: str) -> list[list[str]]:
        with (out / f"business-report-FY2027-{section}.csv").open(encoding="utf-8") as handle:
            return list(csv.reader(handle))

    assert rows("workers") == [
        ["country_code", "programme", "workers"],
        ["TH", "esd", "1"],
        ["VN", "esd", "6"],
        ["VN", "titp", "1"],
    ]
    assert rows("transfers") == [["reason", "transfers"], ["unavoidable", "1"]]
    assert rows("moves-to-ssw") == [["country_code", "moves"], ["VN", "1"]]
    assert rows("language-results") == [
        ["kind", "cefr", "results", "passes"],
        ["course", "A1", "1", "0"],
        ["test", "A2", "2", "1"],
    ]
    book = load_workbook(out / "business-report-FY2027.xlsx")
    assert [tuple(r) for r in book["Workers"].iter_rows(values_only=True)][1:] == [
        ("TH", "esd", 1),
        ("VN", "esd", 6),
        ("VN", "titp", 1),
    ]
