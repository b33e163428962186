"""The ESD employer's language and skills obligations, with due dates (reference section 3).

For each worker whose status is ``in_japan_esd`` (within the actor's scope), three rows:

* ``SIT_JAPANESE_TEST``: by the end of year one the worker has *sat* a Japanese test at
  the level of ``esd.year_one.cefr`` (A1), passed or not. A test counts when its CEFR
  level (from the test level table) is that level or above, and it was sat on or after
  the work start: the obligation is a test in the year of work, not the entry test.
  A test whose level is unknown (no CEFR level) does not count.
* ``SIT_BASIC_SKILLS_TEST``: by the same day, a sitting of the grade of
  ``esd.year_one.skills_grade`` (the basic grade), passed or not, on or after the work
  start.
* ``A2_COURSE``: during the period the employer provides a course aimed at
  ``esd.course.cefr`` (A2); a worker who passed a test at that level is exempt. Met by a
  course whose target is that level or above (the day it ended), or a passed test at
  that level or above, whenever taken. Due by the end of the plan: the certified ESD
  plan's ``extended_to``, else its ``planned_end``.

The work start is the first employment's ``started_on`` (``esd_employment``); the year
one obligations fall due ``esd.year_one.months`` after it. Each rule is read in the
version in force on the work start (the day the obligations arise), so a later change
decides only the workers who start after it. Without an employment (or, for the course,
without a certified plan) the due day is unknown: null, and such a row is never overdue.

``metOn`` is the first day a record meets the obligation, among the records of days up
to ``on``; a row is ``overdue`` when it has a due day before ``on`` and is not met.
The rows are ordered by due day (unknown last), then worker, then obligation, and paged
in memory: the whole list costs the same few statements whatever its length or the
page's size (the workers, the plans, the language results, the sittings, the rules).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Date, Integer, column, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, Employment, EsdPlan, EsdSkillsSitting, LanguageResult
from core.domain.esd import LanguageResultKind, meets
from core.domain.states import Status
from core.domain.supervision import PlanStatus
from core.services import pages, rules
from core.services.pages import Order, Page

MONTHS = "esd.year_one.months"
YEAR_ONE_CEFR = "esd.year_one.cefr"
SKILLS_GRADE = "esd.year_one.skills_grade"
COURSE_CEFR = "esd.course.cefr"
RULES = (MONTHS, YEAR_ONE_CEFR, SKILLS_GRADE, COURSE_CEFR)
LIST_NAME = "esd_obligation"


class EsdObligation(StrEnum):
    """What the employer of an ESD worker must see done (reference section 3)."""

    SIT_JAPANESE_TEST = "sit_japanese_test"
    SIT_BASIC_SKILLS_TEST = "sit_basic_skills_test"
    A2_COURSE = "a2_course"


RANK = {kind: index for index, kind in enumerate(EsdObligation)}


@dataclass(frozen=True)
class ObligationRow:
    candidate_id: int
    obligation: EsdObligation
    due_on: date | None
    met_on: date | None
    overdue: bool

    def key(self) -> tuple[date, int, int]:
        return (self.due_on or date.max, self.candidate_id, RANK[self.obligation])


ORDER = Order(
    name="due",
    columns=(
        column("due_on", Date()),
        column("candidate_id", Integer()),
        column("rank", Integer()),
    ),
    read=lambda row: row.key(),
)
"""The order of the rows (unknown due days last, as the latest day there is)."""


@dataclass
class _Worker:
    starts_on: date | None = None
    plan_ends_on: date | None = None
    tests: list[tuple[date, str | None, bool | None]] = field(default_factory=list)
    courses: list[tuple[date, str | None]] = field(default_factory=list)
    sittings: list[tuple[date, str]] = field(default_factory=list)


def _first(days: Iterable[date]) -> date | None:
    return min(days, default=None)


async def obligations(
    session: AsyncSession, scope: Scope, *, on: date, overdue_only: bool = False
) -> list[ObligationRow]:
    """Every obligation row of the ESD workers ``scope`` sees, as of ``on``, in order."""
    workers: dict[int, _Worker] = {}
    found = await session.exec(
        select(col(Candidate.id), func.min(Employment.started_on))
        .outerjoin(Employment, col(Employment.candidate_id) == col(Candidate.id))
        .where(col(Candidate.status) == Status.IN_JAPAN_ESD.value, *scope.candidates())
        .group_by(col(Candidate.id))
    )
    for key, starts_on in found.all():
        assert key is not None
        workers[key] = _Worker(starts_on=starts_on)
    if not workers:
        return []
    ids = sorted(workers)
    plans = await session.exec(
        select(
            col(EsdPlan.candidate_id),
            col(EsdPlan.version),
            col(EsdPlan.planned_end),
            col(EsdPlan.extended_to),
        )
        .where(
            col(EsdPlan.candidate_id).in_(ids),
            col(EsdPlan.status) == PlanStatus.CERTIFIED.value,
        )
        .order_by(col(EsdPlan.candidate_id), col(EsdPlan.version))
    )
    for key, _version, planned_end, extended_to in plans.all():
        workers[key].plan_ends_on = extended_to or planned_end  # the latest version wins
    results = await session.exec(
        select(LanguageResult).where(
            col(LanguageResult.candidate_id).in_(ids), col(LanguageResult.taken_on) <= on
        )
    )
    for result in results.all():
        worker = workers[result.candidate_id]
        if result.kind == LanguageResultKind.TEST.value:
            worker.tests.append((result.taken_on, result.cefr, result.passed))
        else:
            worker.courses.append((result.taken_on, result.course_target))
    sat = await session.exec(
        select(EsdSkillsSitting).where(
            col(EsdSkillsSitting.candidate_id).in_(ids), col(EsdSkillsSitting.sat_on) <= on
        )
    )
    for sitting in sat.all():
        workers[sitting.candidate_id].sittings.append((sitting.sat_on, sitting.grade))
    book = await rules.rule_book(session, RULES)

    rows: list[ObligationRow] = []
    for key in ids:
        rows.extend(_rows_of(key, workers[key], book, on))
    if overdue_only:
        rows = [row for row in rows if row.overdue]
    rows.sort(key=ObligationRow.key)
    return rows


def _rows_of(key: int, worker: _Worker, book: rules.RuleBook, on: date) -> list[ObligationRow]:
    """The three rows of one worker (see the module's docstring)."""
    starts = worker.starts_on
    tests, courses, sittings = worker.tests, worker.courses, worker.sittings
    # Without a work start the rules are read for the plan's end, else for today: only
    # the levels matter then, the due days being unknown.
    read_on = starts or worker.plan_ends_on or on
    year_one_due = (
        starts + relativedelta(months=book.in_force(MONTHS, read_on).whole()) if starts else None
    )
    level = book.in_force(YEAR_ONE_CEFR, read_on).text()
    grade = book.in_force(SKILLS_GRADE, read_on).text()
    course_level = book.in_force(COURSE_CEFR, read_on).text()
    after_start = starts or date.max
    japanese = _first(day for day, cefr, _ in tests if day >= after_start and meets(cefr, level))
    skills = _first(day for day, sat_grade in sittings if day >= after_start and sat_grade == grade)
    course = _first(
        [
            *(day for day, target in courses if meets(target, course_level)),
            *(day for day, cefr, passed in tests if passed and meets(cefr, course_level)),
        ]
    )
    return [
        _row(key, EsdObligation.SIT_JAPANESE_TEST, year_one_due, japanese, on),
        _row(key, EsdObligation.SIT_BASIC_SKILLS_TEST, year_one_due, skills, on),
        _row(key, EsdObligation.A2_COURSE, worker.plan_ends_on, course, on),
    ]


def _row(
    key: int, obligation: EsdObligation, due_on: date | None, met_on: date | None, on: date
) -> ObligationRow:
    overdue = met_on is None and due_on is not None and due_on < on
    return ObligationRow(key, obligation, due_on, met_on, overdue)


def page_of(
    rows: list[ObligationRow],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[ObligationRow]:
    """A page of ``rows`` (already in order) as :func:`core.services.pages.keyset_page`
    pages a statement: ``first`` after ``after``, or ``last`` before ``before``.

    Raises:
        pages.PageInputError: a size out of range or a cursor of another list.
    """
    pages.check_size(first, "first")
    pages.check_size(last, "last")
    forward = last is None or first is not None
    size = (first if forward else last) or pages.MAX_PAGE_SIZE
    cursor, argument = (after, "after") if forward else (before, "before")
    chosen: list[ObligationRow] = rows
    if cursor is not None:
        bound: tuple[Any, ...] = pages.decode(cursor, LIST_NAME, ORDER, argument)
        chosen = [row for row in rows if (row.key() > bound if forward else row.key() < bound)]
    if forward:
        kept, more = chosen[:size], len(chosen) > size
    else:
        kept, more = chosen[-size:], len(chosen) > size
    return Page(
        rows=kept,
        cursors=[pages.encode(LIST_NAME, ORDER, row.key()) for row in kept],
        has_next=more if forward else False,
        has_previous=more if not forward else False,
    )
