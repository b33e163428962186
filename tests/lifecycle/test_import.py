"""Bulk import from a ministry's CSV file: bad rows reported by line, both modes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.cli import main
from core.settings import Settings
from tests.accounts import signed_in
from tests.conftest import gql
from tests.lifecycle.helpers import JOB_FIELDS, ok, passing_candidate, snapshot

HEADER = (
    "applicant_number,full_name,date_of_birth,sex,education_level,height_cm,job_field,"
    "details.priority_groups\n"
)
ROWS = [
    'V-1,Nguyen Van An,2001-04-02,male,upper_secondary,165,manufacturing,"[""poor_district""]"\n',
    "V-2,,2001-04-02,male,upper_secondary,165,manufacturing,\n",  # line 3: no name
    "V-3,Tran Van Binh,2001-02-30,male,upper_secondary,165,construction,\n",  # line 4: bad date
    "V-4,Le Van Cuong,2000-01-15,male,upper_secondary,400,construction,\n",  # line 5: height
    '"V-5","Pham Van\nDung",1999-12-01,male,upper_secondary,170,construction,\n',  # lines 6-7
    "V-1,Hoang Van Em,1999-12-01,male,upper_secondary,170,fishery,\n",  # line 8: job field
    "V-6,Vu Van Giang,2000-05-05,robot,upper_secondary,170,manufacturing,\n",  # line 9: sex
]
CSV = HEADER + "".join(ROWS)
EXPECTED_ERRORS = [
    (3, "full_name", "REQUIRED"),
    (4, "date_of_birth", "INVALID"),
    (5, "height_cm", "INVALID"),
    (8, "job_field", "INVALID"),
    (9, "sex", "INVALID"),
]


def vietnam_call(api: TestClient) -> str:
    return str(
        ok(
            api,
            "createRecruitmentCall",
            {
                "countryCode": "VN",
                "label": "4/2026",
                "jobFields": JOB_FIELDS,
                "places": 50,
                "opensOn": "2026-01-01",
                "closesOn": "2026-02-01",
            },
        )["call"]["id"]
    )


def errors_of(payload: dict) -> list[tuple[int, str | None, str]]:
    return [(e["line"], e["column"], e["code"]) for e in payload["rowErrors"]]


@pytest.mark.database
def test_all_valid_rows_imports_the_good_ones_and_reports_each_bad_line(api: TestClient) -> None:
    call_id = vietnam_call(api)
    payload = ok(api, "importCandidates", {"callId": call_id, "csv": CSV, "mode": "ALL_VALID_ROWS"})
    assert payload["rowCount"] == 7
    assert errors_of(payload) == EXPECTED_ERRORS
    assert all(e["message"] for e in payload["rowErrors"])
    assert payload["importedCount"] == 2
    assert [c["fullName"] for c in payload["candidates"]] == ["Nguyen Van An", "Pham Van\nDung"]
    page = gql(
        api,
        "query($call: ID) { candidates(filter: {callId: $call}) { totalCount edges { node { "
        "applicantNumber countryCode status countryDetails { ... on VietnamCandidateDetails "
        "{ priorityGroups illegalStayAbroad } } history { toStatus } } } } }",
        {"call": call_id},
    )["candidates"]
    assert page["totalCount"] == 2
    first = page["edges"][0]["node"]
    assert first == {
        "applicantNumber": "V-1",
        "countryCode": "VN",
        "status": "REGISTERED",
        "countryDetails": {"priorityGroups": ["POOR_DISTRICT"], "illegalStayAbroad": None},
        "history": [{"toStatus": "REGISTERED"}],
    }


@pytest.mark.database
def test_all_or_nothing_imports_nothing_when_a_row_is_bad(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = vietnam_call(api)
    before = snapshot(db_settings)
    payload = ok(api, "importCandidates", {"callId": call_id, "csv": CSV, "mode": "ALL_OR_NOTHING"})
    assert errors_of(payload) == EXPECTED_ERRORS
    assert payload["importedCount"] == 0
    assert snapshot(db_settings) == before

    good = HEADER + ROWS[0] + ROWS[4]
    payload = ok(
        api, "importCandidates", {"callId": call_id, "csv": good, "mode": "ALL_OR_NOTHING"}
    )
    assert (payload["importedCount"], payload["rowErrors"]) == (2, [])


@pytest.mark.database
def test_numbers_already_registered_are_duplicates(api: TestClient) -> None:
    call_id = vietnam_call(api)
    ok(api, "registerCandidate", {**passing_candidate(call_id, "VN", "V-1")})
    payload = ok(api, "importCandidates", {"callId": call_id, "csv": HEADER + ROWS[0]})
    assert errors_of(payload) == [(2, "applicant_number", "DUPLICATE")]
    assert payload["importedCount"] == 0


def test_command_line_import(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(main, ["migrate"]).exit_code == 0
    from core.app import create_app

    with TestClient(create_app(Settings(database_url=url))) as api:
        api.headers.update(signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"))
        call_id = vietnam_call(api)
    path = tmp_path / "candidates.csv"
    path.write_text(CSV, encoding="utf-8")
    result = runner.invoke(main, ["candidates", "import", "--call-id", call_id, str(path)])
    assert result.exit_code == 1
    assert "2 of 7 row(s) imported" in result.stdout
    assert "line 3: full_name: is required" in result.stderr
    result = runner.invoke(
        main, ["candidates", "import", "--call-id", "999", "--mode", "all_or_nothing", str(path)]
    )
    assert result.exit_code == 1
    assert "error: callId: no recruitment call with id 999" in result.stderr
