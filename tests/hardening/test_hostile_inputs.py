"""Hostile input is refused cleanly, before it reaches the database, and nothing is written.

Out-of-range ids (in every id argument and input field, and as a token's
subject), details nested 700 levels deep or a megabyte long, NUL characters, a
document of several operations with no ``operationName``, and inputs wrong
in several fields at once. Each answer is checked for SQL, driver names and
paths (:mod:`tests.hardening.clean`); the database ones run on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLInputObjectType,
    build_schema,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from pydantic import SecretStr
from pydantic.alias_generators import to_camel
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.auth.tokens import issue_access_token
from core.schema.derive import GLOBAL_IDS
from core.settings import Settings
from tests.accounts import add_account, sign_in, signed_in
from tests.client import global_id
from tests.hardening.clean import post
from tests.lifecycle.helpers import JOB_FIELDS, ok, passing_candidate, snapshot

SCHEMA = build_schema((Path(__file__).resolve().parents[2] / "schema.graphql").read_text())
HOSTILE_IDS = [str(2**31), str(2**63), str(2**64), "-1"]
SECRET = "hostile-input-tests-" + "s" * 32
FILTER_IDS = {
    "callId": "RecruitmentCall",
    "cohortId": "TrainingCohort",
    "hostCompanyId": "HostCompany",
}

CALL = {
    "countryCode": "ID",
    "label": "ID-2026-09",
    "jobFields": JOB_FIELDS,
    "places": 10,
    "opensOn": "2026-01-01",
    "closesOn": "2026-01-31",
}
REGISTER = """mutation Register($input: RegisterCandidateInput!) {
  registerCandidate(input: $input) { candidate { id } errors { field message code } } }"""


def id_fields() -> list[tuple[str, str, str]]:
    """Every (mutation, input type, id field) of the committed schema."""
    found = []
    assert SCHEMA.mutation_type is not None
    for name, field in SCHEMA.mutation_type.fields.items():
        argument = field.args.get("input")
        if argument is None:
            continue
        input_type = get_named_type(argument.type)
        for field_name, input_field in input_type.fields.items():
            if get_named_type(input_field.type).name == "ID":
                found.append((name, input_type.name, field_name))
    return found


def nested(depth: int) -> dict[str, Any]:
    """``{"a": {"a": ... {}}}``, ``depth`` objects deep, built without recursion."""
    value: dict[str, Any] = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


@pytest.fixture
def officer(api: TestClient) -> dict[str, str]:
    """A ministry officer of Indonesia, where the call of ``call_id`` is."""
    return signed_in(api, Role.MINISTRY_OFFICER, country_code="ID")


@pytest.fixture
def call_id(api: TestClient) -> str:
    call_id: str = ok(api, "createRecruitmentCall", CALL)["call"]["id"]
    return call_id


# Ids ---------------------------------------------------------------------


@pytest.mark.database
def test_out_of_range_ids_in_lookups_are_null(api: TestClient) -> None:
    for value in HOSTILE_IDS:
        body = post(
            api,
            "query($c: ID!, $r: ID!) { candidate(id: $c) { id } recruitmentCall(id: $r) { id } }",
            {"c": global_id("Candidate", value), "r": global_id("RecruitmentCall", value)},
        ).json()
        assert body == {"data": {"candidate": None, "recruitmentCall": None}}, value


@pytest.mark.database
def test_out_of_range_ids_in_filters_and_cursors_are_invalid(api: TestClient) -> None:
    for value in HOSTILE_IDS:
        for condition, kind in FILTER_IDS.items():
            body = post(
                api,
                f"query($v: ID) {{ candidates(filter: {{{condition}: $v}}) {{ totalCount }} }}",
                {"v": global_id(kind, value)},
            ).json()
            (error,) = body["errors"]
            assert error["extensions"]["code"] == "INVALID"
            assert error["message"].startswith(f"filter.{condition}:"), error
        cursor = base64.urlsafe_b64encode(f"candidate:{value}".encode()).decode()
        body = post(
            api, "query($a: String) { candidates(after: $a) { totalCount } }", {"a": cursor}
        )
        assert body.json()["errors"][0]["extensions"]["code"] == "INVALID"
        body = post(
            api,
            "query($b: String) { auditLog(last: 5, before: $b) { totalCount } }",
            {"b": value},
        )
        assert body.json()["errors"][0]["message"].startswith("before:")


@pytest.mark.database
def test_out_of_range_ids_in_mutation_inputs_are_not_found(api: TestClient) -> None:
    fields = id_fields()
    assert len(fields) >= 20
    schema = api.app.state.schema  # type: ignore[attr-defined]
    for mutation, input_type, field in fields:
        origin = schema.get_type_by_name(input_type).origin
        kind = {to_camel(name): kind for name, kind in getattr(origin, GLOBAL_IDS).items()}[field]
        graphql_type = SCHEMA.get_type(input_type)
        assert isinstance(graphql_type, GraphQLInputObjectType)
        input_fields = {name: item.type for name, item in graphql_type.fields.items()}
        query = (
            f"mutation($input: {input_type}!) {{ {mutation}(input: $input) "
            "{ errors { field message code } } }"
        )
        for value in HOSTILE_IDS:
            body = post(api, query, {"input": {field: global_id(kind, value)}}).json()
            assert "errors" not in body, (mutation, body)
            errors = {error["field"]: error for error in body["data"][mutation]["errors"]}
            # A list of ids takes the one id as a list of one: its error is at item 0.
            where = f"{field}.0" if is_list_type(get_nullable_type(input_fields[field])) else field
            assert errors[where]["code"] == "NOT_FOUND", (mutation, field, value, errors)
            assert errors[where]["message"] == f"nothing has id {value}"


@pytest.mark.database
def test_a_token_whose_subject_is_no_account_id_is_401(db_settings: Settings) -> None:
    settings = db_settings.model_copy(update={"secret_key": SecretStr(SECRET)})
    with TestClient(create_app(settings)) as client:
        sign_in(client, add_account(client, Role.ADMIN))  # a live session exists
        for subject in (2**40, 2**31, 2**63, 0, -1):
            token = issue_access_token(
                secret=SECRET,
                account_id=subject,
                session_id="00000000-0000-0000-0000-000000000000",
                role=Role.ADMIN,
                lifetime=timedelta(minutes=5),
            )
            response = post(client, "{ me { id } }", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 401, (subject, response.text)
            assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
            assert response.headers["www-authenticate"] == "Bearer"


# Deep and huge values --------------------------------------------------
# No input takes JSON (tests/test_schema_inputs.py): details and parameters are typed
# inputs, so a deep or huge value is refused by the schema before any resolver runs.


@pytest.mark.database
def test_deep_and_huge_details_are_refused_by_the_schema_and_nothing_is_written(
    api: TestClient, db_settings: Settings, officer: dict[str, str], call_id: str
) -> None:
    cases = [
        ("700 deep", {"indonesia": nested(700)}),
        ("1 MB", {"indonesia": {"lessonHours": 1, "notes": "x" * 1_000_000}}),
        ("a nested list", {"indonesia": {"lessonHours": [[[1]]]}}),
        ("two countries", {"indonesia": {"lessonHours": 1}, "vietnam": {}}),
    ]
    for label, details in cases:
        before = snapshot(db_settings)
        candidate = {**passing_candidate(call_id, "ID", "H-1"), "countryDetails": details}
        body = post(api, REGISTER, {"input": candidate}, headers=officer).json()
        assert body.get("data") is None, label
        assert body["errors"][0]["message"], label
        assert snapshot(db_settings) == before, f"{label}: something was written"


@pytest.mark.database
def test_deep_values_are_refused_in_test_details_and_rule_parameters(
    api: TestClient, call_id: str
) -> None:
    deep_list: list[Any] = []
    for _ in range(700):
        deep_list = [deep_list]
    cases = [
        (
            "updateCallCriteria",
            "UpdateCallCriteriaInput",
            {
                "callId": call_id,
                "adjust": [{"ruleId": "age", "parameters": {"ageRange": {"minYears": deep_list}}}],
            },
        ),
        (
            "recordTestResult",
            "RecordTestResultInput",
            {
                "candidateId": global_id("Candidate", 1),
                "kind": "BODY_CHECK",
                "details": {"bodyCheck": nested(700)},
            },
        ),
    ]
    for mutation, input_type, data in cases:
        query = (
            f"mutation($input: {input_type}!) {{ {mutation}(input: $input) "
            "{ errors { field message code } } }"
        )
        body = post(api, query, {"input": data}).json()
        assert body.get("data") is None, mutation
        assert "$input" in body["errors"][0]["message"], body


# NUL characters ----------------------------------------------------------


@pytest.mark.database
def test_nul_characters_are_refused_in_filters_and_lookups(api: TestClient) -> None:
    response = post(
        api,
        "query($f: CandidateFilterInput) { candidates(filter: $f) { totalCount } }",
        {"f": {"name": "Dewi\x00"}},
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["message"].startswith("Variable '$f' holds a NUL character")
    assert error["extensions"] == {"code": "INVALID"}
    literal = r'{ candidates(filter: {countryCode: "I\u0000"}) { totalCount } }'
    response = post(api, literal)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("Argument 'filter' holds a NUL")
    response = post(
        api,
        "query($c: String!) { recruitmentCalls(countryCode: $c) { totalCount } }",
        {"c": "\x00"},
    )
    assert response.status_code == 400


@pytest.mark.database
def test_nul_characters_in_an_email_are_a_field_error(api: TestClient) -> None:
    login = """mutation($i: LoginInput!) { login(input: $i) {
        accessToken errors { field message code } } }"""
    body = post(api, login, {"i": {"email": "a\x00@example.org", "password": "x" * 12}}).json()
    payload = body["data"]["login"]
    assert payload["accessToken"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("email", "INVALID")]
    assert "NUL" in payload["errors"][0]["message"]
    create = """mutation($i: CreateAccountInput!) { createAccount(input: $i) {
        account { id } errors { field code } } }"""
    data = {"email": "b\x00@example.org", "password": "p" * 20, "role": "STAFF"}
    payload = post(api, create, {"i": data}).json()["data"]["createAccount"]
    assert payload == {"account": None, "errors": [{"field": "email", "code": "INVALID"}]}


# Operations and errors ---------------------------------------------------


def test_several_operations_without_an_operation_name_are_a_request_error(
    client: TestClient,
) -> None:
    document = "query A { countries { code } } query B { plugins { name } }"
    response = post(client, document)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "The document has 2 operations: name the one to run in `operationName`.",
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }
    response = client.get("/graphql", params={"query": document})
    assert response.status_code == 400
    named = post(client, document, operation_name="B")
    assert named.status_code == 200
    assert list(named.json()["data"]) == ["plugins"]
    assert post(client, "query A { countries { code } }").status_code == 200


@pytest.mark.database
def test_every_input_error_is_reported_at_once(api: TestClient) -> None:
    create = """mutation($i: CreateRecruitmentCallInput!) { createRecruitmentCall(input: $i) {
        call { id } errors { field message code } } }"""
    data = {**CALL, "places": 0, "closesOn": "2025-12-01", "label": "x" * 41}
    payload = post(api, create, {"i": data}).json()["data"]["createRecruitmentCall"]
    assert payload["call"] is None
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("places", "INVALID"),
        ("closesOn", "INVALID"),
        ("label", "INVALID"),
    }
    cohort = """mutation($i: CreateTrainingCohortInput!) { createTrainingCohort(input: $i) {
        cohort { id } errors { field code } } }"""
    data = {"countryCode": "ID", "name": "n" * 81, "startsOn": "2026-05-01", "endsOn": "2026-04-01"}
    payload = post(api, cohort, {"i": data}).json()["data"]["createTrainingCohort"]
    assert {e["field"] for e in payload["errors"]} == {"name", "endsOn"}
    account = """mutation($i: CreateAccountInput!) { createAccount(input: $i) {
        account { id } errors { field code } } }"""
    data = {"email": "not-an-email", "password": "short", "role": "HOST_COMPANY"}
    payload = post(api, account, {"i": data}).json()["data"]["createAccount"]
    assert {e["field"] for e in payload["errors"]} == {"email", "password", "hostCompanyId"}
