"""Bounded values every input shares, whichever layer validates it.

A JSON value from a client is bounded in depth and size before anything reads
it, and no string may hold a NUL character, which PostgreSQL cannot store.
They live in the domain so that the records declared here (see
:mod:`core.domain.candidate`) and the services' inputs use the same types.
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

MAX_JSON_DEPTH = 20
"""Deepest nesting of objects and arrays in a JSON input (``{}`` is 1).

Country details, test details and rule parameters are records a few levels
deep; a bound far below Python's recursion limit keeps every later step
(validation, storage, the audit log, the answer) from recursing without end.
"""

MAX_JSON_BYTES = 64 * 1024
"""Largest JSON input, as UTF-8 JSON text: far above any real record, far below
the request body limit, so one input cannot fill a row with megabytes."""

NUL_MESSAGE = "contains a NUL character (\\u0000), which cannot be stored"


def _bounded_json(value: Any) -> Any:
    problem = json_problem(value)
    if problem is not None:
        raise PydanticCustomError("json_bounds", problem)
    return value


JsonObject = Annotated[dict[str, Any], BeforeValidator(_bounded_json)]
"""A JSON object input, within :data:`MAX_JSON_DEPTH` and :data:`MAX_JSON_BYTES`."""


def json_problem(value: Any) -> str | None:
    """Why ``value`` is not a JSON value within the bounds, or None.

    Walks without recursion, so a value nested a thousand levels is measured
    as cheaply as a flat one, and stops as soon as a bound is passed.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    size = 0
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return f"is nested more than {MAX_JSON_DEPTH} levels deep"
            size += 2
            if isinstance(item, dict):
                size += sum(len(str(key).encode()) + 4 for key in item)
                stack.extend((inner, depth + 1) for inner in item.values())
            else:
                size += len(item)
                stack.extend((inner, depth + 1) for inner in item)
        elif isinstance(item, str):
            size += len(item.encode(errors="replace")) + 2
        elif isinstance(item, float) and not math.isfinite(item):
            return "holds a number JSON cannot represent (NaN or Infinity)"
        else:
            size += 5
        if size > MAX_JSON_BYTES:
            return f"is larger than {MAX_JSON_BYTES // 1024} KB"
    if len(json.dumps(value, ensure_ascii=False, default=str).encode()) > MAX_JSON_BYTES:
        return f"is larger than {MAX_JSON_BYTES // 1024} KB"
    return None


def holds_nul(value: Any) -> bool:
    """Whether a string in ``value`` (keys included, at any depth) holds a NUL character."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False
