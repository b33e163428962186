"""The hostile-query corpus (S2): each one is refused, and no resolver runs.

Every document is tried in process and over HTTP, over HTTP also with the
token limit lifted, so that each of the other guards is shown to hold on its
own. Timings belong in a benchmark, not here; what these tests
do show is that nothing walks a document once per path: the fragment chains
below have 2^150 paths, and a walk per path would never finish.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from graphql import get_introspection_query, parse
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core.schema.security import QueryShape
from core.settings import Settings
from tests.conftest import make_app
from tests.plugins.probes import PROBES, probe_plugin


def fragment_chain(links: int, leaf: str) -> str:
    """``{ probe { ...F0 } }`` where each fragment spreads the next twice: 2^links paths."""
    fragments = " ".join(
        f"fragment F{i} on ProbeNode {{ ...F{i + 1} ...F{i + 1} }}" for i in range(links)
    )
    return f"{{ probe {{ ...F0 }} }} {fragments} fragment F{links} on ProbeNode {{ {leaf} }}"


DEEP_INTROSPECTION = (
    "{ __schema { types { fields { type " + "{ ofType " * 20 + "{ name }" + " }" * 20 + " } } } }"
)

DOCUMENTS = {
    "depth 1,000": "{ probe { " + "child { " * 999 + "n" + " }" * 1000 + " }",
    "10,000 aliases": "{ " + " ".join(f"a{i}: probe {{ n }}" for i in range(10_000)) + " }",
    "alias amplification through fragment spreads": fragment_chain(150, "x: n"),
    "circular fragments": (
        "{ probe { ...A } } fragment A on ProbeNode { child { ...B } } "
        "fragment B on ProbeNode { child { ...A } }"
    ),
    "a fragment spreading itself": "{ probe { ...A } } fragment A on ProbeNode { n ...A }",
    "1 MB of fields": "{ " + "probe { n } " * 83_000 + "}",
    "10,000 directives": "{ probe { n" + " @skip(if: false)" * 10_000 + " } }",
    "deep __schema introspection": DEEP_INTROSPECTION,
}

THOUSAND_OPERATIONS = " ".join(f"query Q{i} {{ probe {{ n }} }}" for i in range(1000))

LIFTED = {"max_query_tokens": 100_000}
"""Enough for every document above, so the other guards meet them."""

TOKENS_ONLY = {"1 MB of fields", "10,000 directives"}
"""Documents whose guard is the token limit itself (without it graphql-core still
refuses the directives, in time linear in the document, but 70,000 tokens of it)."""

CASES = [("default limits", name) for name in DOCUMENTS] + [
    ("token limit lifted", name) for name in DOCUMENTS if name not in TOKENS_ONLY
]


def probe_app(sqlite_url: str, **limits: Any) -> Starlette:
    settings = Settings(database_url=sqlite_url, allow_user_assigned_codes=True, **limits)
    return make_app(settings, ("probe", probe_plugin()))


@pytest.fixture
def app(sqlite_url: str) -> Starlette:
    return probe_app(sqlite_url)


@pytest.fixture
def probe(app: Starlette) -> Iterator[TestClient]:
    PROBES.reset()
    with TestClient(app) as client:
        yield client


def assert_refused(response_status: int, body: dict[str, Any] | None) -> None:
    """A 4xx, or a GraphQL response with errors and no data; no resolver ran."""
    if response_status == 200:
        assert body is not None
        assert body.get("data") is None, body
        assert body["errors"]
    else:
        assert 400 <= response_status < 500
    assert PROBES.calls == 0


@pytest.mark.parametrize(("limits", "name"), CASES)
def test_hostile_document_over_http(sqlite_url: str, limits: str, name: str) -> None:
    app = probe_app(sqlite_url, **(LIFTED if limits == "token limit lifted" else {}))
    PROBES.reset()
    with TestClient(app) as client:
        response = client.post("/graphql", json={"query": DOCUMENTS[name]})
    body = response.json() if response.status_code == 200 else None
    assert_refused(response.status_code, body)


@pytest.mark.parametrize("name", list(DOCUMENTS))
async def test_hostile_document_in_process(app: Starlette, name: str) -> None:
    PROBES.reset()
    result = await app.state.schema.execute(DOCUMENTS[name])
    assert result.data is None
    assert result.errors
    assert PROBES.calls == 0


def test_a_document_of_1000_operations_is_refused(probe: TestClient) -> None:
    response = probe.post("/graphql", json={"query": THOUSAND_OPERATIONS})
    assert_refused(response.status_code, response.json())


def test_without_the_token_limit_1000_operations_need_an_operation_name(sqlite_url: str) -> None:
    """Without ``operationName`` none runs (GraphQL over HTTP); with it, only that one."""
    PROBES.reset()
    with TestClient(probe_app(sqlite_url, **LIFTED)) as client:
        response = client.post("/graphql", json={"query": THOUSAND_OPERATIONS})
        assert response.status_code == 400
        assert response.json()["errors"][0]["message"].startswith("The document has 1000 ")
        assert PROBES.calls == 0
        named = {"query": THOUSAND_OPERATIONS, "operationName": "Q7"}
        body = client.post("/graphql", json=named).json()
    assert body == {"data": {"probe": {"n": 2}}}
    assert PROBES.calls == 2


def test_a_1000_operation_batch_is_refused(probe: TestClient) -> None:
    batch = [{"query": "{ probe { n } }"}] * 1000
    response = probe.post("/graphql", json=batch)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("Batching is not enabled")
    assert PROBES.calls == 0


def test_a_query_over_1_mib_is_refused_with_413(probe: TestClient) -> None:
    query = "{ " + "probe { n } " * 90_000 + "}"
    body = json.dumps({"query": query}).encode()
    assert len(body) > 1024 * 1024
    response = probe.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert PROBES.calls == 0


def test_fragment_amplification_without_aliases_is_served(probe: TestClient) -> None:
    """2^150 paths, one field: valid, measured once per fragment and executed once."""
    response = probe.post("/graphql", json={"query": fragment_chain(150, "n")})
    assert response.json() == {"data": {"probe": {"n": 2}}}


def test_query_shape_counts_each_fragment_once() -> None:
    shape = QueryShape(max_depth=10, max_aliases=15)
    assert shape.check(parse(fragment_chain(150, "n"))) == []
    (error,) = shape.check(parse(fragment_chain(150, "x: n")))
    assert error.message == "Too many aliases: at most 15 are allowed."


def test_the_standard_introspection_query_fits_in_development(probe: TestClient) -> None:
    """GraphiQL's introspection query stays within the introspection depth limit."""
    query = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
        one_of=True,
    )
    body = probe.post("/graphql", json={"query": query}).json()
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"] == {"name": "Query", "kind": "OBJECT"}
