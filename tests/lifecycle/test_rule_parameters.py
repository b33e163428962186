"""Rule parameters are adjusted through ``RuleParametersInput``: one typed input per rule
kind (a ``@oneOf`` input), generated from the kinds' parameter models."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import mutation
from tests.lifecycle.helpers import ERRORS, JOB_FIELDS, ok, snapshot

SELECTION = f"criteria {{ criteria {{ id parameters }} }} {ERRORS}"


def indonesia_call(api: TestClient) -> str:
    data = {
        "countryCode": "ID",
        "label": "ID-2026-05",
        "jobFields": JOB_FIELDS,
        "places": 10,
        "opensOn": "2026-01-01",
        "closesOn": "2026-01-31",
    }
    return str(ok(api, "createRecruitmentCall", data)["call"]["id"])


def adjust(api: TestClient, call_id: str, *adjustments: dict[str, Any], **headers: str) -> dict:
    return mutation(
        api,
        "updateCallCriteria",
        SELECTION,
        {"callId": call_id, "adjust": list(adjustments)},
        headers or None,
    )


def parameters(payload: dict) -> dict[str, Any]:
    return {rule["id"]: rule["parameters"] for rule in payload["criteria"]["criteria"]}


@pytest.mark.database
def test_an_adjustment_replaces_the_values_given_and_keeps_the_others(api: TestClient) -> None:
    call_id = indonesia_call(api)
    payload = adjust(
        api,
        call_id,
        {"ruleId": "height", "parameters": {"heightMin": {"male": 165}}},
        {
            "ruleId": "maths",
            "parameters": {
                "mathScoreMin": {
                    "passMarksByJobField": [
                        {"key": "manufacturing", "value": 15},
                        {"key": "construction", "value": 12},
                    ]
                }
            },
        },
        {
            "ruleId": "physical-fitness",
            "parameters": {"physicalFitness": {"male": {"pushUps": 30}}},
        },
        {"ruleId": "sex", "parameters": {"sex": {"allowed": ["MALE", "FEMALE"]}}},
    )
    assert payload["errors"] == []
    found = parameters(payload)
    assert found["height"]["male"] == 165
    assert found["maths"]["pass_marks_by_job_field"] == {"manufacturing": 15, "construction": 12}
    assert found["maths"]["pass_mark"] == 14  # kept
    assert found["physical-fitness"]["male"] == {
        "run_distance_m": 3000,
        "run_max_minutes": 15.0,
        "push_ups": 30,
        "sit_ups": 25,
    }
    assert found["physical-fitness"]["female"]["push_ups"] == 20
    assert found["sex"]["allowed"] == ["male", "female"]


@pytest.mark.database
def test_parameters_of_another_kind_or_of_a_custom_rule_are_refused(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = indonesia_call(api)
    before = snapshot(db_settings)
    payload = adjust(
        api,
        call_id,
        {"ruleId": "height", "parameters": {"weightMin": {"male": 50}}},
        {"ruleId": "technical-training", "parameters": {"documentCheck": {"documents": ["x"]}}},
        {"ruleId": "maths", "parameters": {"mathScoreMin": {"passMark": 25}}},
    )
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("adjust.0.parameters.weightMin", "INVALID"),
        ("adjust.1.parameters.documentCheck", "INVALID"),
        ("adjust.2.parameters.mathScoreMin", "INVALID"),
    ]
    messages = [e["message"] for e in payload["errors"]]
    assert "give its parameters as heightMin" in messages[0]
    assert "custom rule" in messages[1]
    assert "above max_score" in messages[2]
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_a_refused_adjustment_is_in_japanese_when_asked(api: TestClient) -> None:
    call_id = indonesia_call(api)
    payload = adjust(
        api,
        call_id,
        {"ruleId": "height", "parameters": {"weightMin": {"male": 50}}},
        **{"Accept-Language": "ja"},
    )
    (error,) = payload["errors"]
    assert error["field"] == "adjust.0.parameters.weightMin"
    assert error["message"] == (
        "規則 'height' の種類は height_min です。条件値は heightMin として指定してください。"
    )
