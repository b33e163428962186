"""What every domain's resolvers share: the ``Info`` alias, the mutation runner,
the user-error conversion and id parsing.

A mutation resolver is one call of :func:`mutate`: it validates the GraphQL
input into the service's pydantic model, calls the service in the one
transaction of the mutation, and answers with the payload's ``of`` (the
result) or with the payload's ``errors`` (a refusal: nothing was written).
Permission denials are not refusals: they stay top-level errors.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Protocol, TypeVar

import strawberry
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from strawberry.types.base import has_object_definition

from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.schema.context import Context
from core.schema.derive import GLOBAL_IDS
from core.schema.errors import UserError, user_errors
from core.schema.ids import INVALID, NotAGlobalId, filter_id, input_key, lookup_id
from core.services.context import Service, ServiceContext
from core.services.inputs import validate

__all__ = [
    "CONFLICT",
    "INVALID",
    "Info",
    "UserError",
    "as_data",
    "filter_id",
    "lookup_id",
    "mutate",
    "services",
    "user_errors",
]

Info = strawberry.Info[Context, None]

ModelT = TypeVar("ModelT", bound=BaseModel)
ResultT = TypeVar("ResultT")
ResultT_contra = TypeVar("ResultT_contra", contravariant=True)
PayloadT = TypeVar("PayloadT")
PayloadT_co = TypeVar("PayloadT_co", covariant=True)

CONFLICT_DATA = UserErrorData(
    field=None,
    message=Message("the request conflicts with a change made at the same time; try again"),
    code=ErrorCode.DUPLICATE,
)
CONFLICT = UserError.from_data(CONFLICT_DATA)
"""A unique constraint refused the write: another request made the same change meanwhile."""


class Payload(Protocol[ResultT_contra, PayloadT_co]):
    """A payload class: built from the service's result, or from the refusal's errors."""

    def __call__(self, *, errors: list[UserError]) -> PayloadT_co: ...

    def of(self, result: ResultT_contra, /) -> PayloadT_co: ...


def services(info: Info) -> ServiceContext:
    """The request, as the services take it."""
    context = info.context
    return ServiceContext(
        db=context.db,
        actor=context.actor,
        registry=context.registry,
        plugin_manager=context.plugin_manager,
        settings=context.settings,
    )


async def mutate(
    info: Info,
    model: type[ModelT],
    raw: object,
    service: Service[ResultT],
    payload: Payload[ResultT, PayloadT],
    /,
    **given: Any,
) -> PayloadT:
    """Validate ``raw`` into ``model``, call ``service`` with it as ``data`` in one
    transaction, and answer with ``payload``.

    ``given`` are further arguments of the service; the others are filled from the
    request (:mod:`core.services.context`).
    """
    try:
        data = validate(model, as_data(raw, ids=True))
        result = await services(info).write(service, data=data, **given)
    except DomainValidationError as exc:
        return payload(errors=user_errors(exc))
    except IntegrityError:
        return payload(errors=[UserError.from_data(CONFLICT_DATA)])
    return payload.of(result)


def as_data(value: Any, *, ids: bool = False, path: str = "") -> Any:
    """An input object as a dict with the schema's (camelCase) names, recursively.

    Fields left out (or null) are dropped, so the service's defaults apply and
    required ones are reported as missing. JSON scalars are passed unchanged.
    With ``ids``, the global ids of the input's id fields (``GLOBAL_IDS`` of
    :mod:`core.schema.derive`) become the services' integer keys.

    Raises:
        DomainValidationError: ``INVALID`` on the field (a dotted camelCase path) of
            an id that is not a global id of the field's type.
    """
    if has_object_definition(value):
        definition = value.__strawberry_definition__
        kinds: dict[str, str] = getattr(type(value), GLOBAL_IDS, {}) if ids else {}
        data: dict[str, Any] = {}
        for field in definition.fields:
            item = getattr(value, field.python_name)
            if item is None or item is strawberry.UNSET:
                continue
            name = field.graphql_name or _camel(field.python_name)
            where = f"{path}{name}"
            kind = kinds.get(field.python_name)
            if kind is not None and isinstance(item, list):
                data[name] = [_key(one, kind, f"{where}.{at}") for at, one in enumerate(item)]
            elif kind is not None:
                data[name] = _key(item, kind, where)
            else:
                data[name] = as_data(item, ids=ids, path=f"{where}.")
        return data
    if isinstance(value, list):
        # Lists of input objects or enums; a JSON scalar's list is passed unchanged,
        # never walked recursively (it may be nested deeper than Python recurses).
        return [
            as_data(item, ids=ids, path=f"{path}{index}.")
            if has_object_definition(item) or isinstance(item, Enum)
            else item
            for index, item in enumerate(value)
        ]
    if isinstance(value, Enum):
        return value.value
    return value


def _key(value: Any, kind: str, field: str) -> int | str:
    try:
        return input_key(value, kind)
    except NotAGlobalId as problem:
        raise DomainValidationError.single(field, problem.reason, ErrorCode.INVALID) from None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
