"""The figures of the annual business report (事業報告書) to OTIT (item 10 of issue 13).

The report covers a fiscal year: fiscal year FY runs from the first day of the
start month of the rule ``titp.business_report.fiscal_year_start_month`` (4) in
FY to the day before it in FY + 1, so 1 April FY to 31 March FY + 1
(:func:`core.services.statistics.fiscal_period`). It is due on the month-day
of the rule ``titp.business_report.due`` ("05-31") that first follows the
year (31 May FY + 1), the rule read for the year's last day. Source: B6 of
``shared/reference/supervision-and-esd.md`` (jitco.or.jp/ja/news/article/1859/).

What each figure counts, every date bound inclusive:

- **interns by nationality and stage**: distinct interns (by the candidate's
  country code) who were in Japan in a stage on at least one day of the year.
  An intern is in a stage from its ``stage_record.started_on`` to the day before
  the next stage's ``started_on``; for the last stage, to the return date
  (``candidate.returned_on``, the intern is still in Japan that day) or, when
  there is none, still. An intern who moved from (i) to (ii) in the year counts
  once in each;
- **entries** and **returns**: interns whose ``entered_japan_on`` /
  ``returned_on`` falls in the year, by country;
- **skills tests**: sittings (``skills_test_sitting.sat_on`` in the year) and
  passes, by grade and part; failed sittings count as sittings;
- **difficulties**: those that occurred in the year (``occurred_on``), by kind
  (``missing`` is the 失踪 of the report), and how many of them have had form 18
  filed, how many were filed after their due date;
- **audits** (``company_audit.held_on`` in the year) by kind (regular, extra),
  and **guidance visits** (``company_visit.visited_on`` in the year);
- **fees**: payments (``fee_payment.paid_on`` in the year) by payee and
  currency, summed in the currency paid (never converted).

Both programmes (issue 14): TITP interns and ESD (育成就労) workers.

- **workers by nationality and programme**: distinct people in Japan on at least
  one day of the year: under TITP as for the interns above (in a stage), under ESD
  with an employment (``esd_employment``) from ``started_on`` to the day before
  ``ended_on`` (a transfer ends one employment and begins the next on one day), or
  still;
- **transfers** (``esd_transfer.transfers_on`` in the year) by reason (the worker's
  wish, an unavoidable reason);
- **moves to SSW (i)** (``ssw_change.changed_on`` in the year) by nationality;
- **language results** (``language_result.taken_on`` in the year: tests sat and
  courses ended) by kind and CEFR level (a test's equivalent, a course's target),
  with the passes of tests.

The tables are read directly (their services belong to other parts), one
aggregate statement per section: the number of statements is the same
whatever the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, literal_column, or_, union_all
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import (
    Audit,
    Candidate,
    Difficulty,
    Employment,
    FeePayment,
    LanguageResult,
    SkillsTestSitting,
    SswChange,
    StageRecord,
    Transfer,
    Visit,
)
from core.services import rules
from core.services.statistics import Period, fiscal_period

CENT = Decimal("0.01")

DUE = "titp.business_report.due"
"""The rule giving the report's due day (month-day, such as "05-31") after the year."""


@dataclass(frozen=True)
class StageCount:
    country_code: str
    stage: str
    interns: int


@dataclass(frozen=True)
class Movements:
    country_code: str
    entries: int
    returns: int


@dataclass(frozen=True)
class TestFigure:
    grade: str
    part: str
    sittings: int
    passes: int


@dataclass(frozen=True)
class DifficultyFigure:
    kind: str
    occurred: int
    filed: int
    filed_late: int


@dataclass(frozen=True)
class AuditFigure:
    kind: str
    audits: int


@dataclass(frozen=True)
class FeeFigure:
    payee: str
    currency: str
    payments: int
    amount: Decimal


@dataclass(frozen=True)
class ProgrammeCount:
    country_code: str
    programme: str
    workers: int


@dataclass(frozen=True)
class TransferFigure:
    reason: str
    transfers: int


@dataclass(frozen=True)
class SswMoves:
    country_code: str
    moves: int


@dataclass(frozen=True)
class LanguageFigure:
    kind: str
    cefr: str | None
    results: int
    passes: int


@dataclass
class BusinessReport:
    fiscal_year: int
    starts_on: date
    ends_on: date
    due_on: date
    interns: list[StageCount] = field(default_factory=list)
    movements: list[Movements] = field(default_factory=list)
    skills_tests: list[TestFigure] = field(default_factory=list)
    difficulties: list[DifficultyFigure] = field(default_factory=list)
    audits: list[AuditFigure] = field(default_factory=list)
    visits: int = 0
    fees: list[FeeFigure] = field(default_factory=list)
    workers: list[ProgrammeCount] = field(default_factory=list)
    transfers: list[TransferFigure] = field(default_factory=list)
    moves_to_ssw: list[SswMoves] = field(default_factory=list)
    language_results: list[LanguageFigure] = field(default_factory=list)

    @property
    def missing(self) -> int:
        """Missing interns (失踪) in the year."""
        return sum(item.occurred for item in self.difficulties if item.kind == "missing")


def _within(column: Any, period: Period) -> Any:
    return and_(col(column) >= period.starts_on, col(column) <= period.ends_on)


async def due_on(session: AsyncSession, period: Period) -> date:
    """The first day after the year matching the rule's month-day ("05-31")."""
    text = (await rules.rule_in_force(session, DUE, period.ends_on)).value
    month, day = (int(part) for part in str(text).split("-"))
    due = date(period.ends_on.year, month, day)
    return due if due > period.ends_on else date(period.ends_on.year + 1, month, day)


async def business_report(*, session: AsyncSession, fiscal_year: int) -> BusinessReport:
    """The figures of fiscal year ``fiscal_year``, one aggregate statement per section."""
    period = await fiscal_period(session, fiscal_year)
    report = BusinessReport(
        fiscal_year=fiscal_year,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        due_on=await due_on(session, period),
    )

    async def rows(statement: Any) -> list[Any]:
        return list((await session.exec(statement)).all())

    # Interns by nationality and stage: each stage runs to the next one's start (or
    # the return, or still); one window function gives the next start of each.
    next_start = (
        func.lead(col(StageRecord.started_on))
        .over(partition_by=col(StageRecord.candidate_id), order_by=col(StageRecord.started_on))
        .label("next_start")
    )
    spans = select(
        col(StageRecord.candidate_id).label("candidate_id"),
        col(StageRecord.stage).label("stage"),
        col(StageRecord.started_on).label("started_on"),
        next_start,
    ).subquery()
    country = col(Candidate.country_code)
    overlaps = and_(
        spans.c.started_on <= period.ends_on,
        or_(
            and_(
                spans.c.next_start.is_(None),
                or_(
                    col(Candidate.returned_on).is_(None),
                    col(Candidate.returned_on) >= period.starts_on,
                ),
            ),
            spans.c.next_start > period.starts_on,
        ),
    )
    report.interns = [
        StageCount(country_code=code, stage=stage, interns=int(count))
        for code, stage, count in await rows(
            select(country, spans.c.stage, func.count(func.distinct(spans.c.candidate_id)))
            .select_from(spans)
            .join(Candidate, col(Candidate.id) == spans.c.candidate_id)
            .where(overlaps)
            .group_by(country, spans.c.stage)
            .order_by(country, spans.c.stage)
        )
    ]

    # Workers by nationality and programme: TITP interns in a stage (as above) and ESD
    # workers employed, on any day of the year; one statement over both.
    in_titp: Any = (
        select(
            country.label("country_code"),
            literal_column("'titp'").label("programme"),
            spans.c.candidate_id.label("candidate_id"),
        )
        .select_from(spans)
        .join(Candidate, col(Candidate.id) == spans.c.candidate_id)
        .where(overlaps)
    )
    in_esd: Any = (
        select(
            country.label("country_code"),
            literal_column("'esd'").label("programme"),
            col(Employment.candidate_id).label("candidate_id"),
        )
        .join(Candidate, col(Candidate.id) == col(Employment.candidate_id))
        .where(
            col(Employment.started_on) <= period.ends_on,
            or_(col(Employment.ended_on).is_(None), col(Employment.ended_on) > period.starts_on),
        )
    )
    people = union_all(in_titp, in_esd).subquery()
    report.workers = [
        ProgrammeCount(country_code=code, programme=programme, workers=int(count))
        for code, programme, count in await rows(
            select(
                people.c.country_code,
                people.c.programme,
                func.count(func.distinct(people.c.candidate_id)),
            )
            .group_by(people.c.country_code, people.c.programme)
            .order_by(people.c.country_code, people.c.programme)
        )
    ]

    entered = _within(Candidate.entered_japan_on, period)
    returned = _within(Candidate.returned_on, period)
    report.movements = [
        Movements(country_code=code, entries=int(entries or 0), returns=int(returns or 0))
        for code, entries, returns in await rows(
            select(
                country,
                func.sum(case((entered, 1), else_=0)),
                func.sum(case((returned, 1), else_=0)),
            )
            .where(or_(entered, returned))
            .group_by(country)
            .order_by(country)
        )
    ]

    passed = case((col(SkillsTestSitting.passed), 1), else_=0)
    report.skills_tests = [
        TestFigure(grade=grade, part=part, sittings=int(count), passes=int(passes or 0))
        for grade, part, count, passes in await rows(
            select(
                col(SkillsTestSitting.grade),
                col(SkillsTestSitting.part),
                func.count(),
                func.sum(passed),
            )
            .where(_within(SkillsTestSitting.sat_on, period))
            .group_by(col(SkillsTestSitting.grade), col(SkillsTestSitting.part))
            .order_by(col(SkillsTestSitting.grade), col(SkillsTestSitting.part))
        )
    ]

    late = case((col(Difficulty.filed_on) > col(Difficulty.due_on), 1), else_=0)
    report.difficulties = [
        DifficultyFigure(
            kind=kind, occurred=int(count), filed=int(filed), filed_late=int(filed_late or 0)
        )
        for kind, count, filed, filed_late in await rows(
            select(
                col(Difficulty.kind),
                func.count(),
                func.count(col(Difficulty.filed_on)),
                func.sum(late),
            )
            .where(_within(Difficulty.occurred_on, period))
            .group_by(col(Difficulty.kind))
            .order_by(col(Difficulty.kind))
        )
    ]

    report.audits = [
        AuditFigure(kind=kind, audits=int(count))
        for kind, count in await rows(
            select(col(Audit.kind), func.count())
            .where(_within(Audit.held_on, period))
            .group_by(col(Audit.kind))
            .order_by(col(Audit.kind))
        )
    ]
    report.visits = int(
        (
            await session.exec(
                select(func.count()).select_from(Visit).where(_within(Visit.visited_on, period))
            )
        ).one()
    )

    report.fees = [
        FeeFigure(
            payee=payee,
            currency=currency,
            payments=int(count),
            amount=Decimal(total or 0).quantize(CENT),
        )
        for payee, currency, count, total in await rows(
            select(
                col(FeePayment.payee),
                col(FeePayment.currency),
                func.count(),
                func.sum(col(FeePayment.amount)),
            )
            .where(_within(FeePayment.paid_on, period))
            .group_by(col(FeePayment.payee), col(FeePayment.currency))
            .order_by(col(FeePayment.payee), col(FeePayment.currency))
        )
    ]
    await _esd_sections(session, period, report)
    return report


async def _esd_sections(session: AsyncSession, period: Period, report: BusinessReport) -> None:
    """The ESD sections: transfers, moves to SSW (i), language results (a statement each)."""

    async def rows(statement: Any) -> list[Any]:
        return list((await session.exec(statement)).all())

    report.transfers = [
        TransferFigure(reason=reason, transfers=int(count))
        for reason, count in await rows(
            select(col(Transfer.reason), func.count())
            .where(_within(Transfer.transfers_on, period))
            .group_by(col(Transfer.reason))
            .order_by(col(Transfer.reason))
        )
    ]
    country = col(Candidate.country_code)
    report.moves_to_ssw = [
        SswMoves(country_code=code, moves=int(count))
        for code, count in await rows(
            select(country, func.count())
            .select_from(SswChange)
            .join(Candidate, col(Candidate.id) == col(SswChange.candidate_id))
            .where(_within(SswChange.changed_on, period))
            .group_by(country)
            .order_by(country)
        )
    ]
    sat: Any = LanguageResult.passed  # nullable: a course has no result
    passed = case((sat.is_(True), 1), else_=0)
    # A test's CEFR equivalent, or the level a course aims at.
    level = func.coalesce(col(LanguageResult.cefr), col(LanguageResult.course_target))
    report.language_results = [
        LanguageFigure(kind=kind, cefr=cefr, results=int(count), passes=int(passes or 0))
        for kind, cefr, count, passes in await rows(
            select(col(LanguageResult.kind), level, func.count(), func.sum(passed))
            .where(_within(LanguageResult.taken_on, period))
            .group_by(col(LanguageResult.kind), level)
            .order_by(col(LanguageResult.kind), level.nulls_first())
        )
    ]
