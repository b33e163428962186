"""One readiness check: ``imjapan migrate status --check`` and ``/readyz`` agree."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from core.app import create_app
from core.cli import main
from core.db.migrate import revision_order, upgrade
from core.settings import Settings


@pytest.mark.database
def test_migrate_status_and_readyz_agree_at_every_revision(
    empty_db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = empty_db_settings.model_copy(update={"migrate_on_start": False})
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    if settings.database_schema:
        monkeypatch.setenv("IMJAPAN_DATABASE_SCHEMA", settings.database_schema)
    revisions = revision_order()
    assert len(revisions) >= 2
    with TestClient(create_app(settings)) as client:
        for index, revision in enumerate([None, *revisions]):  # None: the empty database
            if revision is not None:
                upgrade(settings.database_url, schema=settings.database_schema, revision=revision)
            status = CliRunner().invoke(main, ["migrate", "status", "--check"])
            ready = client.get("/readyz")
            at_head = revision == revisions[-1]
            assert status.exit_code == (0 if at_head else 1), (revision, status.output)
            assert ready.status_code == (200 if at_head else 503), (revision, ready.text)
            pending = revisions[index:]
            if pending:
                assert f"pending:  {', '.join(pending)}\n" in status.stdout
                assert ready.json()["migrations"] == "pending"
            else:
                assert "up to date" in status.stdout
                assert ready.json()["migrations"] == "current"
