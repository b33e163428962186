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

from collections.abc import Collection
from typing import Annotated, Any, Optional, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from core.domain.values import (
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    NUL_MESSAGE,
    JsonObject,
    holds_nul,
    json_problem,
)
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.i18n.validation import REQUIRED, validation_message
from core.ids import NotAnId, parse_id

__all__ = [
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "NUL_MESSAGE",
    "Input",
    "JsonObject",
    "OneOf",
    "RowId",
    "holds_nul",
    "json_problem",
    "one_of",
    "optional_fields",
    "validate",
]

ModelT = TypeVar("ModelT", bound=BaseModel)

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


class OneOf(Input):
    """An input that holds exactly one of its fields (a GraphQL ``@oneOf`` input):
    the value of one kind among several, keyed by the kind."""

    @model_validator(mode="after")
    def _exactly_one(self) -> OneOf:
        if len(self.model_fields_set) != 1 or self.chosen()[1] is None:
            keys = ", ".join(to_camel(name) for name in type(self).model_fields)
            raise ValueError(Message("give exactly one of {keys}", keys=keys))
        return self

    def chosen(self) -> tuple[str, Any]:
        """The field given (its Python name) and its value."""
        name = next(iter(self.model_fields_set), "")
        return name, getattr(self, name, None)


def one_of(name: str, members: dict[str, type[BaseModel]], doc: str, *, module: str) -> type[OneOf]:
    """A :class:`OneOf` model named ``name`` (of the module ``module``) with one
    optional field per member."""
    fields: dict[str, Any] = {key: (model | None, None) for key, model in members.items()}
    model: type[OneOf] = create_model(
        name, __base__=OneOf, __doc__=doc, __module__=module, **fields
    )
    return model


def optional_fields(base: type[BaseModel], *, exclude: Collection[str] = ()) -> dict[str, Any]:
    """The fields ``base`` declares, each optional, for :func:`pydantic.create_model`:
    the field definitions of a partial update (a field left out is unchanged).

    Each keeps its own bounds and validators (the field's metadata, which apply
    to a given value).
    """

    def optional(info: FieldInfo) -> tuple[Any, FieldInfo]:
        kept = FieldInfo.merge_field_infos(info, default=None)
        kept.default_factory = None
        return Optional[info.annotation], kept  # noqa: UP045 (a runtime type, not an annotation)

    return {name: optional(info) for name, info in base.model_fields.items() if name not in exclude}


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
        return UserErrorData(field=field, message=REQUIRED, code=ErrorCode.REQUIRED)
    message = validation_message(error, str(error["msg"]).removeprefix("Value error, "))
    if error["type"] == NOT_FOUND:
        return UserErrorData(field=field, message=message, code=ErrorCode.NOT_FOUND)
    if field is None or field == prefix.rstrip("."):
        # A check across fields names its field first ("closesOn is before opensOn").
        first = message.split(" ", 1)[0]
        if first[:1].islower() and first.isalnum() and first != message:
            field = f"{prefix}{first}"
    return UserErrorData(field=field, message=message, code=ErrorCode.INVALID)
