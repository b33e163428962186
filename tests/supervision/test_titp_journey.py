"""One intern's way through IM Japan's own work as the supervising organisation, over
HTTP on both databases: a certified plan, the Certificate of Eligibility, the visa, the
entry and the post-entry lectures to the host company; the basic-grade test to stage
(ii); a month at home and a grade 3 pass to stage (iii).

At each gate the step is first tried with its prerequisite missing: it is refused with
an error on the field that names what is missing, and not a row of the database changes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import global_id, gql, mutation
from tests.factories import build, call, candidate, host_company
from tests.lifecycle.helpers import snapshot
from tests.supervision.helpers import (
    PLANNED_HOURS,
    Dates,
    attend_lectures,
    certify_plan,
    over_http,
)
from tests.supervision.stage_helpers import certified_plan, prepare_stage_iii, recorded

pytestmark = pytest.mark.database

ENTERED = date(2024, 4, 1)
DATES = Dates(ENTERED)
SECOND = "2025-04-01"
THIRD = "2026-10-20"
PAYLOADS = {
    "recordCoeApplication": "entry { coeAppliedOn }",
    "recordVisaIssued": "entry { visaIssuedOn }",
    "dispatchCandidate": "candidate { status }",
    "advanceStage": "candidate { status stages { stage startedOn skillsTest } }",
}


def world(session: Session) -> dict[str, str]:
    trained = candidate(
        session, call(session, "VN"), "training_completed", training_completed_on=date(2024, 3, 1)
    )
    company = host_company(session, "Journey KK")
    return {
        "intern": global_id("Candidate", trained.id or 0),
        "company": global_id("HostCompany", company.id or 0),
    }


def attempt(api: TestClient, name: str, data: dict[str, Any]) -> dict[str, Any]:
    return mutation(api, name, f"{PAYLOADS[name]} errors {{ field message code }}", data)


def refused(
    api: TestClient,
    settings: Settings,
    name: str,
    data: dict[str, Any],
    field: str | list[str],
    says: str,
) -> None:
    """``name`` is refused with errors on ``field`` (one, or several in order), the
    first of whose messages says ``says``, and the database is as it was."""
    before = snapshot(settings)
    errors = attempt(api, name, data)["errors"]
    fields = [field] if isinstance(field, str) else field
    assert [error["field"] for error in errors] == fields, errors
    assert says in errors[0]["message"], errors[0]["message"]
    assert snapshot(settings) == before, f"{name} wrote something though it was refused"


def done(api: TestClient, name: str, data: dict[str, Any]) -> dict[str, Any]:
    payload = attempt(api, name, data)
    assert payload["errors"] == [], payload["errors"]
    return payload


def sitting(api: TestClient, intern: str, stage: str, grade: str, part: str, **more: Any) -> None:
    values = {"candidateId": intern, "stage": stage, "grade": grade, "part": part}
    recorded(api, "recordSkillsTestSitting", {"passed": True, **values, **more})


def test_an_intern_from_the_certified_plan_to_stage_iii(
    api: TestClient, db_settings: Settings
) -> None:
    ids = build(db_settings, world)
    intern, company = ids["intern"], ids["company"]
    mutate = over_http(api)
    place = {"candidateId": intern, "hostCompanyId": company}

    # The Certificate of Eligibility needs the certified stage (i) plan.
    coe = {"candidateId": intern, "appliedOn": DATES.coe_applied.isoformat()}
    refused(api, db_settings, "recordCoeApplication", coe, "candidateId", "training plan")
    refused(api, db_settings, "dispatchCandidate", place, ["hostCompanyId", "entryDate"], "plan")
    certify_plan(mutate, intern, company, DATES, plannedHours=PLANNED_HOURS)

    # The visa needs the Certificate issued; dispatch needs the entry.
    visa = {"candidateId": intern, "issuedOn": DATES.visa_issued.isoformat()}
    done(api, "recordCoeApplication", coe)
    refused(api, db_settings, "recordVisaIssued", visa, "coeIssuedOn", "Certificate")
    refused(api, db_settings, "dispatchCandidate", place, "entryDate", "recordEntry")
    mutate(
        "recordCoeIssued",
        {"candidateId": intern, "issuedOn": DATES.coe_issued.isoformat(), "coeNumber": "E-1"},
    )
    done(api, "recordVisaIssued", visa)
    mutate("recordEntry", {"candidateId": intern, "enteredOn": ENTERED.isoformat()})

    # The host company only after the post-entry lectures.
    refused(api, db_settings, "dispatchCandidate", place, "candidateId", "post-entry lectures")
    attend_lectures(mutate, intern, DATES)
    placed = done(api, "dispatchCandidate", place)
    assert placed["candidate"]["status"] == "IN_JAPAN_I"

    # Stage (ii) needs both parts of the basic grade passed, and its certified plan.
    second = {"candidateId": intern, "startsOn": SECOND}
    refused(api, db_settings, "advanceStage", second, "skillsTest", "basic")
    sitting(api, intern, "I", "BASIC", "WRITTEN", satOn="2025-01-20")
    sitting(api, intern, "I", "BASIC", "PRACTICAL", satOn="2025-01-21", passed=False)
    refused(api, db_settings, "advanceStage", second, "skillsTest", "practical")
    sitting(api, intern, "I", "BASIC", "PRACTICAL", satOn="2025-02-18")
    refused(api, db_settings, "advanceStage", second, "candidateId", "plan")
    certified_plan(api, intern, "ii", SECOND)
    moved = done(api, "advanceStage", second)["candidate"]
    assert moved["status"] == "IN_JAPAN_II"

    # Stage (iii): a grade 3 practical pass, its plan in an eligible occupation, the
    # company excellent, IM Japan's general licence and at least a month at home.
    third = {"candidateId": intern, "startsOn": THIRD}
    refused(api, db_settings, "advanceStage", third, "skillsTest", "grade_3")
    sitting(api, intern, "II", "GRADE_3", "PRACTICAL", satOn="2026-07-10")
    refused(api, db_settings, "advanceStage", third, "candidateId", "plan")
    certified_plan(api, intern, "iii", THIRD)
    refused(api, db_settings, "advanceStage", third, "startsOn", "excellent")
    prepare_stage_iii(api, intern, left_japan_on="2026-10-01", returned_on="2026-10-15")
    refused(api, db_settings, "advanceStage", third, "candidateId", "home")
    recorded(
        api,
        "recordHomeStay",
        {"candidateId": intern, "leftJapanOn": "2026-09-01", "returnedOn": "2026-10-15"},
    )
    moved = done(api, "advanceStage", third)["candidate"]
    assert moved["status"] == "IN_JAPAN_III"
    assert [(s["stage"], s["startedOn"], s["skillsTest"]) for s in moved["stages"]] == [
        ("I", ENTERED.isoformat(), None),
        ("II", SECOND, "BASIC_GRADE"),
        ("III", THIRD, "GRADE_3"),
    ]

    # The record shows the whole way, failed attempt included.
    record = gql(
        api,
        """query($id: ID!) { candidate(id: $id) { entry { enteredOn }
            trainingPlans { stage status } lectures { complete }
            skillsTestSittings { grade part passed } homeStays { leftJapanOn } } }""",
        {"id": intern},
    )["candidate"]
    assert record["entry"] == {"enteredOn": ENTERED.isoformat()}
    assert sorted((p["stage"], p["status"]) for p in record["trainingPlans"]) == [
        ("I", "CERTIFIED"),
        ("II", "CERTIFIED"),
        ("III", "CERTIFIED"),
    ]
    assert record["lectures"] == {"complete": True}
    assert [(s["grade"], s["part"], s["passed"]) for s in record["skillsTestSittings"]] == [
        ("BASIC", "WRITTEN", True),
        ("BASIC", "PRACTICAL", False),
        ("BASIC", "PRACTICAL", True),
        ("GRADE_3", "PRACTICAL", True),
    ]
    assert len(record["homeStays"]) == 2
