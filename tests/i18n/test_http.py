"""Over HTTP: ``Accept-Language`` chooses the language of messages; English by default."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.client import mutation
from tests.lifecycle.helpers import (
    ERRORS,
    OPERATIONS,
    country_details,
    ok,
    passing_candidate,
    passing_tests,
)

JA = {"Accept-Language": "ja"}


def run(api: TestClient, name: str, data: dict[str, Any], headers: dict[str, str] | None = None):
    return mutation(api, name, f"{OPERATIONS[name]} {ERRORS}", data, headers)


def open_call(api: TestClient, country: str) -> str:
    call = ok(
        api,
        "createRecruitmentCall",
        {
            "countryCode": country,
            "label": "26-01",
            "jobFields": ["manufacturing", "construction"],
            "places": 5,
            "opensOn": "2026-01-01",
            "closesOn": "2026-01-31",
        },
    )
    return str(call["call"]["id"])


@pytest.mark.database
def test_a_validation_error_in_japanese_and_in_english(api: TestClient) -> None:
    call_id = open_call(api, "TH")
    data = {**passing_candidate(call_id, "TH", "T-1"), "heightCm": -5}
    english = run(api, "registerCandidate", data)["errors"]
    japanese = run(api, "registerCandidate", data, JA)["errors"]
    assert [e["field"] for e in japanese] == [e["field"] for e in english] == ["heightCm"]
    assert english[0]["message"].startswith("Input should be greater than")
    assert japanese[0]["message"].endswith("以上の値を入力してください。")
    assert japanese[0]["code"] == english[0]["code"] == "INVALID"
    missing = run(api, "createRecruitmentCall", {"countryCode": "TH"}, JA)["errors"]
    assert {e["message"] for e in missing} == {"必須項目です。"}


@pytest.mark.database
def test_a_refused_step_and_a_screening_reason_in_japanese(api: TestClient) -> None:
    call_id = open_call(api, "TH")
    data = {**passing_candidate(call_id, "TH", "T-1"), "heightCm": 150}
    candidate = str(ok(api, "registerCandidate", data)["candidate"]["id"])
    refused = run(
        api, "completeTraining", {"candidateId": candidate, "completedOn": "2026-02-01"}, JA
    )["errors"]
    assert refused[0]["code"] == "NOT_ALLOWED_STATE"
    assert refused[0]["message"] == (
        "「講習の修了」はできません。候補者の現在の状態は「登録済み」です"
        "（可能な手続き: record_test_result, screen, withdraw）。"  # noqa: RUF001
    )
    for test in passing_tests("TH"):
        ok(api, "recordTestResult", {"candidateId": candidate, **test})
    screened = run(
        api, "screenCandidate", {"candidateId": candidate, "screenedOn": "2026-01-10"}, JA
    )
    height = {o["ruleId"]: o for o in screened["decision"]["outcomes"]}["height"]
    assert height["passed"] is False
    assert height["reason"].startswith("身長150 cmは、男性の下限")
    # The stored decision is read back in the reader's language.
    query = (
        "query($id: ID!) { candidate(id: $id) "
        "{ screeningDecisions { outcomes { ruleId reason } } } }"
    )
    for headers, start in ((None, "Height 150 cm is below the minimum"), (JA, "身長150 cm")):
        response = api.post(
            "/graphql", json={"query": query, "variables": {"id": candidate}}, headers=headers
        )
        body = response.json()
        assert "errors" not in body, body
        [decision] = body["data"]["candidate"]["screeningDecisions"]
        reasons = {o["ruleId"]: o["reason"] for o in decision["outcomes"]}
        assert reasons["height"].startswith(start)
        assert response.headers["content-language"] == ("ja" if headers else "en")
        assert "accept-language" in response.headers["vary"].lower()


@pytest.mark.database
def test_a_countrys_own_language_for_its_custom_rules(api: TestClient) -> None:
    call_id = open_call(api, "VN")
    data = passing_candidate(call_id, "VN", "V-1")
    data["countryDetails"] = country_details("VN", illegalStayAbroad=True)
    candidate = str(ok(api, "registerCandidate", data)["candidate"]["id"])
    for test in passing_tests("VN"):
        ok(api, "recordTestResult", {"candidateId": candidate, **test})
    screened = run(
        api,
        "screenCandidate",
        {"candidateId": candidate, "screenedOn": "2026-01-10"},
        {"Accept-Language": "vi-VN, ja;q=0.5"},
    )
    outcomes = {o["ruleId"]: o for o in screened["decision"]["outcomes"]}
    assert outcomes["no-illegal-stay-abroad"]["reason"] == (
        "Ứng viên đã từng cư trú hoặc lao động bất hợp pháp ở nước ngoài không được dự tuyển."
    )
    # Core's reasons have no Vietnamese: English.
    assert outcomes["height"]["reason"].startswith("Height ")
    assert outcomes["age"]["reason"].startswith("Age ")


def test_q_values_and_unknown_languages_over_http(client: TestClient) -> None:
    query = {"query": "{ __typename }"}
    for header, expected in (
        ("ja;q=0.9, en;q=0.8", "ja"),
        ("en;q=0.8, ja;q=0.9", "ja"),
        ("fr", "en"),
        ("zz-YY, *", "en"),
    ):
        response = client.post("/graphql", json=query, headers={"Accept-Language": header})
        assert response.headers["content-language"] == expected
    assert client.post("/graphql", json=query).headers["content-language"] == "en"


@pytest.mark.database
def test_a_service_refusal_in_japanese_and_in_english(api: TestClient) -> None:
    call_id = open_call(api, "TH")
    data = passing_candidate(call_id, "TH", "T-1")
    ok(api, "registerCandidate", data)
    english = run(api, "registerCandidate", data)["errors"]
    japanese = run(api, "registerCandidate", data, JA)["errors"]
    assert english == [
        {
            "field": "applicantNumber",
            "message": "applicant number 'T-1' is already registered to this call",
            "code": "DUPLICATE",
        }
    ]
    assert japanese == [
        {**english[0], "message": "応募番号 'T-1' はこの募集に既に登録されています。"}
    ]


@pytest.mark.database
def test_a_validators_own_message_in_japanese_and_in_english(api: TestClient) -> None:
    data = {
        "countryCode": "TH",
        "label": "26-02",
        "jobFields": ["manufacturing"],
        "places": 5,
        "opensOn": "2026-02-01",
        "closesOn": "2026-01-31",
    }
    english = run(api, "createRecruitmentCall", data)["errors"]
    japanese = run(api, "createRecruitmentCall", data, JA)["errors"]
    assert english == [
        {"field": "closesOn", "message": "closesOn is before opensOn", "code": "INVALID"}
    ]
    assert japanese == [
        {**english[0], "message": "締切日（closesOn）が受付開始日（opensOn）より前になっています。"}  # noqa: RUF001
    ]


@pytest.mark.database
def test_permission_and_argument_errors_in_japanese_and_in_english(api: TestClient) -> None:
    from core.auth.roles import Role
    from tests.accounts import signed_in

    staff = signed_in(api, Role.STAFF)
    cases = [
        (
            "{ auditLog { totalCount } }",
            staff,
            "FORBIDDEN",
            "this needs one of the roles: admin",
            "この操作には次のいずれかのロールが必要です: admin",
        ),
        (
            '{ candidate(id: "x") { id } }',
            {},
            "INVALID",
            "id: not an id",
            "id: ID ではありません。",
        ),
        (
            "{ candidates(first: 0) { totalCount } }",
            {},
            "INVALID",
            "first: must be between 1 and 100, got 0",
            "first: 1～100の範囲で指定してください（指定された値: 0）。",  # noqa: RUF001
        ),
    ]
    for query, headers, code, english, japanese in cases:
        for extra, expected in (({}, english), (JA, japanese)):
            body = api.post("/graphql", json={"query": query}, headers={**headers, **extra}).json()
            [error] = body["errors"]
            assert (error["message"], error["extensions"]["code"]) == (expected, code), query


def test_signing_in_first_in_japanese_and_in_english(client: TestClient) -> None:
    query = {"query": '{ candidate(id: "1") { id } }'}
    for headers, expected in (
        (None, "sign in first: this needs an account"),
        (JA, "先にサインインしてください。この操作にはアカウントが必要です。"),
    ):
        [error] = client.post("/graphql", json=query, headers=headers).json()["errors"]
        assert error["message"] == expected
        assert error["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.database
def test_indonesias_custom_rule_in_japanese_indonesian_and_english(api: TestClient) -> None:
    call_id = open_call(api, "ID")
    data = passing_candidate(call_id, "ID", "I-1")
    data["countryDetails"] = country_details("ID", lessonHours=100)
    candidate = str(ok(api, "registerCandidate", data)["candidate"]["id"])
    for test in passing_tests("ID"):
        ok(api, "recordTestResult", {"candidateId": candidate, **test})
    screened = run(api, "screenCandidate", {"candidateId": candidate, "screenedOn": "2026-01-10"})
    outcomes = {o["ruleId"]: o for o in screened["decision"]["outcomes"]}
    assert outcomes["technical-training"]["passed"] is False
    assert outcomes["technical-training"]["reason"] == (
        "Neither requirement is met: technical training of 100 lesson hours is below "
        "160 lesson hours and technical work is not recorded."
    )
    query = (
        "query($id: ID!) { candidate(id: $id) "
        "{ screeningDecisions { outcomes { ruleId reason } } } }"
    )
    expected = {
        None: outcomes["technical-training"]["reason"],
        "ja": "いずれの要件も満たしていません。技術研修100授業時間は160授業時間に達していません。"
        "また、技術職の実務経験が記録されていません。",
        "id": "Tidak ada persyaratan yang terpenuhi: pelatihan teknik selama 100 jam pelajaran "
        "kurang dari 160 jam pelajaran, dan pengalaman kerja teknik belum dicatat.",
    }
    for language, reason in expected.items():
        headers = {"Accept-Language": language} if language else None
        body = api.post(
            "/graphql", json={"query": query, "variables": {"id": candidate}}, headers=headers
        ).json()
        assert "errors" not in body, body
        [decision] = body["data"]["candidate"]["screeningDecisions"]
        reasons = {o["ruleId"]: o["reason"] for o in decision["outcomes"]}
        assert reasons["technical-training"] == reason
        # The age rule's qualifier names the track in Japanese too.
        if language == "ja":
            assert "SMK Teknik（技術系の職業高校）卒業者の場合" in reasons["age-by-education-track"]  # noqa: RUF001
