"""The GraphQL types of the country plugins' candidate details, generated from their models.

Each plugin's ``country_details_model`` (for example ``VietnamDetails``)
becomes an object type ``<Plugin>CandidateDetails``, implementing the
interface ``CountryDetails`` that ``Candidate.countryDetails`` answers with,
and an input ``<Plugin>CandidateDetailsInput``; its enumerations become
GraphQL enums named after the plugin too (``VietnamPriorityGroup``). The
candidate inputs take ``CountryDetailsInput``, a ``@oneOf`` input with one
member per plugin (``{vietnam: {priorityGroups: [POOR_DISTRICT]}}``): a
candidate belongs to one country, and the service checks the member is its
country's. A plugin gets its types without any change to core; a plugin
whose model declares no field (or that declares none) gets no type, as
GraphQL has no empty types.

The plugins are known when the schema is built, not when this module is
imported, so the types are made then (:func:`country_details_schema`), once
per plugin and model: a process that builds several schemas (the tests) gets
the same classes for the same plugins.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, cast

import strawberry
from pydantic import BaseModel

from core.errors import PluginConfigurationError
from core.plugins.registry import CountryRegistry
from core.schema.base import as_data
from core.schema.derive import NotDerivable, input_from, object_of, type_from
from core.screening.details import camel_model, readable_details
from core.services.details import details_key


@strawberry.interface(
    description=(
        "What a country records of a candidate beyond core's fields, typed by the "
        "country's plugin (VietnamCandidateDetails...)."
    )
)
class CountryDetails:
    country_code: str = strawberry.field(description="The candidate's country.")


@dataclass(frozen=True)
class CountryTypes:
    """One plugin's generated types."""

    plugin: str
    model: type[BaseModel]
    output: type
    input: type

    @property
    def python_key(self) -> str:
        """The Python name of its member of ``CountryDetailsInput``."""
        return _python_key(self.plugin)


@dataclass(frozen=True)
class CountryDetailsSchema:
    """The generated types of a set of plugins, and the ``@oneOf`` input over them
    (``None`` when no plugin has details)."""

    countries: tuple[CountryTypes, ...]
    input: type | None

    @property
    def types(self) -> list[type]:
        """The object types to add to the schema (reached through the interface only)."""
        return [country.output for country in self.countries]

    def plugin_of(self, key: str) -> str:
        """The plugin of the ``CountryDetailsInput`` member ``key`` (its Python name)."""
        return next(country.plugin for country in self.countries if country.python_key == key)


def pascal(plugin: str) -> str:
    """A plugin's name as a type name prefix: ``vietnam`` is ``Vietnam``."""
    key = details_key(plugin)
    return key[:1].upper() + key[1:]


def _python_key(plugin: str) -> str:
    return plugin.replace("-", "_")


def details_models(registry: CountryRegistry) -> tuple[tuple[str, type[BaseModel]], ...]:
    """Each plugin whose details model declares fields, with the model, by plugin name."""
    return tuple(
        sorted(
            (entry.plugin, entry.details_model)
            for entry in registry.countries
            if entry.details_model is not None and entry.details_model.model_fields
        )
    )


@cache
def country_types(plugin: str, model: type[BaseModel]) -> CountryTypes:
    """The output and input types of ``plugin``'s details ``model``."""
    prefix = pascal(plugin)
    _name_enums(model, prefix)
    output = type_from(
        model,
        name=f"{prefix}CandidateDetails",
        description=model.__doc__,
        bases=(CountryDetails,),
    )
    stub = type(f"{prefix}CandidateDetailsInput", (), {"__doc__": model.__doc__})
    derived: type = input_from(camel_model(model), name=f"{prefix}CandidateDetailsInput")(stub)
    return CountryTypes(plugin=plugin, model=model, output=output, input=derived)


@cache
def country_details_schema(models: tuple[tuple[str, type[BaseModel]], ...]) -> CountryDetailsSchema:
    """The types of every plugin in ``models`` (:func:`details_models`)."""
    countries = tuple(_country_types(plugin, model) for plugin, model in models)
    if not countries:
        return CountryDetailsSchema(countries=(), input=None)
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    for country in countries:
        key = country.python_key
        annotations[key] = country.input | None
        namespace[key] = strawberry.field(
            default=strawberry.UNSET,
            description=f"The details of a candidate of plugin {country.plugin}.",
        )
    namespace["__annotations__"] = annotations
    one_of = strawberry.input(
        type("CountryDetailsInput", (), namespace),
        name="CountryDetailsInput",
        description=(
            "A candidate's country details, under the key of their country's plugin "
            "(exactly one: the candidate's country)."
        ),
        one_of=True,
    )
    return CountryDetailsSchema(countries=countries, input=one_of)


def _country_types(plugin: str, model: type[BaseModel]) -> CountryTypes:
    try:
        return country_types(plugin, model)
    except NotDerivable as exc:
        raise PluginConfigurationError(
            plugin, f"country_details_model {model.__name__} has no GraphQL type: {exc}"
        ) from exc


def given_details(value: object) -> tuple[str, dict[str, Any]] | None:
    """The plugin and the values (camelCase keys) of a ``CountryDetailsInput``."""
    if value is None or value is strawberry.UNSET:
        return None
    for key, member in vars(value).items():
        if member is not None and member is not strawberry.UNSET:
            return key, as_data(member)
    return None


def details_object(
    registry: CountryRegistry, code: str, stored: dict[str, Any]
) -> CountryDetails | None:
    """``stored`` details of a candidate of ``code`` as its country's type; ``None``
    when the country has no type. A stored value the model no longer accepts is left out."""
    entry = registry.get(code)
    if entry is None or entry.details_model is None or not entry.details_model.model_fields:
        return None
    types = country_types(entry.plugin, entry.details_model)
    value: object = object_of(
        types.output, readable_details(entry.details_model, stored), country_code=entry.code
    )
    return cast(CountryDetails, value)  # types.output implements CountryDetails


def _name_enums(model: type[BaseModel], prefix: str) -> None:
    """Make each enumeration of ``model``'s fields a GraphQL enum named after the plugin."""
    for info in model.model_fields.values():
        for enum in _enums(info.annotation):
            if not hasattr(enum, "__strawberry_definition__"):
                name = enum.__name__ if enum.__name__.startswith(prefix) else prefix + enum.__name__
                strawberry.enum(enum, name=name)


def _enums(hint: Any) -> Sequence[type[Enum]]:
    if isinstance(hint, type) and issubclass(hint, Enum):
        return [hint]
    return [enum for arg in typing.get_args(hint) for enum in _enums(arg)]
