"""OTIT's coded occupations and operations (移行対象職種・作業), as far as the reference knows them.

The service ships only the reference's examples, marked ``partial``: the
official list (JITCO, jitco.or.jp/ja/regulation/occupation.html [primary];
OTIT otit.go.jp/ikoutaishou/) is loaded with ``imjapan occupations import
FILE``. Sources disagree on how many there are (90/165 in 2023, 91/168 in
2025, 96/174 in 2026); official English names were not found, so the English
names stay null (``shared/reference/supervision-and-esd.md`` section 9).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.supervision import SourceTag

PARTIAL_LIST = "reference examples (partial list)"
"""The source list of the shipped rows: a partial list, to be replaced by the official one."""

KOKUSAIKOURYUU = (
    "https://www.kokusaikouryuu.com/%E7%A7%BB%E8%A1%8C%E5%AF%BE%E8%B1%A1%E8%81%B7%E7%A8%AE"
)
UNIDENTIFIED = "GitHub data file attributed to OTIT, 2026-07-29 (repository unidentified, no URL)"


def sort_key(code: str) -> str:
    """The key that orders codes naturally (``1-2-1`` before ``1-10-1``): each number
    zero-padded to two digits (the code's pattern allows at most two), ``01-02-01``.
    A code of another shape is its own key."""
    parts = code.split("-")
    if not all(part.isdigit() and len(part) <= 2 for part in parts):
        return code
    return "-".join(part.zfill(2) for part in parts)


@dataclass(frozen=True)
class OccupationFact:
    code: str
    occupation_ja: str
    operation_ja: str | None
    stage_iii_allowed: bool | None
    source: str
    tag: SourceTag = SourceTag.SECONDARY


EXAMPLES: tuple[OccupationFact, ...] = (
    OccupationFact("1-1-1", "耕種農業", "施設園芸", None, UNIDENTIFIED),
    OccupationFact("1-2-1", "畜産農業", "養豚", None, UNIDENTIFIED),
    OccupationFact("2-1-9", "漁船漁業", "棒受網漁業", False, KOKUSAIKOURYUU),
    OccupationFact("3-7-1", "鉄筋施工", "鉄筋組立て", None, UNIDENTIFIED),
    OccupationFact("4-10-1", "農産物漬物製造業", None, False, KOKUSAIKOURYUU),
)
"""The reference's examples. All are 移行対象 (stage (ii) allowed); the reference
names two that are not eligible for stage (iii) and is silent on the others, whose
eligibility stays unknown (null) until the official list is imported. The
operation of 4-10-1 is not given."""
