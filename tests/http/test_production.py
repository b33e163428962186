"""The production profile (S5): nothing to explore, nothing leaked, no cross-site writes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.conftest import make_app
from tests.plugins.probes import PROBES, probe_plugin

ALLOWED_ORIGIN = "https://app.imjapan.example"
OTHER_ORIGIN = "https://evil.example"
LEAKS = ("SELECT", "password", "secret.py", "/srv/", "ProbeFailure", "RuntimeError", "Traceback")


def production(sqlite_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": sqlite_url,
        "profile": "production",
        "secret_key": "production-test-key-" + "k" * 32,
        "migrate_on_start": True,
        "allow_user_assigned_codes": True,
        "cors_origins": ALLOWED_ORIGIN,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return production(sqlite_url)


@pytest.fixture
def probe(settings: Settings) -> Iterator[TestClient]:
    PROBES.reset()
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        yield client


def errors(client: TestClient, query: str, **variables: Any) -> list[dict[str, Any]]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    # application/graphql-response+json (what */* gets): 400 and no data for a
    # request error, 200 with data once the operation ran.
    assert response.status_code == (200 if "data" in response.json() else 400), response.text
    assert "Did you mean" not in response.text
    return list(response.json()["errors"])


def test_settings_read_the_cors_origins_from_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IMJAPAN_CORS_ORIGINS", "https://a.example, https://b.example/,")
    assert Settings().cors_origins == ("https://a.example", "https://b.example")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("{ __schema { queryType { name } } }", "__schema"),
        ('{ __type(name: "Query") { name } }', "__type"),
    ],
)
def test_introspection_is_refused(probe: TestClient, query: str, field: str) -> None:
    first, *_ = errors(probe, query)
    assert first["message"] == (
        "GraphQL introspection has been disabled, but the requested query "
        f"contained the field '{field}'."
    )


def test_typename_still_answers(probe: TestClient) -> None:
    response = probe.post("/graphql", json={"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}


def test_introspection_answers_in_development(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, allow_user_assigned_codes=True)
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        response = client.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_graphiql_is_not_served(probe: TestClient) -> None:
    assert probe.get("/graphql", headers={"Accept": "text/html"}).status_code == 404


@pytest.mark.parametrize(
    ("query", "variables", "message"),
    [
        ("{ probeSlep(seconds: 1) }", {}, "Cannot query field 'probeSlep' on type 'Query'."),
        (
            "{ probeSleep(secnds: 1) }",
            {},
            "Unknown argument 'secnds' on field 'Query.probeSleep'.",
        ),
        (
            "{ candidates(filter: { status: REGISTERD }) { totalCount } }",
            {},
            "Value 'REGISTERD' does not exist in 'CandidateStatus' enum.",
        ),
        (
            "query($s: CandidateStatus) { candidates(filter: { status: $s }) { totalCount } }",
            {"s": "REGISTERD"},
            "Variable '$s' has invalid value: "
            "Value 'REGISTERD' does not exist in 'CandidateStatus' enum.",
        ),
        ("query($s: Strin) { probeCount(values: []) }", {}, "Unknown type 'Strin'."),
    ],
)
def test_no_suggestions(
    probe: TestClient, query: str, variables: dict[str, Any], message: str
) -> None:
    messages = [error["message"] for error in errors(probe, query, **variables)]
    assert message in messages


def test_suggestions_help_in_development(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, allow_user_assigned_codes=True)
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        response = client.post("/graphql", json={"query": "{ probeSleep(secnds: 1) }"})
    assert "Did you mean 'seconds'?" in response.text


def test_an_unexpected_exception_is_masked(probe: TestClient) -> None:
    response = probe.post("/graphql", json={"query": "{ probeBoom }"})
    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "Unexpected error.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["probeBoom"],
            }
        ],
    }
    for leak in LEAKS:
        assert leak not in response.text
    assert PROBES.calls == 1


def test_a_refusal_on_purpose_stays_visible(probe: TestClient) -> None:
    (error,) = errors(probe, "{ probeRefuse }")
    assert error["message"] == "refused on purpose"
    assert error["extensions"] == {"code": "FORBIDDEN"}


def test_client_errors_stay_visible(probe: TestClient) -> None:
    (error,) = errors(probe, "{ probeCount(values: [1, 2) }")
    assert error["message"].startswith("Syntax Error:")
    (error,) = errors(probe, "query($v: [Int!]!) { probeCount(values: $v) }", v=["x"])
    assert error["message"] == (
        "Variable '$v' has invalid value at [0]: Int cannot represent non-integer value: 'x'"
    )


def test_development_masks_the_exception_too_and_names_the_request(sqlite_url: str) -> None:
    """The exception's text (SQL, paths, class names) stays in the server log in every profile."""
    settings = Settings(database_url=sqlite_url, allow_user_assigned_codes=True)
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        response = client.post(
            "/graphql", json={"query": "{ probeBoom }"}, headers={"X-Request-ID": "req-42"}
        )
    (error,) = response.json()["errors"]
    assert error["message"] == (
        "Unexpected error (request req-42); the server log has the details."
    )
    assert error["path"] == ["probeBoom"]
    for leak in LEAKS:
        assert leak not in response.text


@pytest.mark.parametrize("profile", ["production", "development"])
def test_a_mutation_over_get_is_refused(sqlite_url: str, profile: str) -> None:
    settings = production(sqlite_url, profile=profile)
    PROBES.reset()
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        response = client.get("/graphql", params={"query": "mutation { probeTouch }"})
        assert response.status_code == 405  # GraphQL over HTTP: GET must not run mutations
        assert response.headers["allow"] == "POST"
        assert response.json()["errors"][0]["extensions"] == {"code": "METHOD_NOT_ALLOWED"}
        assert PROBES.calls == 0
        # A query over GET is still served.
        response = client.get("/graphql", params={"query": "{ probeCount(values: [1]) }"})
        assert response.json() == {"data": {"probeCount": 1}}


CROSS_SITE_BODIES = {
    "text/plain": {"content": '{"query": "mutation { probeTouch }"}'},
    "application/x-www-form-urlencoded": {"data": {"query": "mutation { probeTouch }"}},
    "multipart/form-data": {
        "data": {"operations": '{"query": "mutation { probeTouch }"}', "map": "{}"},
        "files": {"0": ("a.txt", b"x", "text/plain")},
    },
}


@pytest.mark.parametrize("content_type", list(CROSS_SITE_BODIES))
def test_a_post_that_a_page_could_send_cross_site_is_refused(
    probe: TestClient, content_type: str
) -> None:
    kwargs: dict[str, Any] = dict(CROSS_SITE_BODIES[content_type])
    if "content" in kwargs:
        kwargs["headers"] = {"content-type": content_type}
    response = probe.post("/graphql", **kwargs)
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"] == {"code": "UNSUPPORTED_MEDIA_TYPE"}
    assert PROBES.calls == 0


def test_a_post_without_a_content_type_is_refused(probe: TestClient) -> None:
    response = probe.post("/graphql", content=b'{"query": "mutation { probeTouch }"}')
    assert response.status_code == 415
    assert PROBES.calls == 0


def test_json_with_a_charset_is_accepted(probe: TestClient) -> None:
    response = probe.post(
        "/graphql",
        content=b'{"query": "mutation { probeTouch }"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert response.json() == {"data": {"probeTouch": 1}}


def preflight(client: TestClient, origin: str) -> Any:
    return client.options(
        "/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )


def test_cors_allows_a_listed_origin(probe: TestClient) -> None:
    response = preflight(probe, ALLOWED_ORIGIN)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in response.headers["access-control-allow-methods"]
    response = probe.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": ALLOWED_ORIGIN}
    )
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN


def test_cors_refuses_another_origin(probe: TestClient) -> None:
    response = preflight(probe, OTHER_ORIGIN)
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers
    response = probe.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": OTHER_ORIGIN}
    )
    assert "access-control-allow-origin" not in response.headers


def test_refusals_carry_cors_headers_for_a_listed_origin(probe: TestClient) -> None:
    """So that the page that sent it can read why."""
    response = probe.post(
        "/graphql",
        content=b"query",
        headers={"Origin": ALLOWED_ORIGIN, "content-type": "text/plain"},
    )
    assert response.status_code == 415
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN


def test_no_origin_is_allowed_by_default(sqlite_url: str) -> None:
    settings = production(sqlite_url, cors_origins=())
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        assert preflight(client, ALLOWED_ORIGIN).status_code == 400
