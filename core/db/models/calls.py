"""Recruitment calls and the versions of their criteria."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.db.models.base import json_column, timestamp
from core.domain.families import RecruitmentCallBase


class RecruitmentCall(RecruitmentCallBase, table=True):
    """A call for applicants a ministry opens; its fields are :class:`RecruitmentCallBase`'s."""

    __tablename__ = "recruitment_call"
    __table_args__ = (UniqueConstraint("country_code", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = timestamp()


class CriteriaVersion(SQLModel, table=True):
    """The call's criteria as they stood; a change makes a new version.

    Screening decisions point to the version they applied, so changing the
    criteria never changes a decision already made.
    """

    __tablename__ = "criteria_version"
    __table_args__ = (UniqueConstraint("call_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    call_id: int = Field(foreign_key="recruitment_call.id", index=True)
    version: int
    criteria: list[dict[str, Any]] = json_column(default=list)
    reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = timestamp()
