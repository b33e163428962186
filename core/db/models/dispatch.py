"""Host companies in Japan and the stages of an intern's stay."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.db.models.base import timestamp
from core.domain.families import HostCompanyBase


class HostCompany(HostCompanyBase, table=True):
    __tablename__ = "host_company"
    __table_args__ = (UniqueConstraint("name", "prefecture"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = timestamp()


class StageRecord(SQLModel, table=True):
    """Entry into a stage of Technical Intern Training, with the test that opened it."""

    __tablename__ = "stage_record"
    __table_args__ = (UniqueConstraint("candidate_id", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    stage: str = Field(max_length=5)
    started_on: date
    skills_test: str | None = Field(default=None, max_length=30)
    skills_test_passed_on: date | None = None
    occupation_code: str | None = Field(default=None, foreign_key="occupation.code", max_length=20)
    plan_id: int | None = Field(default=None, foreign_key="training_plan.id")
