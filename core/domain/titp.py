"""Japan's Technical Intern Training system, as far as the lifecycle needs it.

Sources (``shared/reference/domain.md`` section 4): jitco.or.jp/english/overview/tip,
phgic.org and setouchi-coop.com for the stages and their lengths (1, 2 and 2
years, at most 5); seibu-kk.or.jp, k-m-t.jp and mylabormatters for the skills
tests (:class:`SkillsTest`, the names a stage record keeps). Which passes open each
stage is now the rule data ``titp.gate.ii`` / ``titp.gate.iii`` checked against the
recorded sittings (:mod:`core.services.skills_tests`). Prefectures are ISO
3166-2:JP, from pycountry.
"""

from __future__ import annotations

from enum import StrEnum

import pycountry

from core.i18n import Message


class Stage(StrEnum):
    """Technical Intern Training (i), (ii), (iii)."""

    I = "i"  # noqa: E741 (the stage's own name)
    II = "ii"
    III = "iii"


class SkillsTest(StrEnum):
    BASIC_GRADE = "basic_grade"
    ELEMENTARY = "elementary"
    GRADE_3 = "grade_3"
    SPECIALIZED = "specialized"


class ReturnOutcome(StrEnum):
    COMPLETED = "completed"
    EARLY_RETURN = "early_return"


STAGE_YEARS = {Stage.I: 1, Stage.II: 2, Stage.III: 2}
MAX_YEARS_IN_JAPAN = 5
NEXT_STAGE = {Stage.I: Stage.II, Stage.II: Stage.III}


def stage_label(stage: Stage) -> Message:
    """A stage as a refusal names it (its value, ``ii``), translatable."""
    return Message(stage.value, context="Stage")


def skills_test_label(test: SkillsTest) -> Message:
    """A skills test as a refusal names it (its value, ``grade_3``), translatable."""
    return Message(test.value, context="SkillsTest")


PREFECTURES: dict[str, str] = {
    subdivision.code: subdivision.name
    for subdivision in sorted(
        pycountry.subdivisions.get(country_code="JP"),  # type: ignore[no-untyped-call]
        key=lambda s: s.code,
    )
}


def prefecture_name(value: str) -> str | None:
    """The prefecture's name for its name or ISO code (``Tokyo``, ``JP-13``), else None."""
    wanted = value.strip().casefold()
    for code, name in PREFECTURES.items():
        if wanted in (code.casefold(), name.casefold()):
            return name
    return None
