"""/livez (the process), /readyz (database answers and is migrated), /healthz (as before)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.app import create_app
from core.db.migrate import downgrade, upgrade
from core.settings import Settings

DOWN = "postgresql://nobody@127.0.0.1:9/none"
"""A PostgreSQL URL nothing listens on."""


def _no_leaks(text: str) -> None:
    for leak in ("SELECT", "alembic_version", "Traceback", "/", "127.0.0.1"):
        assert leak not in text.replace("'imjapan migrate'", ""), leak


def test_livez_needs_no_database() -> None:
    with TestClient(create_app(Settings(database_url=DOWN))) as client:
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.database
def test_readyz_on_a_migrated_database(empty_db_settings: Settings) -> None:
    with TestClient(create_app(empty_db_settings)) as client:  # development migrates at start
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "current"}


@pytest.mark.database
def test_readyz_is_503_until_the_database_is_migrated(empty_db_settings: Settings) -> None:
    settings = empty_db_settings.model_copy(update={"migrate_on_start": False})
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {
            "status": "unavailable",
            "database": "ok",
            "migrations": "pending",
            "reason": "the database schema is not at the newest migration; run 'imjapan migrate'",
        }
        _no_leaks(response.text)
        # Still alive, and the database answers: only readiness fails.
        assert client.get("/livez").status_code == 200
        assert client.get("/healthz").status_code == 200

        upgrade(settings.database_url, schema=settings.database_schema)
        assert client.get("/readyz").status_code == 200


@pytest.mark.database
def test_readyz_is_503_when_a_migration_is_missing(empty_db_settings: Settings) -> None:
    with TestClient(create_app(empty_db_settings)) as client:
        downgrade(
            empty_db_settings.database_url,
            schema=empty_db_settings.database_schema,
            revision="-1",
        )
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


def test_readyz_is_503_when_the_database_is_down() -> None:
    with TestClient(create_app(Settings(database_url=DOWN))) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "reason": "the database does not answer",
    }
    _no_leaks(response.text)


def test_probes_answer_get_only(client: TestClient) -> None:
    for path in ("/livez", "/readyz", "/healthz"):
        assert client.post(path).status_code == 405
