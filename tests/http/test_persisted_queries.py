"""Automatic persisted queries (Apollo's APQ protocol), stored in the database.

Each database test runs on SQLite and on PostgreSQL; two app instances on one
database stand for two server processes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from core.app import create_app
from core.db.session import Database
from core.http.persisted import PersistedQueries
from core.settings import Settings

JSON = "application/json"
QUERY = (
    "query Office($code: String!) { country(code: $code) { name representativeOffice { city } } }"
)
VARIABLES = {"code": "LK"}
ANSWER = {"data": {"country": {"name": "Sri Lanka", "representativeOffice": {"city": "Colombo"}}}}


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def extensions(document: str = QUERY, **entry: Any) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256(document), **entry}}


def hash_only(client: TestClient, document: str = QUERY, **headers: str) -> Any:
    body = {"extensions": extensions(document), "variables": VARIABLES}
    return client.post("/graphql", json=body, headers=headers)


def register(client: TestClient, document: str = QUERY) -> Any:
    body = {"query": document, "extensions": extensions(document), "variables": VARIABLES}
    return client.post("/graphql", json=body)


def get_hash_only(client: TestClient, document: str = QUERY) -> Any:
    parameters = {
        "extensions": json.dumps(extensions(document)),
        "variables": json.dumps(VARIABLES),
    }
    return client.get("/graphql", params=parameters, headers={"accept": "*/*"})


@pytest.fixture
def service(db_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(db_settings)) as client:
        yield client


@pytest.fixture
def two_processes(db_settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    """Two app instances, as two server processes would be, on one database."""
    with (
        TestClient(create_app(db_settings)) as first,
        TestClient(create_app(db_settings)) as second,
    ):
        yield first, second


NOT_FOUND = {
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
}


@pytest.mark.database
def test_an_unknown_hash_asks_for_the_query(service: TestClient) -> None:
    """404 in the GraphQL response type (no data); 200 for legacy JSON clients."""
    response = hash_only(service)
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    legacy = hash_only(service, accept=JSON)
    assert (legacy.status_code, legacy.json()) == (200, NOT_FOUND)


@pytest.mark.database
def test_a_registered_query_runs_by_hash_over_post_and_get(service: TestClient) -> None:
    assert hash_only(service).status_code == 404
    for _ in range(2):  # registering again changes nothing
        response = register(service)
        assert (response.status_code, response.json()) == (200, ANSWER)
    response = hash_only(service)
    assert (response.status_code, response.json()) == (200, ANSWER)
    response = get_hash_only(service)
    assert (response.status_code, response.json()) == (200, ANSWER)
    assert response.headers["content-type"].startswith("application/graphql-response+json")


@pytest.mark.database
def test_a_hash_that_is_not_the_querys_is_refused_and_not_stored(service: TestClient) -> None:
    other = "{ countries { code } }"
    body = {"query": QUERY, "extensions": extensions(other), "variables": VARIABLES}
    response = service.post("/graphql", json=body)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["message"].startswith(
        "`extensions.persistedQuery.sha256Hash` is not the SHA-256 of `query`"
    )
    assert error["extensions"] == {"code": "PERSISTED_QUERY_HASH_MISMATCH"}
    assert "data" not in response.json()
    assert hash_only(service, other).status_code == 404


@pytest.mark.database
def test_a_query_utf_8_cannot_encode_matches_no_hash(service: TestClient) -> None:
    query = '{ country(code: "\ud800") { name } }'  # a lone surrogate, sent as a JSON escape
    body = {"query": query, "extensions": extensions("{ countries { code } }")}
    content = json.dumps(body).encode()  # ensure_ascii: the surrogate travels as an escape
    response = service.post("/graphql", content=content, headers={"content-type": JSON})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "PERSISTED_QUERY_HASH_MISMATCH"}


@pytest.mark.database
def test_two_processes_share_the_stored_documents(
    two_processes: tuple[TestClient, TestClient],
) -> None:
    first, second = two_processes
    assert hash_only(second).status_code == 404
    assert register(first).json() == ANSWER
    assert hash_only(second).json() == ANSWER
    assert get_hash_only(second).json() == ANSWER


@pytest.mark.database
def test_a_document_that_does_not_validate_is_not_stored(service: TestClient) -> None:
    invalid = "{ countries { cod } }"
    response = register(service, invalid)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("Cannot query field 'cod'")
    assert hash_only(service, invalid).status_code == 404


@pytest.mark.database
def test_a_stored_mutation_still_runs_over_post_only(service: TestClient) -> None:
    mutation = "mutation { logout { errors { message } } }"
    body = {"query": mutation, "extensions": extensions(mutation)}
    assert service.post("/graphql", json=body).status_code == 200
    response = service.post("/graphql", json={"extensions": extensions(mutation)})
    assert response.status_code == 200
    response = service.get("/graphql", params={"extensions": json.dumps(extensions(mutation))})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


@pytest.mark.database
def test_stored_documents_meet_the_limits_of_the_process_that_runs_them(
    db_settings: Settings,
) -> None:
    """A document registered under looser limits is refused by a stricter process."""
    strict = db_settings.model_copy(update={"max_query_depth": 1})
    with (
        TestClient(create_app(db_settings)) as loose,
        TestClient(create_app(strict)) as tight,
    ):
        assert register(loose).json() == ANSWER  # depth 2
        response = hash_only(tight)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["message"] == "'Office' exceeds maximum operation depth of 1"
    assert error["extensions"] == {"code": "LIMIT_EXCEEDED"}


@pytest.mark.database
def test_hash_only_requests_count_against_the_rate_limit(db_settings: Settings) -> None:
    limited = db_settings.model_copy(
        update={"rate_limit_per_address": 3, "rate_limit_window_seconds": 3600}
    )
    with TestClient(create_app(limited)) as client:
        statuses = [register(client).status_code]
        statuses += [hash_only(client).status_code for _ in range(3)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize(
    ("entry", "status", "code"),
    [
        ({"version": 2, "sha256Hash": "0" * 64}, 400, "PERSISTED_QUERY_NOT_SUPPORTED"),
        ({"version": 1, "sha256Hash": "not a hash"}, 400, "BAD_REQUEST"),
        ({"version": 1}, 400, "BAD_REQUEST"),
        ("abc", 400, "BAD_REQUEST"),
    ],
    ids=["version", "hash", "no-hash", "not-an-object"],
)
@pytest.mark.database
def test_a_malformed_persisted_query_extension_is_refused(
    service: TestClient, entry: object, status: int, code: str
) -> None:
    body = {"query": QUERY, "variables": VARIABLES, "extensions": {"persistedQuery": entry}}
    response = service.post("/graphql", json=body)
    assert response.status_code == status
    (error,) = response.json()["errors"]
    assert error["extensions"] == {"code": code}
    assert "extensions.persistedQuery" in error["message"]


@pytest.mark.database
def test_the_hash_may_be_sent_in_capitals(service: TestClient) -> None:
    body = {"query": QUERY, "variables": VARIABLES, "extensions": extensions()}
    body["extensions"]["persistedQuery"]["sha256Hash"] = sha256(QUERY).upper()
    assert service.post("/graphql", json=body).json() == ANSWER
    assert hash_only(service).json() == ANSWER


async def test_a_document_that_cannot_be_stored_still_gets_its_answer(sqlite_url: str) -> None:
    """Too large, or the database refuses the write (here: it has no table): not stored,
    not cached, and no exception; the client will be asked for the query again."""
    db = Database.connect(sqlite_url)
    store = PersistedQueries(db, cache_size=10, max_document_bytes=20)
    try:
        large = "{ countries { code } }"
        assert await store.register(sha256(large), large) is False
        small = "{ plugins { name } }"
        assert await store.register(sha256(small), small) is False
        assert len(store.cache) == 0
    finally:
        await db.dispose()


@pytest.mark.database
async def test_the_process_cache_is_bounded_in_characters(db_settings: Settings) -> None:
    """Each kept document counts its length against ``cache_chars``; one the cache let
    go is read from the table again."""
    db = Database.connect(db_settings.database_url, schema=db_settings.database_schema)
    store = PersistedQueries(db, cache_size=10, max_document_bytes=100, cache_chars=30)
    try:
        first, second = "{ countries { code } }", "{ plugins { name } }"
        assert await store.register(sha256(first), first)
        assert await store.register(sha256(second), second)
        assert (len(store.cache), store.cache.bytes) == (1, len(second))
        assert store.cache.get(sha256(first)) is None
        assert await store.get(sha256(first)) == first
    finally:
        await db.dispose()
