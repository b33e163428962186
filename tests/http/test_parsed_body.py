"""A POST body the response cache parsed is not parsed again by the endpoint."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.types import Scope

from core.http import params
from core.http.params import keep_parsed_body, parsed_body


def test_the_kept_parse_is_used_for_that_body_only() -> None:
    scope: Scope = {"type": "http"}
    body = b'{"query": "{ countries { code } }"}'
    parsed = json.loads(body)
    keep_parsed_body(scope, body, parsed)
    assert parsed_body(scope, body) is parsed
    assert parsed_body(scope, b'{"query": "{ other }"}') is params._UNPARSED
    assert parsed_body({"type": "http"}, body) is params._UNPARSED


def test_a_signed_in_post_through_the_cache_is_parsed_once(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[object] = []
    real = json.loads

    def counted(text: Any, *args: Any, **kwargs: Any) -> Any:
        loads.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(json, "loads", counted)
    response = api.post("/graphql", json={"query": "{ me { email } }"})  # signed in
    assert response.status_code == 200, response.text
    bodies = [text for text in loads if isinstance(text, bytes) and b"me { email }" in text]
    assert len(bodies) == 1


def test_a_body_nested_too_deeply_is_refused_as_such(api: TestClient) -> None:
    """The cache's parse meets it first: it must leave the refusal to the endpoint."""
    body = "[" * 10_000 + "]" * 10_000
    response = api.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert "nested too deeply" in response.json()["errors"][0]["message"]
