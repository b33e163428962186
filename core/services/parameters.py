"""The adjustment of a rule's parameters, one input per rule kind.

A recruitment call adjusts some parameters of a rule (``updateCallCriteria``):
the values given replace those in force, the others are kept, and the result
is validated by the kind's model (:data:`core.domain.rules.PARAMETERS`). The
input of each kind is derived from that model: each field optional, with its
own bounds, a nested model an adjustment of its own, and a mapping
(``pass_marks_by_job_field``) a list of key and value entries, as GraphQL has
no maps. :data:`RuleParameters` holds exactly one of them, under the key of
the rule's kind (``ageRange``).

A ``custom`` rule's parameters are read by its country plugin alone; a plugin
that declares their model (``screening_rule_parameters``) makes the rule
adjustable the same way: :func:`rule_parameters` adds to those members one per
such rule, keyed by plugin and rule (``indonesiaAgeByEducationTrack``), built
when the plugins are known (:func:`custom_rules`).
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Field, create_model
from pydantic.alias_generators import to_camel
from pydantic.fields import FieldInfo

from core.domain.rules import PARAMETERS, RuleKind
from core.errors import PluginConfigurationError
from core.plugins.registry import CountryRegistry
from core.screening.details import camel_model
from core.services.inputs import Input, OneOf, one_of


class Entry(Input):
    """One entry of a mapping: a key (a job field) and its value."""

    key: str = Field(min_length=1, max_length=80, description="The key, e.g. a job field.")


@cache
def _entry(value: Any, name: str, module: str) -> type[Entry]:
    return create_model(name, __base__=Entry, __module__=module, value=(value, ...))


@cache
def adjustment(
    model: type[BaseModel], name: str | None = None, module: str = __name__
) -> type[Input]:
    """The adjustment input of ``model``'s parameters: its fields, each optional; named
    ``<name>Adjustment`` (``name`` defaults to the model's), of module ``module``."""
    name = name or model.__name__
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        hint = _adjusted(info.annotation, f"{name}{_pascal(field_name)}Entry", module)
        kept = FieldInfo.merge_field_infos(info, default=None)
        kept.default_factory = None
        fields[field_name] = (hint | None, kept)
    return create_model(
        f"{name}Adjustment",
        __base__=Input,
        __doc__=model.__doc__,
        __module__=module,
        **fields,
    )


def _adjusted(hint: Any, entry_name: str, module: str) -> Any:
    origin = get_origin(hint)
    if origin is Annotated:
        return _adjusted(get_args(hint)[0], entry_name, module)
    if origin in (Union, types.UnionType):
        arms = [arm for arm in get_args(hint) if arm is not type(None)]
        if len(arms) == 1:
            return _adjusted(arms[0], entry_name, module)
    if origin is dict:
        value = get_args(hint)[1]
        if isinstance(value, type) and issubclass(value, BaseModel):
            value = camel_model(value)  # the entry's value is given whole, in camelCase
        return list[_entry(value, entry_name, module)]  # type: ignore[misc]
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        # a plugin's nested model is named after its field, never as one of core's
        nested = None if module == __name__ else entry_name.removesuffix("Entry")
        return adjustment(hint, nested, module)
    return hint


def _pascal(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


CORE_MEMBERS: dict[str, type[Input]] = {
    kind.value: adjustment(model)
    for kind, model in PARAMETERS.items()
    if kind is not RuleKind.CUSTOM and model.model_fields
}
"""The adjustment of each rule kind that takes parameters, by kind."""


@dataclass(frozen=True)
class CustomRule:
    """A plugin's ``custom`` rule whose parameters' model the plugin declares."""

    plugin: str
    country_code: str
    rule_id: str
    model: type[BaseModel]

    @property
    def key(self) -> str:
        """Its member of :data:`RuleParameters` (Python name): plugin and rule id."""
        return f"{self.plugin}_{self.rule_id}".replace("-", "_").lower()

    @property
    def name(self) -> str:
        """Its adjustment's name prefix: ``IndonesiaAgeByEducationTrack``."""
        return _pascal(self.key)

    @property
    def adjustment(self) -> type[Input]:
        """Its adjustment, of the plugin's model's module (not one of core's inputs)."""
        return adjustment(self.model, self.name, self.model.__module__)


def custom_rules(registry: CountryRegistry) -> tuple[CustomRule, ...]:
    """Every adjustable ``custom`` rule of the registry's plugins, by member key.

    Raises:
        PluginConfigurationError: two rules, or a rule and a kind, would have the same key.
    """
    rules = (
        CustomRule(entry.plugin, entry.code, rule_id, model)
        for entry in registry.countries
        for rule_id, model in entry.rule_parameters
    )
    found = tuple(sorted(rules, key=lambda rule: rule.key))
    taken = set(CORE_MEMBERS)
    for rule in found:
        if rule.key in taken:
            raise PluginConfigurationError(
                rule.plugin,
                f"screening_rule_parameters: rule {rule.rule_id!r} would be the member "
                f"{to_camel(rule.key)} of RuleParametersInput, which is already taken",
            )
        taken.add(rule.key)
    return found


@cache
def rule_parameters(rules: tuple[CustomRule, ...] = ()) -> type[OneOf]:
    """The :data:`RuleParameters` of core's rule kinds and of ``rules``."""
    members: dict[str, type[BaseModel]] = {
        **CORE_MEMBERS,
        **{rule.key: rule.adjustment for rule in rules},
    }
    return one_of(
        "RuleParameters",
        members,
        "New values for some parameters of a rule, under the key of the rule's kind "
        "(or, for a custom rule, of its plugin and id).",
        module=__name__,
    )


if TYPE_CHECKING:
    RuleParameters = OneOf
else:
    RuleParameters = rule_parameters()
"""New parameters of one rule: one member per rule kind that takes parameters (the
plugins' custom rules join when the plugins are known: :func:`rule_parameters`)."""


def with_adjustment(current: Mapping[str, Any], value: BaseModel) -> dict[str, Any]:
    """``current`` parameters with the values ``value`` gives, as parameters are stored:
    snake_case keys and JSON values; a nested model's values replace only its own
    (``physicalFitness: {male: {pushUps: 30}}`` keeps the men's run), and entries
    replace the whole mapping."""
    merged = dict(current)
    for name in value.model_fields_set:
        item = getattr(value, name)
        if item is None:
            continue
        if isinstance(item, BaseModel):
            merged[name] = with_adjustment(current.get(name) or {}, item)
        elif _holds_entries(type(value).model_fields[name]):
            merged[name] = {entry.key: entry.value for entry in item}
        else:
            merged[name] = _json(item)
    return merged


def _holds_entries(info: FieldInfo) -> bool:
    arms = get_args(info.annotation) or (info.annotation,)
    return any(get_origin(arm) is list and issubclass(get_args(arm)[0], Entry) for arm in arms)


def _json(item: Any) -> Any:
    if isinstance(item, list | tuple):
        return [_json(each) for each in item]
    return item.value if isinstance(item, Enum) else item
