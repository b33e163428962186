"""The Employment for Skill Development system (ESD, 育成就労), which replaces TITP for
new entries from 2027-04-01: the kinds of thing the service records of it and the
declared fields of each record (the bases of the model families).

The numbers and dates of its rules are not here: they are dated, sourced rule
values (:mod:`core.domain.esd_rules`), several provisional. Source of every kind:
``shared/reference/supervision-and-esd.md`` sections 1-8 and 10.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlmodel import Field, SQLModel

ESD_FIELD_CODE = r"^[a-z][a-z_]{1,39}$"
"""The service's code of an ESD field (育成就労産業分野), such as ``care``: the fields have
no official codes or English names (reference section 2), so the codes are ours."""

WORK_CATEGORY_CODE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"


class Programme(StrEnum):
    """Which programme a person is under: never both (reference section 8)."""

    TITP = "titp"
    ESD = "esd"


class Cefr(StrEnum):
    """A level of the Common European Framework of Reference, which ESD's Japanese targets
    use (A1 before work, A2 for the move to SSW (i); reference section 3)."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"


CEFR_ORDER: tuple[Cefr, ...] = tuple(Cefr)
"""Lowest first: a level meets a target when it is at or above it."""


def meets(level: Cefr | str | None, target: Cefr | str) -> bool:
    """Whether ``level`` is at or above ``target`` (unknown never meets)."""
    if level is None:
        return False
    return CEFR_ORDER.index(Cefr(level)) >= CEFR_ORDER.index(Cefr(target))


class LanguageResultKind(StrEnum):
    """A Japanese test sat, or a certified course attended (reference section 3)."""

    TEST = "test"
    COURSE = "course"


class EsdTestGrade(StrEnum):
    """The skills tests an ESD worker sits: the basic grade in year one, grade 3 or the
    SSW (i) skills test for the move to SSW (i) (reference section 3)."""

    BASIC = "basic"
    GRADE_3 = "grade_3"
    SSW_I = "ssw_i"


class TransferReason(StrEnum):
    """At the worker's wish (本人意向転籍, after the field's period) or for an unavoidable
    reason (やむを得ない事情, at any time); reference section 4."""

    WORKER_WISH = "worker_wish"
    UNAVOIDABLE = "unavoidable"


class TransferArranger(StrEnum):
    """Who arranged a transfer: only the ESD organisation (機構), a supervising support
    organisation (監理支援機関) or Hello Work may; private agencies are barred (section 4)."""

    ESD_ORGANISATION = "esd_organisation"
    SUPERVISING_SUPPORT = "supervising_support"
    HELLO_WORK = "hello_work"
    PRIVATE_AGENCY = "private_agency"


class EsdPlanBase(SQLModel):
    """One ESD plan (育成就労計画) per worker for the whole period, no stages (section 7)."""

    field_code: str = Field(
        foreign_key="esd_field.code", max_length=40, schema_extra={"pattern": ESD_FIELD_CODE}
    )
    work_category_code: str = Field(
        max_length=40,
        schema_extra={"pattern": WORK_CATEGORY_CODE},
        description="The work category (業務区分) within the field.",
    )
    goals: str = Field(min_length=1, max_length=2000)
    planned_start: date
    planned_end: date
    core_duties_percent: int = Field(
        ge=1, le=100, description="The share of the work spent on the core duties (必須業務)."
    )
    instructor: str = Field(
        min_length=1, max_length=200, description="The ESD instructor (育成就労指導員)."
    )
    life_counsellor: str = Field(
        min_length=1, max_length=200, description="The life counsellor (生活相談員)."
    )
    monthly_wage: int = Field(
        ge=0, le=10_000_000, description="Contractual wage (所定内賃金), yen per month."
    )
    weekly_hours: int = Field(ge=1, le=60, description="Contractual working hours per week.")
    housing: str = Field(min_length=1, max_length=500)


class LanguageResultBase(SQLModel):
    """A Japanese test sat, or a course attended, by a person (section 3)."""

    kind: str = Field(max_length=10)
    test: str | None = Field(
        default=None, max_length=40, description="The test's code, such as 'jlpt' or 'jft_basic'."
    )
    level: str | None = Field(
        default=None, max_length=20, description="The level sat or passed, as the test names it."
    )
    passed: bool | None = Field(default=None, description="For a test: passed or not.")
    taken_on: date = Field(description="The test's date, or the day the course ended.")
    course_hours: int | None = Field(default=None, ge=1, le=5000)
    course_provider: str | None = Field(default=None, max_length=200)
    course_target: str | None = Field(
        default=None, max_length=2, description="The CEFR level a course aims at (A1, A2)."
    )
    certified_course: bool | None = Field(
        default=None,
        description="Taught by a certified Japanese-language school (work track) or by "
        "registered teachers, as the rule asks.",
    )


class EsdSkillsSittingBase(SQLModel):
    """One sitting of a skills test by an ESD worker, kept whatever the result."""

    grade: str = Field(max_length=10)
    sat_on: date
    passed: bool
    score: int | None = Field(default=None, ge=0, le=1000)
