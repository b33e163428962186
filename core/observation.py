"""What is known about the request being handled, for every layer that reports on it.

The HTTP middleware (core.http.observability) starts an observation per
request and writes the access line and metrics from it; the GraphQL layer
(core.schema) notes the operation and its outcome on it. It lives below both,
so that neither imports the other for it.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Literal

from graphql import get_operation_ast
from strawberry.types import ExecutionContext

MAX_OPERATION_NAME_LENGTH = 100
ANONYMOUS = "anonymous"
"""Label of an operation without a name."""
OTHER = "other"
"""Label of names past the cap and of names no parsed document defines."""
UNKNOWN_TYPE = "unknown"
OPERATION_HEADER = "x-imjapan-operation"
"""Response header naming the operation, read (and removed) by the HTTP layer."""

Outcome = Literal["ok", "client_error", "server_error"]
_SEVERITY: dict[Outcome, int] = {"ok": 0, "client_error": 1, "server_error": 2}


@dataclass
class RequestObservation:
    """What is known about the request being handled, filled in as it runs."""

    request_id: str
    operation: str | None = None
    operation_type: str | None = None
    outcome: Outcome = "ok"

    def note(self, outcome: Outcome) -> None:
        """Keep the worst outcome: one server error makes the request a server error."""
        if _SEVERITY[outcome] > _SEVERITY[self.outcome]:
            self.outcome = outcome


_current: ContextVar[RequestObservation | None] = ContextVar("imjapan_request", default=None)


def current_observation() -> RequestObservation | None:
    """The observation of the request being handled, or None outside a request."""
    return _current.get()


def observing(observation: RequestObservation) -> Token[RequestObservation | None]:
    """Make ``observation`` the current one, until :func:`stop_observing` with the token."""
    return _current.set(observation)


def stop_observing(token: Token[RequestObservation | None]) -> None:
    _current.reset(token)


def note_graphql_outcome(outcome: Outcome) -> None:
    """Record a GraphQL error's kind on the current request, if there is one."""
    observation = _current.get()
    if observation is not None:
        observation.note(outcome)


def describe_operation(context: ExecutionContext) -> tuple[str, str]:
    """The operation's metrics name and type.

    The name is the one the document gives the operation that runs
    (``operationName`` picks it), ``anonymous`` when it has none, and ``other``
    when no parsed operation answers to ``operationName`` or the name is too
    long, so a client cannot make up label values without a document that
    defines them.
    """
    name = context.operation_name
    document = context.graphql_document
    operation = get_operation_ast(document, name) if document is not None else None
    if operation is None:
        return (ANONYMOUS if name is None else OTHER), UNKNOWN_TYPE
    label = operation.name.value if operation.name else ANONYMOUS
    if len(label) > MAX_OPERATION_NAME_LENGTH:
        label = OTHER
    return label, operation.operation.value
