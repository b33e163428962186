"""Reading the counts the database keeps per change (table ``tally``), and rebuilding them.

Migration 0018's triggers keep ``tally`` right in the transaction of every
write to ``candidate``, ``screening_decision``, ``recruitment_call`` and
``training_cohort`` (see ``core.db.models.tallies`` for the figures), so a
count of every candidate reads a few dozen rows whatever the table's size.

:func:`rebuild` recomputes every tally from the rows: after a bulk load with
triggers switched off (``session_replication_role = replica``), from the
command ``imjapan tallies rebuild``, and in the tests, which compare the kept
tallies with :func:`recount`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, text
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import Tally
from core.domain.states import Status

STATUS = "status:"
"""``status:<status>``: candidates by current status (month 0)."""
ENTERED = "entered:"
"""``entered:<status>``: candidates by month of entry to Japan and current status."""
EVER_PASSED = "ever_passed"
APPLIED = "applied"
SCREENED = "screened"
PASSED = "passed"
IN_TRAINING = "in_training"
RETURNED = "returned"
COMPLETED = "completed"

Key = tuple[str, str, int]
"""(country code, figure, month)."""


def month_of(year: int, month: int) -> int:
    """The ``month`` column's value for a month: year * 100 + month."""
    return year * 100 + month


@dataclass(frozen=True)
class StatusQuestion:
    """Candidates whose country is among ``countries`` and status among ``statuses``
    (``None``: any); what ``totalCount`` asks when its filter is only about those."""

    countries: frozenset[str] | None = None
    statuses: frozenset[Status] | None = None

    @property
    def empty(self) -> bool:
        return self.countries == frozenset() or self.statuses == frozenset()


async def count_by_status(session: AsyncSession, question: StatusQuestion) -> int:
    """How many candidates ``question`` counts, from the tallies (one small read)."""
    if question.empty:
        return 0
    found = await session.exec(
        select(func.coalesce(func.sum(Tally.count), 0)).where(*status_conditions(question))
    )
    return int(found.one())


def status_conditions(question: StatusQuestion) -> list[ColumnElement[bool]]:
    """The tally rows that count ``question``'s candidates (by current status)."""
    conditions: list[ColumnElement[bool]] = [col(Tally.month) == 0]
    if question.statuses is None:
        conditions.append(col(Tally.figure).like(f"{STATUS}%"))
    else:
        conditions.append(
            col(Tally.figure).in_(sorted(STATUS + s.value for s in question.statuses))
        )
    if question.countries is not None:
        conditions.append(col(Tally.country_code).in_(sorted(question.countries)))
    return conditions


@dataclass
class CountryStatuses:
    by_status: dict[Status, int]
    ever_passed: int = 0


async def pipeline_tallies(
    session: AsyncSession, country_codes: Collection[str]
) -> dict[str, CountryStatuses]:
    """Per country: candidates by current status, and how many ever passed screening."""
    found: dict[str, CountryStatuses] = {code: CountryStatuses({}) for code in country_codes}
    rows = await session.exec(
        select(Tally.country_code, Tally.figure, Tally.count).where(
            col(Tally.country_code).in_(sorted(found)),
            col(Tally.month) == 0,
            or_(col(Tally.figure).like(f"{STATUS}%"), col(Tally.figure) == EVER_PASSED),
            col(Tally.count) != 0,
        )
    )
    for code, figure, count in rows.all():
        if figure == EVER_PASSED:
            found[code].ever_passed = int(count)
        else:
            found[code].by_status[Status(figure.removeprefix(STATUS))] = int(count)
    return found


async def monthly_tallies(
    session: AsyncSession, country_codes: Collection[str], first: int, last: int
) -> dict[str, dict[str, int]]:
    """Per country and figure: the sum over the months ``first`` to ``last`` (inclusive)."""
    found: dict[str, dict[str, int]] = {code: {} for code in country_codes}
    rows = await session.exec(
        select(Tally.country_code, Tally.figure, func.sum(Tally.count))
        .where(
            col(Tally.country_code).in_(sorted(found)),
            col(Tally.month) >= first,
            col(Tally.month) <= last,
        )
        .group_by(col(Tally.country_code), col(Tally.figure))
    )
    for code, figure, total in rows.all():
        found[code][figure] = int(total or 0)
    return found


def _month_sql(dialect: str, day: str) -> str:
    if dialect == "postgresql":
        return f"CAST(to_char({day}, 'YYYYMM') AS INTEGER)"
    return f"CAST(strftime('%Y%m', {day}) AS INTEGER)"


def _recount_sql(dialect: str) -> str:
    """Every tally counted from the rows: (country_code, figure, month, n)."""

    def m(day: str) -> str:
        return _month_sql(dialect, day)

    parts = [
        f"SELECT country_code, '{STATUS}' || status AS figure, 0 AS month, count(*) AS n "
        "FROM candidate GROUP BY country_code, status",
        f"SELECT c.country_code, '{APPLIED}', {m('rc.opens_on')}, count(*) "
        "FROM candidate c JOIN recruitment_call rc ON rc.id = c.call_id "
        f"GROUP BY c.country_code, {m('rc.opens_on')}",
        f"SELECT c.country_code, '{IN_TRAINING}', {m('tc.starts_on')}, count(*) "
        "FROM candidate c JOIN training_cohort tc ON tc.id = c.cohort_id "
        f"WHERE c.status = '{Status.IN_TRAINING.value}' "
        f"GROUP BY c.country_code, {m('tc.starts_on')}",
        f"SELECT country_code, '{ENTERED}' || status, {m('entered_japan_on')}, count(*) "
        "FROM candidate WHERE entered_japan_on IS NOT NULL "
        f"GROUP BY country_code, status, {m('entered_japan_on')}",
        f"SELECT country_code, '{RETURNED}', {m('returned_on')}, count(*) "
        "FROM candidate WHERE returned_on IS NOT NULL "
        f"GROUP BY country_code, {m('returned_on')}",
        f"SELECT country_code, '{COMPLETED}', {m('returned_on')}, count(*) "
        "FROM candidate WHERE returned_on IS NOT NULL AND return_outcome = 'completed' "
        f"GROUP BY country_code, {m('returned_on')}",
        f"SELECT c.country_code, '{SCREENED}', {m('sd.screened_on')}, count(*) "
        "FROM screening_decision sd JOIN candidate c ON c.id = sd.candidate_id "
        f"GROUP BY c.country_code, {m('sd.screened_on')}",
        f"SELECT c.country_code, '{PASSED}', {m('sd.screened_on')}, count(*) "
        "FROM screening_decision sd JOIN candidate c ON c.id = sd.candidate_id "
        f"WHERE sd.passed GROUP BY c.country_code, {m('sd.screened_on')}",
        f"SELECT c.country_code, '{EVER_PASSED}', 0, count(*) FROM candidate c WHERE EXISTS "
        "(SELECT 1 FROM screening_decision sd WHERE sd.candidate_id = c.id AND sd.passed) "
        "GROUP BY c.country_code",
    ]
    return (
        "SELECT country_code, figure, month, n "
        f"FROM ({' UNION ALL '.join(parts)}) AS counted WHERE month IS NOT NULL"
    )


Executor = AsyncSession | AsyncConnection


async def _connection(executor: Executor) -> AsyncConnection:
    """The connection of a session (in its transaction), or the connection given."""
    if isinstance(executor, AsyncSession):
        return await executor.connection()
    return executor


async def recount(executor: Executor) -> dict[Key, int]:
    """Every non-zero tally as the rows give it now (reads every candidate)."""
    connection = await _connection(executor)
    rows = await connection.execute(text(_recount_sql(connection.dialect.name)))
    return {(code, figure, int(month)): int(n) for code, figure, month, n in rows.all() if n}


async def kept(executor: Executor) -> dict[Key, int]:
    """Every non-zero tally as the triggers kept it."""
    connection = await _connection(executor)
    rows = await connection.execute(
        text("SELECT country_code, figure, month, count FROM tally WHERE count <> 0")
    )
    return {(code, figure, int(month)): int(n) for code, figure, month, n in rows.all()}


async def rebuild(executor: Executor) -> int:
    """Replace every tally by a recount from the rows, in the caller's transaction;
    the number of tally rows written. On PostgreSQL the table is locked first, so no
    change commits between the recount and the replacement."""
    connection = await _connection(executor)
    dialect = connection.dialect.name
    if dialect == "postgresql":
        await connection.execute(text("LOCK TABLE tally IN EXCLUSIVE MODE"))
    await connection.execute(text("DELETE FROM tally"))
    written = await connection.execute(
        text("INSERT INTO tally (country_code, figure, month, count) " + _recount_sql(dialect))
    )
    return int(getattr(written, "rowcount", 0) or 0)


def figures_of(entries: Iterable[tuple[str, int]], prefix: str) -> dict[Status, int]:
    """The statuses of ``entries`` (figure, count) whose figure starts with ``prefix``."""
    return {
        Status(figure.removeprefix(prefix)): count
        for figure, count in entries
        if figure.startswith(prefix) and count
    }
