"""Typed details: ``countryDetails`` and test ``details`` are validated by their models."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import mutation
from tests.lifecycle.helpers import (
    ERRORS,
    mutate,
    ok,
    passing_candidate,
    passing_tests,
    snapshot,
)
from tests.lifecycle.test_import import vietnam_call

HEADER = (
    "applicant_number,full_name,date_of_birth,sex,education_level,job_field,"
    "details.priority_groups,details.illegal_stay_abroad\n"
)


def _errors(payload: dict) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


@pytest.mark.database
def test_registration_refuses_a_wrong_shape_and_an_unknown_key(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = vietnam_call(api)
    before = snapshot(db_settings)
    for details, field in (
        ({"priority_groups": "poor_district"}, "countryDetails.priority_groups"),
        ({"priority_groups": ["veteran_family"]}, "countryDetails.priority_groups.0"),
        ({"lesson_hours": 200}, "countryDetails.lesson_hours"),
    ):
        data = {**passing_candidate(call_id, "VN", "T-1"), "countryDetails": details}
        payload = mutate(api, "registerCandidate", data)
        assert payload["candidate"] is None
        assert _errors(payload) == [(field, "INVALID")], payload["errors"]
        assert payload["errors"][0]["message"]
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_correction_refuses_an_unknown_key(api: TestClient) -> None:
    call_id = vietnam_call(api)
    candidate = ok(api, "registerCandidate", passing_candidate(call_id, "VN", "T-2"))["candidate"]
    payload = mutation(
        api,
        "correctCandidate",
        f"candidate {{ id }} {ERRORS}",
        {"candidateId": candidate["id"], "countryDetails": {"points": 3}, "reason": "typo"},
    )
    assert _errors(payload) == [("countryDetails.points", "INVALID")]


@pytest.mark.database
def test_record_test_result_refuses_a_wrong_shape_and_an_unknown_key(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = vietnam_call(api)
    candidate = ok(api, "registerCandidate", passing_candidate(call_id, "VN", "T-3"))["candidate"]
    before = snapshot(db_settings)
    for kind, details, field in (
        ("BODY_CHECK", {"tattoos": "maybe"}, "details.tattoos"),
        ("PHYSICAL_FITNESS", {"run_minutes": -3}, "details.run_minutes"),
        ("MATHS", {"sheet": 2}, "details.sheet"),
    ):
        payload = mutate(
            api,
            "recordTestResult",
            {"candidateId": candidate["id"], "kind": kind, "score": 50, "details": details},
        )
        assert _errors(payload) == [(field, "INVALID")], payload["errors"]
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_import_reads_details_by_the_model_and_reports_a_wrong_shape_by_line_and_column(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = vietnam_call(api)
    csv = HEADER + (
        "V-1,Nguyen Van An,2001-04-02,male,upper_secondary,manufacturing,poor_district,no\n"
        'V-2,Tran Van Binh,2001-04-02,male,upper_secondary,manufacturing,"poor_district, x",\n'
        "V-3,Le Van Cuong,2001-04-02,male,upper_secondary,manufacturing,,perhaps\n"
    )
    payload = ok(api, "importCandidates", {"callId": call_id, "csv": csv})
    errors = [(e["line"], e["column"], e["code"]) for e in payload["rowErrors"]]
    assert errors == [
        (3, "details.priority_groups", "INVALID"),
        (4, "details.illegal_stay_abroad", "INVALID"),
    ]
    assert "item 2" in payload["rowErrors"][0]["message"]
    assert "poor_district" in payload["rowErrors"][0]["message"]
    assert payload["importedCount"] == 1

    # The bare name is a one-item list, and "no" a recorded false, as screening reads them.
    (imported,) = payload["candidates"]
    for test in passing_tests("VN"):
        ok(api, "recordTestResult", {"candidateId": imported["id"], **test})
    screened = ok(
        api, "screenCandidate", {"candidateId": imported["id"], "screenedOn": "2026-01-10"}
    )
    outcomes = {o["ruleId"]: o for o in screened["decision"]["outcomes"]}
    assert outcomes["no-illegal-stay-abroad"]["passed"] is True
    assert "priority points" in outcomes["maths-with-priority-points"]["actual"]

    before = snapshot(db_settings)
    unknown = "full_name,date_of_birth,sex,education_level,details.lesson_hours\n"
    refused = mutate(
        api,
        "importCandidates",
        {"callId": call_id, "csv": unknown + "A,2001-04-02,male,upper_secondary,200\n"},
    )
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("csv", "INVALID")]
    assert "details.lesson_hours" in refused["errors"][0]["message"]
    assert snapshot(db_settings) == before
