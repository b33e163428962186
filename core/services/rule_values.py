"""The dated rule values an administrator keeps: listing them, adding a newer version.

A rule's number (lead months, the lectures' share, the audits' interval...)
is never changed in place: ``setRuleValue`` adds a version in force from a
date, and the version in force until then gets that date as its end
(``valid_to``). Versions only go forward: a new one starts after the newest
one's start, so a decision already taken on a past day keeps the number it was
taken with, and only what falls on or after the new date reads the new one
(:mod:`core.services.rules` reads the version in force on the day that
matters). Only rules that exist get new versions (the services read them by
key: a new key would be read by nothing), and a new version keeps the shape of
the rule's value (a whole number stays a whole number), so the services that
read it keep working.

A value is JSON, written and read as JSON text: a whole number (``4``), a
fraction (``{"numerator": 1, "denominator": 6}``), a list
(``[["basic", "written"]]``) or a text (``"05-31"``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field, ValidationInfo, field_validator
from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import RuleValue
from core.domain.supervision import SourceTag
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import N_, Message
from core.services.inputs import Input

MAX_VALUE_LENGTH = 10_000
"""Characters of a value's JSON text (the longest shipped value is under 60)."""


class ValueShape(StrEnum):
    """The shape of a rule's value, which a new version must keep."""

    WHOLE = "whole"
    FRACTION = "fraction"
    LIST = "list"
    TEXT = "text"


MAX_WHOLE = 2**31 - 1
"""The largest whole number a value may be: GraphQL's ``Int`` (32 bits) carries it."""


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_WHOLE


def shape_of(value: Any) -> ValueShape | None:
    """The shape of a JSON value, or None when it is none of the four (a decimal, a
    boolean, null, a whole number beyond 32 bits, an object other than a fraction, a
    fraction whose numerator is below 0 or whose denominator is not above 0)."""
    if _whole(value):
        return ValueShape.WHOLE
    if isinstance(value, str):
        return ValueShape.TEXT
    if isinstance(value, list):
        return ValueShape.LIST
    if isinstance(value, dict) and set(value) == {"numerator", "denominator"}:
        numerator, denominator = value["numerator"], value["denominator"]
        if _whole(numerator) and _whole(denominator) and denominator > 0 and numerator >= 0:
            return ValueShape.FRACTION
    return None


def as_text(value: Any) -> str:
    """A value as the JSON text the API shows (compact, non-ASCII kept)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


SHAPES = Message(
    'a whole number (4), a fraction ({fraction}), a list ([...]) or a text ("05-31")',
    fraction='{"numerator": 1, "denominator": 6}',
)


class SetRuleValueInput(Input):
    """A new version of a rule's value, in force from ``validFrom``."""

    key: str = Field(
        min_length=1, max_length=80, description="The rule, e.g. 'titp.plan.lead_months.i'."
    )
    value: str = Field(
        min_length=1,
        max_length=MAX_VALUE_LENGTH,
        description=(
            "The value as JSON text, of the same shape as the rule's other versions: a whole "
            'number (4), a fraction ({"numerator": 1, "denominator": 6}), a list or a text.'
        ),
    )
    valid_from: date = Field(
        description="The first day the new version is in force; after the newest version's."
    )
    tag: SourceTag = Field(description="How the value is known.")
    source_url: str | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        validate_default=True,
        description="Where the value comes from; required unless the tag is NOT_FOUND.",
    )
    provisional: bool = Field(
        default=False, description="Whether the value awaits a primary source."
    )
    description: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="What the value means; the previous version's when left out.",
    )

    @field_validator("source_url")
    @classmethod
    def _sourced(cls, source_url: str | None, info: ValidationInfo) -> str | None:
        tag = info.data.get("tag")
        if source_url is None and tag is not None and tag is not SourceTag.NOT_FOUND:
            raise ValueError(
                Message("give the source of the value (only a NOT_FOUND value has none)")
            )
        return source_url


async def rule_values(
    *, session: AsyncSession, key: str | None = None, in_force_on: date | None = None
) -> Sequence[RuleValue]:
    """The versions of every rule (or of ``key``), ordered by key then start (the
    version in force since before the records first); with ``in_force_on`` only
    those in force that day."""
    statement = select(RuleValue)
    if key is not None:
        statement = statement.where(col(RuleValue.key) == key)
    if in_force_on is not None:
        statement = statement.where(
            or_(col(RuleValue.valid_from).is_(None), col(RuleValue.valid_from) <= in_force_on),
            or_(col(RuleValue.valid_to).is_(None), col(RuleValue.valid_to) > in_force_on),
        )
    statement = statement.order_by(
        col(RuleValue.key), col(RuleValue.valid_from).asc().nulls_first(), col(RuleValue.id)
    )
    return (await session.exec(statement)).all()


@dataclass(frozen=True)
class RuleChange:
    """The version added, and the one that ended where it starts."""

    added: RuleValue
    ended: RuleValue


async def set_rule_value(
    *, session: AsyncSession, data: SetRuleValueInput, actor: str | None
) -> RuleChange:
    """Add a version of rule ``data.key`` in force from ``data.valid_from``; the version
    in force until then ends that day. Refused, naming the field: an unknown key, a
    start on or before the newest version's, a value that is not JSON or not of the
    rule's shape."""
    versions = list(
        (
            await session.exec(
                select(RuleValue)
                .where(col(RuleValue.key) == data.key)
                .order_by(col(RuleValue.valid_from).asc().nulls_first(), col(RuleValue.id))
                .with_for_update()
            )
        ).all()
    )
    if not versions:
        raise DomainValidationError.single(
            "key",
            Message(
                "no rule {key}: only the rules listed by ruleValues get new versions",
                key=repr(data.key),
            ),
            ErrorCode.NOT_FOUND,
        )
    newest = versions[-1]
    errors: list[UserErrorData] = []
    if newest.valid_from is not None and data.valid_from <= newest.valid_from:
        errors.append(
            UserErrorData(
                field="validFrom",
                message=Message(
                    "versions only go forward: the newest version of {key} is in force from "
                    "{day}; give a later day",
                    key=data.key,
                    day=newest.valid_from.isoformat(),
                ),
                code=ErrorCode.INVALID,
            )
        )
    value, problem = _parsed(data.value, shape_of(newest.value))
    if problem is not None:
        errors.append(UserErrorData(field="value", message=problem, code=ErrorCode.INVALID))
    if errors:
        raise DomainValidationError(errors)
    if newest.valid_to is None or newest.valid_to > data.valid_from:
        newest.valid_to = data.valid_from
        session.add(newest)
    row = RuleValue(
        key=data.key,
        value=value,
        description=data.description or newest.description,
        valid_from=data.valid_from,
        source_url=data.source_url,
        tag=data.tag.value,
        provisional=data.provisional,
        recorded_by=actor,
    )
    session.add(row)
    await session.flush()
    return RuleChange(added=row, ended=newest)


def _parsed(text: str, expected: ValueShape | None) -> tuple[Any, str | None]:
    """The value of JSON ``text`` and why it is refused (None when it is not)."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None, Message("not JSON: write {shapes}", shapes=SHAPES)
    shape = shape_of(value)
    if shape is None:
        return None, Message("not a rule value: write {shapes}", shapes=SHAPES)
    if expected is not None and shape is not expected:
        return None, Message(
            "the rule's value is a {expected}, not a {given}: a new version keeps its shape",
            expected=Message(SHAPE_NAMES[expected]),
            given=Message(SHAPE_NAMES[shape]),
        )
    return value, None


SHAPE_NAMES = {
    ValueShape.WHOLE: N_("whole number"),
    ValueShape.FRACTION: N_("fraction"),
    ValueShape.LIST: N_("list"),
    ValueShape.TEXT: N_("text"),
}
