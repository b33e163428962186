"""pydantic's validation errors in the catalogue's words.

pydantic words its errors in English only. :func:`validation_message` keeps
that English exactly (clients and tests already read it) and adds a template
chosen by the error's ``type``, formatted with its ``ctx``
(``greater_than_equal`` with ``ge``, ``string_too_short`` with
``min_length``...), for the other languages. A type with no template here is
shown in another language as the generic :data:`INVALID_VALUE`, never in a
half-translated mix. An error raised by our own validators with a
:class:`~core.i18n.message.Message` (``raise ValueError(Message(...))``) is
that message, translated like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.i18n.catalogue import DEFAULT_LOCALE, has_translation
from core.i18n.message import Message, Param

INVALID_VALUE = "the value is not valid"
"""Shown, translated, for an error type that has no template of its own."""

REQUIRED = Message("is required")
"""A missing field (pydantic's ``missing``), in the words the API has always used."""

# Templates by pydantic error type; the fields are the names of the error's ``ctx``.
TEMPLATES: dict[str, str] = {
    "missing": "is required",
    "extra_forbidden": "Extra inputs are not permitted",
    "greater_than": "Input should be greater than {gt}",
    "greater_than_equal": "Input should be greater than or equal to {ge}",
    "less_than": "Input should be less than {lt}",
    "less_than_equal": "Input should be less than or equal to {le}",
    "multiple_of": "Input should be a multiple of {multiple_of}",
    "string_too_short": "String should have at least {min_length} characters",
    "string_too_long": "String should have at most {max_length} characters",
    "string_pattern_mismatch": "String should match pattern '{pattern}'",
    "string_type": "Input should be a valid string",
    "too_short": "the list should have at least {min_length} items",
    "too_long": "the list should have at most {max_length} items",
    "int_parsing": "Input should be a valid integer, unable to parse string as an integer",
    "int_type": "Input should be a valid integer",
    "int_from_float": "Input should be a valid integer, got a number with a fractional part",
    "float_parsing": "Input should be a valid number, unable to parse string as a number",
    "float_type": "Input should be a valid number",
    "finite_number": "Input should be a finite number",
    "bool_parsing": "Input should be a valid boolean, unable to interpret input",
    "bool_type": "Input should be a valid boolean",
    "date_parsing": "Input should be a valid date in the format YYYY-MM-DD, {error}",
    "date_from_datetime_parsing": "Input should be a valid date or datetime, {error}",
    "date_from_datetime_inexact": (
        "Datetimes provided to dates should have zero time - e.g. be exact dates"
    ),
    "date_type": "Input should be a valid date",
    "date_past": "Date should be in the past",
    "date_future": "Date should be in the future",
    "datetime_parsing": "Input should be a valid datetime, {error}",
    "datetime_type": "Input should be a valid datetime",
    "enum": "Input should be {expected}",
    "literal_error": "Input should be {expected}",
    "list_type": "Input should be a valid list",
    "dict_type": "Input should be a valid dictionary",
    "model_type": "Input should be a valid dictionary or instance of {class_name}",
    "json_invalid": "Invalid JSON: {error}",
    "url_parsing": "Input should be a valid URL, {error}",
    "not_found": "nothing has id {id}",
}
"""The English of these templates is pydantic's own; it is the catalogue's ``msgid``."""


class ValidationMessage(Message):
    """pydantic's English text, with a template of ours for the other languages."""

    english: str

    def __new__(cls, english: str, template: str, **params: Param) -> ValidationMessage:
        self = str.__new__(cls, english)
        self.template = template
        self.params = dict(params)
        self.context = None
        self.english = english
        return self

    def render(self, locale: str) -> str:
        if locale == DEFAULT_LOCALE:
            return self.english
        if not has_translation(self.template, locale):
            return Message(INVALID_VALUE).render(locale)
        try:
            return super().render(locale)
        except (KeyError, IndexError, ValueError):  # a ctx unlike pydantic's
            return Message(INVALID_VALUE).render(locale)


def validation_message(error: Mapping[str, Any], english: str) -> Message:
    """The message of one pydantic error (an item of ``ValidationError.errors()``).

    ``english`` is the text the API shows in English (pydantic's ``msg``,
    perhaps trimmed); a ``Message`` raised by a validator is returned as it is.
    """
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    raised = ctx.get("error")
    if (
        kind == "value_error"
        and isinstance(raised, Exception)
        and raised.args
        and isinstance(raised.args[0], Message)
    ):
        return raised.args[0]
    if kind == "missing":
        return REQUIRED
    template = TEMPLATES.get(kind)
    if template is None:
        # A custom error (PydanticCustomError) whose text is itself a template of ours.
        return ValidationMessage(english, english if not ctx else INVALID_VALUE)
    params = {name: _param(value) for name, value in ctx.items()}
    return ValidationMessage(english, template, **params)


def _param(value: Any) -> Param:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return str(value)
