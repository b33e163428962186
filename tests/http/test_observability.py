"""Request ids, JSON log lines, and client mistakes logged as such (not as errors)."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from core.app import create_app
from core.http.metrics import Metrics
from core.http.observability import RequestObservability
from core.logging import configure_logging, ensure_logging, reset_logging
from core.observation import OPERATION_HEADER
from core.settings import Settings
from tests.client import global_id
from tests.conftest import make_app
from tests.plugins.probes import LEAKY_MESSAGE, ProbeFailure, probe_plugin

GENERATED_ID = re.compile(r"[0-9a-f]{32}")
COUNTRIES = {"query": "query Countries { countries { code } }"}


def log_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.fixture
def json_log(settings: Settings) -> Iterator[io.StringIO]:
    """Every log record of the process, as the JSON lines production writes."""
    stream = io.StringIO()
    configure_logging(settings.model_copy(update={"log_format": "json"}), stream=stream)
    try:
        yield stream
    finally:
        reset_logging()


@pytest.fixture
def probe(settings: Settings) -> Iterator[TestClient]:
    """The bundled countries and a plugin whose fields refuse, fail and sleep."""
    settings = settings.model_copy(update={"allow_user_assigned_codes": True})
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        yield client


# Request ids


def test_each_request_gets_a_new_id_in_the_response(client: TestClient) -> None:
    first = client.post("/graphql", json=COUNTRIES).headers["x-request-id"]
    second = client.post("/graphql", json=COUNTRIES).headers["x-request-id"]
    assert GENERATED_ID.fullmatch(first) and GENERATED_ID.fullmatch(second)
    assert first != second


@pytest.mark.parametrize("given", ["abc-123", "7f3c2a1e.req:42_A", "x" * 128])
def test_a_sane_incoming_id_is_kept(client: TestClient, given: str) -> None:
    response = client.post("/graphql", json=COUNTRIES, headers={"X-Request-ID": given})
    assert response.headers["x-request-id"] == given


@pytest.mark.parametrize("given", ["", "x" * 129, "has space", "semi;colon", 'quote"d', "é"])
def test_an_insane_incoming_id_is_replaced(client: TestClient, given: str) -> None:
    response = client.get("/livez", headers={"X-Request-ID": given.encode()})
    assert GENERATED_ID.fullmatch(response.headers["x-request-id"])


def test_refusals_and_unknown_paths_carry_an_id_too(client: TestClient) -> None:
    refused = client.post("/graphql", content="{}", headers={"Content-Type": "text/plain"})
    assert refused.status_code == 415
    missing = client.get("/nowhere")
    assert missing.status_code == 404
    for response in (refused, missing):
        assert GENERATED_ID.fullmatch(response.headers["x-request-id"])


def test_the_internal_operation_header_never_reaches_a_client(client: TestClient) -> None:
    # The second answer may be replayed by the response cache, which keeps the header.
    for _ in range(2):
        response = client.post("/graphql", json=COUNTRIES)
        assert response.status_code == 200
        assert OPERATION_HEADER not in response.headers


# Log lines


def test_log_lines_are_json_with_the_request_id_of_their_request(
    client: TestClient, json_log: io.StringIO
) -> None:
    response = client.post(
        "/graphql",
        json={"query": "query Mine { candidates(first: 1) { totalCount } }"},
        headers={"X-Request-ID": "req-1"},
    )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    lines = [line for line in log_lines(json_log) if line.get("request_id") == "req-1"]

    refusal, access = lines[-2:]
    assert refusal["logger"] == "imjapan.graphql"
    assert refusal["level"] == "info"
    assert refusal["event"] == "GraphQL request refused: sign in first: this needs an account"
    assert refusal["code"] == "UNAUTHENTICATED"
    assert refusal["operation"] == "Mine"
    assert access["logger"] == "imjapan.access"
    assert access["event"] == "request"
    assert {k: access[k] for k in ("method", "path", "status", "operation", "operation_type")} == {
        "method": "POST",
        "path": "/graphql",
        "status": 200,
        "operation": "Mine",
        "operation_type": "query",
    }
    assert access["outcome"] == "client_error"
    assert isinstance(access["duration_ms"], float)
    for line in lines:
        assert list(line)[:4] == ["timestamp", "level", "logger", "event"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z", line["timestamp"])


def test_lines_outside_a_request_have_no_request_id(json_log: io.StringIO) -> None:
    logging.getLogger("imjapan").warning("outside")
    logging.getLogger("uvicorn.error").info("Started server process [%d]", 42)
    outside, uvicorn = log_lines(json_log)
    assert outside["event"] == "outside"
    assert "request_id" not in outside
    assert uvicorn == uvicorn | {"logger": "uvicorn.error", "event": "Started server process [42]"}


def test_structlog_loggers_write_the_same_lines(json_log: io.StringIO) -> None:
    import structlog

    structlog.get_logger("imjapan.example").info("structured", answer=42)
    (line,) = log_lines(json_log)
    assert line == line | {"logger": "imjapan.example", "event": "structured", "answer": 42}
    # Configuring structlog leaves the process's logger class alone (it would slow every call).
    assert logging.getLoggerClass() is logging.Logger


def test_probe_access_lines_are_debug(client: TestClient, json_log: io.StringIO) -> None:
    client.get("/livez")
    client.get("/graphql", params={"query": "{ countries { code } }"})
    paths = [line["path"] for line in log_lines(json_log) if line["logger"] == "imjapan.access"]
    assert paths == ["/graphql"]


def test_console_format_is_readable(settings: Settings) -> None:
    stream = io.StringIO()
    configure_logging(settings.model_copy(update={"log_format": "console"}), stream=stream)
    try:
        logging.getLogger("imjapan").warning("plain words", extra={"answer": 42})
    finally:
        reset_logging()
    line = stream.getvalue()
    assert "plain words" in line and "answer=42" in line and "[imjapan]" in line
    assert not line.startswith("{")


def test_log_format_follows_the_profile_unless_set(sqlite_url: str) -> None:
    key = "k" * 32
    assert Settings(database_url=sqlite_url).log_renderer == "console"
    assert Settings(profile="production", secret_key=key).log_renderer == "json"
    assert Settings(profile="production", secret_key=key, log_format="CONSOLE").log_renderer == (
        "console"
    )
    assert Settings(log_level="debug").log_level == "DEBUG"


def test_a_bad_log_level_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMJAPAN_LOG_LEVEL", "loud")
    with pytest.raises(ValidationError) as error:
        Settings()
    assert error.value.errors()[0]["loc"] == ("log_level",)


def test_create_app_configures_a_bare_process_only(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def ours() -> list[logging.Handler]:
        return [h for h in logging.getLogger().handlers if getattr(h, "imjapan", False)]

    create_app(settings)  # pytest's handlers are on the root: left alone
    assert ours() == []
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    try:
        ensure_logging(settings)
        assert len(ours()) == 1
        ensure_logging(settings)  # idempotent
        configure_logging(settings)
        assert len(ours()) == 1
    finally:
        reset_logging()
    assert ours() == []


# Client mistakes are not errors


def _records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(("imjapan", "strawberry"))]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ countries { code }", None),  # syntax
        ("{ countries { nope } }", None),  # validation
        ("{ candidates(first: 1) { totalCount } }", "UNAUTHENTICATED"),  # permission
        ("{ probeRefuse }", "FORBIDDEN"),  # a resolver refusing on purpose
    ],
)
def test_client_mistakes_are_one_info_line_without_traceback(
    probe: TestClient, caplog: pytest.LogCaptureFixture, query: str, code: str | None
) -> None:
    caplog.set_level(logging.DEBUG)
    body = probe.post("/graphql", json={"query": query}).json()
    assert body["errors"]
    graphql = [r for r in _records(caplog) if r.name == "imjapan.graphql"]
    assert len(graphql) == 1
    assert graphql[0].levelno == logging.INFO
    assert graphql[0].getMessage().endswith(body["errors"][0]["message"])
    assert getattr(graphql[0], "code", None) == code
    assert all(r.levelno < logging.WARNING and r.exc_info is None for r in _records(caplog))


def test_refused_input_in_a_mutation_payload_logs_nothing_alarming(
    api: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = api.post(
        "/graphql",
        json={
            "query": "mutation { withdrawCandidate(input: "
            f'{{candidateId: "{global_id("Candidate", 999999)}", reason: "x"}})'
            " { errors { code } } }"
        },
    ).json()
    assert body["data"]["withdrawCandidate"]["errors"][0]["code"] == "NOT_FOUND"
    assert all(r.levelno < logging.WARNING and r.exc_info is None for r in _records(caplog))


def test_a_bug_is_one_error_with_its_traceback_and_the_response_has_none(
    probe: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = probe.post("/graphql", json={"query": "{ probeBoom }"})
    assert response.status_code == 200
    assert "Traceback" not in response.text and "ProbeFailure" not in response.text
    errors = [r for r in _records(caplog) if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].name == "imjapan.graphql"
    assert errors[0].exc_info is not None and errors[0].exc_info[0] is ProbeFailure
    assert getattr(errors[0], "path", None) == "probeBoom"


def test_production_hides_the_bug_from_the_client_but_logs_it(
    sqlite_url: str, json_log: io.StringIO
) -> None:
    settings = Settings(
        database_url=sqlite_url,
        profile="production",
        secret_key="p" * 32,
        migrate_on_start=True,
        allow_user_assigned_codes=True,
    )
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        response = client.post("/graphql", json={"query": "{ probeBoom }"})
    assert response.json()["errors"][0]["message"] == "Unexpected error."
    (error,) = [line for line in log_lines(json_log) if line["level"] == "error"]
    assert error["request_id"] == response.headers["x-request-id"]
    assert LEAKY_MESSAGE in error["event"]
    assert error["exception"].startswith("Traceback") and "ProbeFailure" in error["exception"]


def test_an_operation_over_the_time_limit_is_a_warning(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = settings.model_copy(
        update={"allow_user_assigned_codes": True, "request_time_limit": 0.05}
    )
    with TestClient(make_app(settings, ("probe", probe_plugin()))) as client:
        body = client.post("/graphql", json={"query": "{ probeSleep(seconds: 5) }"}).json()
    assert body["errors"][0]["extensions"]["code"] == "TIME_LIMIT_EXCEEDED"
    (record,) = [r for r in _records(caplog) if r.name == "imjapan.graphql"]
    assert record.levelno == logging.WARNING and record.exc_info is None


# An exception no layer handles


async def _crash(request: Request) -> Response:
    raise ProbeFailure(LEAKY_MESSAGE)


def test_an_unhandled_exception_is_logged_with_the_request_id_and_counted(
    json_log: io.StringIO,
) -> None:
    metrics = Metrics()
    app = Starlette(
        routes=[Route("/crash/{n}", _crash)],
        middleware=[Middleware(RequestObservability, metrics=metrics)],
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/crash/1", headers={"X-Request-ID": "crash-1"})
    assert response.status_code == 500
    assert "Traceback" not in response.text and "SELECT" not in response.text
    lines = [line for line in log_lines(json_log) if line.get("request_id") == "crash-1"]
    error = next(line for line in lines if line["level"] == "error")
    assert "ProbeFailure" in error["exception"]
    access = next(line for line in lines if line["logger"] == "imjapan.access")
    assert access["status"] == 500
    sample = 'imjapan_http_requests_total{method="GET",route="/crash/{n}",status="500"} 1.0'
    assert sample in metrics.render().decode()
