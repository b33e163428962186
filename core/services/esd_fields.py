"""The 17 ESD fields (育成就労産業分野) with their work categories and transfer periods.

The fields are shipped by migration 0016 (reference section 2). Work categories
(業務区分) are not in the reference, so none is shipped: an administrator records
them (:func:`record_work_category`), each with its source and tag. A field's
transfer restriction period is the dated rule value ``esd.transfer.period_years.<code>``
(provisional) in force on the day asked; every version of those rules is read in
one statement (:func:`core.services.rules.rule_book`) for the whole list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import Field
from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import EsdField, EsdWorkCategory
from core.domain.esd import ESD_FIELD_CODE, WORK_CATEGORY_CODE
from core.domain.esd_fields import period_rule
from core.domain.supervision import SourceTag
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.services import clock, rules
from core.services.inputs import Input


class RecordWorkCategoryInput(Input):
    """A work category (業務区分) of an ESD field, with where it comes from."""

    field_code: str = Field(max_length=40, pattern=ESD_FIELD_CODE)
    code: str = Field(max_length=40, pattern=WORK_CATEGORY_CODE)
    name_ja: str = Field(min_length=1, max_length=200)
    name_en: str | None = Field(
        default=None, min_length=1, max_length=200, description="Null: no official English name."
    )
    valid_from: date | None = Field(
        default=None, description="The first day the category exists; null: since always."
    )
    source_url: str = Field(min_length=1, max_length=1000)
    tag: SourceTag


@dataclass(frozen=True)
class FieldListing:
    """A field with its categories and the transfer period in force on ``on``."""

    field: EsdField
    categories: list[EsdWorkCategory]
    period: rules.Rule | None


def valid_on(row: EsdField | EsdWorkCategory, day: date) -> bool:
    """Whether ``row`` exists on ``day`` (``valid_to`` is its first day of no longer)."""
    return (row.valid_from is None or row.valid_from <= day) and (
        row.valid_to is None or day < row.valid_to
    )


async def field_listings(
    session: AsyncSession, rows: Sequence[EsdField], on: date
) -> list[FieldListing]:
    """``rows`` with their categories (one statement) and the period rules in force on
    ``on`` (one statement for every version of them)."""
    if not rows:
        return []
    codes = [row.code for row in rows]
    categories: dict[str, list[EsdWorkCategory]] = defaultdict(list)
    found = await session.exec(
        select(EsdWorkCategory)
        .where(col(EsdWorkCategory.field_code).in_(codes))
        .order_by(col(EsdWorkCategory.code), col(EsdWorkCategory.id))
    )
    for category in found.all():
        categories[category.field_code].append(category)
    book = await rules.rule_book(session, [period_rule(code) for code in codes])
    listed = []
    for row in rows:
        try:
            period: rules.Rule | None = book.in_force(period_rule(row.code), on)
        except rules.RuleMissing:
            period = None
        listed.append(FieldListing(row, categories[row.code], period))
    return listed


async def esd_fields(*, session: AsyncSession, on: date | None = None) -> list[FieldListing]:
    """The fields valid on ``on`` (default today), in the reference's order (by id)."""
    day = on or clock.today()
    statement = (
        select(EsdField)
        .where(
            or_(col(EsdField.valid_from).is_(None), col(EsdField.valid_from) <= day),
            or_(col(EsdField.valid_to).is_(None), col(EsdField.valid_to) > day),
        )
        .order_by(col(EsdField.id))
    )
    return await field_listings(session, (await session.exec(statement)).all(), day)


async def esd_field(
    *, session: AsyncSession, code: str, on: date | None = None
) -> FieldListing | None:
    """One field by code, whatever its validity; its period in force on ``on``."""
    row = (await session.exec(select(EsdField).where(col(EsdField.code) == code))).first()
    if row is None:
        return None
    return (await field_listings(session, [row], on or clock.today()))[0]


async def field_or_refuse(session: AsyncSession, code: str, *, field: str) -> EsdField:
    row = (await session.exec(select(EsdField).where(col(EsdField.code) == code))).first()
    if row is None:
        raise DomainValidationError.single(
            field,
            Message("no ESD field {code} (see esdFields)", code=repr(code)),
            ErrorCode.NOT_FOUND,
        )
    return row


async def record_work_category(
    *, session: AsyncSession, data: RecordWorkCategoryInput, actor: str | None
) -> EsdWorkCategory:
    """A new work category of a field; refused for an unknown field, and on ``code``
    when the field has it already."""
    await field_or_refuse(session, data.field_code, field="fieldCode")
    existing = await session.exec(
        select(EsdWorkCategory.id).where(
            col(EsdWorkCategory.field_code) == data.field_code,
            col(EsdWorkCategory.code) == data.code,
        )
    )
    if existing.first() is not None:
        raise DomainValidationError.single(
            "code",
            Message(
                "the field {field} has a work category {code} already",
                field=data.field_code,
                code=repr(data.code),
            ),
            ErrorCode.DUPLICATE,
        )
    row = EsdWorkCategory(**data.model_dump(exclude={"tag"}), tag=data.tag.value, recorded_by=actor)
    session.add(row)
    await session.flush()
    return row
