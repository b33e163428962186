"""Test results and screening decisions with one outcome per rule."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.db.models.base import json_column, timestamp


class TestResult(SQLModel, table=True):
    """The latest result of one selection test; recording it again replaces it."""

    __test__ = False
    __tablename__ = "test_result"
    __table_args__ = (UniqueConstraint("candidate_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    kind: str = Field(max_length=30)
    passed: bool | None = None
    score: float | None = None
    details: dict[str, Any] = json_column(default=dict)
    taken_on: date | None = None
    recorded_at: datetime = timestamp()


class ScreeningDecision(SQLModel, table=True):
    __tablename__ = "screening_decision"
    __table_args__ = (
        # "Ever passed screening" (pipeline) reads this index alone.
        Index("ix_screening_decision_passed_candidate_id", "passed", "candidate_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    criteria_version_id: int = Field(foreign_key="criteria_version.id", index=True)
    passed: bool
    screened_on: date = Field(index=True)
    """Indexed for ``statistics``: screened in a period."""
    decided_at: datetime = timestamp()


class ScreeningOutcome(SQLModel, table=True):
    """One rule's result within a decision, with the values compared."""

    __tablename__ = "screening_outcome"

    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="screening_decision.id", index=True)
    position: int
    rule_id: str = Field(max_length=80)
    kind: str = Field(max_length=40)
    passed: bool
    expected: str = Field(max_length=500)
    actual: str = Field(max_length=500)
    reason: str = Field(max_length=1000)
    reason_message: Any | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """``reason`` as its message (``core.i18n.to_json``), to show it in the reader's language."""
