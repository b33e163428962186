"""The README's example queries run against the service as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from tests.accounts import signed_in
from tests.conftest import gql

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
QUERIES = re.findall(r"```graphql\n(.*?)```", README, re.DOTALL)


def test_readme_has_example_queries() -> None:
    assert len(QUERIES) >= 3


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.split("{")[1].strip()[:30])
def test_readme_query_runs(client: TestClient, query: str) -> None:
    """Run as IM Japan staff (the catalogue ones need no account, the others do)."""
    client.headers.update(signed_in(client, Role.STAFF))
    data = gql(client, query)
    assert data and all(value is not None for value in data.values())
