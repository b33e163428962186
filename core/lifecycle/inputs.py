"""Validation of mutation inputs into typed models, with field-level errors.

GraphQL inputs arrive with every field optional, so a missing value reaches
here and is reported as ``required`` on its field instead of failing the whole
request; the error paths use the GraphQL (camelCase) names.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from core.errors import DomainValidationError, ErrorCode, UserErrorData

ModelT = TypeVar("ModelT", bound=BaseModel)


class Input(BaseModel):
    """Base of mutation inputs: camelCase aliases, unknown keys refused."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
    )


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
    path = ".".join(str(part) for part in error["loc"])
    field = f"{prefix}{path}" if path else (prefix.rstrip(".") or None)
    if error["type"] == "missing":
        return UserErrorData(field=field, message="is required", code=ErrorCode.REQUIRED)
    message = str(error["msg"]).removeprefix("Value error, ")
    if field is None or field == prefix.rstrip("."):
        # A check across fields names its field first ("closesOn is before opensOn").
        first = message.split(" ", 1)[0]
        if first[:1].islower() and first.isalnum() and first != message:
            field = f"{prefix}{first}"
    return UserErrorData(field=field, message=message, code=ErrorCode.INVALID)
