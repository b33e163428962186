"""The GraphiQL page over plain HTTP: own URLs only, a strict policy, cacheable files."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from core.app import create_app
from core.http import graphiql_assets
from core.http.graphiql import ASSETS_PATH
from core.http.graphiql_assets import GRAPHIQL, REACT
from core.settings import Settings

HTML = {"Accept": "text/html"}
REFERENCE = re.compile(r'\b(?:src|href)="([^"]*)"')
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def directives(policy: str) -> dict[str, list[str]]:
    parsed = (part.split() for part in policy.split(";"))
    return {words[0]: words[1:] for words in parsed if words}


@pytest.fixture
def ide(client: TestClient, installed_assets: Path) -> TestClient:
    return client


def test_the_page_references_only_the_service(ide: TestClient) -> None:
    response = ide.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    references = REFERENCE.findall(page)
    assert [r for r in references if not r.startswith(f"{ASSETS_PATH}/")] == ["data:,"]
    assert len(references) == 7  # icon, two stylesheets, four scripts
    assert re.search(r"https?:|//[a-z]", page, re.IGNORECASE) is None
    assert 'data-endpoint="/graphql"' in page


def test_every_referenced_file_is_served_with_its_type_and_for_good(ide: TestClient) -> None:
    page = ide.get("/graphql", headers=HTML).text
    expected = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
    assets = [url for url in REFERENCE.findall(page) if url.startswith(ASSETS_PATH)]
    assert {Path(url).suffix for url in assets} == {".js", ".css"}
    for url in assets:
        response = ide.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"] == expected[Path(url).suffix], url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert len(response.content) > 1000, url
        again = ide.get(url, headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304
        assert again.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_the_policy_allows_only_own_scripts_and_the_inline_one_by_hash(ide: TestClient) -> None:
    first = ide.get("/graphql", headers=HTML)
    policy = directives(first.headers["content-security-policy"])
    (inline,) = INLINE_SCRIPT.findall(first.text)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    (nonce,) = re.findall(r'<style nonce="([^"]+)">', first.text)
    assert policy["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert "unsafe" not in first.headers["content-security-policy"]
    second = ide.get("/graphql", headers=HTML)
    assert re.findall(r'<style nonce="([^"]+)">', second.text) != [nonce]
    assert first.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        f"{GRAPHIQL.folder}/LICENSE",
        ".installed.json",
        f"{GRAPHIQL.folder}/graphiql.js",
        "../../../../etc/passwd",
        f"{REACT.folder}/umd/react.development.js",
    ],
)
def test_nothing_else_is_served_from_the_assets(ide: TestClient, path: str) -> None:
    assert ide.get(f"{ASSETS_PATH}/{path}").status_code == 404


@pytest.fixture
def without_assets(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[TestClient]:
    empty = tmp_path / "no-assets"
    monkeypatch.setattr(graphiql_assets, "ASSETS_DIR", empty)
    with TestClient(create_app(settings)) as client:
        yield client


def test_without_the_files_the_page_says_how_to_fetch_them(
    without_assets: TestClient, tmp_path: Path
) -> None:
    response = without_assets.get("/graphql", headers=HTML)
    assert response.status_code == 503
    assert "imjapan assets fetch" in response.text
    assert str(tmp_path) not in response.text
    assert "http" not in response.text
    assert response.headers["content-security-policy"] == "default-src 'none'"
    url = f"{ASSETS_PATH}/{GRAPHIQL.asset('graphiql.min.js')}"
    assert without_assets.get(url).status_code == 404
    # The API itself is unaffected.
    body = without_assets.post("/graphql", json={"query": "{ countries { code } }"}).json()
    assert len(body["data"]["countries"]) == 5


def test_production_serves_neither_the_page_nor_its_files(sqlite_url: str) -> None:
    settings = Settings(
        database_url=sqlite_url, profile="production", secret_key="k" * 40, migrate_on_start=True
    )
    with TestClient(create_app(settings)) as client:
        assert client.get("/graphql", headers=HTML).status_code == 404
        url = f"{ASSETS_PATH}/{GRAPHIQL.asset('graphiql.min.js')}"
        assert client.get(url).status_code == 404
