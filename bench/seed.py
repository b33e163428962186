"""The benchmark's data set: candidates at every step of the pipeline, in bulk.

Candidates are spread over the five countries and over the statuses in the
proportions of a working pipeline (many fail screening; of those who pass,
most go on to training and to Japan; some have returned), each with the rows
their path leaves behind: test results, a screening decision with one outcome
per rule of their call's criteria (decided by the real rule engine, see
:mod:`bench.profiles`), a training cohort with its phases and their results,
a host company, stage records and the history of every status change. Calls
are opened in the years their candidates' paths need (a returned intern
applied years ago). Rows are written with bulk inserts (:mod:`bench.bulk`),
a few thousand calls' worth at a time.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from functools import cache
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from bench.bulk import BulkWriter, Row
from bench.profiles import PROFILES, Profile, Screener
from core.auth.roles import Role
from core.db import models
from core.domain.states import Status
from core.domain.titp import PREFECTURES
from core.errors import DomainValidationError
from core.plugins.registry import CountryRegistry
from core.services import tallies
from core.services.accounts import CreateAccountInput, create_account
from core.services.training import CreateCohortInput, _default_phases

COUNTRY_SHARE = {"ID": 0.28, "VN": 0.30, "TH": 0.16, "BD": 0.11, "LK": 0.15}
PIPELINE: tuple[tuple[Status, float, tuple[int, ...]], ...] = (
    # status, share of candidates, how many years ago their calls opened
    (Status.REGISTERED, 0.15, (0,)),
    (Status.SCREENING_FAILED, 0.35, (0, 1, 2, 3, 4, 5)),
    (Status.SCREENING_PASSED, 0.04, (0,)),
    (Status.WITHDRAWN, 0.03, (0, 1, 2)),
    (Status.IN_TRAINING, 0.08, (0,)),
    (Status.TRAINING_COMPLETED, 0.03, (1,)),
    (Status.IN_JAPAN_I, 0.09, (1, 2)),
    (Status.IN_JAPAN_II, 0.08, (2, 3)),
    (Status.IN_JAPAN_III, 0.06, (4, 5)),
    (Status.RETURNED, 0.09, (3, 4, 5, 6)),
)
TRAINED = {
    Status.IN_TRAINING,
    Status.TRAINING_COMPLETED,
    Status.IN_JAPAN_I,
    Status.IN_JAPAN_II,
    Status.IN_JAPAN_III,
    Status.RETURNED,
}
IN_JAPAN_OR_BACK = TRAINED - {Status.IN_TRAINING, Status.TRAINING_COMPLETED}
CANDIDATES_PER_CALL = 500
CANDIDATES_PER_COHORT = 40
CANDIDATES_PER_HOST_COMPANY = 80
FLUSH_CANDIDATES = 20_000
JOB_FIELDS = ["manufacturing", "construction"]
JOB_CATEGORIES = ("machining", "welding", "plastic moulding", "food processing", "carpentry")
ACTOR = "bench"
ADMIN_EMAIL = "bench.admin@example.org"
ADMIN_PASSWORD = "benchmark password 2026"

CANDIDATE_COLUMNS = (
    "id",
    "country_code",
    "call_id",
    "applicant_number",
    "full_name",
    "date_of_birth",
    "sex",
    "education_level",
    "education_track",
    "job_field",
    "height_cm",
    "weight_kg",
    "japanese_level",
    "prior_internship_in_japan",
    "prior_work_in_japan",
    "military_service_completed",
    "criminal_record",
    "country_details",
    "status",
    "cohort_id",
    "training_completed_on",
    "host_company_id",
    "entered_japan_on",
    "returned_on",
    "return_outcome",
    "return_reason",
    "created_at",
    "full_name_key",
)
PROFILE_COLUMNS = CANDIDATE_COLUMNS[6:18]
HISTORY_COLUMNS = ("candidate_id", "from_status", "to_status", "reason", "actor", "changed_at")
TEST_COLUMNS = ("candidate_id", "kind", "passed", "score", "details", "taken_on", "recorded_at")
DECISION_COLUMNS = (
    "id",
    "candidate_id",
    "criteria_version_id",
    "passed",
    "screened_on",
    "decided_at",
)
OUTCOME_COLUMNS = (
    "decision_id",
    "position",
    "rule_id",
    "kind",
    "passed",
    "expected",
    "actual",
    "reason",
)
STAGE_COLUMNS = ("candidate_id", "stage", "started_on", "skills_test", "skills_test_passed_on")
RESULT_COLUMNS = (
    "candidate_id",
    "phase_id",
    "attendance_percent",
    "assessment_score",
    "passed",
    "recorded_at",
)


def table(model: Any) -> Table:
    return model.__table__  # type: ignore[no-any-return]


@cache
def at(day: date) -> datetime:
    """A timestamp on ``day`` (mid-morning UTC)."""
    return datetime.combine(day, clock(9, 30), tzinfo=UTC)


@dataclass
class Seeded:
    candidates: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    detail_candidate_id: int | None = None
    """A returned intern: every relation of the candidate query has rows."""


@dataclass
class Call:
    id: int
    version_id: int
    country: str
    label: str
    opens_on: date
    phases: list[tuple[str, int, int, str | None]]
    """The country's default phases: name, start offset, end offset (days), payer."""
    training_days: int

    @property
    def screened_on(self) -> date:
        return self.opens_on + timedelta(days=45)


@dataclass
class Buffer:
    """Rows waiting for the next bulk write, per table."""

    rows: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    candidates: int = 0


class Seeder:
    def __init__(
        self,
        writer: BulkWriter,
        registry: CountryRegistry,
        screener: Screener,
        *,
        rng: random.Random,
        today: date,
    ) -> None:
        self.writer = writer
        self.registry = registry
        self.screener = screener
        self.rng = rng
        self.today = today
        self.host_companies: list[int] = []
        self.buffer = Buffer()
        self.seeded = Seeded()
        self._labels: defaultdict[str, int] = defaultdict(int)
        self._cohort_names: defaultdict[str, int] = defaultdict(int)

    # -- reference rows ---------------------------------------------------------

    async def host_company_rows(self, count: int) -> None:
        first = await self.writer.next_ids(table(models.HostCompany), count)
        prefectures = sorted(PREFECTURES.values())
        rows = [
            (
                first + n,
                f"Bench Host Company {first + n:06d} (benchmark)",
                prefectures[n % len(prefectures)],
                JOB_CATEGORIES[n % len(JOB_CATEGORIES)],
                at(self.today - timedelta(days=3000)),
            )
            for n in range(count)
        ]
        await self.writer.insert(
            table(models.HostCompany),
            ("id", "name", "prefecture", "job_category", "created_at"),
            rows,
        )
        self.host_companies = [row[0] for row in rows]

    async def open_call(self, country: str, opens_on: date, *, prefix: str = "B") -> Call:
        entry = self.registry.get(country)
        assert entry is not None
        call_id = await self.writer.next_ids(table(models.RecruitmentCall), 1)
        version_id = await self.writer.next_ids(table(models.CriteriaVersion), 1)
        self._labels[country] += 1
        label = f"{prefix}{opens_on.year}-{self._labels[country]:05d}"
        criteria = [
            {"id": r.id, "kind": r.kind.value, "title": r.title, "parameters": dict(r.parameters)}
            for r in entry.screening_rules
        ]
        created = at(opens_on - timedelta(days=10))
        self.buffer.rows["recruitment_call"].append(
            (
                call_id,
                country,
                label,
                list(JOB_FIELDS),
                CANDIDATES_PER_CALL,
                opens_on,
                opens_on + timedelta(days=30),
                created,
            )
        )
        self.buffer.rows["criteria_version"].append((version_id, call_id, 1, criteria, created))
        phases, days = self._phase_plan(country)
        return Call(call_id, version_id, country, label, opens_on, phases, days)

    def _phase_plan(self, country: str) -> tuple[list[tuple[str, int, int, str | None]], int]:
        """The default phases of a cohort starting on a fixed day, as day offsets."""
        entry = self.registry.get(country)
        assert entry is not None
        training = entry.pre_entry_training
        start = date(2000, 1, 1)
        months = training.minimum_months if training else 4
        if training is not None:
            total = sum(
                (p.duration.months * 31 + p.duration.days) for p in training.phases if p.duration
            )
            months = max(months, total // 30 + 1)
        end = start + relativedelta(months=months) + timedelta(days=5)
        data = CreateCohortInput(country_code=country, name="plan", starts_on=start, ends_on=end)
        try:
            phases = _default_phases(data, training)
        except DomainValidationError:  # pragma: no cover - the plan above leaves room
            phases = _default_phases(data, None)
        plan = [
            (
                phase.name,
                (phase.starts_on - start).days,
                (phase.ends_on - start).days,
                phase.paid_by.value if phase.paid_by else None,
            )
            for phase in phases
        ]
        return plan, (end - start).days

    async def cohort(self, call: Call, starts_on: date) -> tuple[int, list[int], date]:
        cohort_id = await self.writer.next_ids(table(models.TrainingCohort), 1)
        first_phase = await self.writer.next_ids(table(models.CohortPhase), len(call.phases))
        self._cohort_names[call.country] += 1
        ends_on = starts_on + timedelta(days=call.training_days)
        self.buffer.rows["training_cohort"].append(
            (
                cohort_id,
                call.country,
                f"Bench cohort {call.label}-{self._cohort_names[call.country]:05d}",
                None,
                starts_on,
                ends_on,
                at(starts_on - timedelta(days=14)),
            )
        )
        phase_ids = []
        for position, (name, start, end, paid_by) in enumerate(call.phases, start=1):
            phase_id = first_phase + position - 1
            phase_ids.append(phase_id)
            self.buffer.rows["cohort_phase"].append(
                (
                    phase_id,
                    cohort_id,
                    position,
                    name,
                    starts_on + timedelta(days=start),
                    starts_on + timedelta(days=end),
                    paid_by,
                )
            )
        return cohort_id, phase_ids, ends_on

    # -- candidates -------------------------------------------------------------

    async def call_of_candidates(
        self,
        call: Call,
        statuses: Sequence[Status],
        *,
        choose: Callable[[Status], tuple[Profile, date]] | None = None,
    ) -> list[int]:
        """Candidates of ``call`` with the given statuses and everything their paths left."""
        first = await self.writer.next_ids(table(models.Candidate), len(statuses))
        ids = list(range(first, first + len(statuses)))
        trained = [i for i, s in zip(ids, statuses, strict=True) if s in TRAINED]
        cohorts: dict[int, tuple[int, list[int], date]] = {}
        cohort_start = call.screened_on + timedelta(days=20)
        for index in range(0, len(trained), CANDIDATES_PER_COHORT):
            cohort = await self.cohort(call, cohort_start)
            for candidate_id in trained[index : index + CANDIDATES_PER_COHORT]:
                cohorts[candidate_id] = cohort
        screened_on = call.screened_on
        decisions = [s for s in statuses if s is not Status.REGISTERED]
        first_decision = await self.writer.next_ids(table(models.ScreeningDecision), len(decisions))
        next_decision = first_decision
        for candidate_id, status in zip(ids, statuses, strict=True):
            passed = status not in (Status.REGISTERED, Status.SCREENING_FAILED) and not (
                status is Status.WITHDRAWN and candidate_id % 2 == 0
            )
            if choose is not None:
                profile, born = choose(status)
            else:
                options = self.screener.choices(call.country, screened_on, passing=passed)
                profile, born = self.rng.choice(options)
            decision_id = None
            if status is not Status.REGISTERED and not (
                status is Status.WITHDRAWN and candidate_id % 2 == 0
            ):
                decision_id = next_decision
                next_decision += 1
            self._candidate(call, candidate_id, status, profile, born, decision_id, cohorts)
        self.buffer.candidates += len(ids)
        self.seeded.candidates += len(ids)
        if self.buffer.candidates >= FLUSH_CANDIDATES:
            await self.flush()
        return ids

    def _candidate(
        self,
        call: Call,
        candidate_id: int,
        status: Status,
        profile: Profile,
        born: date,
        decision_id: int | None,
        cohorts: dict[int, tuple[int, list[int], date]],
    ) -> None:
        rows = self.buffer.rows
        values = profile.candidate_values()
        registered = call.opens_on + timedelta(days=candidate_id % 30)
        history: list[tuple[Status | None, Status, str, date]] = [
            (None, Status.REGISTERED, "registered", registered)
        ]
        screened_on = call.screened_on
        for kind, passed, score, details in profile.test_rows(call.country):
            taken = screened_on - timedelta(days=5)
            rows["test_result"].append(
                (candidate_id, kind, passed, score, details, taken, at(taken))
            )
        current = Status.REGISTERED
        if decision_id is not None:
            decision = self.screener.decide(call.country, profile, born, screened_on)
            rows["screening_decision"].append(
                (
                    decision_id,
                    candidate_id,
                    call.version_id,
                    decision.passed,
                    screened_on,
                    at(screened_on),
                )
            )
            for position, outcome in enumerate(decision.outcomes):
                rows["screening_outcome"].append(
                    (
                        decision_id,
                        position,
                        outcome.rule_id,
                        outcome.kind,  # a StrEnum: stored as its value
                        outcome.passed,
                        outcome.expected[:500],
                        outcome.actual[:500],
                        outcome.reason[:1000],
                    )
                )
            current = decision.status
            history.append((Status.REGISTERED, current, decision.reason, screened_on))
        cohort_id = completed_on = host = entered = returned = outcome_name = None
        if status in TRAINED:
            cohort_id, phase_ids, ends_on = cohorts[candidate_id]
            starts = screened_on + timedelta(days=20)
            history.append((current, Status.IN_TRAINING, "cohort", starts))
            current = Status.IN_TRAINING
            phases_done = phase_ids if status is not Status.IN_TRAINING else phase_ids[:1]
            for n, phase_id in enumerate(phases_done):
                rows["training_result"].append(
                    (
                        candidate_id,
                        phase_id,
                        90.0 + (candidate_id + n) % 10,
                        60.0 + (candidate_id * 7 + n) % 35,
                        True,
                        at(starts + timedelta(days=30 * (n + 1))),
                    )
                )
            if status is not Status.IN_TRAINING:
                completed_on = ends_on
                history.append((current, Status.TRAINING_COMPLETED, "training completed", ends_on))
                current = Status.TRAINING_COMPLETED
        if status in IN_JAPAN_OR_BACK:
            host = self.host_companies[candidate_id % len(self.host_companies)]
            assert completed_on is not None
            entered = completed_on + timedelta(days=45)
            current = self._stay(candidate_id, status, entered, history)
            if status is Status.RETURNED:
                stages = len([h for h in history if h[1].startswith("in_japan")])
                returned = entered + timedelta(days=(365, 1095, 1825)[stages - 1])
                early = candidate_id % 10 == 0
                outcome_name = "early_return" if early else "completed"
                reason = "family circumstances" if early else None
                history.append((current, Status.RETURNED, reason or outcome_name, returned))
                current = Status.RETURNED
        if status is Status.WITHDRAWN:
            day = screened_on + timedelta(days=10)
            history.append((current, Status.WITHDRAWN, "withdrew the application", day))
            current = Status.WITHDRAWN
        assert current is status, (current, status)
        rows["candidate"].append(
            (
                candidate_id,
                call.country,
                call.id,
                f"{call.label}-{candidate_id:07d}",
                f"Bench Candidate {candidate_id:07d}",
                born,
                *(values[name] for name in PROFILE_COLUMNS),
                status,
                cohort_id,
                completed_on,
                host,
                entered,
                returned,
                outcome_name,
                "family circumstances" if outcome_name == "early_return" else None,
                at(registered),
                # What the service writes (the column's default): the name search reads it.
                f"bench candidate {candidate_id:07d}",
            )
        )
        for source, target, reason, day in history:
            rows["status_change"].append(
                (
                    candidate_id,
                    source,
                    target,
                    reason,
                    ACTOR,
                    at(day),
                )
            )

    def _stay(
        self,
        candidate_id: int,
        status: Status,
        entered: date,
        history: list[tuple[Status | None, Status, str, date]],
    ) -> Status:
        """Stage records and history in Japan; the stage the candidate is in last."""
        rows = self.buffer.rows
        if status is Status.RETURNED:
            stages = 1 + (candidate_id % 3)
        else:
            stages = {Status.IN_JAPAN_I: 1, Status.IN_JAPAN_II: 2, Status.IN_JAPAN_III: 3}.get(
                status, 0
            )
        rows["stage_record"].append((candidate_id, "i", entered, None, None))
        history.append((Status.TRAINING_COMPLETED, Status.IN_JAPAN_I, "placed", entered))
        current = Status.IN_JAPAN_I
        if stages >= 2:
            started = entered + timedelta(days=365)
            passed = started - timedelta(days=20)
            rows["stage_record"].append((candidate_id, "ii", started, "basic_grade", passed))
            history.append((current, Status.IN_JAPAN_II, "passed basic_grade", started))
            current = Status.IN_JAPAN_II
        if stages >= 3:
            started = entered + timedelta(days=1095)
            passed = started - timedelta(days=20)
            rows["stage_record"].append((candidate_id, "iii", started, "grade_3", passed))
            history.append((current, Status.IN_JAPAN_III, "passed grade_3", started))
            current = Status.IN_JAPAN_III
        return current

    async def flush(self) -> None:
        rows = self.buffer.rows
        layout: list[tuple[str, Any, Sequence[str]]] = [
            (
                "recruitment_call",
                models.RecruitmentCall,
                (
                    "id",
                    "country_code",
                    "label",
                    "job_fields",
                    "places",
                    "opens_on",
                    "closes_on",
                    "created_at",
                ),
            ),
            (
                "criteria_version",
                models.CriteriaVersion,
                ("id", "call_id", "version", "criteria", "created_at"),
            ),
            (
                "training_cohort",
                models.TrainingCohort,
                ("id", "country_code", "name", "centre_id", "starts_on", "ends_on", "created_at"),
            ),
            (
                "cohort_phase",
                models.CohortPhase,
                ("id", "cohort_id", "position", "name", "starts_on", "ends_on", "paid_by"),
            ),
            ("candidate", models.Candidate, CANDIDATE_COLUMNS),
            ("status_change", models.StatusChange, HISTORY_COLUMNS),
            ("test_result", models.TestResult, TEST_COLUMNS),
            ("screening_decision", models.ScreeningDecision, DECISION_COLUMNS),
            ("screening_outcome", models.ScreeningOutcome, OUTCOME_COLUMNS),
            ("training_result", models.TrainingResult, RESULT_COLUMNS),
            ("stage_record", models.StageRecord, STAGE_COLUMNS),
        ]
        for name, model, columns in layout:
            await self.writer.insert(table(model), columns, rows.pop(name, []))
        assert not rows, sorted(rows)
        self.buffer = Buffer()


def pipeline_statuses(count: int, rng: random.Random) -> dict[tuple[str, int], list[Status]]:
    """``count`` statuses in the pipeline's proportions, grouped by (country, years ago)."""
    groups: dict[tuple[str, int], list[Status]] = defaultdict(list)
    countries = list(COUNTRY_SHARE)
    weights = list(COUNTRY_SHARE.values())
    remaining = count
    for index, (status, share, years) in enumerate(PIPELINE):
        n = remaining if index == len(PIPELINE) - 1 else round(count * share)
        remaining -= n
        for k in range(n):
            country = rng.choices(countries, weights)[0]
            groups[(country, years[k % len(years)])].append(status)
    for statuses in groups.values():
        rng.shuffle(statuses)
    return groups


async def _tallies(connection: AsyncConnection) -> None:
    """Recount the tallies (migration 0018): on PostgreSQL the seed's COPY runs with
    ``session_replication_role = replica``, which switches their triggers off too.
    After the writer's ``ANALYZE``: without statistics on the rows just loaded the
    planner joins a million decisions to a million candidates by nested loops."""
    await tallies.rebuild(connection)


async def create_admin(engine: AsyncEngine, registry: CountryRegistry) -> None:
    async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
        await create_account(
            session=session,
            registry=registry,
            data=CreateAccountInput(email=ADMIN_EMAIL, password=ADMIN_PASSWORD, role=Role.ADMIN),
        )


async def seed_pipeline(
    connection: AsyncConnection,
    registry: CountryRegistry,
    screener: Screener,
    *,
    candidates: int,
    today: date,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> Seeded:
    """The main data set: ``candidates`` candidates in the pipeline's proportions."""
    started = time.perf_counter()
    rng = random.Random(seed)
    seeder = Seeder(BulkWriter(connection), registry, screener, rng=rng, today=today)
    await seeder.writer.start()
    await seeder.host_company_rows(max(50, candidates // CANDIDATES_PER_HOST_COMPANY))
    groups = pipeline_statuses(candidates, rng)
    # The oldest calls first, so ids follow registration as they would in service.
    for (country, years_ago), statuses in sorted(groups.items(), key=lambda g: (-g[0][1], g[0][0])):
        for index in range(0, len(statuses), CANDIDATES_PER_CALL):
            # One opening day a year per country, so decisions repeat across calls.
            opens_on = today - timedelta(days=100 + 365 * years_ago)
            call = await seeder.open_call(country, opens_on)
            chunk = statuses[index : index + CANDIDATES_PER_CALL]
            ids = await seeder.call_of_candidates(call, chunk)
            if seeder.seeded.detail_candidate_id is None and Status.RETURNED in chunk:
                seeder.seeded.detail_candidate_id = ids[chunk.index(Status.RETURNED)]
            if progress is not None:
                progress(seeder.seeded.candidates)
    await seeder.flush()
    await seeder.writer.finish()
    await _tallies(connection)
    seeder.seeded.rows = dict(seeder.writer.written)
    seeder.seeded.seconds = time.perf_counter() - started
    return seeder.seeded


async def seed_registered(
    connection: AsyncConnection,
    registry: CountryRegistry,
    screener: Screener,
    *,
    country: str,
    count: int,
    today: date,
    twins: bool,
    prefix: str,
    seed: int = 7,
) -> tuple[int, list[int]]:
    """A call of ``count`` registered candidates with their test results.

    ``twins``: all alike (one passing profile, one birth date), so screening
    any of them gives the same answer; otherwise a mix that passes and fails.
    """
    rng = random.Random(seed)
    seeder = Seeder(BulkWriter(connection), registry, screener, rng=rng, today=today)
    await seeder.writer.start()
    call = await seeder.open_call(country, today - timedelta(days=40), prefix=prefix)
    day = call.screened_on
    passing = screener.choices(country, day, passing=True)
    failing = screener.choices(country, day, passing=False)
    twin = next(choice for choice in passing if choice[0] is PROFILES[0])

    def choose(_status: Status) -> tuple[Profile, date]:
        if twins:
            return twin
        return rng.choice(passing if rng.random() < 0.45 else failing)

    ids: list[int] = []
    for index in range(0, count, FLUSH_CANDIDATES):
        size = min(FLUSH_CANDIDATES, count - index)
        ids += await seeder.call_of_candidates(call, [Status.REGISTERED] * size, choose=choose)
        await seeder.flush()
    await seeder.writer.finish()
    await _tallies(connection)
    return call.id, ids
