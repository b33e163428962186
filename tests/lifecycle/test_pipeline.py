"""One candidate of each country, from recruitment call to return, over HTTP."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.conftest import gql
from tests.lifecycle.helpers import JOB_FIELDS, ok, passing_candidate, passing_tests
from tests.supervision.lectures_helpers import complete_lectures, ensure_stage_one_plan

COUNTRIES = ["ID", "TH", "VN", "BD", "LK"]

CANDIDATE_QUERY = """
query($id: ID!) {
  candidate(id: $id) {
    status countryCode enteredJapanOn returnedOn returnOutcome
    call { label criteria { version } }
    cohort { name phases { name } }
    hostCompany { name prefecture }
    history { fromStatus toStatus reason }
    latestScreeningDecision { passed criteria { version } outcomes { ruleId passed reason } }
    stages { stage startedOn skillsTest }
    trainingResults { passed }
    testResults { kind }
  }
}
"""


def drive_through_pipeline(api: TestClient, country: str) -> str:
    # Each step is dated in the past (a record of what happened cannot be dated
    # after today), so the stages follow each other quickly.
    call = ok(
        api,
        "createRecruitmentCall",
        {
            "countryCode": country,
            "label": f"{country}-2026-01",
            "jobFields": JOB_FIELDS,
            "places": 30,
            "opensOn": "2025-12-01",
            "closesOn": "2025-12-31",
        },
    )["call"]
    candidate = ok(api, "registerCandidate", passing_candidate(call["id"], country, "A-001"))[
        "candidate"
    ]
    candidate_id = candidate["id"]
    assert candidate["status"] == "REGISTERED"
    for test in passing_tests(country):
        ok(api, "recordTestResult", {"candidateId": candidate_id, **test})

    screened = ok(api, "screenCandidate", {"candidateId": candidate_id, "screenedOn": "2026-01-10"})
    failed = [o for o in screened["decision"]["outcomes"] if not o["passed"]]
    assert failed == [], failed
    assert screened["candidate"]["status"] == "SCREENING_PASSED"

    cohort = ok(
        api,
        "createTrainingCohort",
        {
            "countryCode": country,
            "name": f"{country} cohort 2026-1",
            "startsOn": "2026-01-15",
            "endsOn": "2026-07-20",
        },
    )["cohort"]
    assert (
        ok(api, "enrolCandidate", {"candidateId": candidate_id, "cohortId": cohort["id"]})[
            "candidate"
        ]["status"]
        == "IN_TRAINING"
    )
    for phase in cohort["phases"]:
        ok(
            api,
            "recordTrainingResult",
            {
                "candidateId": candidate_id,
                "phaseId": phase["id"],
                "attendancePercent": 96,
                "assessmentScore": 80,
                "passed": True,
            },
        )
    completed = ok(
        api, "completeTraining", {"candidateId": candidate_id, "completedOn": "2026-07-20"}
    )
    assert completed["candidate"]["status"] == "TRAINING_COMPLETED"

    company = ok(
        api,
        "createHostCompany",
        {"name": f"Host {country} KK", "prefecture": "JP-23", "jobCategory": "Machining"},
    )["hostCompany"]
    assert company["prefecture"] == "Aichi"
    ensure_stage_one_plan(api, candidate_id, company["id"])
    complete_lectures(api, candidate_id, starts_on="2026-08-01", ends_on="2026-08-31")
    dispatched = ok(
        api,
        "dispatchCandidate",
        {"candidateId": candidate_id, "hostCompanyId": company["id"], "entryDate": "2026-08-01"},
    )
    assert dispatched["candidate"]["status"] == "IN_JAPAN_I"
    second = ok(
        api,
        "advanceStage",
        {
            "candidateId": candidate_id,
            "skillsTest": "BASIC_GRADE",
            "passedOn": "2026-09-01",
            "startsOn": "2026-09-15",
        },
    )
    assert second["candidate"]["status"] == "IN_JAPAN_II"
    third = ok(
        api,
        "advanceStage",
        {
            "candidateId": candidate_id,
            "skillsTest": "SPECIALIZED",
            "passedOn": "2026-10-01",
            "startsOn": "2026-10-15",
        },
    )
    assert third["candidate"]["status"] == "IN_JAPAN_III"
    returned = ok(
        api,
        "recordReturn",
        {"candidateId": candidate_id, "returnedOn": "2026-11-15", "outcome": "COMPLETED"},
    )
    assert returned["candidate"]["status"] == "RETURNED"
    return str(candidate_id)


@pytest.mark.database
@pytest.mark.parametrize("country", COUNTRIES)
def test_candidate_goes_through_the_whole_pipeline(api: TestClient, country: str) -> None:
    candidate_id = drive_through_pipeline(api, country)
    record = gql(api, CANDIDATE_QUERY, {"id": candidate_id})["candidate"]
    assert record["status"] == "RETURNED"
    assert record["returnOutcome"] == "COMPLETED"
    assert record["hostCompany"] == {"name": f"Host {country} KK", "prefecture": "Aichi"}
    assert [(h["fromStatus"], h["toStatus"]) for h in record["history"]] == [
        (None, "REGISTERED"),
        ("REGISTERED", "SCREENING_PASSED"),
        ("SCREENING_PASSED", "IN_TRAINING"),
        ("IN_TRAINING", "TRAINING_COMPLETED"),
        ("TRAINING_COMPLETED", "IN_JAPAN_I"),
        ("IN_JAPAN_I", "IN_JAPAN_II"),
        ("IN_JAPAN_II", "IN_JAPAN_III"),
        ("IN_JAPAN_III", "RETURNED"),
    ]
    decision = record["latestScreeningDecision"]
    assert decision["passed"] is True
    assert decision["criteria"] == {"version": 1}
    rule_ids = {
        rule["id"] for rule in gql(api, RULES, {"code": country})["country"]["screeningRules"]
    }
    assert {o["ruleId"] for o in decision["outcomes"]} == rule_ids
    assert [s["stage"] for s in record["stages"]] == ["I", "II", "III"]
    assert [s["skillsTest"] for s in record["stages"]] == [None, "BASIC_GRADE", "SPECIALIZED"]
    assert record["trainingResults"] and all(r["passed"] for r in record["trainingResults"])

    pipeline = gql(api, PIPELINE, {"code": country})["pipeline"]
    assert pipeline == [
        {"countryCode": country, "applied": 1, "passedScreening": 1, "inJapanI": 0, "returned": 1}
    ]


RULES = "query($code: String!) { country(code: $code) { screeningRules { id } } }"
PIPELINE = (
    "query($code: String) { pipeline(countryCode: $code) "
    "{ countryCode applied passedScreening inJapanI returned } }"
)
