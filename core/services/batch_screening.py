"""Screening every candidate of a call (or a country) not screened yet, in chunks.

Each chunk is one write transaction: the chunk's registered candidates are
read (locked on PostgreSQL) in id order, decided against their call's
current criteria by the function the ``screenCandidate`` mutation calls
(:func:`core.services.screening_decision.decide`: the same facts, outcomes,
reasons, statuses and history), and written with a handful of multi-row
statements instead of one round of statements per candidate. A failure
stops the run with the chunks before it kept, so running the command again
carries on where it stopped.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Row, Table, func, insert, text, update
from sqlalchemy import select as core_select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import (
    Candidate,
    RecruitmentCall,
    ScreeningDecision,
    ScreeningOutcome,
    StatusChange,
    TestResult,
)
from core.db.models.base import utcnow
from core.db.session import Database
from core.domain.states import Status
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message, message_of
from core.plugins.manager import get_plugin_manager
from core.screening.custom import plugin_evaluator
from core.screening.engine import CustomEvaluator
from core.screening.facts import Criterion
from core.services.calls import current_criteria
from core.services.lookups import found_or_refuse
from core.services.screening_decision import Verdict, decide, parse_criteria
from core.settings import Settings

MAX_BATCH_SIZE = 10_000
DEFAULT_BATCH_SIZE = 1_000

_CANDIDATE: Table = Candidate.__table__  # type: ignore[attr-defined]
_DECISION: Table = ScreeningDecision.__table__  # type: ignore[attr-defined]
_OUTCOME: Table = ScreeningOutcome.__table__  # type: ignore[attr-defined]
_STATUS_CHANGE: Table = StatusChange.__table__  # type: ignore[attr-defined]
_TEST: Table = TestResult.__table__  # type: ignore[attr-defined]


@dataclass
class BatchReport:
    """How many candidates were screened, how many passed, and how long it took."""

    screened: int = 0
    passed: int = 0
    chunks: int = 0
    seconds: float = 0.0
    started: float = field(default_factory=time.perf_counter, repr=False)

    @property
    def failed(self) -> int:
        return self.screened - self.passed

    @property
    def rate(self) -> float:
        """Candidates screened per second."""
        return self.screened / self.seconds if self.seconds > 0 else 0.0


async def screen_unscreened(
    *,
    db: Database,
    custom: CustomEvaluator,
    actor: str | None,
    call_id: int | None = None,
    country_code: str | None = None,
    screened_on: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[BatchReport], None] | None = None,
) -> BatchReport:
    """Screen every ``registered`` candidate of ``call_id`` or of ``country_code``.

    ``progress`` is called after each committed chunk.

    Raises:
        DomainValidationError: neither or both of call and country given, an
            unknown call, a batch size out of range, or criteria that cannot be
            evaluated (as the mutation refuses them).
    """
    if (call_id is None) == (country_code is None):
        raise DomainValidationError.single(
            "callId",
            Message("give either a call or a country, not both or neither"),
            ErrorCode.INVALID,
        )
    if not 1 <= batch_size <= MAX_BATCH_SIZE:
        raise DomainValidationError.single(
            "batchSize",
            Message(
                "must be between 1 and {maximum}, got {size}",
                maximum=MAX_BATCH_SIZE,
                size=batch_size,
            ),
            ErrorCode.INVALID,
        )
    if call_id is not None:
        async with db.session() as session:
            found_or_refuse(
                await session.get(RecruitmentCall, call_id), "callId", "recruitment call", call_id
            )
    plan = _Plan(
        scope=col(Candidate.call_id) == call_id
        if call_id is not None
        else col(Candidate.country_code) == (country_code or "").upper(),
        size=batch_size,
        day=screened_on or date.today(),
        custom=custom,
        actor=actor,
    )
    report = BatchReport()
    after = 0
    while True:
        async with db.write_connection() as connection:
            session = AsyncSession(bind=connection, expire_on_commit=False)
            try:
                last = await _screen_chunk(session, connection, plan, after, report)
            finally:
                await session.close()
        if last is None:
            break
        after = last
        report.chunks += 1
        report.seconds = time.perf_counter() - report.started
        if progress is not None:
            progress(report)
    report.seconds = time.perf_counter() - report.started
    return report


@dataclass(frozen=True)
class _Plan:
    scope: Any
    """The condition choosing the call's or the country's candidates."""
    size: int
    day: date
    custom: CustomEvaluator
    actor: str | None


async def _screen_chunk(
    session: AsyncSession,
    connection: AsyncConnection,
    plan: _Plan,
    after: int,
    report: BatchReport,
) -> int | None:
    """Screen the chunk after id ``after``; its last id, or None when none was left.

    Reads go through ``session`` and writes through ``connection``, which is
    the session's own: one transaction.
    """
    # Core rows, not table models: the decision reads column values by name,
    # which rows give as models do, and loading models costs more than screening.
    candidates = (
        await connection.execute(
            core_select(_CANDIDATE)
            .where(
                plan.scope,
                _CANDIDATE.c.status == Status.REGISTERED.value,
                _CANDIDATE.c.id > after,
            )
            .order_by(_CANDIDATE.c.id)
            .limit(plan.size)
            .with_for_update()
        )
    ).all()
    if not candidates:
        return None
    tests: dict[int, list[Row[Any]]] = defaultdict(list)
    for test in await connection.execute(
        core_select(
            _TEST.c.candidate_id, _TEST.c.kind, _TEST.c.passed, _TEST.c.score, _TEST.c.details
        ).where(_TEST.c.candidate_id.in_([candidate.id for candidate in candidates]))
    ):
        tests[test.candidate_id].append(test)
    versions = {}
    for call_id in sorted({candidate.call_id for candidate in candidates}):
        version = await current_criteria(session, call_id)
        versions[call_id] = (version.id, parse_criteria(version.criteria))

    decided = [
        _decide(candidate, tests[candidate.id], plan.day, *versions[candidate.call_id], plan.custom)
        for candidate in candidates
    ]
    now = utcnow()
    decision_ids = await reserve_ids(connection, _DECISION, len(candidates))
    await connection.execute(
        insert(_DECISION),
        [
            {
                "id": decision_id,
                "candidate_id": candidate.id,
                "criteria_version_id": version_id,
                "passed": verdict.passed,
                "screened_on": plan.day,
                "decided_at": now,
            }
            for decision_id, candidate, (version_id, verdict) in zip(
                decision_ids, candidates, decided, strict=True
            )
        ],
    )
    outcomes = [
        {"decision_id": decision_id, **columns}
        for decision_id, (_version, verdict) in zip(decision_ids, decided, strict=True)
        for columns in verdict.outcome_columns()
    ]
    if outcomes:
        await connection.execute(insert(_OUTCOME), outcomes)
    await connection.execute(
        insert(_STATUS_CHANGE),
        [
            {
                "candidate_id": candidate.id,
                "from_status": candidate.status,
                "to_status": verdict.status.value,
                "reason": verdict.reason,
                "actor": plan.actor,
                "changed_at": now,
            }
            for candidate, (_version, verdict) in zip(candidates, decided, strict=True)
        ],
    )
    for status in (Status.SCREENING_PASSED, Status.SCREENING_FAILED):
        ids = [c.id for c, (_v, v) in zip(candidates, decided, strict=True) if v.status is status]
        if ids:  # one UPDATE per status, not one per candidate
            await connection.execute(
                update(_CANDIDATE).where(_CANDIDATE.c.id.in_(ids)).values(status=status.value)
            )
    report.screened += len(candidates)
    report.passed += sum(1 for _version, verdict in decided if verdict.passed)
    return int(candidates[-1].id)


def _decide(
    candidate: Row[Any],
    tests: Sequence[Row[Any]],
    day: date,
    version_id: int | None,
    criteria: list[Criterion],
    custom: CustomEvaluator,
) -> tuple[int | None, Verdict]:
    try:
        verdict = decide(
            candidate._mapping,
            [test._mapping for test in tests],
            criteria,
            screened_on=day,
            custom=custom,
        )
    except ValueError as exc:
        raise DomainValidationError.single(
            "callId",
            Message(
                "the criteria of call {call} cannot be evaluated: {error}; "
                "correct them with updateCallCriteria",
                call=candidate.call_id,
                error=message_of(exc),
            ),
            ErrorCode.INVALID,
        ) from None
    return version_id, verdict


async def screen_call(
    settings: Settings, *, call_id: int, batch_size: int = DEFAULT_BATCH_SIZE
) -> tuple[BatchReport | None, list[UserErrorData]]:
    """Screen a call outside a request (the CLI), with the installed country plugins.

    Raises:
        PluginConfigurationError: an enabled country plugin is unusable.
    """
    pm = get_plugin_manager(settings)
    db = Database.connect(settings.database_url, schema=settings.database_schema)
    try:
        report = await screen_unscreened(
            db=db,
            custom=plugin_evaluator(pm, settings),
            actor="cli",
            call_id=call_id,
            batch_size=batch_size,
        )
        return report, []
    except DomainValidationError as exc:
        return None, exc.errors
    finally:
        await db.dispose()


async def reserve_ids(connection: AsyncConnection, table: Table, count: int) -> list[int]:
    """``count`` new ids of ``table`` for rows about to be inserted in this transaction.

    Multi-row inserts then need no RETURNING, which SQLite can only honour in
    the rows' order one statement per row. PostgreSQL hands the ids out of the
    table's sequence, safe under concurrent writers; on SQLite the connection
    must hold the write lock (a write transaction begins with BEGIN IMMEDIATE),
    so no other writer can take the ids after the current largest one.
    """
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        result = await connection.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                "FROM generate_series(1, :count)"
            ),
            {"table": table.name, "count": count},
        )
        return [int(value) for value in result.scalars()]
    largest = (await connection.execute(core_select(func.max(table.c.id)))).scalar()
    first = int(largest or 0) + 1
    return list(range(first, first + count))
