"""``Candidate.nextSteps``: the steps the state machine allows, allowed or blocked
by the same checks that refuse the mutation (the caller's role, a training phase
not passed, a cohort still running), and the mutation each names. Over HTTP on
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import CohortPhase, TrainingResult
from core.domain.next_steps import MUTATIONS
from core.domain.states import ALLOWED
from core.settings import Settings
from tests.client import global_id, gql, post
from tests.factories import build, call, candidate, cohort, host_company, signed_in_as
from tests.lifecycle.helpers import mutate

STEPS = """query($id: ID!) {
  candidate(id: $id) { status nextSteps { step mutation leadsTo allowed reason } }
}"""


def steps(client: TestClient, candidate_id: int, headers: dict[str, str] | None = None) -> Any:
    found = gql(client, STEPS, {"id": global_id("Candidate", candidate_id)}, headers)["candidate"]
    return {step["step"]: step for step in found["nextSteps"]}


def test_every_step_names_a_mutation_of_the_schema(installed_app: Any) -> None:
    mutation = installed_app.state.schema.get_type_by_name("Mutation")
    names = {
        installed_app.state.schema.config.name_converter.get_graphql_name(f)
        for f in mutation.fields
    }
    assert set(MUTATIONS.values()) <= names
    assert {step for allowed in ALLOWED.values() for step in allowed} <= set(MUTATIONS)


def _world(session: Session) -> dict[str, int]:
    vn = call(session, "VN")
    running = cohort(session, "VN", ends_on=date.today() + timedelta(days=60))
    ended = cohort(session, "VN", name="VN ended", ends_on=date(2026, 1, 31))
    phases = []
    for position, (group, name) in enumerate([(ended, "Japanese"), (ended, "Work")]):
        phase = CohortPhase(
            cohort_id=group.id or 0,
            position=position,
            name=name,
            starts_on=date(2025, 9, 1),
            ends_on=date(2026, 1, 31),
        )
        session.add(phase)
        session.flush()
        phases.append(phase)
    trainee = candidate(session, vn, "in_training", cohort_id=ended.id)
    session.add(
        TrainingResult(
            candidate_id=trainee.id or 0,
            phase_id=phases[0].id or 0,
            attendance_percent=95,
            passed=True,
        )
    )
    company = host_company(session)
    return {
        "registered": candidate(session, vn, "registered").id or 0,
        "trainee": trainee.id or 0,
        "early": candidate(session, vn, "in_training", cohort_id=running.id).id or 0,
        "intern": candidate(session, vn, "in_japan_i", host_company_id=company.id).id or 0,
        "company": company.id or 0,
        "phase": phases[1].id or 0,
    }


@pytest.mark.database
def test_steps_for_staff_and_the_blocking_facts(api: TestClient, db_settings: Settings) -> None:
    ids = build(db_settings, _world)

    registered = steps(api, ids["registered"])
    assert list(registered) == ["RECORD_TEST_RESULT", "SCREEN", "WITHDRAW"]
    assert registered["SCREEN"] == {
        "step": "SCREEN",
        "mutation": "screenCandidate",
        "leadsTo": ["SCREENING_PASSED", "SCREENING_FAILED"],
        "allowed": True,
        "reason": None,
    }

    trainee = steps(api, ids["trainee"])
    assert trainee["COMPLETE_TRAINING"]["allowed"] is False
    assert trainee["COMPLETE_TRAINING"]["reason"] == "no passing result yet for: Work"
    assert trainee["RECORD_TRAINING_RESULT"]["allowed"] is True
    # The mutation refuses with the same reason.
    refused = mutate(
        api,
        "completeTraining",
        {"candidateId": global_id("Candidate", ids["trainee"]), "completedOn": "2026-02-01"},
    )
    assert [e["message"] for e in refused["errors"]] == ["no passing result yet for: Work"]

    # Once the phase is passed, nothing blocks it.
    mutate(
        api,
        "recordTrainingResult",
        {
            "candidateId": global_id("Candidate", ids["trainee"]),
            "phaseId": global_id("CohortPhase", ids["phase"]),
            "attendancePercent": 90,
            "passed": True,
        },
    )
    assert steps(api, ids["trainee"])["COMPLETE_TRAINING"]["allowed"] is True

    early = steps(api, ids["early"])["COMPLETE_TRAINING"]
    assert early["allowed"] is False and early["reason"].startswith("the cohort runs until ")


@pytest.mark.database
def test_a_role_that_may_not_call_the_mutation_sees_the_step_blocked(
    api: TestClient, db_settings: Settings
) -> None:
    ids = build(db_settings, _world)
    headers = signed_in_as(
        api,
        vn=(Role.MINISTRY_OFFICER, {"country_code": "VN"}),
        host=(Role.HOST_COMPANY, {"host_company_id": ids["company"]}),
    )
    # A ministry officer may withdraw but not move an intern in Japan (IM Japan's steps).
    ministry = steps(api, ids["intern"], headers["vn"])
    assert set(ministry) == {"ADVANCE_STAGE", "RECORD_RETURN"}
    assert all(not step["allowed"] for step in ministry.values())
    assert ministry["ADVANCE_STAGE"]["reason"] == "this needs one of the roles: admin, staff"
    assert steps(api, ids["registered"], headers["vn"])["WITHDRAW"]["allowed"] is True

    host = steps(api, ids["intern"], headers["host"])
    assert {name: step["allowed"] for name, step in host.items()} == {
        "ADVANCE_STAGE": False,
        "RECORD_RETURN": False,
    }
    # And the mutation is refused to them for the reason the step gives.
    body = post(
        api,
        "mutation($i: RecordReturnInput!) { recordReturn(input: $i) { errors { code } } }",
        {"i": {"candidateId": global_id("Candidate", ids["intern"]), "returnedOn": "2026-11-01"}},
        headers["host"],
    )
    assert body["errors"][0]["message"] == host["RECORD_RETURN"]["reason"]
