"""The catalogue response cache: repeats skip Strawberry and answer byte for byte the same."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.http.response_cache import (
    CachedResponse,
    DocumentDecisions,
    ResponseCache,
    entry_cost,
)
from core.lru import LRU
from core.settings import Settings
from tests.accounts import signed_in

CATALOGUE = """{ countries { code name localNames { language name }
  agencies { id name acronym roles validFromYear }
  screeningRules { id kind title parameters }
  preEntryTraining { minimumMonths phases { order name duration { months days } } }
  employmentProgrammes { kind name organiser { acronym } } } plugins { name hooks } }"""
ONE_COUNTRY = "query One($code: String!) { country(code: $code) { code name } }"
ACCEPTS = ("application/json", "application/graphql-response+json", "*/*", "")


def find_cache(app: Starlette) -> ResponseCache:
    node: Any = app.middleware_stack
    while node is not None:
        if isinstance(node, ResponseCache):
            return node
        node = getattr(node, "app", None)
    raise AssertionError("no ResponseCache in the middleware stack")


class Executions:
    """Counts the operations Strawberry executes."""

    def __init__(self, app: Starlette, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        schema = app.state.schema
        execute = schema.execute

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return await execute(*args, **kwargs)

        monkeypatch.setattr(schema, "execute", counted)


@pytest.fixture
def cached_app(settings: Settings) -> Starlette:
    return create_app(settings)


@pytest.fixture
def cached(cached_app: Starlette) -> Iterator[TestClient]:
    with TestClient(cached_app) as client:
        yield client


@pytest.fixture
def uncached(sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=sqlite_url, response_cache_bytes=0))) as c:
        yield c


@pytest.fixture
def executions(
    cached: TestClient, cached_app: Starlette, monkeypatch: pytest.MonkeyPatch
) -> Executions:
    return Executions(cached_app, monkeypatch)


PER_REQUEST = ("ratelimit-", "x-request-id")
"""Headers the middleware outside the cache sets afresh for every request."""


def snapshot(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body, but for the headers set anew on each request."""
    headers = [(k, v) for k, v in response.headers.items() if not k.startswith(PER_REQUEST)]
    return response.status_code, sorted(headers), response.content


def post(client: TestClient, body: dict[str, Any], accept: str = "application/json") -> Any:
    headers = {"accept": accept} if accept else {}
    return client.post("/graphql", json=body, headers=headers)


def test_a_repeated_catalogue_query_is_answered_without_executing_it(
    cached: TestClient, executions: Executions
) -> None:
    first = post(cached, {"query": CATALOGUE})
    second = post(cached, {"query": CATALOGUE})
    assert first.status_code == 200 and "errors" not in first.json()
    assert executions.count == 1
    assert snapshot(second) == snapshot(first)
    remaining = int(first.headers["ratelimit-remaining"])
    assert int(second.headers["ratelimit-remaining"]) == remaining - 1  # still counted
    assert second.headers["x-request-id"] != first.headers["x-request-id"]
    cache = find_cache(cached.app)  # type: ignore[arg-type]
    assert (cache.hits, cache.misses) == (1, 1)


@pytest.mark.parametrize("accept", ACCEPTS)
def test_cached_answers_equal_uncached_ones_for_each_accept_header(
    cached: TestClient, uncached: TestClient, accept: str
) -> None:
    body = {"query": ONE_COUNTRY, "variables": {"code": "TH"}, "operationName": "One"}
    expected = snapshot(post(uncached, body, accept))
    assert snapshot(post(cached, body, accept)) == expected  # miss: stored
    assert snapshot(post(cached, body, accept)) == expected  # hit: replayed


def test_cached_get_answers_equal_uncached_ones(
    cached: TestClient, uncached: TestClient, executions: Executions
) -> None:
    params = {"query": "{ countries { code agreementYear } }"}
    expected = snapshot(uncached.get("/graphql", params=params))
    assert snapshot(cached.get("/graphql", params=params)) == expected
    assert snapshot(cached.get("/graphql", params=params)) == expected
    assert executions.count == 1


def test_the_accept_header_is_part_of_the_key(cached: TestClient, executions: Executions) -> None:
    for accept in ("application/json", "application/graphql-response+json"):
        post(cached, {"query": CATALOGUE}, accept)
        post(cached, {"query": CATALOGUE}, accept)
    assert executions.count == 2


def test_variables_and_body_bytes_are_part_of_the_key(
    cached: TestClient, executions: Executions
) -> None:
    thailand = post(cached, {"query": ONE_COUNTRY, "variables": {"code": "TH"}})
    vietnam = post(cached, {"query": ONE_COUNTRY, "variables": {"code": "VN"}})
    assert thailand.json()["data"]["country"]["code"] == "TH"
    assert vietnam.json()["data"]["country"]["code"] == "VN"
    assert executions.count == 2


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{ countries { code } candidates(first: 1) { totalCount } }"},
        {"query": "{ eventTypes { code } }"},
        {"query": "{ indonesiaSelectionStages { order } }"},
        {
            "query": "{ countries { code } }",
            "extensions": {
                "persistedQuery": {
                    "version": 1,
                    "sha256Hash": hashlib.sha256(b"{ countries { code } }").hexdigest(),
                }
            },
        },
        {"query": "{ countries { bogus } }"},
        {"query": "query A { countries { code } } query B { countries { name } }"},
        {"query": "mutation { logout { errors { message } } }"},
        {"query": "{ ...F } fragment F on Query { countries { code } me { email } }"},
    ],
    ids=[
        "mixed-with-database-field",
        "event-types-are-rows",
        "plugin-field",
        "extensions",
        "validation-error",
        "operation-not-chosen",
        "mutation",
        "fragment-with-database-field",
    ],
)
def test_other_requests_are_executed_every_time(
    cached: TestClient, executions: Executions, body: dict[str, Any]
) -> None:
    post(cached, body)
    post(cached, body)
    assert executions.count == 2


def test_fragments_and_a_chosen_query_operation_are_cached(
    cached: TestClient, executions: Executions
) -> None:
    body = {
        "query": "query Q { ...F __typename ... on Query { plugins { name } } } "
        "fragment F on Query { countries { code } } "
        "mutation M { logout { errors { message } } }",
        "operationName": "Q",
    }
    first = post(cached, body)
    assert first.json()["data"]["__typename"] == "Query"
    assert snapshot(post(cached, body)) == snapshot(first)
    assert executions.count == 1


def test_a_signed_in_catalogue_query_is_cached_and_other_queries_are_not(
    cached: TestClient, uncached: TestClient, executions: Executions
) -> None:
    """Signed in, a catalogue query is a hit from its second time, byte for byte what the
    endpoint answers; a query of anything else runs every time."""
    headers = signed_in(cached, Role.STAFF)
    executions.count = 0
    answers = [cached.post("/graphql", json={"query": CATALOGUE}, headers=headers) for _ in "abc"]
    assert executions.count == 1
    assert [snapshot(answer) for answer in answers[1:]] == [snapshot(answers[0])] * 2
    fresh = uncached.post(
        "/graphql", json={"query": CATALOGUE}, headers=signed_in(uncached, Role.STAFF)
    )
    assert snapshot(answers[0]) == snapshot(fresh)
    cache = find_cache(cached.app)  # type: ignore[arg-type]
    assert (cache.hits, cache.misses) == (2, 1)
    for _ in range(2):
        mine = cached.post("/graphql", json={"query": "{ me { email } }"}, headers=headers)
        assert mine.json()["data"]["me"]["email"]
    assert executions.count == 3
    assert (cache.hits, cache.misses) == (2, 1)


def test_entries_are_kept_by_role(cached: TestClient, executions: Executions) -> None:
    """Anonymous callers and each role have entries of their own."""
    staff = signed_in(cached, Role.STAFF)
    admin = signed_in(cached, Role.ADMIN)
    executions.count = 0
    for headers in ({}, staff, admin, {}, staff, admin):
        assert (
            cached.post("/graphql", json={"query": CATALOGUE}, headers=headers).status_code == 200
        )
    assert executions.count == 3


@pytest.mark.parametrize(
    "authorization", ["Bearer forged", "Basic dXNlcjpwYXNz", "Bearer", "signed-out"]
)
def test_a_token_the_endpoint_refuses_is_refused_with_a_cached_answer_at_hand(
    cached: TestClient, authorization: str
) -> None:
    headers = signed_in(cached, Role.STAFF)
    for _ in range(2):  # now stored, for the staff role and for anonymous callers
        assert (
            cached.post("/graphql", json={"query": CATALOGUE}, headers=headers).status_code == 200
        )
        post(cached, {"query": CATALOGUE})
    if authorization == "signed-out":
        cached.post("/graphql", json={"query": "mutation { logout { ok } }"}, headers=headers)
        refusing = headers
    else:
        refusing = {"Authorization": authorization}
    refused = cached.post("/graphql", json={"query": CATALOGUE}, headers=refusing)
    assert refused.status_code == 401


def test_the_cache_can_be_turned_off(uncached: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    executions = Executions(uncached.app, monkeypatch)  # type: ignore[arg-type]
    post(uncached, {"query": CATALOGUE})
    post(uncached, {"query": CATALOGUE})
    assert executions.count == 2


def test_responses_are_bounded_in_bytes_least_recently_used_first() -> None:
    def response(size: int) -> CachedResponse:
        return CachedResponse(status=200, headers=(), body=b"x" * size)

    def key(name: bytes) -> tuple[bytes, bytes, bytes, bytes]:
        return (b"POST", b"", b"", name)

    def put(name: bytes, size: int) -> bool:
        return cache.put(key(name), response(size), entry_cost(key(name), response(size)))

    one_entry = response(1000).size + 5  # the body and the key's parts ("POST", "a")
    assert entry_cost(key(b"a"), response(1000)) == one_entry
    cache: LRU[tuple[bytes, ...], CachedResponse] = LRU(None, max_bytes=2 * one_entry + 10)
    assert put(b"a", 1000)
    assert put(b"b", 1000)
    assert cache.get(key(b"a")) is not None  # a is now the most recently used
    assert put(b"c", 1000)
    assert cache.get(key(b"b")) is None
    assert cache.get(key(b"a")) is not None and cache.get(key(b"c")) is not None
    assert cache.bytes == 2 * one_entry
    assert not put(b"huge", 10_000)
    assert len(cache) == 2


def test_a_response_larger_than_the_cache_is_not_kept(sqlite_url: str) -> None:
    app = create_app(Settings(database_url=sqlite_url, response_cache_bytes=1000))
    with TestClient(app) as client:
        first = post(client, {"query": CATALOGUE})
        assert len(first.content) > 1000
        post(client, {"query": CATALOGUE})
        cache = find_cache(app)
    assert (cache.hits, cache.misses, len(cache.responses)) == (0, 2, 0)


def test_document_decisions_are_remembered_and_bounded() -> None:
    decisions = DocumentDecisions(max_entries=2, max_tokens=100)
    assert decisions.catalogue_only("{ countries { code } }", None)
    assert not decisions.catalogue_only("{ me { email } }", None)
    assert not decisions.catalogue_only("{ countries { code } ", None)  # syntax error
    assert not decisions.catalogue_only("{ countries { " + "code " * 200 + "} }", None)
    assert len(decisions._known) == 2
