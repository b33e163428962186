"""The audit report, the visit record and the book of host companies as XLSX files
(issue 13, item 11): written by ``imjapan forms``, read back with openpyxl."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from starlette.testclient import TestClient

from core.cli import main
from core.services.forms import audit_report, host_companies, visit_record
from core.settings import Settings
from tests.client import key_of, mutation
from tests.supervision.audit_world import AUDIT_FIELDS, audit_input, seed

pytestmark = pytest.mark.database


def run(monkeypatch: pytest.MonkeyPatch, settings: Settings, *arguments: str) -> tuple[int, str]:
    if settings.database_schema:
        monkeypatch.setenv("IMJAPAN_DATABASE_SCHEMA", settings.database_schema)
    result = CliRunner().invoke(
        main, ["forms", *arguments, "--database-url", settings.database_url]
    )
    return result.exit_code, result.output


def labelled(path: Path) -> dict[str, Any]:
    """Column A's labels and column B's values of the first sheet."""
    sheet = load_workbook(path).worksheets[0]
    return {
        row[0].value: row[1].value
        for row in sheet.iter_rows(min_row=3)
        if isinstance(row[0].value, str) and len(row) > 1
    }


def table_under(path: Path, header: str) -> list[list[Any]]:
    """The rows under the header row whose first cell is ``header``."""
    sheet = load_workbook(path).worksheets[0]
    rows = [list(cells) for cells in sheet.iter_rows(values_only=True)]
    start = next(index for index, row in enumerate(rows) if row[0] == header)
    return [row for row in rows[start + 1 :] if any(value is not None for value in row)]


def day(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_the_audit_report_holds_the_recorded_values(
    api: TestClient, db_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = seed(db_settings)
    audit = mutation(
        api, "recordHostCompanyAudit", AUDIT_FIELDS, audit_input(world, internsTotal=4)
    )["audit"]
    out = tmp_path / "audit.xlsx"
    code, output = run(
        monkeypatch, db_settings, "audit-report", "--audit", audit["id"], "-o", str(out)
    )
    assert code == 0, output
    cells = labelled(out)
    assert load_workbook(out).worksheets[0]["A1"].value == audit_report.TITLE
    assert cells[audit_report.COMPANY] == "Gifu Casting"
    assert cells[audit_report.PREFECTURE] == "Gifu"
    assert cells[audit_report.KIND] == "定期監査"
    assert cells[audit_report.HELD_ON] == day("2026-02-20")
    assert cells[audit_report.AUDITOR] == "Sato Hanako"
    assert cells[audit_report.INTERNS_TOTAL] == 4
    assert cells[audit_report.INTERVIEWED_COUNT] == 2
    for label in (audit_report.SITE, audit_report.RECORDS, audit_report.HOUSING):
        assert cells[label] == "有"
    assert cells[audit_report.FINDINGS] == "Overtime records incomplete for January."
    assert cells[audit_report.FOLLOW_UP] == "Company to submit corrected records."
    assert cells[audit_report.FOLLOW_UP_DUE] == day("2026-03-20")
    assert cells[audit_report.REPORTED] == day("2026-02-27")
    interviewed = table_under(out, audit_report.INTERVIEWED)
    assert [row[0] for row in interviewed] == ["Nguyen Van A", "Nguyen Van B"]

    # By its number as well; a missing audit is an error naming the option.
    number = str(key_of(audit["id"]))
    assert run(monkeypatch, db_settings, "audit-report", "--audit", number, "-o", str(out))[0] == 0
    code, output = run(monkeypatch, db_settings, "audit-report", "--audit", "999", "-o", str(out))
    assert code == 1 and "audit" in output


def test_the_visit_record_of_a_month(
    api: TestClient, db_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = seed(db_settings)
    visits = [
        ("2026-05-08", "Tanaka Jiro", "Checked the hours against the plan.", world.intern_ids[:2]),
        ("2026-05-22", "Sato Hanako", "Explained the rest-day rules.", []),
        ("2026-06-02", "Tanaka Jiro", "Another month.", []),
    ]
    for visited_on, visitor, guidance, met in visits:
        data = {
            "hostCompanyId": world.company_id,
            "visitedOn": visited_on,
            "visitor": visitor,
            "guidance": guidance,
            "notes": "Interns in good health." if met else None,
            "metCandidateIds": met,
        }
        assert mutation(api, "recordGuidanceVisit", "errors { field }", data)["errors"] == []
    out = tmp_path / "visits.xlsx"
    code, output = run(
        monkeypatch,
        db_settings,
        "visit-record",
        "--host-company",
        world.company_id,
        "--month",
        "2026-05",
        "-o",
        str(out),
    )
    assert code == 0, output
    cells = labelled(out)
    assert cells[visit_record.COMPANY] == "Gifu Casting"
    assert cells[visit_record.MONTH] == "2026-05"
    assert cells[visit_record.VISITS] == 2
    rows = table_under(out, visit_record.VISITED_ON)
    assert [row[:5] for row in rows] == [
        [
            day("2026-05-08"),
            "Tanaka Jiro",
            "Checked the hours against the plan.",
            "Interns in good health.",
            "Nguyen Van A、Nguyen Van B",
        ],
        [day("2026-05-22"), "Sato Hanako", "Explained the rest-day rules.", None, None],
    ]
    # The form's items the records do not hold stay blank.
    assert all(value is None for row in rows for value in row[5:])
    code, output = run(
        monkeypatch,
        db_settings,
        "visit-record",
        "--host-company",
        world.company_id,
        "--month",
        "May",
        "-o",
        str(out),
    )
    assert code == 2 and "YYYY-MM" in output


def test_the_book_of_host_companies(
    db_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, api: TestClient
) -> None:
    seed(db_settings, interns=3)
    out = tmp_path / "book.xlsx"
    code, output = run(monkeypatch, db_settings, "host-companies", "-o", str(out))
    assert code == 0, output
    rows = table_under(out, host_companies.HEADER[0])
    assert len(rows) == 2
    by_name = {row[host_companies.NAME]: row for row in rows}
    gifu = by_name["Gifu Casting"]
    assert gifu[host_companies.ADDRESS] == "Gifu"
    assert gifu[host_companies.INTAKE] == "VN 3"
    assert by_name["Osaka Press"][host_companies.INTAKE] == "VN 1"
    # What the records do not hold is left blank (ウ to サ, ス, セ).
    blank = set(range(len(host_companies.HEADER))) - {
        host_companies.NAME,
        host_companies.ADDRESS,
        host_companies.INTAKE,
    }
    assert all(gifu[index] is None for index in blank)


def test_im_japan_staff_download_the_forms(api: TestClient, db_settings: Settings) -> None:
    """``GET /forms/...`` with the staff's token; refused to other roles and anonymous."""
    import io

    from core.auth.roles import Role
    from tests.factories import signed_in_as

    world = seed(db_settings)
    audit = mutation(api, "recordHostCompanyAudit", AUDIT_FIELDS, audit_input(world))["audit"]
    accounts = signed_in_as(
        api,
        staff=(Role.STAFF, {}),
        company=(Role.HOST_COMPANY, {"host_company_id": world.company}),
        ministry=(Role.MINISTRY_OFFICER, {"country_code": "VN"}),
    )
    response = api.get(f"/forms/audit-report/{audit['id']}", headers=accounts["staff"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert cells[audit_report.AUDITOR] == "Sato Hanako"
    assert cells[audit_report.FINDINGS] == "Overtime records incomplete for January."
    visits = api.get(
        f"/forms/visit-record/{world.company}?month=2026-05", headers=accounts["staff"]
    )
    assert visits.status_code == 200
    assert api.get("/forms/host-companies", headers=accounts["staff"]).status_code == 200
    for who in ("company", "ministry"):
        refused = api.get(f"/forms/audit-report/{audit['id']}", headers=accounts[who])
        assert refused.status_code == 403, who
    assert api.get("/forms/visit-record/1?month=May", headers=accounts["staff"]).status_code == 400
    assert api.get("/forms/audit-report/999999", headers=accounts["staff"]).status_code == 404
    saved = api.headers.pop("Authorization")
    try:
        assert api.get("/forms/host-companies").status_code == 401
    finally:
        api.headers["Authorization"] = saved
