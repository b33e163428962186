"""The GraphQL types derived from the declaring models (core.schema.derive)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

import pytest
import strawberry
from pydantic import BaseModel, Field
from strawberry.types.base import get_object_definition

from core.domain.candidate import CandidateBase, is_personal
from core.schema.derive import NotDerivable, input_from, input_tree, record_fields
from core.schema.permissions import PERSONAL
from core.services.inputs import RowId, one_of


class Colour(StrEnum):
    RED = "red"


strawberry.enum(Colour, name="DeriveTestColour")


class Part(BaseModel):
    label: str = Field(description="What the part is called.")


class Parent(BaseModel):
    shared: int


class Order(Parent):
    thing_id: RowId
    made_on: date
    due_on: date | None = Field(default=None, description="Promised day.")
    colour: Colour
    parts: list[Part] = Field(default_factory=list)
    other_id: RowId | None = None


@strawberry.type
class Query:
    ok: bool = True


def sdl(*types: Any) -> str:
    return str(strawberry.Schema(query=Query, types=types))


def test_a_derived_input_has_every_field_optional_own_fields_first() -> None:
    @input_from(Part)
    class PartInput:
        pass

    @input_from(Order, ids={"thing_id": "Thing", "other_id": "Other"})
    class OrderInput:
        """An order."""

    assert OrderInput.__global_ids__ == {"thing_id": "Thing", "other_id": "Other"}  # type: ignore[attr-defined]
    definition = get_object_definition(OrderInput, strict=True)
    names = [field.python_name for field in definition.fields]
    assert names == ["thing_id", "made_on", "due_on", "colour", "parts", "other_id", "shared"]
    assert definition.description == "An order."
    printed = sdl(OrderInput, PartInput)
    for line in (
        "thingId: ID = null",
        "madeOn: Date = null",
        "colour: DeriveTestColour = null",
        "parts: [PartInput!] = null",
        "otherId: ID = null",
        "shared: Int = null",
    ):
        assert line in printed
    assert '"""\n  madeOn' not in printed  # the Date scalar says how a date is written
    assert '"""Promised day."""\n  dueOn' in printed
    assert '"""What the part is called."""\n  label: String = null' in printed


def test_an_id_field_takes_the_global_id_of_a_named_type() -> None:
    class Booking(BaseModel):
        candidate_id: RowId
        registration_id: RowId

    with pytest.raises(NotDerivable, match=r"Booking\.registration_id: give the Node type"):
        input_from(Booking)(type("BookingInput", (), {}))
    derived = input_from(Booking, ids={"registration_id": "EventRegistration"})(
        type("BookingInput", (), {})
    )
    assert derived.__global_ids__ == {  # type: ignore[attr-defined]
        "candidate_id": "Candidate",
        "registration_id": "EventRegistration",
    }


def test_a_nested_model_must_be_derived_first() -> None:
    class Loose(BaseModel):
        name: str

    class Holder(BaseModel):
        inner: Loose

    with pytest.raises(NotDerivable, match="derive the input of Loose first"):

        @input_from(Holder)
        class HolderInput:
            pass


def test_a_type_without_a_graphql_form_is_refused_by_name() -> None:
    class Unregistered(StrEnum):
        A = "a"

    class WithEnum(BaseModel):
        kind: Unregistered

    class WithSet(BaseModel):
        tags: set[str]

    with pytest.raises(NotDerivable, match=r"WithEnum\.kind: Unregistered is not a GraphQL enum"):
        input_from(WithEnum)(type("WithEnumInput", (), {}))
    with pytest.raises(NotDerivable, match=r"WithSet\.tags: no GraphQL type"):
        input_from(WithSet)(type("WithSetInput", (), {}))


def test_an_input_takes_no_json_object() -> None:
    class Loose(BaseModel):
        notes: dict[str, Any] | None = None

    with pytest.raises(NotDerivable, match=r"Loose\.notes: an input takes no JSON object"):
        input_from(Loose)(type("LooseInput", (), {}))


def test_a_one_of_model_and_its_nested_models_become_a_one_of_input() -> None:
    class Run(BaseModel):
        minutes: float | None = Field(default=None, description="How long.")

    class Swim(BaseModel):
        lengths: int | None = None

    choice = one_of("DeriveChoice", {"run": Run, "swim": Swim}, "One sport.", module=__name__)
    for model in (Run, Swim):
        input_tree(model, lambda model: f"Derive{model.__name__}Input")
    derived = input_from(choice, one_of=True)(type("DeriveChoiceInput", (), {}))
    text = sdl(derived)
    assert (
        "input DeriveChoiceInput @oneOf {\n  run: DeriveRunInput\n  swim: DeriveSwimInput\n}"
        in text
    )
    assert '"""How long."""\n  minutes: Float = null' in text


def test_record_fields_follow_the_named_field_and_guard_the_personal_ones() -> None:
    @strawberry.type
    @record_fields(CandidateBase, after="first", personal=PERSONAL)
    class Shown:
        first: str
        last: str

    definition = get_object_definition(Shown, strict=True)
    names = [field.python_name for field in definition.fields]
    assert names == ["first", *CandidateBase.model_fields, "last"]
    guarded = {field.python_name for field in definition.fields if field.permission_classes}
    assert guarded == {
        name for name, info in CandidateBase.model_fields.items() if is_personal(info)
    }
    assert "full_name" not in guarded and "date_of_birth" in guarded


def test_record_fields_need_the_field_they_follow() -> None:
    with pytest.raises(NotDerivable, match="Stub has no field 'missing'"):

        @record_fields(CandidateBase, after="missing", personal=PERSONAL)
        class Stub:
            first: str
