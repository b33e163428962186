"""How a demo row is recognised, and the check that keeps demo data out of real databases.

- recruitment calls and training cohorts: labelled ``DEMO-...``; events titled
  ``DEMO ...``;
- host companies, interview companies, founded businesses, event
  participants and interview cities: suffixed ``(demo)``;
- candidates: applicant number ``DEMO-<country>-<n>`` (their details hold only
  what their country declares), and their history's actor and reasons say "demo";
- accounts: ``demo-...@example.invalid``.

The same markers tell :func:`census` demo rows from real ones and tell
:func:`core.demo.removal.remove_demo_data` which rows it may delete.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import (
    Account,
    Candidate,
    Event,
    HostCompany,
    InterviewSession,
    RecruitmentCall,
    TrainingCohort,
)

DEMO_PREFIX = "DEMO"
"""Start of every demo call label, cohort name, event title and applicant number."""
DEMO_SUFFIX = "(demo)"
"""End of every demo company, business, participant name and interview city."""
DEMO_EMAIL_DOMAIN = "example.invalid"
DEMO_EMAIL_PREFIX = "demo-"
ACTOR = "demo data (imjapan seed-demo)"


class DemoRefused(Exception):
    """The database is not one to put demo data into (a one-line reason)."""


@dataclass(frozen=True)
class Census:
    """Rows of the main tables, demo and not (accounts and event types excluded)."""

    demo: dict[str, int]
    other: dict[str, int]

    @property
    def has_demo(self) -> bool:
        return any(self.demo.values())

    @property
    def has_other(self) -> bool:
        return any(self.other.values())


def demo_email(name: str) -> str:
    """The address of the demo account ``name``."""
    return f"{DEMO_EMAIL_PREFIX}{name}@{DEMO_EMAIL_DOMAIN}"


def demo_calls() -> Select[tuple[int | None]]:
    return select(col(RecruitmentCall.id)).where(col(RecruitmentCall.label).startswith(DEMO_PREFIX))


def demo_candidates() -> Select[tuple[int | None]]:
    return select(col(Candidate.id)).where(col(Candidate.call_id).in_(demo_calls()))


def demo_companies() -> Select[tuple[int | None]]:
    return select(col(HostCompany.id)).where(col(HostCompany.name).endswith(DEMO_SUFFIX))


def demo_cohorts() -> Select[tuple[int | None]]:
    return select(col(TrainingCohort.id)).where(col(TrainingCohort.name).startswith(DEMO_PREFIX))


def demo_sessions() -> Select[tuple[int | None]]:
    return select(col(InterviewSession.id)).where(col(InterviewSession.city).endswith(DEMO_SUFFIX))


def demo_events() -> Select[tuple[int | None]]:
    return select(col(Event.id)).where(col(Event.title).startswith(DEMO_PREFIX))


def demo_accounts() -> Select[tuple[int | None]]:
    return select(col(Account.id)).where(
        col(Account.email).startswith(DEMO_EMAIL_PREFIX),
        col(Account.email).endswith(f"@{DEMO_EMAIL_DOMAIN}"),
    )


async def census(*, session: AsyncSession) -> Census:
    """Count demo and other rows of the tables a demo data set writes to."""
    tables: dict[str, tuple[Any, Any]] = {
        "recruitment calls": (RecruitmentCall.id, col(RecruitmentCall.id).in_(demo_calls())),
        "candidates": (Candidate.id, col(Candidate.id).in_(demo_candidates())),
        "training cohorts": (TrainingCohort.id, col(TrainingCohort.id).in_(demo_cohorts())),
        "host companies": (HostCompany.id, col(HostCompany.id).in_(demo_companies())),
        "interview sessions": (
            InterviewSession.id,
            col(InterviewSession.id).in_(demo_sessions()),
        ),
        "events": (Event.id, col(Event.id).in_(demo_events())),
    }
    demo: dict[str, int] = {}
    other: dict[str, int] = {}
    for name, (key, is_demo) in tables.items():
        rows = await session.exec(
            select(is_demo, func.count(key)).select_from(key.class_).group_by(is_demo)
        )
        counts = {bool(flag): int(count) for flag, count in rows.all()}
        demo[name] = counts.get(True, 0)
        other[name] = counts.get(False, 0)
    return Census(demo=demo, other=other)


async def refuse_unsuitable(*, session: AsyncSession, reset: bool, force: bool) -> bool:
    """Refuse a database that holds real data (unless ``force``) or demo data
    already (unless ``reset``); whether there is demo data to remove first.

    Raises:
        DemoRefused: with the reason and the option that overrides it.
    """
    found = await census(session=session)
    if found.has_other and not force:
        raise DemoRefused(
            f"the database holds data that is not demo data ({_describe(found.other)}); "
            "demo data goes into a database of its own (add --force to add it anyway)"
        )
    existing_accounts = (
        await session.exec(
            select(func.count()).select_from(Account).where(col(Account.id).in_(demo_accounts()))
        )
    ).one()
    if found.has_demo or existing_accounts:
        if not reset:
            demo = {**found.demo, "demo accounts": existing_accounts}
            raise DemoRefused(
                f"the database already holds demo data ({_describe(demo)}); "
                "add --reset to replace it"
            )
        return True
    return False


def _describe(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {name}" for name, count in counts.items() if count) or "nothing"
