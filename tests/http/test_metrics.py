"""GET /metrics: exact counts by GraphQL operation and by route, bounded labels,
and one total over several worker processes."""

from __future__ import annotations

import json
import os
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from core.app import create_app
from core.http.metrics import MULTIPROC_ENV, Metrics, multiprocess_directory
from core.settings import Settings
from tests.conftest import make_app
from tests.plugins.probes import probe_plugin
from tests.server import running_service

Samples = dict[tuple[tuple[str, str], ...], float]


def samples(text: str, name: str) -> Samples:
    """The values of sample ``name``, keyed by their sorted labels."""
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name:
                found[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def graphql(operation: str, operation_type: str, outcome: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            {"operation": operation, "operation_type": operation_type, "outcome": outcome}.items()
        )
    )


@pytest.fixture
def probe(settings: Settings) -> Iterator[TestClient]:
    settings = settings.model_copy(update={"allow_user_assigned_codes": True})
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        yield client


def test_counts_by_operation_name_type_and_outcome(probe: TestClient) -> None:
    statuses: Counter[str] = Counter()

    def post(body: dict[str, object]) -> None:
        # The status of a refused document depends on the media type negotiated
        # (GraphQL over HTTP); the GraphQL counts do not.
        statuses[str(probe.post("/graphql", json=body).status_code)] += 1

    for _ in range(3):  # repeats may be answered by the response cache: still counted
        post({"query": "query Countries { countries { code } }"})
    post(
        {
            "query": "query A { countries { code } } query B { countries { name } }",
            "operationName": "B",
        }
    )
    post({"query": "{ countries { code } }"})
    post({"query": "mutation Touch { probeTouch }"})
    post({"query": "query Broken { countries { nope } }"})  # validation
    post({"query": "query Typo { countries { code }"})  # syntax: no document, no name
    post({"query": "query A { countries { code } }", "operationName": "Made-up"})
    post({"query": "query Mine { candidates(first: 1) { totalCount } }"})  # permission
    post({"query": "query Boom { probeBoom }"})  # a bug

    text = probe.get("/metrics").text
    assert samples(text, "imjapan_graphql_requests_total") == {
        graphql("Countries", "query", "ok"): 3,
        graphql("B", "query", "ok"): 1,
        graphql("anonymous", "query", "ok"): 1,
        graphql("Touch", "mutation", "ok"): 1,
        graphql("Broken", "query", "client_error"): 1,
        graphql("anonymous", "unknown", "client_error"): 1,
        graphql("other", "unknown", "client_error"): 1,
        graphql("Mine", "query", "client_error"): 1,
        graphql("Boom", "query", "server_error"): 1,
    }
    durations = samples(text, "imjapan_graphql_request_duration_seconds_count")
    assert durations[graphql("Countries", "query", "ok")] == 3
    assert samples(text, "imjapan_http_requests_total") == {
        (("method", "POST"), ("route", "/graphql"), ("status", status)): count
        for status, count in statuses.items()
    }
    assert statuses.total() == 11


def test_http_counts_use_route_templates_and_bounded_labels(client: TestClient) -> None:
    for path in ("/nowhere", "/nowhere/else", "/livez"):
        client.get(path)
    client.request("BREW", "/graphql")
    client.post("/graphql", content="{}", headers={"Content-Type": "text/plain"})
    text = client.get("/metrics").text
    assert samples(text, "imjapan_http_requests_total") == {
        (("method", "GET"), ("route", "unmatched"), ("status", "404")): 2,
        (("method", "GET"), ("route", "/livez"), ("status", "200")): 1,
        (("method", "OTHER"), ("route", "/graphql"), ("status", "405")): 1,
        (("method", "POST"), ("route", "/graphql"), ("status", "415")): 1,
    }
    assert (
        samples(text, "imjapan_http_request_duration_seconds_count")[
            (("method", "GET"), ("route", "unmatched"))
        ]
        == 2
    )
    # Requests refused before GraphQL ran are not GraphQL operations.
    assert samples(text, "imjapan_graphql_requests_total") == {}


def test_the_exposition_format(client: TestClient) -> None:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    assert "# TYPE imjapan_graphql_request_duration_seconds histogram" in response.text
    assert "process_resident_memory_bytes" in response.text


def test_operation_names_are_capped() -> None:
    metrics = Metrics(max_operation_names=2)
    assert [metrics.operation_label(name) for name in ("A", "B", "C", "A", "anonymous")] == [
        "A",
        "B",
        "other",
        "A",
        "anonymous",
    ]
    assert Metrics().operation_label("N" * 101) == "other"


def test_metrics_can_be_turned_off(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMJAPAN_METRICS", "false")
    app = create_app(Settings(database_url=sqlite_url))
    with TestClient(app) as client:
        assert client.get("/metrics").status_code == 404
        assert client.post("/graphql", json={"query": "{ countries { code } }"}).status_code == 200
    assert app.state.metrics is None


def test_the_multiprocess_directory_is_fresh_and_removed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MULTIPROC_ENV, raising=False)
    with multiprocess_directory() as path:
        assert os.environ[MULTIPROC_ENV] == str(path)
        assert path.is_dir() and not any(path.iterdir())
    assert not path.exists()
    assert MULTIPROC_ENV not in os.environ


# Several workers


def _get(url: str, body: dict[str, object] | None = None) -> str:
    """One request on a connection of its own, so either worker may take it."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Connection": "close", "Content-Type": "application/json"}
    with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=10) as answer:
        return str(answer.read().decode())


def _log(path: Path) -> list[dict[str, object]]:
    lines = []
    for line in path.read_text().splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            continue  # a worker's line cut off mid-write
    return lines


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
    env.pop(MULTIPROC_ENV, None)
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'imjapan.sqlite3'}",
        "IMJAPAN_LOG_FORMAT": "json",
        "IMJAPAN_RATE_LIMITS": "false",
    }
    log = tmp_path / "server.log"

    def both_started(base: str) -> bool:
        started = [line.get("event") == "Application startup complete." for line in _log(log)]
        return sum(started) >= 2

    with running_service(["--workers", "2"], env=env, log=log, ready=both_started) as base:
        yield base, log


def test_two_workers_report_one_total(two_workers: tuple[str, Path]) -> None:
    base, log = two_workers
    ping = {"query": "query Ping { countries { code } }"}
    sent = 0
    pids: set[object] = set()
    while len(pids) < 2 and sent < 200:  # until both workers have answered some
        _get(f"{base}/graphql", ping)
        sent += 1
        if sent % 10 == 0:
            pids = {
                line["pid"]
                for line in _log(log)
                if line.get("logger") == "imjapan.access" and line.get("operation") == "Ping"
            }
    assert len(pids) == 2, f"one worker answered all {sent} requests"

    key = graphql("Ping", "query", "ok")
    for _ in range(4):  # whichever worker answers, the total is both workers' sum
        assert samples(_get(f"{base}/metrics"), "imjapan_graphql_requests_total")[key] == sent
