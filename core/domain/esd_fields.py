"""The 17 ESD fields (育成就労産業分野), as the reference lists them, with their proposed
transfer restriction periods.

Source: ``shared/reference/supervision-and-esd.md`` section 2 (gathered 2026-12-02).
The fields and the periods come from secondary sources; the periods are the
proposal of 2025-09-17 (7th expert meeting), which sources dispute, so each is
stored as a provisional rule value (``esd.transfer.period_years.<code>``) that an
administrator replaces with a newer dated version. The fields have no official
codes or English names: the codes are the service's own, English names stay null.

The link to the Specified Skilled Worker field is the field of the same name: the
reference says SSW has the same fields plus 航空 and 自動車運送業, which is an
inference (tag ``inferred``), not a sourced table.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.supervision import SourceTag

FIELDS_SOURCE = "https://roukijp.jp/?p=16654"
PERIODS_SOURCE = "https://roukijp.jp/?p=16654 ; https://fukushishimbun.com/jinzai/42467"
SSW_LINK_SOURCE = (
    "https://japan-businessvisa.com/en/breaking-news-japanese-government-considering-upper-"
    "limit-on-number-of-foreign-workers-accepted ; https://roukijp.jp/?p=16654"
)


@dataclass(frozen=True)
class FieldFact:
    code: str
    name_ja: str
    transfer_period_years: int


FIELDS: tuple[FieldFact, ...] = (
    FieldFact("care", "介護", 2),
    FieldFact("building_cleaning", "ビルクリーニング", 1),
    FieldFact("linen_supply", "リネンサプライ", 1),
    FieldFact("industrial_products", "工業製品製造業", 2),
    FieldFact("construction", "建設", 2),
    FieldFact("shipbuilding", "造船・舶用工業", 2),
    FieldFact("automobile_repair", "自動車整備", 2),
    FieldFact("accommodation", "宿泊", 1),
    FieldFact("railway", "鉄道", 1),
    FieldFact("logistics_warehousing", "物流倉庫", 1),
    FieldFact("agriculture", "農業", 1),
    FieldFact("fishery", "漁業", 1),
    FieldFact("food_manufacturing", "飲食料品製造業", 2),
    FieldFact("food_service", "外食業", 2),
    FieldFact("forestry", "林業", 1),
    FieldFact("wood_industry", "木材産業", 1),
    FieldFact("resource_recycling", "資源循環", 2),
)
"""Section 2's 17 fields, with the proposal's period (1 year: 9 fields, 2 years: 8)."""

FIELDS_TAG = SourceTag.SECONDARY
SSW_LINK_TAG = SourceTag.INFERRED


def period_rule(code: str) -> str:
    """The key of a field's transfer restriction period (years)."""
    return f"esd.transfer.period_years.{code}"
