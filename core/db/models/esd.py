"""What the service records of the Employment for Skill Development system (ESD):
fields and work categories, plans, Japanese-language results, skills sittings,
employment with its transfers, and the move to Specified Skilled Worker (i).
The declared fields are :mod:`core.domain.esd`'s bases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.db.models.base import timestamp
from core.domain.esd import EsdPlanBase, EsdSkillsSittingBase, LanguageResultBase


class EsdField(SQLModel, table=True):
    """An ESD field (育成就労産業分野), with the Specified Skilled Worker field it leads to.

    The transfer restriction period of a field is a dated rule value
    (``esd.transfer.period_years.<code>``), not a column: it is provisional and an
    administrator replaces it with a newer dated version."""

    __tablename__ = "esd_field"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name_ja: str = Field(max_length=120)
    name_en: str | None = Field(default=None, max_length=200)
    ssw_field_ja: str | None = Field(
        default=None, max_length=120, description="The SSW field (特定技能の分野) it leads to."
    )
    ssw_field_tag: str = Field(max_length=20, description="How the link to SSW is known.")
    valid_from: date | None = None
    valid_to: date | None = None
    source_url: str = Field(max_length=1000)
    tag: str = Field(max_length=20)
    created_at: datetime = timestamp()


class EsdWorkCategory(SQLModel, table=True):
    """A work category (業務区分) of a field: what transfers must keep the same."""

    __tablename__ = "esd_work_category"
    __table_args__ = (UniqueConstraint("field_code", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    field_code: str = Field(foreign_key="esd_field.code", max_length=40, index=True)
    code: str = Field(max_length=40)
    name_ja: str = Field(max_length=200)
    name_en: str | None = Field(default=None, max_length=200)
    valid_from: date | None = None
    valid_to: date | None = None
    source_url: str = Field(max_length=1000)
    tag: str = Field(max_length=20)
    recorded_by: str | None = Field(default=None, max_length=254)
    created_at: datetime = timestamp()


class EsdPlan(EsdPlanBase, table=True):
    """A version of a worker's ESD plan; a change is a new version, as for TITP plans.
    ``extended_to`` is the end after the one-year extension for failed tests."""

    __tablename__ = "esd_plan"
    __table_args__ = (UniqueConstraint("candidate_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    host_company_id: int = Field(foreign_key="host_company.id", index=True)
    version: int = 1
    supersedes_id: int | None = Field(default=None, foreign_key="esd_plan.id")
    status: str = Field(max_length=12, index=True)
    applied_on: date | None = None
    certified_on: date | None = None
    certified_by: str | None = Field(default=None, max_length=120)
    certificate_number: str | None = Field(default=None, max_length=40)
    extended_to: date | None = None
    extension_reason: str | None = Field(default=None, max_length=500)
    ended_on: date | None = None
    end_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = timestamp()


class LanguageTestLevel(SQLModel, table=True):
    """A level of a Japanese test and its CEFR equivalent (JLPT N5 = A1, ...), as data."""

    __tablename__ = "language_test_level"
    __table_args__ = (UniqueConstraint("test", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    test: str = Field(max_length=40)
    level: str = Field(max_length=20)
    cefr: str = Field(max_length=2)
    source_url: str = Field(max_length=1000)
    tag: str = Field(max_length=20)
    recorded_by: str | None = Field(default=None, max_length=254)
    created_at: datetime = timestamp()


class LanguageResult(LanguageResultBase, table=True):
    __tablename__ = "language_result"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    cefr: str | None = Field(
        default=None,
        max_length=2,
        description="The CEFR equivalent of a test's level, from language_test_level when "
        "recorded; null when unknown.",
    )
    created_at: datetime = timestamp()


class EsdSkillsSitting(EsdSkillsSittingBase, table=True):
    __tablename__ = "esd_skills_sitting"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    created_at: datetime = timestamp()


class Employment(SQLModel, table=True):
    """An ESD worker's time with one employer; a transfer closes one and opens the next."""

    __tablename__ = "esd_employment"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    host_company_id: int = Field(foreign_key="host_company.id", index=True)
    work_category_code: str = Field(max_length=40)
    started_on: date
    ended_on: date | None = None
    transfer_id: int | None = Field(
        default=None, foreign_key="esd_transfer.id", description="The transfer that began it."
    )
    created_at: datetime = timestamp()


class Transfer(SQLModel, table=True):
    """A transfer (転籍) of an ESD worker, with the checks and rule versions it was decided
    on, and what the new employer repays of the first employer's costs."""

    __tablename__ = "esd_transfer"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    from_host_company_id: int = Field(foreign_key="host_company.id", index=True)
    to_host_company_id: int = Field(foreign_key="host_company.id", index=True)
    reason: str = Field(max_length=20)
    unavoidable_reason: str | None = Field(default=None, max_length=1000)
    arranged_by: str = Field(max_length=30)
    transfers_on: date
    served_from: date
    checks: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False),
        description="The explained checks as decided, with the rule versions they read.",
    )
    repayment_total: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    repayment_amount: Decimal | None = Field(default=None, sa_type=Numeric(14, 2))
    repayment_share_numerator: int | None = None
    repayment_share_denominator: int | None = None
    recorded_by: str | None = Field(default=None, max_length=254)
    created_at: datetime = timestamp()


class SswChange(SQLModel, table=True):
    """The change of an ESD worker to Specified Skilled Worker (i), with the passes used."""

    __tablename__ = "ssw_change"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", unique=True)
    changed_on: date
    skills_sitting_id: int = Field(foreign_key="esd_skills_sitting.id")
    language_result_id: int = Field(foreign_key="language_result.id")
    created_at: datetime = timestamp()
