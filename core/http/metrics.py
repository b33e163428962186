"""Prometheus metrics: HTTP requests by route, GraphQL requests by operation.

``GET /metrics`` answers in Prometheus' text format. Series (see
docs/operations.md for the full list):

- ``imjapan_http_requests_total{method, route, status}`` and
  ``imjapan_http_request_duration_seconds{method, route}``: every HTTP request,
  by route template (``/graphql``, ``/readyz``; ``unmatched`` for any path no
  route has, so scanning for URLs creates no series);
- ``imjapan_graphql_requests_total{operation, operation_type, outcome}`` and
  ``imjapan_graphql_request_duration_seconds{...}``: every GraphQL operation,
  by operation name, ``query``/``mutation``/``subscription`` (``unknown`` when
  the document did not parse) and ``ok``/``client_error``/``server_error``.

Label values are bounded: an operation name counts only when it names an
operation of a parsed document; the first :data:`MAX_OPERATION_NAMES` such
names get series of their own in a process and any later one is counted as
``other``, as is an ``operationName`` the document does not define.

With several worker processes (``imjapan serve --workers N``) each process
writes its values to files in ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's
multiprocess mode, chosen when that variable is set before the process starts)
and ``/metrics`` sums the files of every process, whichever process answers.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response

from core.observation import ANONYMOUS, MAX_OPERATION_NAME_LENGTH, OTHER

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
MAX_OPERATION_NAMES = 200
UNMATCHED = "unmatched"
"""Route label of a path that no route serves."""
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def multiprocess_mode() -> bool:
    """Whether this process shares its metrics through ``PROMETHEUS_MULTIPROC_DIR``."""
    return bool(os.environ.get(MULTIPROC_ENV))


class Metrics:
    """The service's metrics; one instance per application."""

    def __init__(self, *, max_operation_names: int = MAX_OPERATION_NAMES) -> None:
        self.multiprocess = multiprocess_mode()
        self.registry = CollectorRegistry()
        if not self.multiprocess:
            # CPU, memory and file descriptors; per process, so not in multiprocess mode.
            ProcessCollector(registry=self.registry)
        self.max_operation_names = max_operation_names
        self._names: set[str] = set()
        # Each label set's children, found once: ``labels()`` validates on every call.
        self._http_series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}
        self._graphql_series: dict[tuple[str, str, str], tuple[Counter, Histogram]] = {}
        self.http_requests = Counter(
            "imjapan_http_requests",
            "HTTP requests answered, by route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.http_duration = Histogram(
            "imjapan_http_request_duration_seconds",
            "Time from receiving an HTTP request to the end of its response.",
            ["method", "route"],
            registry=self.registry,
        )
        self.graphql_requests = Counter(
            "imjapan_graphql_requests",
            "GraphQL operations, by operation name, type and outcome.",
            ["operation", "operation_type", "outcome"],
            registry=self.registry,
        )
        self.graphql_duration = Histogram(
            "imjapan_graphql_request_duration_seconds",
            "Time to answer a GraphQL request, by operation name, type and outcome.",
            ["operation", "operation_type", "outcome"],
            registry=self.registry,
        )

    def operation_label(self, name: str) -> str:
        """``name`` while fewer than ``max_operation_names`` names have series, else ``other``."""
        if name in self._names or name in (ANONYMOUS, OTHER):
            return name
        if len(self._names) >= self.max_operation_names or len(name) > MAX_OPERATION_NAME_LENGTH:
            return OTHER
        self._names.add(name)
        return name

    def observe_http(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method if method in METHODS else "OTHER", route, status)
        series = self._http_series.get(key)
        if series is None:
            series = self._http_series[key] = (
                self.http_requests.labels(key[0], route, str(status)),
                self.http_duration.labels(key[0], route),
            )
        series[0].inc()
        series[1].observe(seconds)

    def observe_graphql(
        self, operation: str, operation_type: str, outcome: str, seconds: float
    ) -> None:
        key = (self.operation_label(operation), operation_type, outcome)
        series = self._graphql_series.get(key)
        if series is None:
            series = self._graphql_series[key] = (
                self.graphql_requests.labels(*key),
                self.graphql_duration.labels(*key),
            )
        series[0].inc()
        series[1].observe(seconds)

    def render(self) -> bytes:
        """The text exposition of this process, or of every process in multiprocess mode."""
        if not self.multiprocess:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)


async def metrics_endpoint(request: Request) -> Response:
    """``GET /metrics``: Prometheus' text format."""
    metrics: Metrics = request.app.state.metrics
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)


@contextmanager
def multiprocess_directory() -> Iterator[Path]:
    """A fresh, empty ``PROMETHEUS_MULTIPROC_DIR`` for the processes started inside.

    Set before the workers start, so each one picks multiprocess mode when it
    imports prometheus_client; removed when the server stops, so a restart
    begins from zero as a single process would.
    """
    path = Path(tempfile.mkdtemp(prefix="imjapan-metrics-"))
    previous = os.environ.get(MULTIPROC_ENV)
    os.environ[MULTIPROC_ENV] = str(path)
    try:
        yield path
    finally:
        if previous is None:
            os.environ.pop(MULTIPROC_ENV, None)
        else:
            os.environ[MULTIPROC_ENV] = previous
        shutil.rmtree(path, ignore_errors=True)
