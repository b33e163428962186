"""A date that records something that happened (a screening, a test, the end of
training, entry to Japan, a stage, a return, an interview's decision) is never
after today; today itself is accepted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from starlette.testclient import TestClient

from core.errors import DomainValidationError, ErrorCode
from core.services.associations import JoinAssociationInput
from core.services.dates import latest_today
from core.services.inputs import Input, validate
from core.services.interviews import RecordOutcomeInput
from core.settings import Settings
from tests.lifecycle.helpers import mutate, snapshot
from tests.lifecycle.test_mutation_errors import build_world

FUTURE = (latest_today() + timedelta(days=1)).isoformat()
TODAY = date.today().isoformat()

# mutation, its input with the date given as {day}, and the date's field.
CASES = [
    ("screenCandidate", {"candidateId": "{candidate}", "screenedOn": "{day}"}, "screenedOn"),
    (
        "recordTestResult",
        {"candidateId": "{candidate}", "kind": "INTERVIEW", "passed": True, "takenOn": "{day}"},
        "takenOn",
    ),
    ("completeTraining", {"candidateId": "{candidate}", "completedOn": "{day}"}, "completedOn"),
    (
        "dispatchCandidate",
        {"candidateId": "{candidate}", "hostCompanyId": "{company}", "entryDate": "{day}"},
        "entryDate",
    ),
    (
        "advanceStage",
        {
            "candidateId": "{candidate}",
            "skillsTest": "BASIC_GRADE",
            "passedOn": "2026-01-01",
            "startsOn": "{day}",
        },
        "startsOn",
    ),
    (
        "advanceStage",
        {
            "candidateId": "{candidate}",
            "skillsTest": "BASIC_GRADE",
            "passedOn": "{day}",
            "startsOn": "2026-01-01",
        },
        "passedOn",
    ),
    (
        "recordReturn",
        {"candidateId": "{candidate}", "returnedOn": "{day}", "outcome": "COMPLETED"},
        "returnedOn",
    ),
]


def _input(template: dict[str, object], world: dict[str, str], day: str) -> dict[str, object]:
    values = {**world, "day": day}
    return {k: v.format(**values) if isinstance(v, str) else v for k, v in template.items()}


@pytest.mark.database
def test_a_date_after_today_is_refused_on_its_field(api: TestClient, db_settings: Settings) -> None:
    world = build_world(api)
    before = snapshot(db_settings)
    for mutation, template, field in CASES:
        errors = mutate(api, mutation, _input(template, world, FUTURE))["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [(field, "INVALID")], mutation
        assert f"{FUTURE} is in the future" in errors[0]["message"]
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_today_is_accepted(api: TestClient) -> None:
    world = build_world(api)
    # The registered candidate has no tests yet, so screening today fails the
    # criteria but is recorded; a test taken today is recorded as well.
    taken = mutate(api, "recordTestResult", _input(CASES[1][1], world, TODAY))
    assert taken["errors"] == []
    screened = mutate(api, "screenCandidate", _input(CASES[0][1], world, TODAY))
    assert screened["errors"] == []
    assert screened["candidate"]["status"] == "SCREENING_FAILED"
    # Past the date check, the other steps are refused for the candidate's status only.
    for mutation, template, field in CASES[2:]:
        if field == "passedOn":
            continue  # a stage cannot start (2026-01-01) before its test is passed (today)
        errors = mutate(api, mutation, _input(template, world, TODAY))["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [
            ("candidateId", "NOT_ALLOWED_STATE")
        ], mutation


def test_latest_today_is_today_somewhere() -> None:
    assert date.today() - timedelta(days=1) <= latest_today() <= date.today() + timedelta(days=1)


@pytest.mark.parametrize(
    ("model", "data", "field"),
    [
        (
            RecordOutcomeInput,
            {"registrationId": 1, "companyId": 1, "result": "hired", "decidedOn": "{day}"},
            "decidedOn",
        ),
        (
            JoinAssociationInput,
            {"candidateId": 1, "associationId": "ikapeksi", "joinedOn": "{day}"},
            "joinedOn",
        ),
    ],
)
def test_an_interview_decision_or_a_membership_after_today_is_refused(
    model: type[Input], data: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainValidationError) as refused:
        validate(model, _input(data, {}, FUTURE))
    assert [(e.field, e.code) for e in refused.value.errors] == [(field, ErrorCode.INVALID)]
    validate(model, _input(data, {}, TODAY))
