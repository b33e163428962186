"""Introspection in the request's language: enum value descriptions from the catalogue.

A GraphQL schema's descriptions are fixed strings, and the spec has no way to
ask for a language (graphql/graphql-spec#193). The service answers in the
language ``Accept-Language`` chose (:mod:`core.http.language`) instead: after
an operation that reads ``__schema`` or ``__type``, this extension replaces
each enum value's description in the answer by its translation (catalogue
context ``enum <EnumName>``, :mod:`core.schema.enum_descriptions`). English
needs no work, and a description with no translation stays English.

Only the answer changes: the schema objects, ``schema.graphql`` and every
cached document stay English. The walk follows the standard introspection
keys (``types``, ``enumValues``, ``description``); a client that aliases
them gets the English text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from core.i18n import DEFAULT_LOCALE, current_locale, translate
from core.schema.enum_descriptions import context_of

INTROSPECTION_ROOTS = ("__schema", "__type")


class LocalizedIntrospection(SchemaExtension):
    """Translate enum value descriptions of an introspection answer."""

    def on_execute(self) -> Iterator[None]:
        yield
        locale = current_locale()
        if locale == DEFAULT_LOCALE:
            return
        result = self.execution_context.result
        data = getattr(result, "data", None)
        if not isinstance(data, dict):
            return
        for key in INTROSPECTION_ROOTS:
            if key in data:
                translate_descriptions(data[key], locale)


def translate_descriptions(node: Any, locale: str) -> None:
    """Translate, in place, the enum value descriptions of every type under ``node``."""
    if isinstance(node, list):
        for item in node:
            translate_descriptions(item, locale)
        return
    if not isinstance(node, dict):
        return
    values = node.get("enumValues")
    name = node.get("name")
    if isinstance(values, list) and isinstance(name, str):
        for value in values:
            if isinstance(value, dict) and isinstance(value.get("description"), str):
                value["description"] = translate(value["description"], locale, context_of(name))
    for key in ("types", "ofType"):
        if key in node:
            translate_descriptions(node[key], locale)
