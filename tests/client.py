"""The GraphQL client of the HTTP tests: one POST to ``/graphql`` through a TestClient.

``post`` returns the whole body (for tests that look at ``errors``), ``gql`` the
``data`` of an operation that must not fail. Tests of the transport itself
(status codes, content types, raw bodies) talk to the client directly.
"""

from __future__ import annotations

import base64
from typing import Any

from starlette.testclient import TestClient


def global_id(type_name: str, key: int | str | None) -> str:
    """The global id the API gives row ``key`` of GraphQL type ``type_name`` (Relay's
    base64 of ``Type:key``), for tests that know a row from the database (or a key
    as text, for keys no row can have)."""
    assert key is not None
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def key_of(value: str, type_name: str | None = None) -> int:
    """The row key of a global id from an answer (checking its type when given)."""
    found, _, key = base64.b64decode(value).decode().partition(":")
    assert type_name is None or found == type_name, (value, found, type_name)
    return int(key)


def post(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST one operation; return the JSON body, failing unless the status is 200."""
    response = client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def gql(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST one operation and return its ``data``, failing on any GraphQL error."""
    body = post(client, query, variables, headers)
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def mutation(
    client: TestClient,
    name: str,
    selection: str,
    data: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run mutation ``name`` with ``data`` as its ``input`` (of type ``<Name>Input``);
    return its payload, whose ``selection`` should ask for the errors."""
    input_type = f"{name[0].upper()}{name[1:]}Input"
    query = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} }} }}"
    payload: dict[str, Any] = gql(client, query, {"input": data}, headers)[name]
    return payload
