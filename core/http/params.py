"""The parameters of a GraphQL-over-HTTP request (``query``, ``operationName``,
``variables``, ``extensions``), read from ``GET`` or ``POST`` and checked for type."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.types import Scope

from core.http.refusal import Refusal


@dataclass(frozen=True)
class GraphQLParams:
    """The four parameters of a GraphQL-over-HTTP request, checked for type."""

    query: str | None
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> GraphQLParams:
        query = values.get("query")
        if query is not None and not isinstance(query, str):
            raise Refusal.bad_request(
                f"`query` must be a string holding the GraphQL document, not {_kind(query)}."
            )
        operation_name = values.get("operationName")
        if operation_name is not None and not isinstance(operation_name, str):
            raise Refusal.bad_request(
                f"`operationName` must be a string or null, not {_kind(operation_name)}."
            )
        return cls(
            query=query,
            operation_name=operation_name or None,
            variables=_object_or_null(values, "variables"),
            extensions=_object_or_null(values, "extensions"),
        )


async def read_params(request: Request) -> GraphQLParams:
    """The parameters of a ``GET`` (URL query) or ``POST`` (JSON body) request.

    ``GET`` carries ``variables`` and ``extensions`` as JSON text; the JSON
    content type of a ``POST`` is enforced in front (:mod:`core.http.csrf`).
    """
    if request.method == "GET":
        parameters = request.query_params
        return GraphQLParams.from_mapping(
            {
                "query": parameters.get("query"),
                "operationName": parameters.get("operationName"),
                "variables": _json_parameter(parameters, "variables"),
                "extensions": _json_parameter(parameters, "extensions"),
            }
        )
    body = await request.body()
    data = parsed_body(request.scope, body)
    if data is _UNPARSED:
        data = _load_json(body, "The request body")
    if isinstance(data, list):
        raise Refusal.bad_request(
            "Batching is not enabled: send one operation per request, as a JSON object."
        )
    if not isinstance(data, dict):
        raise Refusal.bad_request(
            f"The request body must be a JSON object with a `query` string, not {_kind(data)}."
        )
    return GraphQLParams.from_mapping(data)


_PARSED_BODY = "imjapan.parsed_body"
"""Key in the request's state: the JSON body and what it parsed to."""
_UNPARSED = object()


def keep_parsed_body(scope: Scope, body: bytes, parsed: object) -> None:
    """Hand a body parsed in front (the response cache parses it to decide) to
    :func:`read_params`, so that a request's body is parsed once."""
    scope.setdefault("state", {})[_PARSED_BODY] = (body, parsed)


def parsed_body(scope: Scope, body: bytes) -> object:
    """What :func:`keep_parsed_body` kept for this very body, else ``_UNPARSED``."""
    kept = scope.get("state", {}).get(_PARSED_BODY)
    if kept is None or kept[0] != body:
        return _UNPARSED
    return kept[1]


def _json_parameter(parameters: QueryParams, name: str) -> object:
    text = parameters.get(name)
    return _load_json(text, f"The `{name}` parameter") if text else None


def _load_json(text: str | bytes, what: str) -> object:
    try:
        return json.loads(text)
    except ValueError as error:
        raise Refusal.bad_request(f"{what} is not valid JSON: {error}.") from None
    except RecursionError:
        raise Refusal.bad_request(f"{what} is JSON nested too deeply.") from None


def _object_or_null(values: Mapping[str, object], name: str) -> dict[str, Any] | None:
    value = values.get(name)
    if value is not None and not isinstance(value, dict):
        raise Refusal.bad_request(f"`{name}` must be a JSON object or null, not {_kind(value)}.")
    return value


def _kind(value: object) -> str:
    """How JSON names the type of ``value``."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
