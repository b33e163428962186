"""Pre-entry training cohorts, their phases and each candidate's results."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.db.models.base import timestamp
from core.domain.families import TrainingCohortBase


class TrainingCohort(TrainingCohortBase, table=True):
    __tablename__ = "training_cohort"
    __table_args__ = (UniqueConstraint("country_code", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = timestamp()


class CohortPhase(SQLModel, table=True):
    __tablename__ = "cohort_phase"
    __table_args__ = (UniqueConstraint("cohort_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="training_cohort.id", index=True)
    position: int
    name: str = Field(max_length=120)
    starts_on: date
    ends_on: date
    paid_by: str | None = Field(default=None, max_length=30)


class TrainingResult(SQLModel, table=True):
    """Attendance and assessment of one candidate in one phase."""

    __tablename__ = "training_result"
    __table_args__ = (UniqueConstraint("candidate_id", "phase_id"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    phase_id: int = Field(foreign_key="cohort_phase.id", index=True)
    attendance_percent: float
    assessment_score: float | None = None
    passed: bool
    recorded_at: datetime = timestamp()
