"""The name filter ignores case by Python's full Unicode rules and the accents of
Latin script, with the same answers on SQLite (whose lower() folds only ASCII)
and PostgreSQL."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.db.migrate import upgrade
from core.settings import Settings
from tests.conftest import gql
from tests.lifecycle.helpers import ok, passing_candidate
from tests.lifecycle.test_import import vietnam_call
from tests.sql import run_sql

QUERY = """query($name: String!) {
  candidates(first: 20, filter: { name: $name }) { totalCount edges { node { fullName } } }
}"""


def names(api: TestClient, search: str) -> list[str]:
    found = gql(api, QUERY, {"name": search})["candidates"]
    assert found["totalCount"] == len(found["edges"])
    return sorted(edge["node"]["fullName"] for edge in found["edges"])


@pytest.mark.database
def test_non_ascii_capitals_are_found_in_either_case(api: TestClient) -> None:
    call_id = vietnam_call(api)
    for number, name in [("V-1", "Đặng Thị Ánh"), ("V-2", "Nguyễn Văn Bình")]:
        ok(api, "registerCandidate", {**passing_candidate(call_id, "VN", number), "fullName": name})
    csv = (
        "applicant_number,full_name,date_of_birth,sex,education_level\n"
        "V-3,ĐOÀN THỊ HỒNG,2001-04-02,female,upper_secondary\n"
    )
    ok(api, "importCandidates", {"callId": call_id, "csv": csv, "mode": "ALL_OR_NOTHING"})

    for search in ("Đặng", "đặng", "ĐẶNG THỊ", "ánh", "ÁNH"):
        assert names(api, search) == ["Đặng Thị Ánh"], search
    # A row written by the CSV import is found in the same way.
    assert names(api, "đoàn thị") == ["ĐOÀN THỊ HỒNG"]
    assert names(api, "thị") == sorted(["Đặng Thị Ánh", "ĐOÀN THỊ HỒNG"])
    assert names(api, "Đặng Văn") == []
    assert names(api, "bình") == ["Nguyễn Văn Bình"]
    # A decomposed accent (as some keyboards type it) is the same text.
    assert names(api, "đa\u0323\u0306ng") == ["Đặng Thị Ánh"]
    # Accents of Latin script are ignored, and đ is searched as d.
    for search in ("dang", "DANG THI", "anh", "Dặng", "thi anh"):
        assert names(api, search) == ["Đặng Thị Ánh"], search
    assert names(api, "nguyen van binh") == ["Nguyễn Văn Bình"]
    assert names(api, "doan") == ["ĐOÀN THỊ HỒNG"]
    # The LIKE wildcards are plain characters.
    assert names(api, "%") == [] and names(api, "_") == []


@pytest.mark.database
def test_the_migration_gives_existing_candidates_their_search_key(
    empty_db_settings: Settings,
) -> None:
    url, schema = empty_db_settings.database_url, empty_db_settings.database_schema
    upgrade(url, schema=schema, revision="0005")
    run_sql(
        empty_db_settings,
        "INSERT INTO recruitment_call (id, country_code, label, job_fields, places, "
        "opens_on, closes_on, created_at) VALUES (1, 'VN', 'old', '[]', 5, "
        "'2026-01-01', '2026-01-31', '2026-01-01 00:00:00')",
        "INSERT INTO candidate (id, country_code, call_id, full_name, date_of_birth, "
        "sex, education_level, country_details, status, created_at) VALUES "
        "(1, 'VN', 1, 'Đặng Thị Ánh', '2001-01-01', 'female', 'upper_secondary', '{}', "
        "'registered', '2026-01-01 00:00:00')",
        "SELECT 1",
    )
    upgrade(url, schema=schema)
    rows = run_sql(empty_db_settings, "SELECT full_name_key FROM candidate")
    assert rows == [("dang thi anh",)]


@pytest.mark.database
def test_the_accent_free_keys_replace_the_keys_written_before(
    empty_db_settings: Settings,
) -> None:
    url, schema = empty_db_settings.database_url, empty_db_settings.database_schema
    upgrade(url, schema=schema, revision="0010")
    run_sql(
        empty_db_settings,
        "INSERT INTO recruitment_call (id, country_code, label, job_fields, places, "
        "opens_on, closes_on, created_at) VALUES (1, 'VN', 'old', '[]', 5, "
        "'2026-01-01', '2026-01-31', '2026-01-01 00:00:00')",
        # Keys as 0010's search wrote them: case-folded, accents kept.
        "INSERT INTO candidate (id, country_code, call_id, full_name, full_name_key, "
        "date_of_birth, sex, education_level, country_details, status, created_at) VALUES "
        "(1, 'VN', 1, 'Đặng Thị Ánh', 'đặng thị ánh', '2001-01-01', 'female', "
        "'upper_secondary', '{}', 'registered', '2026-01-01 00:00:00'), "
        "(2, 'TH', 1, 'สมชาย ใจดี', 'สมชาย ใจดี', '2001-01-01', 'male', "
        "'upper_secondary', '{}', 'registered', '2026-01-01 00:00:00')",
        "SELECT 1",
    )
    upgrade(url, schema=schema)
    rows = run_sql(empty_db_settings, "SELECT full_name_key FROM candidate ORDER BY id")
    # Thai vowel signs are combining marks but letters of their own: they stay.
    assert rows == [("dang thi anh",), ("สมชาย ใจดี",)]
