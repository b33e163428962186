"""The benchmark: seed a realistic data set, serve it, measure, print one table.

Run from the repository root (after ``python3 dev.py setup``)::

    .venv/bin/python -m bench.run                        # 100,000 candidates, SQLite
    .venv/bin/python -m bench.run --database-url postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python -m bench.run --database-url postgresql://... --candidates 1000000

What it does, in order:

1. creates a fresh database (a SQLite file in a temporary directory, or the
   PostgreSQL schema ``bench``, dropped and created again), migrates it and
   seeds it with bulk inserts (:mod:`bench.seed`), printing the time taken;
2. starts the real service under uvicorn in a subprocess (one worker, rate
   limits off, access logs off, pinned to CPU 1) with the plain "limit"
   handlers of :mod:`bench.limits` mounted beside ``/graphql``;
3. measures the load generator's ceiling against a trivial route, then each
   operation over HTTP with the generator (:mod:`bench.load`, pinned to
   CPU 0), GraphQL first and its limit right after, having checked once that
   both answer the same bytes;
4. measures the first page of candidates against the page after half of them
   (keyset pagination), and prints the query plan;
5. on PostgreSQL (``--peer postgraphile``, the default when npm is found),
   starts PostGraphile 5 on the same schema (:mod:`bench.peer`) and measures
   three read operations against it and against the plain handlers, at 1 and
   8 connections, having checked once that both GraphQL servers answer the
   same values;
6. imports a CSV file through the import path, side by side with a bare
   insert of the same rows;
7. seeds a call of registered candidates and screens them with ONE command,
   ``imjapan candidates screen --call ID``.

Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench import peer, queries
from bench.importing import measure_import
from bench.profiles import Screener
from bench.seed import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    Seeded,
    create_admin,
    seed_pipeline,
    seed_registered,
)
from core.db.engine import async_url, create_engine
from core.db.migrate import upgrade
from core.db.session import Database
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import CountryRegistry, build_registry
from core.schema.ids import global_id
from core.screening.custom import plugin_evaluator
from core.services.queries import CandidateFilter, candidate_page, encode_cursor
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SQLITE_LIMIT = 100_000
SECRET = "benchmark-only-signing-key-" + "0" * 32
SCHEMA = "bench"
FEW_SAMPLES = 20


@dataclass
class Measured:
    rps: float
    p50: float
    p99: float
    requests: int
    errors: int
    cpu: float
    """Share of one CPU the load generator used."""

    @classmethod
    def of(cls, result: dict[str, Any]) -> Measured:
        return cls(
            result["rps"],
            result["p50_ms"],
            result["p99_ms"],
            result["requests"],
            result["errors"],
            result["cpu"],
        )


@dataclass
class Row:
    label: str
    key: str
    graphql: Measured
    limit: Measured
    same_bytes: bool

    @property
    def ratio(self) -> float:
        return self.graphql.rps / self.limit.rps if self.limit.rps else 0.0


@dataclass
class Run:
    args: argparse.Namespace
    url: str
    schema: str | None
    workdir: Path
    settings: Settings
    registry: CountryRegistry
    screener: Screener
    seeded: Seeded = field(default_factory=Seeded)
    twins: list[int] = field(default_factory=list)
    pinned: bool = field(default_factory=lambda: shutil.which("taskset") is not None)
    findings: list[str] = field(default_factory=list)

    @property
    def postgres(self) -> bool:
        return async_url(self.url).get_backend_name() == "postgresql"

    def env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "IMJAPAN_RATE_LIMITS": "false",
            "IMJAPAN_MIGRATE_ON_START": "false",
            "IMJAPAN_PROFILE": "production",
            "IMJAPAN_SECRET_KEY": SECRET,
            "IMJAPAN_ACCESS_TOKEN_MINUTES": "60",
            "IMJAPAN_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        if self.schema:
            env["IMJAPAN_DATABASE_SCHEMA"] = self.schema
        return env

    def pin(self, cpu: int) -> list[str]:
        return ["taskset", "-c", str(cpu)] if self.pinned and (os.cpu_count() or 1) > 1 else []


# -- the machine and the output ----------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def say(message: str) -> None:
    print(message, flush=True)


# -- database ------------------------------------------------------------------------


async def fresh_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        await engine.dispose()


async def seed_all(run: Run) -> None:
    engine = create_engine(run.url, schema=run.schema)
    today = date.today()
    started = time.perf_counter()

    reported = [0]

    def progress(done: int) -> None:
        if done - reported[0] >= 100_000:
            reported[0] = done
            say(f"  ... {done:,} candidates ({time.perf_counter() - started:.0f} s)")

    try:
        await create_admin(engine, run.registry)
        async with engine.begin() as connection:
            run.seeded = await seed_pipeline(
                connection,
                run.registry,
                run.screener,
                candidates=run.args.candidates,
                today=today,
                progress=progress,
            )
        async with engine.begin() as connection:
            _, run.twins = await seed_registered(
                connection,
                run.registry,
                run.screener,
                country="TH",
                count=run.args.screen_requests,
                today=today,
                twins=True,
                prefix="M",
            )
    finally:
        await engine.dispose()


# -- the server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(run: Run, port: int) -> Iterator[None]:
    log = (run.workdir / "server.log").open("wb")
    command = [
        *run.pin(1),
        sys.executable,
        "-m",
        "uvicorn",
        "bench.server:create_bench_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=run.env(), cwd=ROOT, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped; see {run.workdir / 'server.log'}")
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer /healthz within 60 s")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def request(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def sign_in(port: int) -> str:
    body = json.dumps(
        {"query": queries.LOGIN, "variables": {"e": ADMIN_EMAIL, "p": ADMIN_PASSWORD}}
    ).encode()
    status, answer = request(port, "POST", "/graphql", body, {"content-type": "application/json"})
    token = json.loads(answer)["data"]["login"]["accessToken"]
    if status != 200 or not token:
        raise RuntimeError(f"cannot sign in: {answer[:200]!r}")
    return str(token)


def load(run: Run, spec: dict[str, Any]) -> Measured:
    spec = {
        "host": "127.0.0.1",
        "connections": run.args.connections,
        "warmup": run.args.warmup,
        "duration": run.args.duration,
        **spec,
    }
    done = subprocess.run(
        [*run.pin(0), sys.executable, "-m", "bench.load"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    return Measured.of(json.loads(done.stdout))


# -- the HTTP measurements ---------------------------------------------------------------


@dataclass
class Case:
    label: str
    limit: str
    body: Callable[[int], str]
    """The request body for the n-th request (screening uses a candidate each)."""
    signed_in: bool = True
    ids: list[int] | None = None


def body_of(query: str, variables: dict[str, Any] | None = None) -> str:
    return json.dumps({"query": query, "variables": variables or {}})


def cases(run: Run) -> list[Case]:
    detail = run.seeded.detail_candidate_id
    return [
        Case(
            "catalogue (response cache)", "catalogue", lambda _: body_of(queries.CATALOGUE), False
        ),
        # The same plain handler, which reads no token: the signed-in request's ratio
        # includes the check of its token (one statement) against nothing.
        Case("catalogue, signed in", "catalogue", lambda _: body_of(queries.CATALOGUE)),
        Case(
            "candidates page (100, nested)", "candidates", lambda _: body_of(queries.CANDIDATE_PAGE)
        ),
        Case(
            "candidate with full history",
            "candidate",
            lambda _: body_of(
                queries.CANDIDATE_DETAIL, {"id": global_id("Candidate", detail or 0)}
            ),
        ),
        Case("pipeline counts", "pipeline", lambda _: body_of(queries.PIPELINE)),
        Case(
            "screenCandidate mutation",
            "screen",
            lambda i: body_of(queries.SCREEN, {"id": global_id("Candidate", i)}),
            ids=run.twins,
        ),
    ]


def http_phase(run: Run, port: int) -> tuple[Measured, list[Row], dict[str, Measured], Depth]:
    token = sign_in(port)
    json_headers = {"content-type": "application/json", "accept": "application/json"}
    signed = {**json_headers, "authorization": f"Bearer {token}"}

    ceiling = load(run, {"port": port, "method": "GET", "path": "/limit/ping", "headers": {}})
    say(
        f"load generator ceiling: {ceiling.rps:,.0f} req/s against a trivial handler "
        f"(p50 {ceiling.p50:.2f} ms), the generator using {ceiling.cpu:.0%} of its CPU"
    )
    rows: list[Row] = []
    for case in cases(run):
        headers = signed if case.signed_in else json_headers
        if case.ids is not None:
            half = len(case.ids) // 2
            graphql_ids, limit_ids = case.ids[:half], case.ids[half:]
            check = (graphql_ids.pop(0), limit_ids.pop(0))
        else:
            graphql_ids = limit_ids = []
            check = (0, 0)
        status_g, answer_g = request(
            port, "POST", "/graphql", case.body(check[0]).encode(), headers
        )
        status_l, answer_l = request(
            port, "POST", f"/limit/{case.limit}", case.body(check[1]).encode(), headers
        )
        same = status_g == status_l == 200 and answer_g == answer_l
        if not same:
            at = next(
                (i for i, (g, h) in enumerate(zip(answer_g, answer_l, strict=False)) if g != h),
                min(len(answer_g), len(answer_l)),
            )
            start = max(0, at - 150)
            say(f"  ! {case.label}: answers differ ({status_g}/{status_l}) at byte {at}")
            say(f"    graphql: {answer_g[start : at + 150]!r}")
            say(f"    limit:   {answer_l[start : at + 150]!r}")
        if b'"errors"' in answer_g[:20]:
            raise RuntimeError(f"{case.label}: GraphQL answered an error: {answer_g[:300]!r}")

        def spec(
            path: str, ids: list[int], case: Case = case, headers: dict[str, str] = headers
        ) -> dict[str, Any]:
            base = {"port": port, "path": path, "headers": headers}
            if case.ids is None:
                return {**base, "bodies": [case.body(0)]}
            return {**base, "template": case.body(0).replace('"0"', '"{id}"'), "ids": ids}

        graphql = load(run, spec("/graphql", graphql_ids))
        limit = load(run, spec(f"/limit/{case.limit}", limit_ids))
        rows.append(Row(case.label, case.limit, graphql, limit, same))
        say(
            f"  {case.label}: GraphQL {graphql.rps:,.0f} req/s, limit {limit.rps:,.0f} req/s"
            f" ({'same bytes' if same else 'DIFFERENT bytes'})"
        )
    cursor, found = cursor_phase(run, port, signed)
    return ceiling, rows, cursor, found


def cursor_phase(run: Run, port: int, headers: dict[str, str]) -> tuple[dict[str, Measured], Depth]:
    found = asyncio.run(depth(run))
    pages = {
        "first page": body_of(queries.CANDIDATE_PAGE, {"after": None}),
        f"page after {run.args.candidates // 2:,} rows": body_of(
            queries.CANDIDATE_PAGE, {"after": encode_cursor(found.middle)}
        ),
    }
    measured = {}
    for label, body in pages.items():
        status, answer = request(port, "POST", "/graphql", body.encode(), headers)
        edges = json.loads(answer)["data"]["candidates"]["edges"]
        assert status == 200 and len(edges) == 100, answer[:200]
        measured[label] = load(
            run,
            {
                "port": port,
                "path": "/graphql",
                "headers": headers,
                "bodies": [body],
                "connections": 1,
            },
        )
        say(
            f"  cursor, {label} (one connection): {measured[label].rps:,.0f} req/s, "
            f"p50 {measured[label].p50:.1f} ms"
        )
    return measured, found


@dataclass
class Depth:
    middle: int
    plan: list[str]
    first_ms: float
    deep_ms: float
    """Median time of ``candidate_page`` (the service function) at each position."""


async def depth(run: Run, repeat: int = 30) -> Depth:
    """The id after which half the candidates lie, the plan of the page query
    there, and the page's own time at the start and there, alternately."""
    engine = create_engine(run.url, schema=run.schema)
    db = Database(engine)
    try:
        async with engine.connect() as connection:
            middle = (
                await connection.execute(
                    text("SELECT id FROM candidate ORDER BY id LIMIT 1 OFFSET :n"),
                    {"n": run.args.candidates // 2 - 1},
                )
            ).scalar_one()
            page_sql = (
                f"SELECT * FROM candidate WHERE candidate.id > {int(middle)} "
                "ORDER BY candidate.id LIMIT 101"
            )
            if run.postgres:
                result = await connection.execute(text(f"EXPLAIN (ANALYZE, COSTS OFF) {page_sql}"))
            else:
                result = await connection.execute(text(f"EXPLAIN QUERY PLAN {page_sql}"))
            plan = [" ".join(str(v) for v in row if v is not None) for row in result]
        times: dict[str | None, list[float]] = {None: [], encode_cursor(middle): []}
        for _ in range(repeat):
            for after, samples in times.items():
                async with db.session() as session:
                    started = time.perf_counter()
                    page = await candidate_page(session, CandidateFilter(), first=100, after=after)
                    samples.append(time.perf_counter() - started)
                    assert len(page.rows) == 100
        first, deep = (statistics.median(samples) * 1000 for samples in times.values())
    finally:
        await engine.dispose()
    return Depth(int(middle), [page_sql, *plan], first, deep)


# -- the peer: PostGraphile -------------------------------------------------------------


def peer_wanted(run: Run) -> Path | None:
    """The Node binary to run PostGraphile with, installed if needed; None when the
    run goes without the peer (``--peer none``, SQLite, no npm, or it cannot install)."""
    if run.args.peer == "none":
        return None
    if not run.postgres or run.schema is None:
        if run.args.peer == "postgraphile":
            say("peer: PostGraphile needs PostgreSQL; this SQLite run goes without it")
        return None
    if run.args.peer is None and not peer.npm_found():
        say("peer: npm not found, no PostGraphile comparison (--peer none to silence this)")
        return None
    try:
        return peer.install(say)
    except peer.PeerUnavailable as exc:
        say(f"peer: PostGraphile not measured: {exc}")
        return None


def peer_phase(run: Run, port: int, node: Path) -> list[peer.PeerRow]:
    assert run.schema is not None
    peer_port = free_port()
    say(
        f"peer: {peer.versions(node)}, schema {run.schema!r}, pool of 10"
        f"{', CPU 1' if run.pin(1) else ''}; each read operation at "
        f"{' and '.join(map(str, peer.CONNECTIONS))} connections, {peer.REPETITIONS} times, "
        "the order of ours, plain and PostGraphile reversed every other time; medians"
    )
    headers = {"authorization": f"Bearer {sign_in(port)}"}
    with peer.postgraphile(
        node, run.url, run.schema, peer_port, run.pin(1), run.workdir / "postgraphile.log"
    ):
        return peer.measure(
            peer.operations(run.seeded.detail_candidate_id or 1),
            ours_port=port,
            peer_port=peer_port,
            headers=headers,
            run_load=lambda spec: load(run, spec),
            say=say,
        )


# -- batch screening ---------------------------------------------------------------------


async def seed_screening_call(run: Run) -> int:
    engine = create_engine(run.url, schema=run.schema)
    try:
        async with engine.begin() as connection:
            call_id, _ = await seed_registered(
                connection,
                run.registry,
                run.screener,
                country="ID",
                count=run.args.screen_candidates,
                today=date.today(),
                twins=False,
                prefix="S",
            )
    finally:
        await engine.dispose()
    return call_id


def batch_screening(run: Run) -> tuple[str, float, float]:
    started = time.perf_counter()
    call_id = asyncio.run(seed_screening_call(run))
    seeded = time.perf_counter() - started
    command = [
        str(Path(sys.executable).parent / "imjapan"),
        "candidates",
        "screen",
        "--call",
        str(call_id),
        "--batch-size",
        str(run.args.batch_size),
    ]
    started = time.perf_counter()
    done = subprocess.run(
        command, env=run.env(), cwd=run.workdir, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    say(f"  $ imjapan candidates screen --call {call_id} --batch-size {run.args.batch_size}")
    say(f"  {done.stdout.strip()}")
    return done.stdout.strip(), wall, seeded


# -- the report ------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    header = (
        f"| {'query':<32} | {'GraphQL req/s':>13} | {'p50 ms':>7} | {'p99 ms':>7} "
        f"| {'limit req/s':>11} | {'p50 ms':>7} | {'p99 ms':>7} | {'ratio':>5} | bytes |"
    )
    lines = [header, "|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|"]
    few = False
    for row in rows:
        mark = " "
        if min(row.graphql.requests, row.limit.requests) < FEW_SAMPLES:
            few, mark = True, "*"
        lines.append(
            f"| {row.label:<32} | {row.graphql.rps:>13,.0f} | {row.graphql.p50:>7.1f} "
            f"| {row.graphql.p99:>7.1f} | {row.limit.rps:>11,.0f} | {row.limit.p50:>7.1f} "
            f"| {row.limit.p99:>7.1f} | {row.ratio:>4.2f}{mark} "
            f"| {'same' if row.same_bytes else 'DIFF':<5} |"
        )
    if few:
        lines.append(
            f"* fewer than {FEW_SAMPLES} requests completed in the window: "
            "the ratio is not a measurement (lengthen --duration)"
        )
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--candidates", type=int, default=100_000, help="default 100000")
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL URL (its schema 'bench' is dropped and recreated); "
        "default: a SQLite file in a temporary directory",
    )
    parser.add_argument("--schema", default=SCHEMA, help="PostgreSQL schema (default bench)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument(
        "--screen-requests",
        type=int,
        default=20_000,
        help="registered candidates made for the screenCandidate measurement",
    )
    parser.add_argument(
        "--screen-candidates",
        type=int,
        default=100_000,
        help="candidates screened by the one batch command",
    )
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated phases to leave out: http, import, screen",
    )
    parser.add_argument(
        "--peer",
        choices=("postgraphile", "none"),
        default=None,
        help="measure the read operations against PostGraphile 5 too (default: on when the "
        "database is PostgreSQL and npm is found; SQLite runs never do)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file afterwards")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    workdir = Path(tempfile.mkdtemp(prefix="imjapan-bench-"))
    if args.database_url:
        url, schema = args.database_url, args.schema
    else:
        url, schema = f"sqlite:///{workdir / 'bench.sqlite3'}", None
    backend = async_url(url).get_backend_name()
    if backend != "postgresql" and args.candidates > SQLITE_LIMIT:
        say(
            f"bench: --candidates {args.candidates:,} needs PostgreSQL; SQLite runs take at "
            f"most {SQLITE_LIMIT:,}. Add --database-url postgresql://postgres@127.0.0.1:5432/test"
        )
        return 2
    if args.candidates < 1000:
        say("bench: --candidates must be at least 1000")
        return 2
    settings = Settings(database_url=url, database_schema=schema)
    pm = get_plugin_manager(settings)
    registry = build_registry(pm, settings)
    run = Run(
        args,
        url,
        schema,
        workdir,
        settings,
        registry,
        Screener(registry, plugin_evaluator(pm, settings)),
    )
    say(f"imjapan-api benchmark, {date.today()}, {machine()}")
    python = Path(sys.executable)
    if python.is_relative_to(ROOT):
        python = python.relative_to(ROOT)
    say(f"command: {' '.join([str(python), '-m', 'bench.run', *(argv or sys.argv[1:])])}")
    where = (
        f"PostgreSQL schema {schema!r}" if schema else f"SQLite file {workdir / 'bench.sqlite3'}"
    )
    say(f"database: {backend}, {where} (fresh)")
    try:
        return measure_all(run, skip)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def measure_all(run: Run, skip: set[str]) -> int:
    args = run.args
    if run.schema:
        asyncio.run(fresh_schema(run.url, run.schema))
    upgrade(run.url, schema=run.schema)
    say(f"seeding {args.candidates:,} candidates ...")
    asyncio.run(seed_all(run))
    rows_written = sum(run.seeded.rows.values())
    say(
        f"seeded {run.seeded.candidates:,} candidates and {rows_written:,} rows in "
        f"{run.seeded.seconds:.1f} s ({rows_written / run.seeded.seconds:,.0f} rows/s); "
        + ", ".join(f"{name} {count:,}" for name, count in sorted(run.seeded.rows.items()))
    )
    summary: list[str] = []
    if "http" not in skip:
        port = free_port()
        say(
            f"server: uvicorn, 1 worker{', CPU 1' if run.pin(1) else ''}; load generator"
            f"{' on CPU 0' if run.pin(0) else ''}, {args.connections} keep-alive connections, "
            f"{args.warmup:g} s warm-up + {args.duration:g} s per measurement; "
            "IMJAPAN_RATE_LIMITS=false (rate limits off), production profile, logs at WARNING"
        )
        node = peer_wanted(run)
        with server(run, port):
            ceiling, rows, cursor, found = http_phase(run, port)
            peer_rows = peer_phase(run, port, node) if node else []
        say("")
        say(table(rows))
        say("")
        by_key = {row.key: row for row in reversed(rows)}  # the first row of each limit
        catalogue, page = by_key["catalogue"], by_key["candidates"]
        summary += [
            f"load generator ceiling: {ceiling.rps:,.0f} req/s "
            f"(generator CPU {ceiling.cpu:.0%}; the fastest row used "
            f"{max(max(r.graphql.cpu, r.limit.cpu) for r in rows):.0%})",
            f"catalogue >= 0.80 of its plain handler: {catalogue.ratio:.2f} "
            f"({verdict(catalogue.ratio >= 0.8)})",
            f"100-candidate page >= 0.35 of its plain handler: {page.ratio:.2f} "
            f"({verdict(page.ratio >= 0.35)})",
        ]
        (first, first_m), (deep, deep_m) = cursor.items()
        factor = deep_m.p50 / first_m.p50 if first_m.p50 else 0.0
        sql_factor = found.deep_ms / found.first_ms if found.first_ms else 0.0
        summary += [
            f"cursor pagination over HTTP (one connection): {first} p50 {first_m.p50:.1f} ms, "
            f"{deep} p50 {deep_m.p50:.1f} ms: {factor:.2f}x "
            f"(target <= 1.5x: {verdict(factor <= 1.5)})",
            f"cursor pagination in the service (candidate_page, median of 30): first page "
            f"{found.first_ms:.2f} ms, {deep} {found.deep_ms:.2f} ms: {sql_factor:.2f}x "
            f"(target <= 1.5x: {verdict(sql_factor <= 1.5)})",
        ]
        if peer_rows:
            say("")
            say(peer.table(peer_rows))
            say("")
            summary += [
                f"{row.label}, {row.connections} conn: ours/PostGraphile "
                f"{row.ratio('peer'):.2f}, ours/plain {row.ratio('plain'):.2f} "
                f"(median of {peer.REPETITIONS}; load average {row.load[0]:.2f})"
                for row in peer_rows
                if not row.refused
            ]
            summary += [
                f"{row.label}: NOT measured against PostGraphile, values differ"
                for row in peer_rows
                if row.refused and row.connections == peer.CONNECTIONS[0]
            ]
        index = any(
            marker in line for line in found.plan for marker in ("pk_candidate", "PRIMARY KEY")
        )
        say(
            "query plan of the page after the middle ("
            + ("uses" if index else "does NOT use")
            + " the primary key index):"
        )
        for line in found.plan:
            say(f"    {line}")
    if "import" not in skip:
        say(f"importing {args.import_rows:,} CSV rows, side by side with a bare insert ...")
        imported = asyncio.run(measure_import(run.settings, run.registry, rows=args.import_rows))
        for line in imported.lines():
            say(f"  {line}")
        summary.append(
            f"bulk import >= 0.25 of a bare insert: {imported.ratio:.2f} "
            f"({verdict(imported.ratio >= 0.25)})"
        )
    if "screen" not in skip:
        say(f"batch screening {args.screen_candidates:,} candidates with one command ...")
        output, wall, seeded = batch_screening(run)
        summary.append(
            f"batch screening: {output} (command wall time {wall:.1f} s; "
            f"its call was seeded in {seeded:.1f} s)"
        )
    say("")
    for line in summary:
        say(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
