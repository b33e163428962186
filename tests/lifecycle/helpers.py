"""GraphQL operations and data shared by the lifecycle tests."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text
from starlette.testclient import TestClient

import core.db.models
from core.db.engine import create_engine
from core.settings import Settings
from tests.client import mutation

ERRORS = "errors { field message code }"

CANDIDATE_FIELDS = "id status countryCode fullName"

CALL_FIELDS = "id label jobFields criteria { version criteria { id kind parameters } }"
DECISION_FIELDS = "decision { passed outcomes { ruleId passed expected actual reason } }"
COHORT_FIELDS = "id name startsOn endsOn phases { id position name startsOn endsOn paidBy }"
IMPORT_FIELDS = (
    "rowCount importedCount candidates { id fullName } rowErrors { line column message code }"
)

# What each mutation's payload is asked for (the errors always).
OPERATIONS = {
    "createRecruitmentCall": f"call {{ {CALL_FIELDS} }}",
    "updateCallCriteria": "call { id } criteria { id version criteria { id parameters } }",
    "registerCandidate": f"candidate {{ {CANDIDATE_FIELDS} }}",
    "importCandidates": IMPORT_FIELDS,
    "recordTestResult": "testResult { kind passed score }",
    "screenCandidate": f"candidate {{ {CANDIDATE_FIELDS} }} {DECISION_FIELDS}",
    "createTrainingCohort": f"cohort {{ {COHORT_FIELDS} }}",
    "enrolCandidate": f"candidate {{ {CANDIDATE_FIELDS} cohort {{ id }} }}",
    "recordTrainingResult": "trainingResult { phaseId passed }",
    "completeTraining": f"candidate {{ {CANDIDATE_FIELDS} trainingCompletedOn }}",
    "createHostCompany": "hostCompany { id name prefecture jobCategory }",
    "updateHostCompany": "hostCompany { id name prefecture jobCategory }",
    "dispatchCandidate": f"candidate {{ {CANDIDATE_FIELDS} hostCompany {{ id }} enteredJapanOn }}",
    "advanceStage": f"candidate {{ {CANDIDATE_FIELDS} }}",
    "recordReturn": f"candidate {{ {CANDIDATE_FIELDS} returnedOn returnOutcome }}",
    "withdrawCandidate": f"candidate {{ {CANDIDATE_FIELDS} }}",
    "createEvent": "event { id capacity status }",
    "updateEvent": "event { id capacity status } movedUp { id }",
    "cancelEvent": "event { id status cancelledReason }",
    "changePassword": "account { id }",
}


def mutate(client: TestClient, name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run a mutation; return its payload (fails on any top-level GraphQL error)."""
    return mutation(client, name, f"{OPERATIONS[name]} {ERRORS}", data)


def ok(client: TestClient, name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run a mutation that must succeed."""
    payload = mutate(client, name, data)
    assert payload["errors"] == [], payload["errors"]
    return payload


JOB_FIELDS = ["manufacturing", "construction"]

# Per country: what makes a candidate pass that country's criteria, and the
# maths score for its test (Indonesia marks out of 20, Vietnam out of 100).
MATHS_SCORE = {"ID": 18, "VN": 75}
# The details each country declares (its ``country_details_model``), as GraphQL takes
# them: under the key of the country's plugin in ``CountryDetailsInput``.
PLUGINS = {"ID": "indonesia", "VN": "vietnam"}
COUNTRY_DETAILS: dict[str, dict[str, Any]] = {
    "ID": {"lessonHours": 200},
    "VN": {"illegalStayAbroad": False, "priorityGroups": []},
}


def country_details(country: str, **values: Any) -> dict[str, Any]:
    """A ``CountryDetailsInput`` of ``country``: its passing details, updated by ``values``."""
    return {PLUGINS[country]: {**COUNTRY_DETAILS.get(country, {}), **values}}


def passing_candidate(call_id: str, country: str, number: str) -> dict[str, Any]:
    return {
        "callId": call_id,
        "applicantNumber": number,
        "fullName": f"Test Candidate {country} {number}",
        "dateOfBirth": "2002-03-01",
        "sex": "MALE",
        "educationLevel": "UPPER_SECONDARY",
        "educationTrack": "smk_teknik",
        "jobField": "manufacturing",
        "heightCm": 170,
        "weightKg": 65,
        "japaneseLevel": "N4",
        "priorInternshipInJapan": False,
        "priorWorkInJapan": False,
        "militaryServiceCompleted": True,
        "criminalRecord": False,
        **({"countryDetails": country_details(country)} if country in PLUGINS else {}),
    }


def passing_tests(country: str) -> list[dict[str, Any]]:
    return [
        {"kind": "DOCUMENT_CHECK", "passed": True},
        {"kind": "MATHS", "score": MATHS_SCORE.get(country, 18)},
        {
            "kind": "BODY_CHECK",
            "passed": True,
            "details": {
                "bodyCheck": {
                    "tattoos": False,
                    "removedTattoos": False,
                    "piercings": False,
                    "glasses": False,
                    "contactLenses": False,
                    "colourVisionDeficiency": False,
                    "uncorrectedAcuity": 1.0,
                    "correctedAcuity": 1.0,
                }
            },
        },
        {
            "kind": "PHYSICAL_FITNESS",
            "passed": True,
            "details": {"physicalFitness": {"runMinutes": 12, "pushUps": 40, "sitUps": 30}},
        },
        {"kind": "INTERVIEW", "passed": True},
        {"kind": "MEDICAL_CHECK", "passed": True},
        {"kind": "JAPANESE", "passed": True},
        {"kind": "EXAM", "passed": True},
    ]


def snapshot(settings: Settings) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show a refused mutation changed nothing.

    The audit log and the rate counters are left out: recording the refused
    attempt is their purpose.
    """

    async def read() -> dict[str, list[tuple[Any, ...]]]:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            async with engine.connect() as connection:
                tables = {}
                for name in sorted(
                    set(core.db.models.metadata.tables) - {"audit_entry", "rate_counter"}
                ):
                    table = core.db.models.metadata.tables[name]
                    order = ", ".join(column.name for column in table.primary_key.columns)
                    rows = await connection.execute(text(f"SELECT * FROM {name} ORDER BY {order}"))
                    tables[name] = [tuple(row) for row in rows]
                return tables
        finally:
            await engine.dispose()

    return asyncio.run(read())
