"""strawchemy against the compiled read path of issue 15: a throwaway prototype, not a dependency.

It serves the benchmark's 100-candidate page (:data:`bench.queries.CANDIDATE_PAGE`)
with strawchemy, as close to our contract as strawchemy allows, next to our
resolver path (``/graphql``) and our plain handler (``/limit/candidates``) on the
same seeded data, all in one process, through ASGI without sockets (as
:mod:`bench.breakdown` does), alternating the variants; it prints the median
of each, how many SQL statements each sent for one page, and strawchemy's
statement. Findings and the decision: ``docs/performance.md``, section
"Compiled reads: strawchemy evaluated".

Nothing imports this module (not the service, not the tests). It imports
strawchemy, which the project does not depend on, so it runs in a throwaway
virtual environment holding the lock plus strawchemy (the project's mypy does
not read ``bench/``: its ``files`` are ``core`` and ``countries``; in that
environment ``mypy --strict --follow-imports=silent bench/strawchemy_eval.py``
passes)::

    python3 -m venv /tmp/strawchemy-venv
    grep -E '^[A-Za-z0-9].*==' requirements-dev.lock | sed 's/ \\\\$//' > /tmp/strawchemy-reqs.txt
    /tmp/strawchemy-venv/bin/pip install -r /tmp/strawchemy-reqs.txt hatchling strawchemy==0.24.0
    /tmp/strawchemy-venv/bin/pip install --no-deps --no-build-isolation -e .
    PYTHONPATH=$PWD /tmp/strawchemy-venv/bin/python -m bench.strawchemy_eval
    PYTHONPATH=$PWD /tmp/strawchemy-venv/bin/python -m bench.strawchemy_eval \\
        --database-url postgresql://postgres@127.0.0.1:5432/test

Variants, each the first 100 candidates (in id order) for the admin:

- ``strawchemy``: strawchemy's list field with the page's fields under their
  names, our global ids, enums and cursors as custom fields (Python resolvers
  over the row strawchemy loaded), the actor's scope as a query hook (a WHERE
  condition); no edges, no ``pageInfo`` (strawchemy paginates by offset and
  returns a list: there is no Relay connection to fill);
- ``strawchemy-raw``: the same selection with strawchemy's generated fields
  only (integer ids, enums as stored strings): strawchemy at its cheapest;
- ``resolvers``: our ``/graphql`` with ``CANDIDATE_PAGE``;
- ``limit``: our plain handler for that page (:mod:`bench.limits`).

strawchemy maps declarative classes of its own over core's tables (the same
``Table`` objects, so the same columns and types): core's SQLModel classes
are accepted for their columns, but they declare no relationships (the
service reads relations through DataLoaders), and adding relationships to
core's mappers here would change the mappers the resolver path measured in
the same process uses.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_type_hints

import strawberry
from sqlalchemy import Select, event, func, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, aliased, relationship
from sqlalchemy.orm.util import AliasedClass
from sqlalchemy.sql.util import ClauseAdapter
from sqlmodel.ext.asyncio.session import AsyncSession
from strawberry.asgi import GraphQL
from strawberry.extensions import SchemaExtension
from strawchemy import (
    ModelInstance,
    QueryHook,
    Strawchemy,
    StrawchemyAsyncRepository,
    StrawchemyConfig,
)

from bench import queries
from bench.breakdown import call
from bench.counts import drop_schema, fresh_schema
from bench.profiles import Screener
from bench.seed import ADMIN_EMAIL, ADMIN_PASSWORD, create_admin, seed_pipeline
from core.auth.roles import Role
from core.auth.scope import scope_for
from core.db import models
from core.db.engine import create_engine
from core.db.migrate import upgrade
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.schema.ids import global_id
from core.schema.lifecycle.types import (
    CandidateStatus,
    EducationLevel,
    JapaneseLevel,
    ReturnOutcome,
    Sex,
)
from core.screening.custom import plugin_evaluator
from core.services.accounts import CreateAccountInput, authenticate, create_account
from core.services.queries import encode_cursor
from core.settings import Settings

SCHEMA = "strawchemy_eval"
OFFICER_EMAIL = "bench.ministry.vn@example.org"
"""A ministry officer for Vietnam: its scope is a WHERE condition on the country."""
SECRET = "strawchemy-eval-only-signing-key-" + "0" * 32

# -- strawchemy's models: declarative classes over core's tables ---------------------


class Base(DeclarativeBase):
    pass


class CallRow(Base):
    __tablename__ = "recruitment_call"  # strawchemy reads it
    __table__ = models.RecruitmentCall.__table__  # type: ignore[attr-defined]

    if TYPE_CHECKING:  # the columns come from the table; typed for mypy only
        id: Mapped[int]


class CohortRow(Base):
    __tablename__ = "training_cohort"  # strawchemy reads it
    __table__ = models.TrainingCohort.__table__  # type: ignore[attr-defined]

    if TYPE_CHECKING:  # the columns come from the table; typed for mypy only
        id: Mapped[int]


class HostRow(Base):
    __tablename__ = "host_company"  # strawchemy reads it
    __table__ = models.HostCompany.__table__  # type: ignore[attr-defined]

    if TYPE_CHECKING:  # the columns come from the table; typed for mypy only
        id: Mapped[int]


class DecisionRow(Base):
    __tablename__ = "screening_decision"  # strawchemy reads it
    __table__ = models.ScreeningDecision.__table__  # type: ignore[attr-defined]

    if TYPE_CHECKING:  # the columns come from the table; typed for mypy only
        id: Mapped[int]
        candidate_id: Mapped[int]


class CandidateRow(Base):
    __tablename__ = "candidate"  # strawchemy reads it
    __table__ = models.Candidate.__table__  # type: ignore[attr-defined]

    if TYPE_CHECKING:  # the columns come from the table; typed for mypy only
        id: Mapped[int]

    call = relationship(CallRow, viewonly=True)
    cohort = relationship(CohortRow, viewonly=True)
    host_company = relationship(HostRow, viewonly=True)


def _typed(row: type[Base], model: type[Any]) -> None:
    """Give ``row`` the annotations of core's model: strawchemy reads a column's
    Python type from them (SQLModel's ``AutoString`` does not name one)."""
    columns = row.__table__.c
    hints = get_type_hints(model)
    row.__annotations__ = {name: hint for name, hint in hints.items() if name in columns}


for _row, _model in (
    (CallRow, models.RecruitmentCall),
    (CohortRow, models.TrainingCohort),
    (HostRow, models.HostCompany),
    (DecisionRow, models.ScreeningDecision),
    (CandidateRow, models.Candidate),
):
    _typed(_row, _model)

# The latest decision (the highest id, as the service reads it): a to-one
# relationship whose join keeps only the candidate's newest decision row.
_newer = aliased(DecisionRow)
CandidateRow.latest_screening_decision = relationship(
    DecisionRow,
    primaryjoin=lambda: (
        (DecisionRow.candidate_id == CandidateRow.id)
        & (
            DecisionRow.id
            == select(func.max(_newer.id))
            .where(_newer.candidate_id == CandidateRow.id)
            .correlate_except(_newer)
            .scalar_subquery()
        )
    ),
    uselist=False,
    viewonly=True,
)

# Relations are nullable in our contract; strawchemy reads that from the annotation too.
CandidateRow.__annotations__.update(
    {
        "call": CallRow | None,
        "cohort": CohortRow | None,
        "host_company": HostRow | None,
        "latest_screening_decision": DecisionRow | None,
    }
)

PAGE_COLUMNS = (
    "country_code",
    "applicant_number",
    "full_name",
    "date_of_birth",
    "job_field",
    "height_cm",
    "weight_kg",
    "training_completed_on",
    "entered_japan_on",
    "returned_on",
)
ENUM_COLUMNS = ("sex", "education_level", "japanese_level", "status", "return_outcome")
RELATIONS = ("call", "cohort", "host_company", "latest_screening_decision")


class ScopeHook(QueryHook[CandidateRow]):
    """The actor's scope as a WHERE condition: core's own conditions (built on
    core's ``candidate`` table) adapted to the alias strawchemy selects from."""

    def apply_hook(
        self, statement: Select[tuple[CandidateRow]], alias: AliasedClass[CandidateRow]
    ) -> Select[tuple[CandidateRow]]:
        conditions = scope_for(self.info.context["actor"]).candidates()
        if not conditions:
            return statement
        adapter = ClauseAdapter(inspect(alias).selectable)
        return statement.where(*(adapter.traverse(c) for c in conditions))


def close_schema(dialect: Any) -> strawberry.Schema:
    """Our names, global ids, enums and cursors, as custom fields over strawchemy's rows."""
    sc = Strawchemy(StrawchemyConfig(dialect, repository_type=StrawchemyAsyncRepository))

    @sc.type(CallRow, include={"label"}, name="RecruitmentCall", scope="schema")
    class RecruitmentCall:
        instance: ModelInstance[CallRow]

        @sc.field(query_hook=QueryHook(load=[CallRow.id]))
        def id(self) -> strawberry.ID:
            return global_id("RecruitmentCall", self.instance.id)

    @sc.type(
        CohortRow, include={"name", "starts_on", "ends_on"}, name="TrainingCohort", scope="schema"
    )
    class TrainingCohort:
        instance: ModelInstance[CohortRow]

        @sc.field(query_hook=QueryHook(load=[CohortRow.id]))
        def id(self) -> strawberry.ID:
            return global_id("TrainingCohort", self.instance.id)

    @sc.type(HostRow, include={"name", "prefecture"}, name="HostCompany", scope="schema")
    class HostCompany:
        instance: ModelInstance[HostRow]

        @sc.field(query_hook=QueryHook(load=[HostRow.id]))
        def id(self) -> strawberry.ID:
            return global_id("HostCompany", self.instance.id)

    @sc.type(
        DecisionRow, include={"passed", "screened_on"}, name="ScreeningDecision", scope="schema"
    )
    class ScreeningDecision:
        instance: ModelInstance[DecisionRow]

        @sc.field(query_hook=QueryHook(load=[DecisionRow.id]))
        def id(self) -> strawberry.ID:
            return global_id("ScreeningDecision", self.instance.id)

    @sc.type(CandidateRow, include={*PAGE_COLUMNS, *ENUM_COLUMNS, *RELATIONS}, name="Candidate")
    class Candidate:
        instance: ModelInstance[CandidateRow]

        @sc.field(query_hook=QueryHook(load=[CandidateRow.id]))
        def id(self) -> strawberry.ID:
            return global_id("Candidate", self.instance.id)

        @sc.field(query_hook=QueryHook(load=[CandidateRow.id]))
        def cursor(self) -> str:
            return encode_cursor(self.instance.id)

        # Our enums over the stored values: strawberry serialises an enum's value.
        status: CandidateStatus
        sex: Sex | None
        education_level: EducationLevel | None
        japanese_level: JapaneseLevel | None
        return_outcome: ReturnOutcome | None

    @strawberry.type
    class Query:
        candidates: list[Candidate] = sc.field(
            pagination=True,
            default_order_by=CandidateRow.id.asc(),
            query_hook=ScopeHook(),
        )

    return strawberry.Schema(query=Query, extensions=[SessionPerOperation])


def raw_schema(dialect: Any) -> strawberry.Schema:
    """strawchemy's generated fields only: integer ids, enums as the stored strings."""
    sc = Strawchemy(StrawchemyConfig(dialect, repository_type=StrawchemyAsyncRepository))

    @sc.type(CallRow, include={"id", "label"}, name="RecruitmentCall", scope="schema")
    class RecruitmentCall:
        pass

    @sc.type(
        CohortRow,
        include={"id", "name", "starts_on", "ends_on"},
        name="TrainingCohort",
        scope="schema",
    )
    class TrainingCohort:
        pass

    @sc.type(HostRow, include={"id", "name", "prefecture"}, name="HostCompany", scope="schema")
    class HostCompany:
        pass

    @sc.type(
        DecisionRow,
        include={"id", "passed", "screened_on"},
        name="ScreeningDecision",
        scope="schema",
    )
    class ScreeningDecision:
        pass

    @sc.type(
        CandidateRow, include={"id", *PAGE_COLUMNS, *ENUM_COLUMNS, *RELATIONS}, name="Candidate"
    )
    class Candidate:
        pass

    @strawberry.type
    class Query:
        candidates: list[Candidate] = sc.field(
            pagination=True,
            default_order_by=CandidateRow.id.asc(),
            query_hook=ScopeHook(),
        )

    return strawberry.Schema(query=Query, extensions=[SessionPerOperation])


PAGE_FIELDS = """
    id countryCode applicantNumber fullName dateOfBirth sex educationLevel jobField
    heightCm weightKg japaneseLevel status trainingCompletedOn enteredJapanOn
    returnedOn returnOutcome
    call { id label }
    cohort { id name startsOn endsOn }
    hostCompany { id name prefecture }
    latestScreeningDecision { id passed screenedOn }
"""
CLOSE_PAGE = "query Page { candidates(limit: 100) { cursor " + PAGE_FIELDS + " } }"
RAW_PAGE = "query Page { candidates(limit: 100) { " + PAGE_FIELDS + " } }"


class SessionPerOperation(SchemaExtension):
    """A session for the operation and the actor of its bearer token, as our
    context does: the same authentication statement, every request."""

    async def on_operation(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        header = context["request"].headers.get("authorization", "")
        async with AsyncSession(context["engine"]) as session:
            context["session"] = session
            context["actor"] = await authenticate(
                session, header.partition(" ")[2].strip(), secret=SECRET
            )
            yield


class StrawchemyApp(GraphQL[dict[str, Any], None]):
    def __init__(self, schema: strawberry.Schema, engine: AsyncEngine) -> None:
        super().__init__(schema)
        self.engine = engine

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:
        return {"request": request, "response": response, "engine": self.engine}


# -- statements ------------------------------------------------------------------------


class Statements:
    """The SQL statements an engine sends while recording, and the seconds the
    driver spent in them (both drivers fetch the rows inside ``execute``)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.recording = False
        self.sent: list[str] = []
        self.seconds = 0.0
        self._started = 0.0
        event.listen(engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(engine.sync_engine, "after_cursor_execute", self._after)

    def _before(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if self.recording:
            self.sent.append(statement)
            self._started = time.perf_counter()

    def _after(self, *_: Any) -> None:
        if self.recording:
            self.seconds += time.perf_counter() - self._started

    def start(self) -> None:
        self.sent = []
        self.seconds = 0.0
        self.recording = True

    def stop(self) -> None:
        self.recording = False

    def queries(self) -> list[str]:
        """The statements sent, ``BEGIN`` left out (SQLite's engine sends it itself)."""
        return [s for s in self.sent if s.strip().upper() != "BEGIN"]


# -- seeding and measuring ---------------------------------------------------------------


async def seed(url: str, schema: str | None, candidates: int) -> None:
    settings = Settings(database_url=url)
    pm = get_plugin_manager(settings)
    registry = build_registry(pm, settings)
    engine = create_engine(url, schema=schema)
    try:
        await create_admin(engine, registry)
        async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
            await create_account(
                session=session,
                registry=registry,
                data=CreateAccountInput(
                    email=OFFICER_EMAIL,
                    password=ADMIN_PASSWORD,
                    role=Role.MINISTRY_OFFICER,
                    country_code="VN",
                ),
            )
        async with engine.begin() as connection:
            await seed_pipeline(
                connection,
                registry,
                Screener(registry, plugin_evaluator(pm, settings)),
                candidates=candidates,
                today=date.today(),
            )
        if schema:
            async with engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                await autocommit.execute(text("ANALYZE"))
    finally:
        await engine.dispose()


def page_body(query: str) -> bytes:
    return json.dumps({"query": query, "variables": {}}).encode()


async def sign_in(app: Any, email: str) -> list[tuple[bytes, bytes]]:
    """The headers of a request signed in as ``email`` (through our ``login``)."""
    login = {"query": queries.LOGIN, "variables": {"e": email, "p": ADMIN_PASSWORD}}
    answer = await call(app, "/graphql", json.dumps(login).encode(), [])
    token = json.loads(answer)["data"]["login"]["accessToken"]
    return [(b"authorization", f"Bearer {token}".encode())]


def nodes_of(answer: bytes, *, connection: bool) -> list[dict[str, Any]]:
    data = json.loads(answer)["data"]["candidates"]
    return [edge["node"] for edge in data["edges"]] if connection else list(data)


def same_values(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> None:
    """strawchemy's page holds our page's values, field for field."""
    assert len(ours) == len(theirs) == 100, (len(ours), len(theirs))
    for mine, other in zip(ours, theirs, strict=True):
        other = {key: value for key, value in other.items() if key != "cursor"}
        assert mine == other, (mine, other)


async def measure(
    url: str, schema: str | None, repeat: int, profile: cProfile.Profile | None = None
) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, list[str]]]:
    from bench.server import create_bench_app

    app = create_bench_app()
    engine = create_engine(url, schema=schema)
    dialect = "postgresql" if schema else "sqlite"
    close = StrawchemyApp(close_schema(dialect), engine)
    raw = StrawchemyApp(raw_schema(dialect), engine)
    variants: dict[str, tuple[Any, str, str]] = {
        "strawchemy": (close, "/graphql", CLOSE_PAGE),
        "strawchemy-raw": (raw, "/graphql", RAW_PAGE),
        "resolvers": (app, "/graphql", queries.CANDIDATE_PAGE),
        "limit": (app, "/limit/candidates", queries.CANDIDATE_PAGE),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    database: dict[str, list[float]] = {name: [] for name in variants}
    sent: dict[str, list[str]] = {}
    try:
        async with app.router.lifespan_context(app):
            ours = Statements(app.state.db.engine)
            theirs = Statements(engine)
            headers = await sign_in(app, ADMIN_EMAIL)
            answers: dict[str, bytes] = {}
            for round_ in range(repeat + 2):
                for name, (target, path, query) in variants.items():
                    body = page_body(query)
                    recorder = ours if target is app else theirs
                    profiling = profile if name == "strawchemy" and round_ >= 2 else None
                    recorder.start()
                    if profiling:
                        profiling.enable()
                    started = time.perf_counter()
                    answer = await call(target, path, body, headers)
                    elapsed = time.perf_counter() - started
                    if profiling:
                        profiling.disable()
                    recorder.stop()
                    assert b'"errors"' not in answer, answer[:600]
                    if round_ == 1:  # the caches are warm: what a page sends
                        sent[name] = recorder.queries()
                        answers[name] = answer
                    if round_ >= 2:  # the first two rounds warm the caches
                        times[name].append(elapsed)
                        database[name].append(recorder.seconds)
            same_values(
                nodes_of(answers["resolvers"], connection=True),
                nodes_of(answers["strawchemy"], connection=False),
            )
            # The scope hook: a ministry officer sees its country's candidates only,
            # the same ones on both paths.
            officer = await sign_in(app, OFFICER_EMAIL)
            mine = await call(app, "/graphql", page_body(queries.CANDIDATE_PAGE), officer)
            theirs.start()
            other = await call(close, "/graphql", page_body(CLOSE_PAGE), officer)
            theirs.stop()
            scoped = nodes_of(other, connection=False)
            assert {node["countryCode"] for node in scoped} == {"VN"}
            same_values(nodes_of(mine, connection=True), scoped)
            sent["strawchemy, scoped"] = theirs.queries()
    finally:
        await engine.dispose()
    return times, database, sent


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.strawchemy_eval")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--database-url", help="PostgreSQL to use instead of a SQLite file")
    parser.add_argument("--schema", default=SCHEMA, help=f"its schema (default {SCHEMA})")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL schema")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the strawchemy page (cProfile; the times are then not comparable)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="imjapan-strawchemy-") as workdir:
        url = args.database_url or f"sqlite:///{Path(workdir) / 'strawchemy.sqlite3'}"
        schema = args.schema if args.database_url else None
        if schema:
            asyncio.run(fresh_schema(url, schema))
            os.environ["IMJAPAN_DATABASE_SCHEMA"] = schema
        try:
            upgrade(url, schema=schema)
            started = time.perf_counter()
            asyncio.run(seed(url, schema, args.candidates))
            print(f"{args.candidates:,} candidates seeded in {time.perf_counter() - started:.0f} s")
            os.environ.update(
                {
                    "DATABASE_URL": url,
                    "IMJAPAN_RATE_LIMITS": "false",
                    "IMJAPAN_MIGRATE_ON_START": "false",
                    "IMJAPAN_PROFILE": "production",
                    "IMJAPAN_SECRET_KEY": SECRET,
                    "IMJAPAN_LOG_LEVEL": "WARNING",
                }
            )
            profile = cProfile.Profile() if args.profile else None
            times, database, sent = asyncio.run(measure(url, schema, args.repeat, profile))
        finally:
            if schema and not args.keep:
                asyncio.run(drop_schema(url, schema))
    limit = statistics.median(times["limit"])
    where = "PostgreSQL" if schema else "SQLite"
    print(
        f"median of {args.repeat} in-process calls each, first 100 of"
        f" {args.candidates:,} candidates ({where}); load average {os.getloadavg()}:"
    )
    for name, samples in times.items():
        median = statistics.median(samples)
        in_driver = statistics.median(database[name])
        print(
            f"  {name:<15} {median * 1000:7.1f} ms  ({limit / median:.2f} of the limit's rate);"
            f" {len(sent[name])} statements, {in_driver * 1000:.1f} ms of them in the driver"
        )
    if profile is not None:
        print("\n-- where the strawchemy page spends its time (cumulative):")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return
    for name in ("strawchemy", "strawchemy, scoped", "resolvers"):
        print(f"\n-- statements of one {name} page:")
        for statement in sent[name]:
            print(statement if len(statement) < 3000 else statement[:3000] + " ...")


if __name__ == "__main__":
    main()
