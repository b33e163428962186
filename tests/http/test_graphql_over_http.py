"""/graphql as the GraphQL-over-HTTP specification has it: media types, statuses, GET.

One test per status rule, for ``application/graphql-response+json`` (what no
``Accept`` header or ``*/*`` gets) and for the legacy ``application/json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.conftest import make_app
from tests.plugins.probes import PROBES, probe_plugin

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
LK = '{ country(code: "LK") { name } }'
BY_CODE = "query($code: String!) { country(code: $code) { name } }"
FIELD_ERROR = '{ country(code: "LK") { name } recruitmentCall(id: "1") { id } }'
"""Anonymous: ``recruitmentCall`` refuses (a field error), ``country`` is answered."""


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(
        database_url=sqlite_url,
        allow_user_assigned_codes=True,
        max_query_depth=2,
        max_query_aliases=2,
        max_query_tokens=100,
    )


@pytest.fixture
def probe(settings: Settings) -> Iterator[TestClient]:
    """The bundled countries and the probe plugin, whose resolvers count their calls."""
    PROBES.reset()
    with TestClient(make_app(settings, ("probe", probe_plugin()), load_entrypoints=True)) as client:
        yield client


def post(client: TestClient, body: Any, accept: str | None = None) -> Any:
    headers = {"accept": accept} if accept is not None else {}
    return client.post("/graphql", json=body, headers=headers)


def media_type(response: Any) -> str:
    return str(response.headers["content-type"]).partition(";")[0]


def assert_request_error(response: Any, status: int, media: str, message: str) -> None:
    """No ``data`` entry: the document was refused before execution."""
    assert response.status_code == status, response.text
    assert media_type(response) == media
    body = response.json()
    assert "data" not in body
    assert message in [error["message"] for error in body["errors"]]
    assert PROBES.calls == 0


# application/graphql-response+json ------------------------------------------


def test_a_successful_query_answers_200_in_the_graphql_response_type(probe: TestClient) -> None:
    response = post(probe, {"query": LK})
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    assert "accept" in response.headers["vary"].lower()
    assert response.json() == {"data": {"country": {"name": "Sri Lanka"}}}


def test_a_parse_error_is_400_without_data(probe: TestClient) -> None:
    response = post(probe, {"query": "{ probe { n }"})
    assert_request_error(
        response, 400, GRAPHQL_RESPONSE, "Syntax Error: Expected Name, found <EOF>."
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ probe { nn } }", "Cannot query field 'nn' on type 'ProbeNode'."),
        ("{ probe { child { child { n } } } }", "'anonymous' exceeds maximum operation depth of 2"),
        (
            "{ a: probe { n } b: probe { n } c: probe { n } }",
            "Too many aliases: at most 2 are allowed.",
        ),
        (
            "{ probeCount(values: [" + " 1" * 100 + "]) }",
            "Syntax Error: Document contains more than 100 tokens. Parsing aborted.",
        ),
    ],
    ids=["unknown-field", "depth-limit", "alias-limit", "token-limit"],
)
def test_a_validation_error_is_400_without_data(
    probe: TestClient, query: str, message: str
) -> None:
    """Our own limits answer as graphql-core's validation rules do."""
    assert_request_error(post(probe, {"query": query}), 400, GRAPHQL_RESPONSE, message)


def test_an_operation_that_cannot_be_determined_is_400(probe: TestClient) -> None:
    body = {"query": "query A { probe { n } }", "operationName": "B"}
    assert_request_error(post(probe, body), 400, GRAPHQL_RESPONSE, 'Unknown operation named "B".')


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"code": 5},
            "Variable '$code' has invalid value: String cannot represent a non string value: 5",
        ),
        (
            {},
            "Variable '$code' has invalid value: "
            "Expected a value of non-null type 'String!' to be provided.",
        ),
    ],
    ids=["wrong-type", "missing"],
)
def test_a_variable_coercion_error_is_400_without_data(
    probe: TestClient, variables: dict[str, Any], message: str
) -> None:
    response = post(probe, {"query": BY_CODE, "variables": variables})
    assert_request_error(response, 400, GRAPHQL_RESPONSE, message)


def test_a_field_error_is_200_with_the_partial_data(probe: TestClient) -> None:
    response = post(probe, {"query": FIELD_ERROR})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"country": {"name": "Sri Lanka"}, "recruitmentCall": None}
    assert body["errors"][0]["path"] == ["recruitmentCall"]
    assert body["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


def test_an_executed_operation_whose_data_is_null_is_200_with_data(probe: TestClient) -> None:
    """A non-null root field that fails nulls ``data``; the operation still ran."""
    response = post(probe, {"query": "{ probeRefuse }"})
    assert response.status_code == 200
    assert response.json()["data"] is None
    assert PROBES.calls == 1


# application/json (legacy clients) --------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"query": "{ probe { n }"}, "Syntax Error: Expected Name, found <EOF>."),
        ({"query": "{ probe { nn } }"}, "Cannot query field 'nn' on type 'ProbeNode'."),
        (
            {"query": "{ probe { child { child { n } } } }"},
            "'anonymous' exceeds maximum operation depth of 2",
        ),
        (
            {"query": BY_CODE, "variables": {"code": 5}},
            "Variable '$code' has invalid value: String cannot represent a non string value: 5",
        ),
    ],
    ids=["parse", "validation", "limit", "variables"],
)
def test_legacy_json_answers_request_errors_with_200(
    probe: TestClient, body: dict[str, Any], message: str
) -> None:
    """The specification's rule for application/json: 200 for every well-formed request."""
    assert_request_error(post(probe, body, accept=JSON), 200, JSON, message)


def test_legacy_json_answers_field_errors_with_200_and_data(probe: TestClient) -> None:
    response = post(probe, {"query": FIELD_ERROR}, accept=JSON)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{JSON}; charset=utf-8"
    assert response.json()["data"]["country"] == {"name": "Sri Lanka"}


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE, JSON])
def test_a_request_that_is_not_well_formed_is_400_in_either_type(
    probe: TestClient, accept: str
) -> None:
    response = probe.post(
        "/graphql", content=b'{"query": ', headers={"content-type": JSON, "accept": accept}
    )
    assert response.status_code == 400
    assert media_type(response) == accept
    (error,) = response.json()["errors"]
    assert error["message"].startswith("The request body is not valid JSON: ")
    assert error["extensions"] == {"code": "BAD_REQUEST"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"query": 7}, "`query` must be a string holding the GraphQL document, not a number."),
        (
            {"query": LK, "variables": [7]},
            "`variables` must be a JSON object or null, not an array.",
        ),
        (
            {"query": LK, "extensions": "x"},
            "`extensions` must be a JSON object or null, not a string.",
        ),
        (
            {"query": LK, "operationName": True},
            "`operationName` must be a string or null, not a boolean.",
        ),
        ({"qeury": LK}, "`query` is required"),
        ("{}", "The request body must be a JSON object with a `query` string, not a string."),
    ],
    ids=["query", "variables", "extensions", "operation-name", "missing-query", "not-an-object"],
)
def test_a_parameter_of_the_wrong_type_is_400_naming_it(
    probe: TestClient, body: Any, message: str
) -> None:
    response = post(probe, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith(message)
    assert PROBES.calls == 0


def test_a_token_that_is_not_valid_is_401_with_a_challenge(probe: TestClient) -> None:
    response = probe.post(
        "/graphql", json={"query": LK}, headers={"authorization": "Bearer not-a-token"}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


def test_null_parameters_are_as_good_as_absent(probe: TestClient) -> None:
    body = {"query": LK, "variables": None, "operationName": None, "extensions": None}
    assert post(probe, body).json() == {"data": {"country": {"name": "Sri Lanka"}}}


# GET -----------------------------------------------------------------------


def test_a_query_over_get_with_json_variables(probe: TestClient) -> None:
    response = probe.get(
        "/graphql",
        params={"query": BY_CODE, "variables": json.dumps({"code": "TH"}), "operationName": ""},
    )
    assert response.status_code == 200
    assert media_type(response) == GRAPHQL_RESPONSE
    assert response.json() == {"data": {"country": {"name": "Thailand"}}}


def test_a_mutation_over_get_is_405_and_not_run(probe: TestClient) -> None:
    response = probe.get("/graphql", params={"query": "mutation { probeTouch }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["message"] == (
        "Mutations are not allowed over GET; send them with POST."
    )
    assert PROBES.calls == 0
    assert post(probe, {"query": "mutation { probeTouch }"}).json() == {"data": {"probeTouch": 1}}


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"variables": "{code: 1}"}, "The `variables` parameter is not valid JSON: "),
        ({"variables": "[1]"}, "`variables` must be a JSON object or null, not an array."),
        ({"extensions": "{"}, "The `extensions` parameter is not valid JSON: "),
        ({"variables": "[" * 10_000 + "]" * 10_000}, "The `variables` parameter is JSON nested"),
    ],
    ids=["variables-not-json", "variables-not-an-object", "extensions-not-json", "nested"],
)
def test_malformed_json_parameters_over_get_are_400(
    probe: TestClient, parameters: dict[str, str], message: str
) -> None:
    response = probe.get("/graphql", params={"query": BY_CODE, **parameters})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["message"].startswith(message)
    assert error["extensions"] == {"code": "BAD_REQUEST"}


def test_other_methods_are_refused(probe: TestClient) -> None:
    assert probe.head("/graphql", params={"query": LK}).status_code == 405
    response = probe.put("/graphql", json={"query": LK})
    assert response.status_code == 405


# Accept ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", GRAPHQL_RESPONSE),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (JSON, JSON),
        ("application/*", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}; charset=utf-8, {JSON}; charset=utf-8", GRAPHQL_RESPONSE),
        (f"{JSON}, {GRAPHQL_RESPONSE}", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, {JSON}", JSON),
        (f"{JSON};q=0.9, */*;q=0.1", JSON),
        ("text/html, application/xhtml+xml, */*;q=0.8", GRAPHQL_RESPONSE),
        (f"text/html, {JSON};q=0.2", JSON),
        (f"{GRAPHQL_RESPONSE};q=0, */*", JSON),
        (f"{JSON}; charset=UTF-8", JSON),
        (f"{GRAPHQL_RESPONSE};q=bogus, {JSON};q=0.3", JSON),
    ],
)
def test_accept_chooses_the_media_type_by_q_value(
    probe: TestClient, accept: str, expected: str
) -> None:
    response = post(probe, {"query": LK}, accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{expected}; charset=utf-8"


def test_no_accept_header_gets_the_graphql_response_type(probe: TestClient) -> None:
    del probe.headers["accept"]
    response = probe.post("/graphql", json={"query": "{ probe { nn } }"})
    assert response.status_code == 400
    assert media_type(response) == GRAPHQL_RESPONSE


@pytest.mark.parametrize(
    "accept",
    [
        "text/html",
        "application/xml, text/*",
        f"{JSON};q=0, {GRAPHQL_RESPONSE};q=0",
        f"{JSON}; charset=iso-8859-1",
        "nonsense",
    ],
)
def test_an_accept_header_allowing_neither_type_is_406(probe: TestClient, accept: str) -> None:
    response = post(probe, {"query": "{ probe { n } }"}, accept=accept)
    assert response.status_code == 406
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": "NOT_ACCEPTABLE"}
    assert GRAPHQL_RESPONSE in error["message"] and JSON in error["message"]
    assert PROBES.calls == 0
