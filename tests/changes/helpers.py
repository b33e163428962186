"""Reading the change log over HTTP and over a websocket, in tests."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

import anyio
from starlette.testclient import TestClient, WebSocketTestSession

from tests.client import gql, post

NODE = "candidateId countryCode fromStatus toStatus changedAt actor"
PAGE = (
    "query($after: String, $first: Int) { changes(after: $after, first: $first) "
    f"{{ edges {{ cursor node {{ {NODE} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
)
SUBSCRIPTION = (
    "subscription($after: String) { candidateStatusChanged(after: $after) "
    f"{{ cursor node {{ {NODE} }} }} }}"
)
PROTOCOL = "graphql-transport-ws"
WAIT_SECONDS = 10.0


def page(
    client: TestClient,
    after: str | None = None,
    first: int | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    variables: dict[str, Any] = {"after": after}
    if first is not None:
        variables["first"] = first
    connection: dict[str, Any] = gql(client, PAGE, variables, headers)["changes"]
    return connection


def every_change(
    client: TestClient,
    after: str | None = None,
    first: int = 100,
    headers: dict[str, str] | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Every change after ``after``, page by page; and the cursor to poll with next."""
    edges: list[dict[str, Any]] = []
    while True:
        connection = page(client, after, first, headers)
        edges += connection["edges"]
        after = connection["pageInfo"]["endCursor"] or after
        if not connection["pageInfo"]["hasNextPage"]:
            return edges, after


def poll(
    client: TestClient,
    count: int,
    after: str | None = None,
    first: int = 100,
    headers: dict[str, str] | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """Poll as a client does, until ``count`` changes came (failing after a while).

    On PostgreSQL a change is served once every transaction older than it has
    ended, on the whole server (``core.services.changes``): another session's
    write transaction may delay it a little, so tests wait for it.
    """
    edges: list[dict[str, Any]] = []
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        more, after = every_change(client, after, first, headers)
        edges += more
        if len(edges) >= count:
            return edges, after
        assert time.monotonic() < deadline, edges
        time.sleep(0.05)


def end_cursor(client: TestClient, headers: dict[str, str] | None = None) -> str | None:
    return every_change(client, headers=headers)[1]


def errors(client: TestClient, query: str, variables: dict[str, Any], headers=None) -> list:
    body = post(client, query, variables, headers)
    return list(body.get("errors", []))


def receive(socket: WebSocketTestSession, timeout: float = WAIT_SECONDS) -> dict[str, Any]:
    """The next message, failing after ``timeout`` seconds instead of waiting forever."""

    async def next_message() -> dict[str, Any]:
        with anyio.fail_after(timeout):
            return await socket._send_rx.receive()  # type: ignore[attr-defined,no-any-return]

    message: dict[str, Any] = socket.portal.call(next_message)
    if message["type"] == "websocket.close":
        return {"type": "closed", "code": message.get("code"), "reason": message.get("reason")}
    answer: dict[str, Any] = json.loads(message["text"])
    return answer


def connect(socket: WebSocketTestSession, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    """``connection_init``; the server's answer (``connection_ack`` or the close)."""
    socket.send_json({"type": "connection_init", "payload": payload or {}})
    return receive(socket)


def subscribe(
    socket: WebSocketTestSession, after: str | None = None, operation_id: str = "1"
) -> None:
    socket.send_json(
        {
            "id": operation_id,
            "type": "subscribe",
            "payload": {"query": SUBSCRIPTION, "variables": {"after": after}},
        }
    )


def bearer(headers: Mapping[str, str]) -> dict[str, str]:
    """The ``connection_init`` payload of a signed-in header."""
    value = {key.lower(): item for key, item in headers.items()}["authorization"]
    return {"authorization": value}
