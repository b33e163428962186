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


EXAMPLE_PACKAGE = Path(__file__).resolve().parents[1] / "examples" / "imjapan-exampleland"


def test_readme_plugin_test_recipe_runs_as_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Step 5 of "Adding a country", on the example package the steps describe
    (its module in place of ``imjapan_mycountry``), with its in-memory database."""
    recipes = [
        block
        for block in re.findall(r"```python\n(.*?)```", README, re.DOTALL)
        if "def test_mycountry" in block
    ]
    assert len(recipes) == 1
    assert 'Settings(database_url="sqlite://"' in recipes[0]
    monkeypatch.syspath_prepend(str(EXAMPLE_PACKAGE))
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    code = recipes[0].replace("imjapan_mycountry", "imjapan_exampleland")
    exec(compile(code, "README.md", "exec"), namespace)
    test = namespace["test_mycountry"]
    assert callable(test)
    test()
    assert list(tmp_path.iterdir()) == []  # nothing written to disk
