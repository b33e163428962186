"""Every mutation refuses missing, malformed and out-of-range input field by field,
and leaves the database exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.accounts import PASSWORD
from tests.client import global_id
from tests.lifecycle.helpers import JOB_FIELDS, mutate, ok, passing_candidate, snapshot

World = dict[str, str]
Case = tuple[str, Callable[[World], dict[str, Any]], str | None, str]

NO_DATE = "NO_DATE"
"""Not a date: refused by the ``Date`` scalar before anything runs, naming the field."""

CALL = {
    "countryCode": "ID",
    "label": "ID-2026-02",
    "jobFields": JOB_FIELDS,
    "places": 10,
    "opensOn": "2026-01-01",
    "closesOn": "2026-01-31",
}


def build_world(api: TestClient) -> World:
    call = ok(api, "createRecruitmentCall", {**CALL, "label": "world"})["call"]
    registered = ok(api, "registerCandidate", passing_candidate(call["id"], "ID", "W-1"))
    passed = ok(api, "registerCandidate", passing_candidate(call["id"], "ID", "W-2"))
    cohort = ok(
        api,
        "createTrainingCohort",
        {"countryCode": "ID", "name": "world", "startsOn": "2026-02-01", "endsOn": "2026-07-01"},
    )["cohort"]
    company = ok(
        api,
        "createHostCompany",
        {"name": "World KK", "prefecture": "Tokyo", "jobCategory": "Welding"},
    )["hostCompany"]
    ok(
        api,
        "createHostCompany",
        {"name": "Second KK", "prefecture": "Osaka", "jobCategory": "Food"},
    )
    event = ok(
        api,
        "createEvent",
        {
            "typeCode": "host_company_conference",
            "title": "World conference",
            "heldOn": "2027-02-10",
            "venue": "Tokyo",
            "capacity": 10,
        },
    )["event"]
    return {
        "event": event["id"],
        "call": call["id"],
        "candidate": registered["candidate"]["id"],
        "other": passed["candidate"]["id"],
        "cohort": cohort["id"],
        "phase": cohort["phases"][0]["id"],
        "company": company["id"],
    }


CASES: dict[str, list[Case]] = {
    "createRecruitmentCall": [
        ("missing", lambda w: {k: v for k, v in CALL.items() if k != "label"}, "label", "REQUIRED"),
        ("malformed", lambda w: {**CALL, "opensOn": "2026-13-01"}, "opensOn", NO_DATE),
        ("out of range", lambda w: {**CALL, "places": 0}, "places", "INVALID"),
        ("inconsistent", lambda w: {**CALL, "closesOn": "2025-12-01"}, "closesOn", "INVALID"),
        (
            "unknown country",
            lambda w: {**CALL, "countryCode": "JP"},
            "countryCode",
            "UNKNOWN_COUNTRY",
        ),
        ("duplicate", lambda w: {**CALL, "label": "world"}, "label", "DUPLICATE"),
    ],
    "updateCallCriteria": [
        ("missing", lambda w: {"adjust": []}, "callId", "REQUIRED"),
        (
            "malformed",
            lambda w: {
                "callId": w["call"],
                "adjust": [{"ruleId": "height", "parameters": {"sex": {"allowed": ["MALE"]}}}],
            },
            "adjust.0.parameters.sex",
            "INVALID",
        ),
        (
            "out of range",
            lambda w: {
                "callId": w["call"],
                "adjust": [{"ruleId": "height", "parameters": {"heightMin": {"male": -5}}}],
            },
            "adjust.0.parameters.heightMin.male",
            "INVALID",
        ),
        (
            "unknown rule",
            lambda w: {"callId": w["call"], "omitRules": ["nope"]},
            "omitRules.0",
            "NOT_FOUND",
        ),
    ],
    "registerCandidate": [
        (
            "missing",
            lambda w: {
                k: v for k, v in passing_candidate(w["call"], "ID", "N").items() if k != "fullName"
            },
            "fullName",
            "REQUIRED",
        ),
        (
            "malformed",
            lambda w: {**passing_candidate(w["call"], "ID", "N"), "dateOfBirth": "01/02/2000"},
            "dateOfBirth",
            NO_DATE,
        ),
        (
            "out of range",
            lambda w: {**passing_candidate(w["call"], "ID", "N"), "heightCm": 400},
            "heightCm",
            "INVALID",
        ),
        (
            "too young",
            lambda w: {**passing_candidate(w["call"], "ID", "N"), "dateOfBirth": "2020-01-01"},
            "dateOfBirth",
            "INVALID",
        ),
        (
            "job field not offered",
            lambda w: {**passing_candidate(w["call"], "ID", "N"), "jobField": "fishery"},
            "jobField",
            "INVALID",
        ),
        (
            "duplicate",
            lambda w: passing_candidate(w["call"], "ID", "W-1"),
            "applicantNumber",
            "DUPLICATE",
        ),
    ],
    "importCandidates": [
        ("missing", lambda w: {"callId": w["call"]}, "csv", "REQUIRED"),
        (
            "malformed",
            lambda w: {"callId": w["call"], "csv": "name;birth\nA;B\n"},
            "csv",
            "INVALID",
        ),
        (
            "unknown call",
            lambda w: {"callId": global_id("RecruitmentCall", 99999), "csv": "full_name\n"},
            "callId",
            "NOT_FOUND",
        ),
    ],
    "recordTestResult": [
        ("missing", lambda w: {"candidateId": w["candidate"], "passed": True}, "kind", "REQUIRED"),
        (
            "malformed",
            lambda w: {
                "candidateId": w["candidate"],
                "kind": "INTERVIEW",
                "passed": True,
                "takenOn": "yesterday",
            },
            "takenOn",
            NO_DATE,
        ),
        (
            "out of range",
            lambda w: {"candidateId": w["candidate"], "kind": "MATHS", "score": -1},
            "score",
            "INVALID",
        ),
        (
            "empty",
            lambda w: {"candidateId": w["candidate"], "kind": "INTERVIEW"},
            "passed",
            "INVALID",
        ),
    ],
    "screenCandidate": [
        ("missing", lambda w: {}, "candidateId", "REQUIRED"),
        (
            "malformed",
            lambda w: {"candidateId": w["candidate"], "screenedOn": "2026-02-30"},
            "screenedOn",
            NO_DATE,
        ),
        (
            "unknown candidate",
            lambda w: {"candidateId": global_id("Candidate", 99999)},
            "candidateId",
            "NOT_FOUND",
        ),
    ],
    "createTrainingCohort": [
        (
            "missing",
            lambda w: {"countryCode": "ID", "name": "c", "endsOn": "2026-09-01"},
            "startsOn",
            "REQUIRED",
        ),
        (
            "malformed",
            lambda w: {
                "countryCode": "ID",
                "name": "c",
                "startsOn": "2026-02-01",
                "endsOn": "soon",
            },
            "endsOn",
            NO_DATE,
        ),
        (
            "too short",
            lambda w: {
                "countryCode": "ID",
                "name": "c",
                "startsOn": "2026-02-01",
                "endsOn": "2026-05-01",
            },
            "endsOn",
            "INVALID",
        ),
        (
            "unknown centre",
            lambda w: {
                "countryCode": "ID",
                "name": "c",
                "centreId": "nowhere",
                "startsOn": "2026-02-01",
                "endsOn": "2026-07-01",
            },
            "centreId",
            "NOT_FOUND",
        ),
    ],
    "enrolCandidate": [
        ("missing", lambda w: {"candidateId": w["candidate"]}, "cohortId", "REQUIRED"),
        (
            "malformed",
            lambda w: {"candidateId": w["candidate"], "cohortId": "abc"},
            "cohortId",
            "INVALID",
        ),
        (
            "wrong state",
            lambda w: {"candidateId": w["candidate"], "cohortId": w["cohort"]},
            "candidateId",
            "NOT_ALLOWED_STATE",
        ),
    ],
    "recordTrainingResult": [
        (
            "missing",
            lambda w: {
                "candidateId": w["candidate"],
                "phaseId": w["phase"],
                "attendancePercent": 90,
            },
            "passed",
            "REQUIRED",
        ),
        (
            "malformed",
            lambda w: {
                "candidateId": w["candidate"],
                "phaseId": "x",
                "attendancePercent": 90,
                "passed": True,
            },
            "phaseId",
            "INVALID",
        ),
        (
            "out of range",
            lambda w: {
                "candidateId": w["candidate"],
                "phaseId": w["phase"],
                "attendancePercent": 150,
                "passed": True,
            },
            "attendancePercent",
            "INVALID",
        ),
    ],
    "completeTraining": [
        ("missing", lambda w: {"candidateId": w["candidate"]}, "completedOn", "REQUIRED"),
        (
            "malformed",
            lambda w: {"candidateId": w["candidate"], "completedOn": "2026-7-1x"},
            "completedOn",
            NO_DATE,
        ),
        (
            "wrong state",
            lambda w: {"candidateId": w["candidate"], "completedOn": "2026-07-01"},
            "candidateId",
            "NOT_ALLOWED_STATE",
        ),
    ],
    "createHostCompany": [
        ("missing", lambda w: {"prefecture": "Osaka", "jobCategory": "Food"}, "name", "REQUIRED"),
        (
            "malformed",
            lambda w: {"name": "A", "prefecture": "Atlantis", "jobCategory": "Food"},
            "prefecture",
            "INVALID",
        ),
        (
            "out of range",
            lambda w: {"name": "A" * 201, "prefecture": "Osaka", "jobCategory": "Food"},
            "name",
            "INVALID",
        ),
        (
            "duplicate",
            lambda w: {"name": "World KK", "prefecture": "JP-13", "jobCategory": "Food"},
            "name",
            "DUPLICATE",
        ),
    ],
    "updateHostCompany": [
        ("missing", lambda w: {"name": "A"}, "hostCompanyId", "REQUIRED"),
        (
            "malformed",
            lambda w: {"hostCompanyId": w["company"], "prefecture": "Atlantis"},
            "prefecture",
            "INVALID",
        ),
        (
            "out of range",
            lambda w: {"hostCompanyId": w["company"], "name": "A" * 201},
            "name",
            "INVALID",
        ),
        (
            "unknown company",
            lambda w: {"hostCompanyId": global_id("HostCompany", 99999), "name": "A"},
            "hostCompanyId",
            "NOT_FOUND",
        ),
        ("nothing to change", lambda w: {"hostCompanyId": w["company"]}, None, "REQUIRED"),
        (
            "duplicate",
            lambda w: {"hostCompanyId": w["company"], "name": "Second KK", "prefecture": "JP-27"},
            "name",
            "DUPLICATE",
        ),
    ],
    "updateEvent": [
        ("missing", lambda w: {"eventId": w["event"], "venue": "Kobe"}, "reason", "REQUIRED"),
        (
            "malformed",
            lambda w: {"eventId": w["event"], "heldOn": "10/02/2027", "reason": "x"},
            "heldOn",
            NO_DATE,
        ),
        (
            "out of range",
            lambda w: {"eventId": w["event"], "capacity": 100_001, "reason": "x"},
            "capacity",
            "INVALID",
        ),
        (
            "unknown event",
            lambda w: {"eventId": global_id("Event", 99999), "venue": "Kobe", "reason": "x"},
            "eventId",
            "NOT_FOUND",
        ),
        ("nothing to change", lambda w: {"eventId": w["event"], "reason": "x"}, None, "REQUIRED"),
    ],
    "cancelEvent": [
        ("missing", lambda w: {"eventId": w["event"]}, "reason", "REQUIRED"),
        ("malformed", lambda w: {"eventId": "e1", "reason": "x"}, "eventId", "INVALID"),
        (
            "out of range",
            lambda w: {"eventId": w["event"], "reason": "x" * 401},
            "reason",
            "INVALID",
        ),
        (
            "unknown event",
            lambda w: {"eventId": global_id("Event", 99999), "reason": "x"},
            "eventId",
            "NOT_FOUND",
        ),
    ],
    "changePassword": [
        (
            "missing",
            lambda w: {"newPassword": "a long new password"},
            "currentPassword",
            "REQUIRED",
        ),
        (
            "wrong",
            lambda w: {"currentPassword": "not it at all", "newPassword": "a long new password"},
            "currentPassword",
            "INVALID",
        ),
        (
            "too short",
            lambda w: {"currentPassword": PASSWORD, "newPassword": "short"},
            "newPassword",
            "INVALID",
        ),
    ],
    "dispatchCandidate": [
        (
            "missing",
            lambda w: {"candidateId": w["candidate"], "entryDate": "2026-02-01"},
            "hostCompanyId",
            "REQUIRED",
        ),
        (
            "malformed",
            lambda w: {
                "candidateId": w["candidate"],
                "hostCompanyId": w["company"],
                "entryDate": "2027-02-29",
            },
            "entryDate",
            NO_DATE,
        ),
        (
            "wrong state",
            lambda w: {
                "candidateId": w["candidate"],
                "hostCompanyId": w["company"],
                "entryDate": "2026-02-01",
            },
            "candidateId",
            "NOT_ALLOWED_STATE",
        ),
    ],
    "advanceStage": [
        (
            "missing",
            lambda w: {
                "candidateId": w["candidate"],
                "skillsTest": "BASIC_GRADE",
                "passedOn": "2026-01-01",
            },
            "startsOn",
            "REQUIRED",
        ),
        (
            "malformed",
            lambda w: {
                "candidateId": w["candidate"],
                "skillsTest": "GRADE_3",
                "passedOn": "x",
                "startsOn": "2026-02-01",
            },
            "passedOn",
            NO_DATE,
        ),
        (
            "inconsistent",
            lambda w: {
                "candidateId": w["candidate"],
                "skillsTest": "GRADE_3",
                "passedOn": "2026-03-01",
                "startsOn": "2026-02-01",
            },
            "startsOn",
            "INVALID",
        ),
    ],
    "recordReturn": [
        (
            "missing",
            lambda w: {"candidateId": w["candidate"], "returnedOn": "2026-01-01"},
            "outcome",
            "REQUIRED",
        ),
        (
            "malformed",
            lambda w: {
                "candidateId": w["candidate"],
                "returnedOn": "20300101",
                "outcome": "COMPLETED",
            },
            "returnedOn",
            NO_DATE,
        ),
        (
            "early without reason",
            lambda w: {
                "candidateId": w["candidate"],
                "returnedOn": "2026-01-01",
                "outcome": "EARLY_RETURN",
            },
            "reason",
            "INVALID",
        ),
    ],
    "withdrawCandidate": [
        ("missing", lambda w: {"candidateId": w["candidate"]}, "reason", "REQUIRED"),
        (
            "malformed",
            lambda w: {"candidateId": "x1", "reason": "moved away"},
            "candidateId",
            "INVALID",
        ),
        (
            "out of range",
            lambda w: {"candidateId": w["candidate"], "reason": "x" * 501},
            "reason",
            "INVALID",
        ),
    ],
}


@pytest.mark.database
@pytest.mark.parametrize("mutation", sorted(CASES))
def test_refused_input_names_the_field_and_writes_nothing(
    api: TestClient, db_settings: Settings, mutation: str
) -> None:
    world = build_world(api)
    for label, make_input, field, code in CASES[mutation]:
        before = snapshot(db_settings)
        if code == NO_DATE:
            refused = refused_date(api, mutation, make_input(world))
            assert refused.startswith(f"Variable $input.{field}: "), (label, refused)
            assert "is not a date" in refused, (label, refused)
            assert snapshot(db_settings) == before, f"{mutation} ({label}) changed the database"
            continue
        payload = mutate(api, mutation, make_input(world))
        errors = payload["errors"]
        assert errors, f"{mutation} ({label}) was accepted"
        assert (errors[0]["field"], errors[0]["code"]) == (field, code), (label, errors)
        assert errors[0]["message"]
        assert snapshot(db_settings) == before, f"{mutation} ({label}) changed the database"


def refused_date(api: TestClient, mutation: str, data: dict[str, Any]) -> str:
    """The message of the request error that refuses ``data`` (400: nothing ran)."""
    input_type = f"{mutation[0].upper()}{mutation[1:]}Input"
    query = f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ __typename }} }}"
    response = api.post("/graphql", json={"query": query, "variables": {"input": data}})
    assert response.status_code == 400, response.text
    (error,) = response.json()["errors"]
    message: str = error["message"]
    return message
