"""Request ids, one access log line per request, and what each request tells the metrics.

:class:`RequestObservability` is the outermost middleware. For every HTTP
request it

- takes the client's ``X-Request-ID`` when it is sane (1 to 128 characters of
  letters, digits and ``. _ : -``) or makes one (``uuid4`` hex), binds it with
  structlog's contextvars so that every log line written while the request is
  handled carries ``request_id``, and returns it in the ``X-Request-ID``
  response header;
- writes one access line (logger ``imjapan.access``): method, path, status,
  duration in milliseconds, client address and, for GraphQL, the operation's
  name, type and outcome;
- counts the request in :mod:`core.http.metrics`.

What only the GraphQL layer knows reaches it through a
:class:`RequestObservation` held in a context variable: the schema extension
:class:`OperationObserver` records the operation's name and type, and the
schema's ``process_errors`` (:mod:`core.schema.compose`) records whether an
error was the client's or the service's.

A catalogue answer replayed by the response cache never reaches Strawberry, so
the extension also puts the operation into an internal response header
(:data:`OPERATION_HEADER`) that the cache keeps with the response; this
middleware reads it and removes it from every response it sends.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterable

import structlog
from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.http.metrics import UNMATCHED, Metrics
from core.observation import (
    OPERATION_HEADER,
    UNKNOWN_TYPE,
    Outcome,
    RequestObservation,
    observing,
    stop_observing,
)

REQUEST_ID_HEADER = "x-request-id"
"""Internal: ``<type> <name>`` of the operation a response answers; never sent to clients."""
QUIET_PATHS = frozenset({"/livez", "/readyz", "/healthz", "/metrics"})
"""Probes and scrapes, polled every few seconds: their access lines are DEBUG when they succeed."""
MAX_LOGGED_PATH = 200

_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


access_logger = logging.getLogger("imjapan.access")
logger = logging.getLogger("imjapan.http")


def request_id_from(headers: Headers) -> str:
    """The client's ``X-Request-ID`` if it is sane, else a new one."""
    given = headers.get(REQUEST_ID_HEADER)
    if given is not None and _SANE_REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestObservability:
    """ASGI middleware: request id, access log line, metrics."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        observation = RequestObservation(request_id_from(Headers(scope=scope)))
        status: int | None = None
        finished = False
        started = time.perf_counter()

        def finish() -> None:
            nonlocal finished
            if not finished:
                finished = True
                self._finish(scope, observation, status or 500, time.perf_counter() - started)

        async def send_observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                # Counted and logged before the client has the whole answer, so a
                # scrape that follows it (on any worker) already includes it.
                finish()
            elif message["type"] == "http.response.start":
                status = int(message["status"])
                headers, hint = _without_operation(message.get("headers", ()))
                if hint is not None and observation.operation is None:  # a replayed answer
                    observation.operation_type, _, observation.operation = hint.partition(" ")
                headers.append((_REQUEST_ID, observation.request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        token = observing(observation)
        bound = structlog.contextvars.bind_contextvars(request_id=observation.request_id)
        try:
            await self.app(scope, receive, send_observed)
        except Exception:
            logger.exception("unhandled exception while answering %s", _path(scope))
            raise
        finally:
            finish()
            structlog.contextvars.reset_contextvars(**bound)
            stop_observing(token)

    def _finish(
        self, scope: Scope, observation: RequestObservation, status: int, seconds: float
    ) -> None:
        method: str = scope["method"]
        outcome = _outcome(observation.outcome, status)
        quiet = scope["path"] in QUIET_PATHS and status < 400
        level = logging.DEBUG if quiet else logging.INFO
        if access_logger.isEnabledFor(level):
            fields = _fields(scope, observation, status, seconds, outcome)
            access_logger.log(level, "request", extra=fields)
        if self.metrics is None:
            return
        self.metrics.observe_http(method, _route(scope), status, seconds)
        if observation.operation is not None:
            self.metrics.observe_graphql(
                observation.operation,
                observation.operation_type or UNKNOWN_TYPE,
                outcome,
                seconds,
            )


def _fields(
    scope: Scope, observation: RequestObservation, status: int, seconds: float, outcome: Outcome
) -> dict[str, object]:
    """The access line's fields."""
    fields: dict[str, object] = {
        "method": scope["method"],
        "path": _path(scope),
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "client": scope["client"][0] if scope.get("client") else None,
    }
    if observation.operation is not None:
        fields |= {
            "operation": observation.operation,
            "operation_type": observation.operation_type,
            "outcome": outcome,
        }
    return fields


def _without_operation(
    headers: Iterable[tuple[bytes, bytes]],
) -> tuple[list[tuple[bytes, bytes]], str | None]:
    """The response's headers without the internal operation header (and its value)
    and without a request id (this middleware sets its own)."""
    kept: list[tuple[bytes, bytes]] = []
    hint: str | None = None
    for name, value in headers:
        lowered = name.lower()
        if lowered == _OPERATION:
            hint = value.decode("latin-1")
        elif lowered != _REQUEST_ID:
            kept.append((name, value))
    return kept, hint


_OPERATION = OPERATION_HEADER.lower().encode("latin-1")
_REQUEST_ID = REQUEST_ID_HEADER.encode("latin-1")


def _outcome(graphql: Outcome, status: int) -> Outcome:
    """The GraphQL errors' verdict, made worse by an HTTP error status."""
    if status >= 500:
        return "server_error"
    if status >= 400 and graphql == "ok":
        return "client_error"
    return graphql


def _route(scope: Scope) -> str:
    """The template of the route that serves the request's path (``unmatched`` when none does).

    The router records the route it picked; a request answered before reaching
    the router (a replayed cache entry, a refusal by a guard) is matched here.
    """
    route = scope.get("route")
    if route is None:
        router = getattr(scope.get("app"), "router", None)
        for candidate in getattr(router, "routes", ()):
            if isinstance(candidate, BaseRoute) and candidate.matches(scope)[0] is not Match.NONE:
                route = candidate
                break
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED


def _path(scope: Scope) -> str:
    path: str = scope["path"]
    return path if len(path) <= MAX_LOGGED_PATH else path[:MAX_LOGGED_PATH] + "..."
