"""/graphql over POST and GET, GraphiQL, /-/plugins, /healthz."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from core.app import create_app
from core.schema.document_cache import CachedParsing
from core.schema.security import GuardedValidationCache
from core.settings import Settings
from tests.conftest import gql


def test_post_query(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ countries { code } }"})
    assert response.status_code == 200
    assert len(response.json()["data"]["countries"]) == 5


def test_get_query(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": '{ country(code: "LK") { name } }'})
    assert response.status_code == 200
    assert response.json() == {"data": {"country": {"name": "Sri Lanka"}}}


def test_graphiql_is_served_to_a_browser_in_development(client: TestClient) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


def test_graphiql_is_off_in_production(sqlite_url: str) -> None:
    settings = Settings(
        database_url=sqlite_url, profile="production", secret_key="k" * 32, migrate_on_start=True
    )
    with TestClient(create_app(settings)) as client:
        response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 404


def test_invalid_query_is_a_graphql_error_without_suggestions(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ countrys { code } }"})
    error = response.json()["errors"][0]
    assert error["message"] == "Cannot query field 'countrys' on type 'Query'."
    assert "Did you mean" not in response.text


def test_plugins_endpoint_matches_graphql(client: TestClient) -> None:
    listing = client.get("/-/plugins")
    assert listing.status_code == 200
    from_graphql = gql(client, "{ plugins { name package version countryCode hooks } }")
    assert listing.json() == [
        {
            "name": p["name"],
            "package": p["package"],
            "version": p["version"],
            "country_code": p["countryCode"],
            "hooks": p["hooks"],
        }
        for p in from_graphql["plugins"]
    ]


def test_parser_and_validation_caches_are_bounded(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, query_cache_size=7, query_cache_bytes=2**21)
    app = create_app(settings)
    extensions = [factory() for factory in app.state.schema.extensions]
    parser = next(e for e in extensions if isinstance(e, CachedParsing))
    validation = next(e for e in extensions if isinstance(e, GuardedValidationCache))
    assert validation.caches is parser.caches
    for cache in (parser.caches.parsed, parser.caches.validated):
        assert (cache.max_entries, cache.max_bytes) == (7, 2**21)


@pytest.mark.database
def test_healthz_when_the_database_answers(db_settings: Settings) -> None:
    # The test's own schema on PostgreSQL, not the database's public one, whose
    # migrations another checkout of the project may have moved elsewhere.
    with TestClient(create_app(db_settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_when_the_database_is_down() -> None:
    settings = Settings(database_url="postgresql://nobody@127.0.0.1:9/none")
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_sqlite_file_is_created_on_first_start(tmp_path: Path) -> None:
    path = tmp_path / "data" / "fresh.sqlite3"
    path.parent.mkdir()
    app = create_app(Settings(database_url=f"sqlite:///{path}"))
    assert not path.exists()
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
    assert path.exists()


def test_default_database_is_a_sqlite_file_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with TestClient(create_app()) as client:
        assert client.get("/healthz").json()["database"] == "ok"
    assert (tmp_path / "imjapan.sqlite3").exists()


def test_unknown_paths_and_methods(client: TestClient) -> None:
    assert client.get("/nowhere").status_code == 404
    assert client.post("/healthz").status_code == 405
