"""What no answer may carry, and a client that checks every answer for it."""

from __future__ import annotations

import re
from typing import Any

from httpx2 import Response
from starlette.testclient import TestClient

LEAK = re.compile(
    r"Traceback|File \"|line \d+, in|/\S+\.py\b|\.py\b|sqlalchemy|sqlite|asyncpg|aiosqlite|psycopg"
    r"|\b(SELECT|INSERT|UPDATE|DELETE|FROM|WHERE|VALUES)\b|\[SQL:|\[parameters:"
    r"|\b\w+(Error|Exception)\b|password_hash|<class |object at 0x",
)
"""Tracebacks, file paths, SQL keywords and text, driver and exception class names."""

QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
"""Values a client sent come back quoted in some messages; they are the client's own text."""


def leaks(text: str) -> list[str]:
    """The parts of ``text`` that must not reach a client (none, for a clean answer)."""
    return [match.group(0) for match in LEAK.finditer(QUOTED.sub("", text))]


def assert_clean(response: Response) -> None:
    """No 5xx, and no message of the answer shows SQL, a driver, a path or a traceback."""
    assert response.status_code < 500, response.text
    messages: list[str] = []
    try:
        body = response.json()
    except ValueError:
        messages.append(response.text)
    else:
        messages.extend(_messages(body))
    for message in messages:
        assert not leaks(message), (message, leaks(message))


def _messages(body: Any) -> list[str]:
    found: list[str] = []
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "message" and isinstance(value, str):
                    found.append(value)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found


def post(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    headers: dict[str, str] | None = None,
    operation_name: str | None = None,
) -> Response:
    """POST an operation and check the answer is clean, whatever it says."""
    body: dict[str, Any] = {"query": query, "variables": variables or {}}
    if operation_name is not None:
        body["operationName"] = operation_name
    response = client.post("/graphql", json=body, headers=headers)
    assert_clean(response)
    return response
