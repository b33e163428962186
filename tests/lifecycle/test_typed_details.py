"""Typed details: ``countryDetails`` and test ``details`` are typed GraphQL inputs and
outputs, generated from their models and validated by them."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import gql, mutation
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
def test_registration_refuses_a_wrong_value_and_another_countrys_details(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = vietnam_call(api)
    before = snapshot(db_settings)
    too_many = ["POOR_DISTRICT"] * 5  # more groups than there are
    for details, field in (
        ({"vietnam": {"priorityGroups": too_many}}, "countryDetails.vietnam.priorityGroups"),
        ({"indonesia": {"lessonHours": 200}}, "countryDetails.indonesia"),
        ({"indonesia": {"lessonHours": -1}}, "countryDetails.indonesia"),
    ):
        data = {**passing_candidate(call_id, "VN", "T-1"), "countryDetails": details}
        payload = mutate(api, "registerCandidate", data)
        assert payload["candidate"] is None
        assert _errors(payload) == [(field, "INVALID")], payload["errors"]
        assert payload["errors"][0]["message"]
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_the_schema_refuses_an_unknown_key_a_wrong_type_and_two_countries(
    api: TestClient,
) -> None:
    call_id = vietnam_call(api)
    query = (
        "mutation($input: RegisterCandidateInput!) "
        "{ registerCandidate(input: $input) { candidate { id } } }"
    )
    for details, said in (
        ({"vietnam": {"points": 3}}, ".countryDetails.vietnam"),
        ({"vietnam": {"priorityGroups": ["VETERAN_FAMILY"]}}, ".countryDetails.vietnam"),
        (
            {"vietnam": {"illegalStayAbroad": False}, "indonesia": {"lessonHours": 200}},
            "CountryDetailsInput' must specify exactly one key",
        ),
    ):
        data = {**passing_candidate(call_id, "VN", "T-1"), "countryDetails": details}
        body = api.post("/graphql", json={"query": query, "variables": {"input": data}}).json()
        assert body.get("data") is None, body
        assert said in body["errors"][0]["message"], body


@pytest.mark.database
def test_details_are_read_back_typed(api: TestClient) -> None:
    call_id = vietnam_call(api)
    data = {
        **passing_candidate(call_id, "VN", "T-4"),
        "countryDetails": {"vietnam": {"priorityGroups": ["POOR_DISTRICT"]}},
    }
    candidate = ok(api, "registerCandidate", data)["candidate"]
    for test in passing_tests("VN"):
        ok(api, "recordTestResult", {"candidateId": candidate["id"], **test})
    query = """query($id: ID!) { candidate(id: $id) {
        countryDetails { __typename countryCode
            ... on VietnamCandidateDetails { priorityGroups illegalStayAbroad } }
        testResults { kind details { __typename
            ... on BodyCheckDetails { tattoos uncorrectedAcuity }
            ... on PhysicalFitnessDetails { runMinutes pushUps } } } } }"""
    read = gql(api, query, {"id": candidate["id"]})["candidate"]
    assert read["countryDetails"] == {
        "__typename": "VietnamCandidateDetails",
        "countryCode": "VN",
        "priorityGroups": ["POOR_DISTRICT"],
        "illegalStayAbroad": None,
    }
    details = {test["kind"]: test["details"] for test in read["testResults"]}
    assert details["BODY_CHECK"] == {
        "__typename": "BodyCheckDetails",
        "tattoos": False,
        "uncorrectedAcuity": 1.0,
    }
    assert details["PHYSICAL_FITNESS"] == {
        "__typename": "PhysicalFitnessDetails",
        "runMinutes": 12.0,
        "pushUps": 40,
    }
    assert details["MATHS"] is None


@pytest.mark.database
def test_correction_refuses_a_wrong_value_and_corrects_a_right_one(api: TestClient) -> None:
    call_id = vietnam_call(api)
    candidate = ok(api, "registerCandidate", passing_candidate(call_id, "VN", "T-2"))["candidate"]
    selection = (
        "candidate { id countryDetails { ... on VietnamCandidateDetails { illegalStayAbroad } } } "
        + ERRORS
    )
    refused = mutation(
        api,
        "correctCandidate",
        selection,
        {
            "candidateId": candidate["id"],
            "countryDetails": {"indonesia": {"lessonHours": 3}},
            "reason": "typo",
        },
    )
    assert _errors(refused) == [("countryDetails.indonesia", "INVALID")]
    corrected = mutation(
        api,
        "correctCandidate",
        selection,
        {
            "candidateId": candidate["id"],
            "countryDetails": {"vietnam": {"illegalStayAbroad": True}},
            "reason": "declared late",
        },
    )
    assert corrected["errors"] == []
    assert corrected["candidate"]["countryDetails"] == {"illegalStayAbroad": True}


@pytest.mark.database
def test_record_test_result_refuses_a_wrong_value_and_details_of_another_kind(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = vietnam_call(api)
    candidate = ok(api, "registerCandidate", passing_candidate(call_id, "VN", "T-3"))["candidate"]
    before = snapshot(db_settings)
    for kind, details, field in (
        (
            "BODY_CHECK",
            {"bodyCheck": {"uncorrectedAcuity": 9}},
            "details.bodyCheck.uncorrectedAcuity",
        ),
        (
            "PHYSICAL_FITNESS",
            {"physicalFitness": {"runMinutes": -3}},
            "details.physicalFitness.runMinutes",
        ),
        ("MATHS", {"bodyCheck": {"tattoos": False}}, "details.bodyCheck"),
    ):
        payload = mutate(
            api,
            "recordTestResult",
            {"candidateId": candidate["id"], "kind": kind, "score": 50, "details": details},
        )
        assert _errors(payload) == [(field, "INVALID")], payload["errors"]
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_a_refusal_of_details_is_in_japanese_when_asked(api: TestClient) -> None:
    call_id = vietnam_call(api)
    data = {
        **passing_candidate(call_id, "VN", "T-5"),
        "countryDetails": {"indonesia": {"lessonHours": 200}},
    }
    payload = mutation(
        api, "registerCandidate", f"candidate {{ id }} {ERRORS}", data, {"Accept-Language": "ja"}
    )
    (error,) = payload["errors"]
    assert error["field"] == "countryDetails.indonesia"
    assert error["message"].startswith("他の国の詳細項目です。候補者の国は VN"), error["message"]

    candidate = ok(api, "registerCandidate", passing_candidate(call_id, "VN", "T-6"))["candidate"]
    data = {
        "candidateId": candidate["id"],
        "kind": "BODY_CHECK",
        "details": {"bodyCheck": {"uncorrectedAcuity": 9}},
    }
    payload = mutation(api, "recordTestResult", ERRORS, data, {"Accept-Language": "ja"})
    assert payload["errors"] == [
        {
            "field": "details.bodyCheck.uncorrectedAcuity",
            "message": "5.0以下の値を入力してください。",
            "code": "INVALID",
        }
    ]


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
