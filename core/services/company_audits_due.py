"""When each host company's next audit and guidance visit are due (reference section 9).

**Audits.** A host company is audited at least once in every period of
``titp.audit.interval_months`` (3) months. "The 3-month quarters count from the
month the post-entry lectures start" (aki-houmu.jp, in the rule's sources): the
start is the first day of the month of the earliest start of a post-entry lecture
course (``lecture_course`` through ``lecture_enrolment``) of the company's interns
in Japan; when none of them has a course recorded, the month of their earliest
stage (i) start (``stage_record``), the day they entered Japan. The periods are
``[m, m+3)``, ``[m+3, m+6)``... in months; each needs a regular audit held inside
it, and is due on its last day. The interval is the rule's value in force on the
first day of the counting month.

**Visits.** While the company has interns in stage (i), a guidance visit is due in
every period of ``titp.visit.interval_months`` (1) calendar months, due on the
period's last day. The reference says "at least monthly during stage (i)" and nothing
of when the months start; this service reads it (an inference, not a sourced fact) as
the months the intern trains at the company in stage (i), after the post-entry
lectures: an intern's time at the company in stage (i) runs from the day after its
lectures were completed (``lecture_enrolment.completed_on``), or from its stage (i)
start when no completion is recorded, to the day before its stage (ii) record, or is
still running while its status is ``in_japan_i``. The periods count from the first
month of the earliest such start; a period is due when an intern of the company is
there in stage (i) on any day of it, so the first month and the month stage (i) ends
both count.

The interns are those whose status is in Japan (stage (i), (ii) or (iii)) and
whose ``host_company_id`` is the company: a company with none has nothing due.

:func:`audits_due` lists, per company, the periods due by ``before`` (their due
date on or before it) that have no audit (or visit) inside; ``overdue`` when the
due date is before today (Japan's date, injectable). Whatever the number of
companies, it costs a fixed number of statements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import (
    Audit,
    Candidate,
    HostCompany,
    LectureCourse,
    LectureEnrolment,
    StageRecord,
    Visit,
)
from core.domain.states import IN_JAPAN, Status
from core.domain.supervision import AuditKind
from core.i18n import Message
from core.services import rules

AUDIT_INTERVAL = "titp.audit.interval_months"
VISIT_INTERVAL = "titp.visit.interval_months"
HORIZON_MONTHS = 12
"""``before`` may be at most this many months after today: the list is for planning,
and this bounds its length (a design limit of the API, not a rule of the programme)."""
JAPAN = timedelta(hours=9)
"""Japan's offset from UTC (no daylight saving time)."""


def japan_today() -> date:
    """Today in Japan, where the audits are due. Tests replace it."""
    return (datetime.now(UTC) + JAPAN).date()


class DueKind(StrEnum):
    """What is due: a regular audit or a guidance visit."""

    AUDIT = "audit"
    VISIT = "visit"


@dataclass(frozen=True)
class DueItem:
    kind: DueKind
    period_start: date
    period_end: date
    due_on: date
    overdue: bool
    last_done_on: date | None


@dataclass
class CompanyDue:
    company: HostCompany
    audits_counted_from: date | None
    items: list[DueItem] = field(default_factory=list)


def check_horizon(before: date, today: date) -> None:
    """Refuse a ``before`` past the planning horizon.

    Raises:
        ValueError: naming ``before``.
    """
    if before > today + relativedelta(months=HORIZON_MONTHS):
        raise ValueError(
            Message(
                "before: more than {months} months after today ({today})",
                months=HORIZON_MONTHS,
                today=today.isoformat(),
            )
        )


def _month(day: date) -> date:
    return day.replace(day=1)


def _periods(start: date, months: int, before: date) -> list[tuple[date, date]]:
    """The periods of ``months`` months from ``start`` (a first of a month) whose last
    day is on or before ``before``."""
    found: list[tuple[date, date]] = []
    index = 0
    while True:
        begins = start + relativedelta(months=index * months)
        ends = begins + relativedelta(months=months) - timedelta(days=1)
        if ends > before:
            return found
        found.append((begins, ends))
        index += 1


def _done_in(days: list[date], begins: date, ends: date) -> bool:
    return any(begins <= day <= ends for day in days)


async def audits_due(
    *,
    session: AsyncSession,
    scope: Scope,
    before: date,
    host_company_id: int | None = None,
    today: date | None = None,
) -> list[CompanyDue]:
    """Per host company (by name), the audits and visits due on or before ``before`` and
    not done, in due order (see the module's docstring)."""
    today = today or japan_today()
    check_horizon(before, today)
    interns_where: list[Any] = [
        col(Candidate.host_company_id).is_not(None),
        col(Candidate.status).in_(sorted(status.value for status in IN_JAPAN)),
        *scope.host_company_records(Candidate.host_company_id),
    ]
    if host_company_id is not None:
        interns_where.append(col(Candidate.host_company_id) == host_company_id)
    interns = select(Candidate.id).where(*interns_where)
    companies = select(Candidate.host_company_id).where(*interns_where)

    intern_rows = (
        await session.exec(
            select(Candidate.id, Candidate.host_company_id, Candidate.status).where(*interns_where)
        )
    ).all()
    company_of = {key: int(company or 0) for key, company, _ in intern_rows}
    status_of = {key: status for key, _, status in intern_rows}
    if not intern_rows:
        return []
    lecture_starts = dict(
        (
            await session.exec(
                select(Candidate.host_company_id, func.min(LectureCourse.starts_on))
                .join(LectureEnrolment, col(LectureEnrolment.candidate_id) == col(Candidate.id))
                .join(LectureCourse, col(LectureCourse.id) == col(LectureEnrolment.course_id))
                .where(col(Candidate.id).in_(interns))
                .group_by(col(Candidate.host_company_id))
            )
        ).all()
    )
    stages: dict[int, dict[str, date]] = defaultdict(dict)
    for candidate_id, stage, started_on in (
        await session.exec(
            select(
                col(StageRecord.candidate_id), col(StageRecord.stage), col(StageRecord.started_on)
            ).where(
                col(StageRecord.candidate_id).in_(interns),
                col(StageRecord.stage).in_(["i", "ii"]),
            )
        )
    ).all():
        stages[candidate_id][stage] = started_on
    completed = dict(
        (
            await session.exec(
                select(
                    col(LectureEnrolment.candidate_id), col(LectureEnrolment.completed_on)
                ).where(
                    col(LectureEnrolment.candidate_id).in_(interns),
                    col(LectureEnrolment.completed_on).is_not(None),
                )
            )
        ).all()
    )
    audits: dict[int, list[date]] = defaultdict(list)
    for company_id, held_on in (
        await session.exec(
            select(col(Audit.host_company_id), col(Audit.held_on)).where(
                col(Audit.host_company_id).in_(companies),
                col(Audit.kind) == AuditKind.REGULAR.value,
            )
        )
    ).all():
        audits[company_id].append(held_on)
    visits: dict[int, list[date]] = defaultdict(list)
    for company_id, visited_on in (
        await session.exec(
            select(col(Visit.host_company_id), col(Visit.visited_on)).where(
                col(Visit.host_company_id).in_(companies)
            )
        )
    ).all():
        visits[company_id].append(visited_on)
    book = await rules.rule_book(session, [AUDIT_INTERVAL, VISIT_INTERVAL])
    rows = (
        await session.exec(
            select(HostCompany)
            .where(col(HostCompany.id).in_(companies))
            .order_by(col(HostCompany.name), col(HostCompany.id))
        )
    ).all()

    stage_one: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for candidate_id, started in stages.items():
        begins = started.get("i")
        if begins is None:
            continue
        lectures_done = completed.get(candidate_id)
        if lectures_done is not None:
            begins = max(begins, lectures_done + timedelta(days=1))
        if "ii" in started:
            ends = started["ii"] - timedelta(days=1)
        elif status_of[candidate_id] == Status.IN_JAPAN_I.value:
            ends = date.max
        else:
            continue
        stage_one[company_of[candidate_id]].append((begins, ends))

    found: list[CompanyDue] = []
    for company in rows:
        assert company.id is not None
        first_stage = min(
            (
                started["i"]
                for key, started in stages.items()
                if company_of[key] == company.id and "i" in started
            ),
            default=None,
        )
        start = lecture_starts.get(company.id) or first_stage
        counted_from = _month(start) if start is not None else None
        due = CompanyDue(company=company, audits_counted_from=counted_from)
        done = audits[company.id]
        if counted_from is not None:
            months = book.in_force(AUDIT_INTERVAL, counted_from).whole()
            for begins, ends in _periods(counted_from, months, before):
                if not _done_in(done, begins, ends):
                    due.items.append(
                        DueItem(
                            DueKind.AUDIT, begins, ends, ends, ends < today, max(done, default=None)
                        )
                    )
        intervals = stage_one[company.id]
        visited = visits[company.id]
        if intervals:
            first = _month(min(begins for begins, _ in intervals))
            months = book.in_force(VISIT_INTERVAL, first).whole()
            for begins, ends in _periods(first, months, before):
                in_stage_one = any(s <= ends and begins <= e for s, e in intervals)
                if in_stage_one and not _done_in(visited, begins, ends):
                    due.items.append(
                        DueItem(
                            DueKind.VISIT,
                            begins,
                            ends,
                            ends,
                            ends < today,
                            max(visited, default=None),
                        )
                    )
        if due.items:
            due.items.sort(key=lambda item: (item.due_on, item.kind.value))
            found.append(due)
    return found
