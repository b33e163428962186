"""A country plugin's ``custom`` rule whose parameters' model it declares
(``screening_rule_parameters``) is adjusted like core's kinds: under its member of
``RuleParametersInput`` (``indonesiaAgeByEducationTrack``), the values given merged
into the current ones, validated by the plugin's model, stored in the form the plugin
reads; a custom rule that declares no model can still only be omitted."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import mutation
from tests.lifecycle.helpers import (
    ERRORS,
    JOB_FIELDS,
    ok,
    passing_candidate,
    passing_tests,
    snapshot,
)

SELECTION = f"criteria {{ criteria {{ id parameters }} }} {ERRORS}"


def open_call(api: TestClient, country: str, label: str = "custom-1") -> str:
    data = {
        "countryCode": country,
        "label": label,
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


def screened(api: TestClient, call_id: str, country: str, number: str) -> dict[str, bool]:
    """Whether a passing candidate of ``country`` registered now passes each rule."""
    candidate = ok(api, "registerCandidate", passing_candidate(call_id, country, number))
    candidate_id = candidate["candidate"]["id"]
    for test in passing_tests(country):
        ok(api, "recordTestResult", {"candidateId": candidate_id, **test})
    payload = ok(api, "screenCandidate", {"candidateId": candidate_id, "screenedOn": "2026-01-10"})
    return {row["ruleId"]: row["passed"] for row in payload["decision"]["outcomes"]}


@pytest.mark.database
def test_indonesia_s_custom_rules_are_adjusted_and_screen_by_the_new_values(
    api: TestClient,
) -> None:
    call_id = open_call(api, "ID")
    before = screened(api, call_id, "ID", "ID-1")
    assert before["age-by-education-track"] is True  # 23, SMK Teknik: 18 to 26
    assert before["technical-training"] is True  # 200 lesson hours of 160
    payload = adjust(
        api,
        call_id,
        {
            "ruleId": "age-by-education-track",
            "parameters": {
                "indonesiaAgeByEducationTrack": {
                    "tracks": [
                        {"key": "smk_teknik", "value": {"minYears": 18, "maxYears": 22}},
                        {"key": "sma", "value": {"minYears": 18, "minMonths": 6, "maxYears": 26}},
                    ]
                }
            },
        },
        {
            "ruleId": "technical-training",
            "parameters": {"indonesiaTechnicalTraining": {"minLessonHours": 300}},
        },
    )
    assert payload["errors"] == []
    found = parameters(payload)
    # stored as the plugin reads them: a mapping, snake_case keys
    assert found["age-by-education-track"] == {
        "tracks": {
            "smk_teknik": {"min_years": 18, "max_years": 22},
            "sma": {"min_years": 18, "min_months": 6, "max_years": 26},
        }
    }
    # the value given replaces its own; the other is kept
    assert found["technical-training"] == {
        "min_lesson_hours": 300,
        "alternative_work_experience_months": 6,
    }
    after = screened(api, call_id, "ID", "ID-2")
    assert after["age-by-education-track"] is False
    assert after["technical-training"] is False


@pytest.mark.database
def test_vietnam_s_maths_with_priority_points_is_adjusted(api: TestClient) -> None:
    call_id = open_call(api, "VN")
    assert screened(api, call_id, "VN", "VN-1")["maths-with-priority-points"] is True  # 75 of 60
    payload = adjust(
        api,
        call_id,
        {
            "ruleId": "maths-with-priority-points",
            "parameters": {
                "vietnamMathsWithPriorityPoints": {
                    "passMarksByJobField": [
                        {"key": "manufacturing", "value": 80},
                        {"key": "construction", "value": 40},
                    ],
                    "priorityPointsAboveScore": 50,
                }
            },
        },
    )
    assert payload["errors"] == []
    found = parameters(payload)["maths-with-priority-points"]
    assert found["pass_marks_by_job_field"] == {"manufacturing": 80, "construction": 40}
    assert found["priority_points_above_score"] == 50
    assert found["max_score"] == 100  # kept
    assert found["priority_points"]["poor_district"] == 20  # kept
    assert screened(api, call_id, "VN", "VN-2")["maths-with-priority-points"] is False


@pytest.mark.database
def test_an_adjustment_under_another_rule_s_member_or_a_wrong_value_is_refused(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = open_call(api, "ID")
    before = snapshot(db_settings)
    payload = adjust(
        api,
        call_id,
        {"ruleId": "age-by-education-track", "parameters": {"ageRange": {"minYears": 20}}},
        {
            "ruleId": "technical-training",
            "parameters": {
                "indonesiaAgeByEducationTrack": {
                    "tracks": [{"key": "sma", "value": {"minYears": 18}}]
                }
            },
        },
        {"ruleId": "height", "parameters": {"indonesiaTechnicalTraining": {"minLessonHours": 1}}},
        {"ruleId": "maths", "parameters": {"vietnamMathsWithPriorityPoints": {"maxScore": 50}}},
    )
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [
        ("adjust.0.parameters.ageRange", "INVALID"),
        ("adjust.1.parameters.indonesiaAgeByEducationTrack", "INVALID"),
        ("adjust.2.parameters.indonesiaTechnicalTraining", "INVALID"),
        ("adjust.3.parameters.vietnamMathsWithPriorityPoints", "INVALID"),
    ]
    messages = [e["message"] for e in payload["errors"]]
    assert messages[0] == (
        "rule 'age-by-education-track' is a custom rule of plugin indonesia; "
        "give its parameters as indonesiaAgeByEducationTrack"
    )
    assert "give its parameters as indonesiaTechnicalTraining" in messages[1]
    assert "give its parameters as heightMin" in messages[2]
    assert "give its parameters as mathScoreMin" in messages[3]
    assert snapshot(db_settings) == before


WRONG_TRACK = {
    "ruleId": "age-by-education-track",
    "parameters": {
        "indonesiaAgeByEducationTrack": {
            "tracks": [{"key": "sma", "value": {"minYears": 18, "maxYears": 70}}]
        }
    },
}


@pytest.mark.database
def test_a_wrong_value_is_refused_by_its_path_in_english_and_japanese(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = open_call(api, "ID")
    before = snapshot(db_settings)
    path = "adjust.0.parameters.indonesiaAgeByEducationTrack.tracks.0.value.maxYears"
    english = adjust(api, call_id, WRONG_TRACK)["errors"]
    assert [(e["field"], e["code"], e["message"]) for e in english] == [
        (path, "INVALID", "Input should be less than or equal to 60")
    ]
    japanese = adjust(api, call_id, WRONG_TRACK, **{"Accept-Language": "ja"})["errors"]
    assert [(e["field"], e["message"]) for e in japanese] == [
        (path, "60以下の値を入力してください。")
    ]
    other = {"ruleId": "age-by-education-track", "parameters": {"ageRange": {"minYears": 20}}}
    (error,) = adjust(api, call_id, other, **{"Accept-Language": "ja"})["errors"]
    assert error["message"] == (
        "規則 'age-by-education-track' はプラグイン indonesia の独自規則です。"
        "条件値は indonesiaAgeByEducationTrack として指定してください。"
    )
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_a_custom_rule_without_a_model_can_be_omitted_not_adjusted(api: TestClient) -> None:
    call_id = open_call(api, "VN")
    refused = adjust(
        api,
        call_id,
        {"ruleId": "no-illegal-stay-abroad", "parameters": {"ageRange": {"minYears": 20}}},
    )
    (error,) = refused["errors"]
    assert error["field"] == "adjust.0.parameters.ageRange"
    assert error["message"] == (
        "rule 'no-illegal-stay-abroad' is a custom rule, whose parameters only its country "
        "plugin reads: it can be omitted, not adjusted"
    )
    omitted = mutation(
        api,
        "updateCallCriteria",
        SELECTION,
        {"callId": call_id, "omitRules": ["no-illegal-stay-abroad"]},
    )
    assert omitted["errors"] == []
    assert "no-illegal-stay-abroad" not in parameters(omitted)
