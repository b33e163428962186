"""GraphQL types derived from the models that declare the fields.

A field is declared once, on a pydantic model: a service's input model
(``core.services``) or a record of the domain (``core.domain.candidate``).
The GraphQL input a mutation takes is derived from the service input it is
validated into (:func:`input_from`), and an object type takes a record's
fields (:func:`record_fields`), so neither repeats a field, a type or a
description. This module is the one place where a Python type becomes a
GraphQL type.

Every field of a derived input is optional in the schema, whatever the model
says: the service validates the values and answers a missing or malformed
one with a field-level error in the payload (``REQUIRED`` / ``INVALID``)
rather than failing the whole request; ids are global ids (``ID``) of the type
the field names (:data:`ID_TYPES`), decoded into the service's integer keys
before validation (:func:`core.schema.base.as_data`), the keys then checked by
the service (:data:`RowId`). Dates and moments are the ``Date`` and
``DateTime`` scalars (:mod:`core.schema.scalars`): a value that is no day of
the calendar is refused before the service runs, with a message naming the
field and the reason (:mod:`core.schema.coercion`).

Decision (issue 11): a small generator rather than strawberry's experimental
pydantic integration, whose ``all_fields`` inputs keep the model's required
fields required (so a missing field would fail the request instead of being
reported on its field) and take the model's own types for dates and ids; and
rather than ``strawchemy``, which generates its own types, filters and
offset pagination from SQLAlchemy models, so that adopting it would change the
committed schema, not only add to it. The declarations it reads are plain
pydantic models; the compiled read path of the performance work reads the
same ones.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import strawberry
from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from strawberry.permission import BasePermission
from strawberry.scalars import JSON

from core.domain.candidate import is_personal
from core.services.inputs import RowId

T = TypeVar("T")

_ROW_ID = tuple(item for item in get_args(RowId)[1:] if isinstance(item, BeforeValidator))
"""The validator that marks an id (:data:`RowId`) among a field's metadata."""

ID_TYPES: dict[str, str] = {
    "account_id": "Account",
    "call_id": "RecruitmentCall",
    "candidate_id": "Candidate",
    "cohort_id": "TrainingCohort",
    "company_id": "InterviewCompany",
    "event_id": "Event",
    "host_company_id": "HostCompany",
    "membership_id": "AssociationMember",
    "phase_id": "CohortPhase",
    "session_id": "InterviewSession",
}
"""The Node type whose global id an id field of an input takes, by the field's name; a
name used for more than one type (``registration_id``) is given by ``input_from(ids=)``."""

GLOBAL_IDS = "__global_ids__"
"""The attribute of a derived input mapping its id fields (Python names) to their Node types."""

_DERIVED: dict[type[BaseModel], type] = {}
"""Derived inputs by the model they were derived from, for nested inputs."""


class NotDerivable(TypeError):
    """A model's field has a type this module does not map to GraphQL."""


OMIT = object()
"""In :func:`input_from`'s ``overrides``: leave the field out of the GraphQL input."""


def input_from(
    model: type[BaseModel],
    *,
    name: str | None = None,
    description: str | None = None,
    ids: dict[str, str] | None = None,
    one_of: bool = False,
    overrides: Mapping[str, Any] | None = None,
    deprecated: Mapping[str, str] | None = None,
) -> Callable[[type[T]], type[T]]:
    """Make the decorated (empty) class the GraphQL input of ``model``.

    The class gives the input's name (or ``name``) and, in its docstring, its
    description (or ``description``, for one longer than a line). Its fields
    are the model's: those the model declares itself first, then those it
    inherits, each optional, with the model field's description. A field whose type is
    another input model takes the input derived from that model, which must
    be derived first. ``overrides`` gives the GraphQL type of a field whose
    model type has none of its own (a JSON object typed per country by the
    schema), or :data:`OMIT`; ``one_of`` makes a ``@oneOf`` input (exactly one
    field given). An id field takes the global id of the Node type
    :data:`ID_TYPES` names for it, or ``ids`` (Python field name to type name).
    ``deprecated`` marks fields (Python names) ``@deprecated`` with their reason; the
    model must not require them (an input field may be deprecated only if optional).
    """

    def derive(stub: type[T]) -> type[T]:
        annotations: dict[str, Any] = {}
        namespace: dict[str, Any] = {GLOBAL_IDS: {}}
        for field_name, info in _ordered_fields(model):
            hint = _full_hint(info)
            given = (overrides or {}).get(field_name)
            if given is OMIT:
                continue
            if _is_row_id(hint):
                namespace[GLOBAL_IDS][field_name] = _id_type(field_name, ids, model)
            graphql_type = given or _input_type(hint, f"{model.__name__}.{field_name}")
            annotations[field_name] = graphql_type | None
            namespace[field_name] = strawberry.field(
                # a @oneOf input's fields have no default: the one given is the one set
                default=strawberry.UNSET if one_of else None,
                description=_description(info),
                deprecation_reason=(deprecated or {}).get(field_name),
            )
        derived = _rebuild(stub, annotations, namespace)
        result = strawberry.input(
            derived, name=name, description=description or _docstring(stub), one_of=one_of
        )
        _DERIVED.setdefault(model, result)
        return result

    return derive


def input_tree(model: type[BaseModel], name: Callable[[type[BaseModel]], str]) -> type:
    """The input derived from ``model``, deriving first the models its fields hold
    (each named by ``name``), so that a nested input is declared once, on its model."""
    if model in _DERIVED:
        return _DERIVED[model]
    for info in model.model_fields.values():
        for nested in _models(info.annotation):
            input_tree(nested, name)
    stub = type(model.__name__, (), {"__doc__": model.__doc__})
    return input_from(model, name=name(model))(stub)


def _models(hint: Any) -> list[type[BaseModel]]:
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return [hint]
    return [model for arg in get_args(hint) for model in _models(arg)]


def record_fields(
    record: type[BaseModel],
    *,
    after: str,
    personal: list[type[BasePermission]] | None = None,
    exclude: frozenset[str] = frozenset(),
) -> Callable[[type[T]], type[T]]:
    """Add ``record``'s fields to the decorated object type, after its field ``after``.

    Apply it below ``@strawberry.type``. A field the record marks personal
    (:func:`core.domain.candidate.personal`) is guarded by ``personal``, which
    such a record must be given, and is nullable whatever the record says: a
    role refused it gets null there and an error at its path, not a null parent
    (issue 12). The others are readable by whoever reads the type. The values
    are set by the type's own constructor, for example from :func:`record_values`.
    The fields in ``exclude`` are left to the type itself (a resolver of its own).
    """

    def add(stub: type[T]) -> type[T]:
        own: dict[str, Any] = dict(inspect.get_annotations(stub))
        if after not in own:
            raise NotDerivable(f"{stub.__name__} has no field {after!r} to add fields after")
        annotations: dict[str, Any] = {}
        namespace: dict[str, Any] = {}
        for key, value in own.items():
            annotations[key] = value
            if key == after:
                for field_name, info in record.model_fields.items():
                    if field_name in exclude:
                        continue
                    hint = _output_type(_full_hint(info), f"{record.__name__}.{field_name}")
                    if is_personal(info):
                        if personal is None:
                            raise NotDerivable(
                                f"{record.__name__}.{field_name} is personal: give its permissions"
                            )
                        namespace[field_name] = strawberry.field(permission_classes=personal)
                        hint = _nullable(hint)
                    annotations[field_name] = hint
        return _rebuild(stub, annotations, namespace)

    return add


def type_from(
    model: type[BaseModel],
    *,
    name: str,
    description: str | None = None,
    bases: tuple[type, ...] = (),
    extra: Mapping[str, tuple[Any, Any]] | None = None,
) -> type:
    """A GraphQL object type named ``name`` with ``model``'s fields, each nullable
    (a value not recorded is null), and the ``extra`` fields (annotation, default)
    first; ``bases`` are the interfaces it implements. Build it with
    :func:`object_of`."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__doc__": description or model.__doc__}
    for field_name, (annotation, default) in (extra or {}).items():
        annotations[field_name] = annotation
        namespace[field_name] = default
    for field_name, info in _ordered_fields(model):
        hint = _output_type(_full_hint(info), f"{model.__name__}.{field_name}")
        annotations[field_name] = hint | None
        namespace[field_name] = strawberry.field(default=None, description=_description(info))
    namespace["__annotations__"] = annotations
    cls = type(name, bases, namespace)
    return strawberry.type(cls, name=name, description=namespace["__doc__"])


def object_of(cls: type[T], value: BaseModel, **extra: Any) -> T:
    """An instance of a type made by :func:`type_from` holding ``value``'s fields."""
    return cls(**extra, **{name: getattr(value, name) for name in type(value).model_fields})


def _rebuild(stub: type[T], annotations: dict[str, Any], namespace: dict[str, Any]) -> type[T]:
    """The class ``stub`` with ``annotations`` (in their order) and ``namespace`` set."""
    body = {key: value for key, value in stub.__dict__.items() if key not in {"__dict__"}}
    body.pop("__weakref__", None)
    body.update(namespace)
    body["__annotations__"] = annotations
    return type(stub.__name__, stub.__bases__, body)


def _ordered_fields(model: type[BaseModel]) -> Iterator[tuple[str, FieldInfo]]:
    own = inspect.get_annotations(model)
    fields = model.model_fields
    yield from ((name, fields[name]) for name in own if name in fields)
    yield from ((name, info) for name, info in fields.items() if name not in own)


def _full_hint(info: FieldInfo) -> Any:
    """The field's type with its metadata, as it was written (pydantic splits them)."""
    if info.metadata:
        return Annotated[info.annotation, *info.metadata]
    return info.annotation


def _unwrap(hint: Any) -> tuple[Any, bool, tuple[Any, ...]]:
    """``hint`` without ``None`` and metadata: the base type, whether ``None`` was
    allowed, and the metadata met on the way (``Annotated`` and ``| None`` nest
    either way round)."""
    optional = False
    metadata: tuple[Any, ...] = ()
    while True:
        if get_origin(hint) is Annotated:
            metadata += hint.__metadata__
            hint = get_args(hint)[0]
        elif get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint):
            rest = [arg for arg in get_args(hint) if arg is not type(None)]
            if len(rest) != 1:
                return hint, optional, metadata
            optional, hint = True, rest[0]
        else:
            return hint, optional, metadata


def _base(hint: Any) -> Any:
    return _unwrap(hint)[0]


def _is_row_id(hint: Any) -> bool:
    """Whether ``hint`` is an id (:data:`RowId`) or a list of ids."""
    base, _, metadata = _unwrap(hint)
    if any(item in _ROW_ID for item in metadata):
        return True
    return get_origin(base) in (list, tuple) and _is_row_id(get_args(base)[0])


def _id_type(field_name: str, given: dict[str, str] | None, model: type[BaseModel]) -> str:
    found = (given or {}).get(field_name) or ID_TYPES.get(field_name)
    if found is None:
        raise NotDerivable(f"{model.__name__}.{field_name}: give the Node type of this id (ids=)")
    return found


def _input_type(hint: Any, where: str) -> Any:
    base, _, metadata = _unwrap(hint)
    if any(item in _ROW_ID for item in metadata):
        return strawberry.ID
    if get_origin(base) in (list, tuple):
        item = get_args(base)[0]
        return list[_input_type(item, where)]  # type: ignore[misc]
    if isinstance(base, type) and issubclass(base, BaseModel):
        if base not in _DERIVED:
            raise NotDerivable(f"{where}: derive the input of {base.__name__} first")
        return _DERIVED[base]
    if base in (date, datetime):
        return base
    if base is dict or get_origin(base) is dict:
        raise NotDerivable(f"{where}: an input takes no JSON object; give it a model")
    return _scalar(base, where)


def _output_type(hint: Any, where: str) -> Any:
    base, optional, _ = _unwrap(hint)
    if get_origin(base) in (list, tuple):
        item = get_args(base)[0]
        mapped: Any = list[_output_type(item, where)]  # type: ignore[misc]
    elif base in (date, datetime):
        mapped = base
    else:
        mapped = _scalar(base, where)
    return mapped | None if optional else mapped


def _nullable(hint: Any) -> Any:
    """``hint`` or None (unchanged when None is allowed already)."""
    return hint if _unwrap(hint)[1] else hint | None


def _scalar(base: Any, where: str) -> Any:
    if base in (str, int, float, bool):
        return base
    if base is dict or get_origin(base) is dict:
        return JSON
    if isinstance(base, type) and issubclass(base, Enum):
        if not hasattr(base, "__strawberry_definition__"):
            raise NotDerivable(f"{where}: {base.__name__} is not a GraphQL enum (strawberry.enum)")
        return base
    raise NotDerivable(f"{where}: no GraphQL type for {base!r}")


def _description(info: FieldInfo) -> str | None:
    return info.description


def _docstring(stub: type) -> str | None:
    doc = stub.__dict__.get("__doc__")
    return inspect.cleandoc(doc) if doc else None
