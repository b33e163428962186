"""Typed details: what a candidate's ``countryDetails`` and a test result's ``details`` hold.

Both are JSON objects whose keys only screening interprets. Their shape is
declared here, as pydantic models, so that it is checked when a value is
recorded rather than found wrong when a candidate is screened:

- a test result's ``details`` by its kind (:data:`TEST_DETAILS`, core's own);
- a candidate's ``countryDetails`` by the country plugin
  (``country_details_model``, for example ``VietnamDetails``).

Every field of a details model is optional (absent means not recorded) and
unknown keys are refused (:class:`Details`). :func:`stored_details` is what the
services store: the value validated and dumped with the same snake_case keys,
so the screening code that reads ``details["tattoos"]`` reads it unchanged.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from core.screening.facts import TestKind


class Details(BaseModel):
    """Base of a details model: every field optional with a description, unknown keys refused.

    A plugin declares its country's details by subclassing it::

        class MyDetails(Details):
            lesson_hours: float | None = Field(default=None, ge=0, description="...")
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoDetails(Details):
    """A test that records no details: an empty object, or none at all."""


class BodyCheckDetails(Details):
    """What the body check records (read by the ``vision`` and ``body_marks`` rules)."""

    tattoos: bool | None = Field(default=None, description="Has a tattoo.")
    removed_tattoos: bool | None = Field(
        default=None, description="Has a mark of a removed tattoo."
    )
    piercings: bool | None = Field(default=None, description="Has piercings.")
    glasses: bool | None = Field(default=None, description="Wears glasses.")
    contact_lenses: bool | None = Field(default=None, description="Wears contact lenses.")
    colour_vision_deficiency: bool | None = Field(
        default=None, description="Has a colour-vision deficiency."
    )
    uncorrected_acuity: float | None = Field(
        default=None, ge=0, le=5, description="Visual acuity without correction, e.g. 0.7."
    )
    corrected_acuity: float | None = Field(
        default=None,
        ge=0,
        le=5,
        description=(
            "Visual acuity with glasses or lenses, e.g. 1.0; without either, "
            "screening takes the uncorrected acuity."
        ),
    )


class PhysicalFitnessDetails(Details):
    """What the physical fitness test measures (read by the ``physical_fitness`` rule)."""

    run_minutes: float | None = Field(
        default=None, gt=0, le=600, description="Minutes the run took."
    )
    push_ups: int | None = Field(default=None, ge=0, le=10_000, description="Push-ups done.")
    sit_ups: int | None = Field(default=None, ge=0, le=10_000, description="Sit-ups done.")


_MEASURED: dict[TestKind, type[Details]] = {
    TestKind.BODY_CHECK: BodyCheckDetails,
    TestKind.PHYSICAL_FITNESS: PhysicalFitnessDetails,
}
TEST_DETAILS: Mapping[TestKind, type[Details]] = {
    kind: _MEASURED.get(kind, NoDetails) for kind in TestKind
}
"""The details model of each test kind; a kind whose details no rule reads has none."""


ModelT = TypeVar("ModelT", bound=BaseModel)


@cache
def camel_model(model: type[ModelT]) -> type[ModelT]:
    """``model`` reading its keys in camelCase as well (``priorityGroups``), as the
    GraphQL inputs name them; its errors name them so, and it dumps as ``model`` does."""
    config = ConfigDict(**model.model_config)
    config["alias_generator"] = to_camel
    config["populate_by_name"] = True
    return type(
        model.__name__,
        (model,),
        {"model_config": config, "__module__": model.__module__, "__doc__": model.__doc__},
    )


def stored_details(model: type[BaseModel], value: Mapping[str, Any]) -> dict[str, Any]:
    """``value`` validated by ``model``, as stored: snake_case keys, JSON values,
    and the keys given without a value (``null``) left out, as not recorded.

    Raises:
        pydantic.ValidationError: a value of the wrong shape or an unknown key.
    """
    return model.model_validate(value).model_dump(mode="json", exclude_none=True)


def readable_details(model: type[ModelT], stored: Mapping[str, Any]) -> ModelT:
    """``stored`` details read by ``model``; a value it no longer accepts (stored before
    the model said so) is left out, as not recorded."""
    values = {key: value for key, value in stored.items() if key in model.model_fields}
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        wrong = {str(problem["loc"][0]) for problem in exc.errors() if problem["loc"]}
        return model.model_validate({k: v for k, v in values.items() if k not in wrong})


def is_list_field(model: type[BaseModel], name: str) -> bool:
    """Whether the field ``name`` of ``model`` holds a list (``list[X] | None``)."""
    info = model.model_fields.get(name)
    if info is None:
        return False
    return any(typing.get_origin(arm) in (list, tuple, set) for arm in _arms(info.annotation))


def parse_cell(model: type[BaseModel], name: str, text: str) -> Any:
    """The value of a CSV cell for the field ``name`` of ``model``, for the model to validate.

    A list field takes a JSON list (``["a", "b"]``) or names separated by
    commas (``a, b``; a single name is a one-item list). Any other field gets
    the text as it is, which the model converts (``200``, ``true``) or refuses.
    """
    if not is_list_field(model, name):
        return text
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text  # the model refuses it as not a list
    return [item.strip() for item in text.split(",") if item.strip()]


def _arms(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def describe_type(annotation: Any) -> str:
    """A field's type in words, for the generated documentation."""
    arms = [arm for arm in _arms(annotation) if arm is not type(None)]
    return " or ".join(_describe_one(arm) for arm in arms)


def _describe_one(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set):
        (item,) = typing.get_args(annotation)[:1] or (Any,)
        return f"list of {_describe_one(item)}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{value}`" for value in typing.get_args(annotation))
    if (
        isinstance(annotation, type)
        and issubclass(annotation, str)
        and hasattr(annotation, "__members__")
    ):
        return "one of " + ", ".join(f"`{member.value}`" for member in annotation)  # type: ignore[attr-defined]
    return {bool: "yes/no", int: "whole number", float: "number", str: "text"}.get(
        annotation, getattr(annotation, "__name__", str(annotation))
    )
