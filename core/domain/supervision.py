"""IM Japan's own work in Japan as a supervising organisation (監理団体) under TITP.

The kinds of thing it records, and the declared fields of each record (the
bases of the model families, as in :mod:`core.domain.families`): training
plans, the entry chain, post-entry lectures, audits and visits of host
companies, skills test sittings, the stage (iii) conditions, difficulties
(missing interns), fees. The rules' numbers are not here: they are dated,
sourced rule values (:mod:`core.domain.reference_rules`).

Source of every kind: ``shared/reference/supervision-and-esd.md`` B1-B11 and
section 9.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Numeric
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString

OCCUPATION_CODE = r"^\d{1,2}-\d{1,2}-\d{1,2}$"
"""OTIT's code of an occupation and operation, such as ``1-1-1`` (B9)."""


class SourceTag(StrEnum):
    """How a fact is known (the reference's tags)."""

    PRIMARY = "primary"
    SECONDARY = "secondary"
    INFERRED = "inferred"
    NOT_FOUND = "not_found"


class PlanStatus(StrEnum):
    """A training plan's life (B2): drafted, applied for, certified by OTIT, then
    superseded by a certified change or ended."""

    DRAFTED = "drafted"
    APPLIED = "applied"
    CERTIFIED = "certified"
    SUPERSEDED = "superseded"
    ENDED = "ended"


class LectureSubject(StrEnum):
    """The four subjects of the post-entry lectures (section 9)."""

    JAPANESE = "japanese"
    DAILY_LIFE = "daily_life"
    LEGAL_PROTECTION = "legal_protection"
    TRAINING_KNOWLEDGE = "training_knowledge"


class AuditKind(StrEnum):
    """A regular audit (at least every three months) or an extra one at once (section 9)."""

    REGULAR = "regular"
    EXTRA = "extra"


class TestGrade(StrEnum):
    """The skills tests of TITP (B7): basic grade, grade 3, grade 2."""

    BASIC = "basic"
    GRADE_3 = "grade_3"
    GRADE_2 = "grade_2"


class TestPart(StrEnum):
    WRITTEN = "written"
    PRACTICAL = "practical"


class DifficultyKind(StrEnum):
    """Why an intern cannot continue, as form 18 (技能実習実施困難時届出書) asks."""

    MISSING = "missing"
    ILLNESS_OR_INJURY = "illness_or_injury"
    HOST_COMPANY_CLOSURE = "host_company_closure"
    PERSONAL_REASONS = "personal_reasons"
    OTHER = "other"


class FeePayee(StrEnum):
    """To whom an intern paid (item 9 of the supervising organisation's duties)."""

    SENDING_ORGANISATION = "sending_organisation"
    PRE_ENTRY_TRAINING = "pre_entry_training"
    OTHER = "other"


class FeeKind(StrEnum):
    """What a payment was for. Deposits and penalty contracts are refused (B11)."""

    FEE = "fee"
    TRAINING_COST = "training_cost"
    TRAVEL = "travel"
    OTHER = "other"
    DEPOSIT = "deposit"
    PENALTY_CONTRACT = "penalty_contract"


class LicenceKind(StrEnum):
    """A supervising organisation's licence (B1): general supervision allows stage (iii);
    under ESD the supervising support organisation's licence (監理支援機関, section 6)."""

    TITP_GENERAL = "titp_general"
    TITP_SPECIFIC = "titp_specific"
    ESD_SUPERVISING_SUPPORT = "esd_supervising_support"


class TrainingPlanBase(SQLModel):
    """A training plan for one intern and stage (B2), as the host company and IM Japan draft it."""

    stage: str = Field(max_length=5, description="The stage the plan is for: i, ii or iii.")
    occupation_code: str = Field(
        foreign_key="occupation.code",
        max_length=20,
        schema_extra={"pattern": OCCUPATION_CODE},
        description="OTIT's code of the occupation and operation, such as '1-1-1'.",
    )
    goals: str = Field(min_length=1, max_length=2000)
    planned_start: date
    planned_end: date
    planned_hours: int = Field(ge=1, le=10_000, description="Training hours of the stage.")
    monthly_wage: int = Field(ge=0, le=10_000_000, description="Yen per month.")
    weekly_hours: int = Field(ge=1, le=60, description="Contractual working hours per week.")
    housing: str = Field(min_length=1, max_length=500)
    intern_costs: str | None = Field(
        default=None,
        max_length=1000,
        description="Costs the intern bears (meals, housing, utilities), as agreed.",
    )
    intern_costs_monthly: int | None = Field(
        default=None, ge=0, le=10_000_000, description="Yen per month the intern bears."
    )


class LectureCourseBase(SQLModel):
    """A course of post-entry lectures at IM Japan's own centre (B4)."""

    name: str = Field(min_length=1, max_length=120)
    centre: str = Field(min_length=1, max_length=200)
    starts_on: date
    ends_on: date


class AuditBase(SQLModel):
    """An audit of a host company (B5, section 9), as the auditor records it."""

    kind: str = Field(default=AuditKind.REGULAR.value, max_length=10)
    held_on: date
    auditor: str = Field(min_length=1, max_length=200, description="The supervisor in charge.")
    interns_total: int = Field(ge=0, le=10_000, description="Interns at the company that day.")
    site_checked: bool
    records_checked: bool
    housing_checked: bool
    managers_heard: bool = Field(
        description="Reports taken from the training manager and instructors."
    )
    findings: str | None = Field(default=None, max_length=4000)
    follow_up: str | None = Field(default=None, max_length=4000)
    follow_up_due: date | None = None
    reported_to_otit_on: date | None = None


class VisitBase(SQLModel):
    """A monthly guidance visit (訪問指導) while the company has interns in stage (i)."""

    visited_on: date
    visitor: str = Field(min_length=1, max_length=200)
    guidance: str = Field(min_length=1, max_length=4000)
    notes: str | None = Field(default=None, max_length=4000)


class SkillsTestSittingBase(SQLModel):
    """One sitting of a skills test (B7): kept whatever the result."""

    stage: str = Field(max_length=5, description="The stage during which it was sat.")
    grade: str = Field(max_length=10)
    part: str = Field(max_length=10)
    sat_on: date
    passed: bool
    score: int | None = Field(default=None, ge=0, le=1000)


class DifficultyBase(SQLModel):
    """An intern who cannot continue (missing or otherwise), as form 18 records it."""

    kind: str = Field(max_length=30)
    occurred_on: date
    company_reported_on: date = Field(description="When the host company told IM Japan.")
    details: str | None = Field(default=None, max_length=2000)


class FeePaymentBase(SQLModel):
    """What an intern paid to whom, in the currency paid (B11)."""

    payee: str = Field(max_length=30)
    payee_name: str | None = Field(default=None, max_length=200)
    kind: str = Field(max_length=30)
    amount: Decimal = Field(
        ge=0,
        max_digits=14,
        decimal_places=2,
        sa_type=Numeric(14, 2),
    )
    currency: str = Field(
        min_length=3, max_length=3, sa_type=AutoString(length=3), description="ISO 4217."
    )
    paid_on: date
    note: str | None = Field(default=None, max_length=500)
