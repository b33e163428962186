"""Validation of mutation inputs into typed models, with field-level errors.

GraphQL inputs arrive with every field optional, so a missing value reaches
here and is reported as ``required`` on its field instead of failing the whole
request; the error paths use the GraphQL (camelCase) names. Every problem of
an input is reported at once: checks across fields are written as field
validators (see :class:`Input`), which run even when another field failed.

Nothing from a client reaches the database unchecked: ids are bounded
(:data:`RowId`), JSON values are bounded in depth and size (:data:`JsonObject`)
and no string may hold a NUL character, which PostgreSQL cannot store.
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.ids import NotAnId, parse_id

ModelT = TypeVar("ModelT", bound=BaseModel)

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
NOT_FOUND = "not_found"
"""The pydantic error type of an id that names no row, reported as ``NOT_FOUND``."""


class Input(BaseModel):
    """Base of mutation inputs: camelCase aliases, unknown keys refused, no NUL anywhere.

    A check across fields is a ``field_validator`` on the field it names,
    reading the fields declared before it from ``info.data`` (a field that
    failed its own validation is missing there, and the check is skipped), so
    that it is reported together with every other field's error. A
    ``model_validator(mode="after")`` would only run once every field is valid.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if holds_nul(value):
            raise PydanticCustomError("nul_character", NUL_MESSAGE)
        return value


def _row_id(value: Any) -> Any:
    try:
        number = parse_id(value)
    except NotAnId:
        return value  # the int validator reports it as not an integer
    if number is None:
        raise PydanticCustomError(NOT_FOUND, "nothing has id {id}", {"id": str(value)[:20]})
    return number


RowId = Annotated[int, BeforeValidator(_row_id)]
"""An id in an input: a whole number that names no row (out of range) is ``NOT_FOUND``."""


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


def validate(model: type[ModelT], data: dict[str, Any], *, prefix: str = "") -> ModelT:
    """Validate ``data`` (camelCase keys, ``None`` for absent) against ``model``."""
    present = {key: value for key, value in data.items() if value is not None}
    try:
        return model.model_validate(present)
    except ValidationError as exc:
        raise DomainValidationError(
            [_to_user_error(error, prefix) for error in exc.errors()]
        ) from None


def _to_user_error(error: Any, prefix: str) -> UserErrorData:
    # A default checked by its validator is reported under its Python name: camelCase it.
    path = ".".join(to_camel(part) if "_" in str(part) else str(part) for part in error["loc"])
    field = f"{prefix}{path}" if path else (prefix.rstrip(".") or None)
    if error["type"] == "missing":
        return UserErrorData(field=field, message="is required", code=ErrorCode.REQUIRED)
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == NOT_FOUND:
        return UserErrorData(field=field, message=message, code=ErrorCode.NOT_FOUND)
    if field is None or field == prefix.rstrip("."):
        # A check across fields names its field first ("closesOn is before opensOn").
        first = message.split(" ", 1)[0]
        if first[:1].islower() and first.isalnum() and first != message:
            field = f"{prefix}{first}"
    return UserErrorData(field=field, message=message, code=ErrorCode.INVALID)
