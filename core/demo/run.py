"""What the steps of one seeding share: the transaction, the registry, the plan,
and the report they fill."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.roles import Role
from core.db.models import LectureCourse
from core.demo.planning import Plan
from core.plugins.registry import CountryRegistry
from core.screening.engine import CustomEvaluator


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    scope: str


@dataclass
class DemoReport:
    """What :func:`core.demo.seed_demo` made (and removed first, with ``reset``)."""

    created: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    accounts: list[DemoAccount] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)


@dataclass
class DemoRun:
    """One seeding, inside the caller's transaction."""

    session: AsyncSession
    registry: CountryRegistry
    custom: CustomEvaluator
    plan: Plan
    report: DemoReport
    lecture_courses: dict[date, LectureCourse] = field(default_factory=dict)
    """The post-entry lecture courses made, by their first day (one per day of entry)."""
