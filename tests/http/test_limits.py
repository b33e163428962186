"""Each static limit: exactly the limit is served, one more is refused before any resolver.

The probe plugin's resolvers count their calls, so a refusal shows
``PROBES.calls == 0``. Limits are the defaults of :class:`Settings`
(S1 in the performance and security goals).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from graphql import Lexer, Source, TokenKind
from starlette.testclient import TestClient

from core.settings import Settings
from tests.conftest import default_settings, make_app
from tests.plugins.probes import PROBES, probe_plugin

DEFAULTS = default_settings()


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url, allow_user_assigned_codes=True)


@pytest.fixture
def probe(settings: Settings) -> Iterator[TestClient]:
    PROBES.reset()
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        yield client


def post(client: TestClient, query: str) -> dict[str, Any]:
    """POST ``query``. The client accepts ``*/*``, so it gets
    ``application/graphql-response+json``: a document refused before execution
    (limits are validation rules) has no ``data`` and status 400."""
    response = client.post("/graphql", json={"query": query})
    body = dict(response.json())
    assert response.status_code == (200 if "data" in body else 400), response.text
    return body


def nested(depth: int) -> str:
    """An operation of exactly ``depth``: ``{ probe { n } }`` is 1."""
    return "{ probe { " + "child { " * (depth - 1) + "n" + " }" * depth + " }"


def aliased(count: int) -> str:
    return "{ " + " ".join(f"a{i}: probe {{ n }}" for i in range(count)) + " }"


def tokens(query: str) -> int:
    """Tokens as graphql-core's parser counts them for ``max_tokens``."""
    lexer = Lexer(Source(query))
    count = 0
    while lexer.advance().kind is not TokenKind.EOF:
        count += 1
    return count


def padded(count: int) -> str:
    """A valid query of exactly ``count`` tokens."""
    query = "{ probeCount(values: [" + " 1" * (count - 9) + "]) }"
    assert tokens(query) == count
    return query


def assert_refused(body: dict[str, Any], message: str) -> None:
    assert "data" not in body
    assert [error["message"] for error in body["errors"]] == [message]
    assert PROBES.calls == 0


def test_the_defaults_are_the_agreed_figures() -> None:
    assert DEFAULTS.max_query_depth == 10
    assert DEFAULTS.max_query_aliases == 15
    assert DEFAULTS.max_query_tokens == 2000
    assert DEFAULTS.max_body_bytes == 1024 * 1024
    assert DEFAULTS.request_time_limit == 5


def test_depth_at_the_limit_is_served(probe: TestClient) -> None:
    body = post(probe, nested(DEFAULTS.max_query_depth))
    assert "errors" not in body
    assert PROBES.calls == DEFAULTS.max_query_depth + 1


def test_depth_over_the_limit_is_refused_before_any_resolver(probe: TestClient) -> None:
    body = post(probe, nested(DEFAULTS.max_query_depth + 1))
    assert_refused(body, "'anonymous' exceeds maximum operation depth of 10")
    assert body["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED"}


def test_depth_counts_through_fragments(probe: TestClient) -> None:
    query = (
        "query Deep { probe { ...Five } } "
        "fragment Five on ProbeNode { child { child { child { child { child { ...Six } } } } } } "
        "fragment Six on ProbeNode { child { child { child { child { child { n } } } } } }"
    )
    assert_refused(post(probe, query), "'Deep' exceeds maximum operation depth of 10")


def test_aliases_at_the_limit_are_served(probe: TestClient) -> None:
    body = post(probe, aliased(DEFAULTS.max_query_aliases))
    assert "errors" not in body
    assert len(body["data"]) == 15


def test_aliases_over_the_limit_are_refused_before_any_resolver(probe: TestClient) -> None:
    body = post(probe, aliased(DEFAULTS.max_query_aliases + 1))
    assert_refused(body, "Too many aliases: at most 15 are allowed.")
    assert body["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED"}


def test_aliases_count_every_spread_of_a_fragment(probe: TestClient) -> None:
    spreads = " ".join(f"p{i}: probe {{ ...Two }}" for i in range(5))
    query = f"{{ {spreads} }} fragment Two on ProbeNode {{ x: n y: n }}"
    # 5 aliases here and 2 in each of the 5 spreads of Two: 15, the limit.
    assert "errors" not in post(probe, query)
    PROBES.reset()
    query = query.replace("y: n", "y: n z: n")  # 5 + 3 * 5 = 20
    assert_refused(post(probe, query), "Too many aliases: at most 15 are allowed.")


def test_tokens_at_the_limit_are_served(probe: TestClient) -> None:
    body = post(probe, padded(DEFAULTS.max_query_tokens))
    assert body == {"data": {"probeCount": DEFAULTS.max_query_tokens - 9}}


def test_tokens_over_the_limit_are_refused_before_any_resolver(probe: TestClient) -> None:
    body = post(probe, padded(DEFAULTS.max_query_tokens + 1))
    assert_refused(body, "Syntax Error: Document contains more than 2000 tokens. Parsing aborted.")


def test_limits_follow_the_settings(sqlite_url: str) -> None:
    settings = Settings(
        database_url=sqlite_url,
        allow_user_assigned_codes=True,
        max_query_depth=3,
        max_query_aliases=1,
        max_query_tokens=100,
    )
    PROBES.reset()
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        assert "errors" not in post(client, nested(3))
        assert "errors" in post(client, nested(4))
        assert "errors" not in post(client, aliased(1))
        assert "errors" in post(client, aliased(2))
        assert "errors" not in post(client, padded(100))
        assert "errors" in post(client, padded(101))


def test_body_at_the_limit_is_served(probe: TestClient) -> None:
    body = body_of_size(DEFAULTS.max_body_bytes)
    response = probe.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"data": {"probeCount": 2}}


def test_body_over_the_limit_is_refused_with_413(probe: TestClient) -> None:
    body = body_of_size(DEFAULTS.max_body_bytes + 1)
    response = probe.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"] == {"code": "REQUEST_TOO_LARGE"}
    assert PROBES.calls == 0


def test_a_chunked_body_over_the_limit_is_refused_with_413(probe: TestClient) -> None:
    """Without a Content-Length the body is counted as it arrives."""
    chunk = b" " * 65536

    def chunks() -> Iterator[bytes]:
        yield b'{"query": "{ probeCount(values: [1]) }"'
        for _ in range(DEFAULTS.max_body_bytes // len(chunk) + 1):
            yield chunk
        yield b"}"

    response = probe.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert PROBES.calls == 0


def test_a_query_string_over_the_limit_is_refused_with_414(sqlite_url: str) -> None:
    """A GET carries its query in the URL, which gets the body's limit."""
    settings = Settings(
        database_url=sqlite_url, allow_user_assigned_codes=True, max_body_bytes=4096
    )
    PROBES.reset()
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        query = urlencode({"query": "{ probeCount(values: [1]) }"}) + "&pad="
        query += "x" * (4096 - len(query))
        at_limit = client.get(f"/graphql?{query}")
        assert at_limit.json() == {"data": {"probeCount": 1}}
        response = client.get(f"/graphql?{query}x")
        assert response.status_code == 414
        assert response.json()["errors"][0]["extensions"] == {"code": "REQUEST_TOO_LARGE"}
        assert PROBES.calls == 1


def test_limits_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMJAPAN_MAX_QUERY_DEPTH", "4")
    monkeypatch.setenv("IMJAPAN_MAX_QUERY_ALIASES", "3")
    monkeypatch.setenv("IMJAPAN_MAX_QUERY_TOKENS", "500")
    monkeypatch.setenv("IMJAPAN_MAX_BODY_BYTES", "4096")
    monkeypatch.setenv("IMJAPAN_REQUEST_TIME_LIMIT", "2.5")
    settings = Settings()
    assert (
        settings.max_query_depth,
        settings.max_query_aliases,
        settings.max_query_tokens,
        settings.max_body_bytes,
        settings.request_time_limit,
    ) == (4, 3, 500, 4096, 2.5)


def body_of_size(size: int) -> bytes:
    """A JSON request of exactly ``size`` bytes, padded with whitespace."""
    head = b'{"query": "{ probeCount(values: [1, 2]) }"'
    body = head + b" " * (size - len(head) - 1) + b"}"
    assert len(body) == size
    return body


def test_a_slow_operation_is_cut_off_at_the_time_limit(sqlite_url: str) -> None:
    settings = Settings(
        database_url=sqlite_url, allow_user_assigned_codes=True, request_time_limit=0.2
    )
    app = make_app(settings, ("probe", probe_plugin()))
    PROBES.reset()
    with TestClient(app) as client:
        started = time.monotonic()
        body = post(client, "{ probeSleep(seconds: 30) }")
        elapsed = time.monotonic() - started
        assert body["data"] is None
        (error,) = body["errors"]
        assert error["message"] == (
            "The operation ran longer than the time limit of 0.2 s and was stopped."
        )
        assert error["extensions"] == {"code": "TIME_LIMIT_EXCEEDED"}
        assert elapsed < 5  # 30 s if the limit did not act; 0.2 s plus overhead if it did
        assert (PROBES.sleeping, PROBES.cancelled, PROBES.finished) == (1, 1, 0)
        assert app.state.db.engine.pool.checkedout() == 0
        # The service goes on serving.
        assert post(client, "{ probeSleep(seconds: 0) }") == {"data": {"probeSleep": True}}


def test_an_operation_within_the_time_limit_is_served(probe: TestClient) -> None:
    assert post(probe, "{ probeSleep(seconds: 0.05) }") == {"data": {"probeSleep": True}}
    assert PROBES.cancelled == 0
