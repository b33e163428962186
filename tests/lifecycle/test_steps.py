"""The state machine: illegal steps are refused with the current status and the
allowed steps; screening failures are results; criteria changes keep old decisions."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.conftest import gql
from tests.lifecycle.helpers import (
    JOB_FIELDS,
    mutate,
    ok,
    passing_candidate,
    passing_tests,
    snapshot,
)
from tests.supervision.lectures_helpers import complete_lectures, ensure_stage_one_plan


def open_call(api: TestClient, country: str = "TH", label: str = "22-07") -> str:
    return str(
        ok(
            api,
            "createRecruitmentCall",
            {
                "countryCode": country,
                "label": label,
                "jobFields": JOB_FIELDS,
                "places": 5,
                "opensOn": "2026-01-01",
                "closesOn": "2026-01-31",
            },
        )["call"]["id"]
    )


def register(api: TestClient, call_id: str, number: str, **changes: object) -> str:
    data = {**passing_candidate(call_id, "TH", number), **changes}
    return str(ok(api, "registerCandidate", data)["candidate"]["id"])


def record_passing_tests(api: TestClient, candidate_id: str, country: str = "TH") -> None:
    for test in passing_tests(country):
        ok(api, "recordTestResult", {"candidateId": candidate_id, **test})


def refused(api: TestClient, name: str, data: dict, db_settings: Settings) -> dict:
    before = snapshot(db_settings)
    errors = mutate(api, name, data)["errors"]
    assert len(errors) == 1, errors
    assert snapshot(db_settings) == before
    return errors[0]


@pytest.mark.database
def test_failing_screening_is_a_recorded_result(api: TestClient) -> None:
    call_id = open_call(api)
    young = register(api, call_id, "T-1", dateOfBirth="2007-06-01", militaryServiceCompleted=False)
    record_passing_tests(api, young)
    result = ok(api, "screenCandidate", {"candidateId": young, "screenedOn": "2026-01-10"})
    assert result["candidate"]["status"] == "SCREENING_FAILED"
    outcomes = {o["ruleId"]: o for o in result["decision"]["outcomes"]}
    assert outcomes["age"]["passed"] is False
    assert outcomes["military-service"]["passed"] is False
    assert outcomes["height"]["passed"] is True
    assert outcomes["age"]["reason"]
    assert outcomes["age"]["expected"] and outcomes["age"]["actual"]


@pytest.mark.database
def test_illegal_steps_name_the_status_and_the_allowed_steps(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = open_call(api)
    failed = register(api, call_id, "T-1", heightCm=150)
    record_passing_tests(api, failed)
    ok(api, "screenCandidate", {"candidateId": failed, "screenedOn": "2026-01-10"})
    cohort = ok(
        api,
        "createTrainingCohort",
        {"countryCode": "TH", "name": "TH 1", "startsOn": "2026-02-01", "endsOn": "2026-06-01"},
    )["cohort"]

    error = refused(
        api, "enrolCandidate", {"candidateId": failed, "cohortId": cohort["id"]}, db_settings
    )
    assert error == {
        "field": "candidateId",
        "code": "NOT_ALLOWED_STATE",
        "message": "cannot enrol: the candidate is screening_failed; "
        "allowed steps: reopen_screening",
    }

    untrained = register(api, call_id, "T-2")
    company = ok(
        api, "createHostCompany", {"name": "Mie KK", "prefecture": "Mie", "jobCategory": "Casting"}
    )["hostCompany"]
    error = refused(
        api,
        "dispatchCandidate",
        {"candidateId": untrained, "hostCompanyId": company["id"], "entryDate": "2026-07-01"},
        db_settings,
    )
    assert error["message"] == (
        "cannot dispatch: the candidate is registered; "
        "allowed steps: record_test_result, screen, withdraw"
    )

    record_passing_tests(api, untrained)
    ok(api, "screenCandidate", {"candidateId": untrained, "screenedOn": "2026-01-10"})
    ok(api, "enrolCandidate", {"candidateId": untrained, "cohortId": cohort["id"]})
    error = refused(
        api, "enrolCandidate", {"candidateId": untrained, "cohortId": cohort["id"]}, db_settings
    )
    assert error["message"] == (
        "cannot enrol: the candidate is in_training; "
        "allowed steps: record_training_result, complete_training, withdraw"
    )
    error = refused(
        api,
        "completeTraining",
        {"candidateId": untrained, "completedOn": "2026-06-01"},
        db_settings,
    )
    assert error["message"].startswith("no passing result yet for:")


@pytest.mark.database
def test_enrolment_only_in_a_cohort_of_the_candidate_s_country(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = open_call(api)
    candidate = register(api, call_id, "T-1")
    record_passing_tests(api, candidate)
    ok(api, "screenCandidate", {"candidateId": candidate, "screenedOn": "2026-01-10"})
    vietnamese = ok(
        api,
        "createTrainingCohort",
        {"countryCode": "VN", "name": "VN 1", "startsOn": "2026-02-01", "endsOn": "2026-08-01"},
    )["cohort"]
    error = refused(
        api, "enrolCandidate", {"candidateId": candidate, "cohortId": vietnamese["id"]}, db_settings
    )
    assert error["field"] == "cohortId"


@pytest.mark.database
def test_stage_moves_are_gated_by_their_skills_test(api: TestClient, db_settings: Settings) -> None:
    from tests.lifecycle.test_pipeline import drive_through_pipeline

    drive_through_pipeline(api, "VN")
    call_id = open_call(api, "VN", "4/2026")
    # Dated years back, so that the limits of a stage and of five years in Japan
    # fall before today (no record of what happened is dated after today).
    data = {**passing_candidate(call_id, "VN", "V-2"), "dateOfBirth": "1998-03-01"}
    candidate = str(ok(api, "registerCandidate", data)["candidate"]["id"])
    record_passing_tests(api, candidate, "VN")
    ok(api, "screenCandidate", {"candidateId": candidate, "screenedOn": "2020-01-10"})
    cohort = ok(
        api,
        "createTrainingCohort",
        {"countryCode": "VN", "name": "VN 2", "startsOn": "2020-01-15", "endsOn": "2020-07-20"},
    )["cohort"]
    ok(api, "enrolCandidate", {"candidateId": candidate, "cohortId": cohort["id"]})
    for phase in cohort["phases"]:
        ok(
            api,
            "recordTrainingResult",
            {
                "candidateId": candidate,
                "phaseId": phase["id"],
                "attendancePercent": 100,
                "passed": True,
            },
        )
    ok(api, "completeTraining", {"candidateId": candidate, "completedOn": "2020-07-20"})
    listed = gql(api, '{ hostCompanies(name: "Host VN") { edges { node { id } } } }')
    company = listed["hostCompanies"]["edges"][0]["node"]
    ensure_stage_one_plan(api, candidate, company["id"])
    complete_lectures(api, candidate, starts_on="2020-08-01", ends_on="2020-08-31")
    ok(
        api,
        "dispatchCandidate",
        {"candidateId": candidate, "hostCompanyId": company["id"], "entryDate": "2020-08-01"},
    )
    wrong_test = {
        "candidateId": candidate,
        "skillsTest": "GRADE_3",
        "passedOn": "2021-06-01",
        "startsOn": "2021-07-01",
    }
    error = refused(api, "advanceStage", wrong_test, db_settings)
    assert error["field"] == "skillsTest"
    assert "basic_grade or elementary" in error["message"]
    too_late = {**wrong_test, "skillsTest": "ELEMENTARY", "startsOn": "2021-08-02"}
    error = refused(api, "advanceStage", too_late, db_settings)
    assert (error["field"], "by its end" in error["message"]) == ("startsOn", True)
    ok(api, "advanceStage", {**wrong_test, "skillsTest": "ELEMENTARY"})
    beyond_five_years = {
        "candidateId": candidate,
        "returnedOn": "2025-08-02",
        "outcome": "COMPLETED",
    }
    error = refused(api, "recordReturn", beyond_five_years, db_settings)
    assert (error["field"], "5 years after entry" in error["message"]) == ("returnedOn", True)
    early = {
        "candidateId": candidate,
        "returnedOn": "2022-01-10",
        "outcome": "EARLY_RETURN",
        "reason": "family illness",
    }
    returned = ok(api, "recordReturn", early)["candidate"]
    assert (returned["status"], returned["returnOutcome"]) == ("RETURNED", "EARLY_RETURN")


@pytest.mark.database
def test_changing_criteria_keeps_the_version_of_earlier_decisions(api: TestClient) -> None:
    call_id = open_call(api)
    first = register(api, call_id, "T-1", heightCm=162)
    record_passing_tests(api, first)
    assert (
        ok(api, "screenCandidate", {"candidateId": first, "screenedOn": "2026-01-10"})["candidate"][
            "status"
        ]
        == "SCREENING_PASSED"
    )

    changed = ok(
        api,
        "updateCallCriteria",
        {
            "callId": call_id,
            "adjust": [{"ruleId": "height", "parameters": {"heightMin": {"male": 165}}}],
            "reason": "2026 notice",
        },
    )["criteria"]
    assert changed["version"] == 2
    height = next(rule for rule in changed["criteria"] if rule["id"] == "height")
    assert height["parameters"] == {"male": 165.0, "female": None}

    second = register(api, call_id, "T-2", heightCm=162)
    record_passing_tests(api, second)
    assert (
        ok(api, "screenCandidate", {"candidateId": second, "screenedOn": "2026-01-10"})[
            "candidate"
        ]["status"]
        == "SCREENING_FAILED"
    )

    query = """query($id: ID!) { candidate(id: $id) { latestScreeningDecision {
        passed criteria { version criteria { id parameters } } } } }"""
    earlier = gql(api, query, {"id": first})["candidate"]["latestScreeningDecision"]
    assert earlier["passed"] is True
    assert earlier["criteria"]["version"] == 1
    kept = next(rule for rule in earlier["criteria"]["criteria"] if rule["id"] == "height")
    assert kept["parameters"]["male"] == 160


@pytest.mark.database
def test_withdrawal_keeps_the_reason_in_the_history(api: TestClient) -> None:
    call_id = open_call(api)
    candidate = register(api, call_id, "T-1")
    ok(api, "withdrawCandidate", {"candidateId": candidate, "reason": "took another job"})
    history = gql(
        api,
        "query($id: ID!) { candidate(id: $id) { history { toStatus reason } } }",
        {"id": candidate},
    )
    assert history["candidate"]["history"][-1] == {
        "toStatus": "WITHDRAWN",
        "reason": "took another job",
    }
