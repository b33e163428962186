"""The adjustment of a rule's parameters, one input per rule kind.

A recruitment call adjusts some parameters of a rule (``updateCallCriteria``):
the values given replace those in force, the others are kept, and the result
is validated by the kind's model (:data:`core.domain.rules.PARAMETERS`). The
input of each kind is derived from that model: each field optional, with its
own bounds, a nested model an adjustment of its own, and a mapping
(``pass_marks_by_job_field``) a list of key and value entries, as GraphQL has
no maps. :data:`RuleParameters` holds exactly one of them, under the key of
the rule's kind (``ageRange``). ``custom`` rules are not among them: only
their plugin reads their parameters, which no model of core declares.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Field, create_model
from pydantic.fields import FieldInfo

from core.domain.rules import PARAMETERS, RuleKind
from core.services.inputs import Input, OneOf, one_of


class Entry(Input):
    """One entry of a mapping: a key (a job field) and its value."""

    key: str = Field(min_length=1, max_length=80, description="The key, e.g. a job field.")


@cache
def _entry(value: Any, name: str) -> type[Entry]:
    return create_model(name, __base__=Entry, __module__=__name__, value=(value, ...))


@cache
def adjustment(model: type[BaseModel]) -> type[Input]:
    """The adjustment input of ``model``'s parameters: its fields, each optional."""
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        hint = _adjusted(info.annotation, f"{model.__name__}{_pascal(field_name)}Entry")
        kept = FieldInfo.merge_field_infos(info, default=None)
        kept.default_factory = None
        fields[field_name] = (hint | None, kept)
    return create_model(
        f"{model.__name__}Adjustment",
        __base__=Input,
        __doc__=model.__doc__,
        __module__=__name__,
        **fields,
    )


def _adjusted(hint: Any, entry_name: str) -> Any:
    origin = get_origin(hint)
    if origin is Annotated:
        return _adjusted(get_args(hint)[0], entry_name)
    if origin in (Union, types.UnionType):
        arms = [arm for arm in get_args(hint) if arm is not type(None)]
        if len(arms) == 1:
            return _adjusted(arms[0], entry_name)
    if origin is dict:
        return list[_entry(get_args(hint)[1], entry_name)]  # type: ignore[misc]
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return adjustment(hint)
    return hint


def _pascal(name: str) -> str:
    return "".join(part.title() for part in name.split("_"))


if TYPE_CHECKING:
    RuleParameters = OneOf
else:
    RuleParameters = one_of(
        "RuleParameters",
        {
            kind.value: adjustment(model)
            for kind, model in PARAMETERS.items()
            if kind is not RuleKind.CUSTOM and model.model_fields
        },
        "New values for some parameters of a rule, under the key of the rule's kind.",
        module=__name__,
    )
"""New parameters of one rule: one member per rule kind that takes parameters."""


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
