"""The committed schema.graphql is the schema the bundled countries build."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_committed_schema_matches_the_built_schema(app: Starlette) -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    built = str(app.state.schema) + "\n"
    assert committed == built, (
        "schema.graphql is out of date: run `.venv/bin/imjapan export-schema -o schema.graphql`"
    )
