"""The ESD fields' types: a field with its transfer period, a work category."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from core.db import models
from core.domain import supervision
from core.schema.catalogue.types import SourceTag
from core.services import esd_fields

__all__ = ["EsdField", "EsdWorkCategory", "SourceTag"]


@strawberry.type(
    description=(
        "A work category (業務区分) of an ESD field: what a transfer must keep the same. The "
        "reference lists none: every one is recorded by an administrator with its source."
    )
)
class EsdWorkCategory:
    field_code: str
    code: str
    name_ja: str
    name_en: str | None = strawberry.field(description="Null: no official English name.")
    valid_from: date | None = strawberry.field(description="Null: since always.")
    valid_to: date | None = strawberry.field(
        description="The first day the category no longer exists; null while it does."
    )
    source_url: str
    tag: supervision.SourceTag
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.EsdWorkCategory) -> EsdWorkCategory:
        return cls(
            field_code=row.field_code,
            code=row.code,
            name_ja=row.name_ja,
            name_en=row.name_en,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            source_url=row.source_url,
            tag=supervision.SourceTag(row.tag),
            created_at=row.created_at,
        )


@strawberry.type(
    description=(
        "An ESD field (育成就労産業分野), with the Specified Skilled Worker field it leads to, "
        "its work categories and its transfer restriction period (a dated rule value, "
        "provisional: the reference gives a proposal)."
    )
)
class EsdField:
    code: str = strawberry.field(
        description="The service's code: the fields have no official codes."
    )
    name_ja: str
    name_en: str | None = strawberry.field(
        description="Null: the fields have no official English names."
    )
    ssw_field_ja: str | None = strawberry.field(
        description="The Specified Skilled Worker field (特定技能の分野) it leads to."
    )
    ssw_field_tag: supervision.SourceTag = strawberry.field(
        description="How the link to the SSW field is known (inferred: same name)."
    )
    source_url: str
    tag: supervision.SourceTag
    transfer_period_years: int | None = strawberry.field(
        description=(
            "Years with the first employer before a transfer at the worker's wish: rule "
            "esd.transfer.period_years.<code> in force on the day asked; null when none is."
        )
    )
    transfer_period_provisional: bool = strawberry.field(
        description="Whether that version of the period is provisional (a proposal)."
    )
    transfer_period_since: date | None = strawberry.field(
        description="The day that version took effect; null: since always."
    )
    work_categories: list[EsdWorkCategory] = strawberry.field(
        description="Its work categories by code (a plain list: bounded per field)."
    )

    @classmethod
    def of(cls, listing: esd_fields.FieldListing) -> EsdField:
        row, period = listing.field, listing.period
        return cls(
            code=row.code,
            name_ja=row.name_ja,
            name_en=row.name_en,
            ssw_field_ja=row.ssw_field_ja,
            ssw_field_tag=supervision.SourceTag(row.ssw_field_tag),
            source_url=row.source_url,
            tag=supervision.SourceTag(row.tag),
            transfer_period_years=period.whole() if period is not None else None,
            transfer_period_provisional=period.provisional if period is not None else False,
            transfer_period_since=period.valid_from if period is not None else None,
            work_categories=[EsdWorkCategory.from_row(item) for item in listing.categories],
        )
