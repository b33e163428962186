"""Where a page of 100 candidates spends its time: the same page, field groups added in turn.

Run: ``.venv/bin/python -m bench.breakdown [--repeat 30] [--candidates 2000] [--database-url URL]``

Seeds 2,000 candidates (or ``--candidates``) into a temporary SQLite file (or, with
``--database-url``, into the PostgreSQL schema ``breakdown``, dropped and
created again), builds the benchmark's
app in this process and calls it directly (ASGI, no sockets), alternating
the variants; prints the median time of each. The variants select, for the
first 100 candidates:

- ``ids``: ``id`` only (the page query, the connection and 100 edges);
- ``plain``: the candidate's fields without a permission check;
- ``personal``: plus the seven fields guarded by a permission class;
- ``nested``: plus call, cohort, host company and latest decision (four
  DataLoader-backed resolvers per candidate): the benchmark's page query;
- ``compiled``: the same page answered by the compiled read path
  (:mod:`core.schema.compiled`: one statement whose JSON the database builds);
  the other GraphQL variants run on an app with ``IMJAPAN_COMPILED_READS=false``,
  so they measure the resolver path;
- ``limit``: the plain handler of :mod:`bench.limits` for that page;
- ``by-id`` and ``calls``: the benchmark's small reads (``candidate(id:)`` with the
  page's fields, 20 Indonesian recruitment calls) on the compiled app, each
  followed by its plain handler. From the third round on the compiled app answers
  them in its fast lane (:mod:`core.http.fast_reads`), as it does a client's
  repeated documents.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench import queries
from bench.profiles import Screener
from bench.run import fresh_schema
from bench.seed import ADMIN_EMAIL, ADMIN_PASSWORD, create_admin, seed_pipeline
from core.db.engine import create_engine
from core.db.migrate import upgrade
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.screening.custom import plugin_evaluator
from core.settings import Settings

PLAIN = "id countryCode fullName jobField status trainingCompletedOn enteredJapanOn returnedOn"
PERSONAL = "applicantNumber dateOfBirth sex educationLevel heightCm weightKg japaneseLevel"
NESTED = (
    "call { id label } cohort { id name startsOn endsOn } hostCompany { id name prefecture } "
    "latestScreeningDecision { id passed screenedOn }"
)


SCHEMA = "breakdown"


def page(fields: str) -> str:
    return "{ candidates(first: 100) { edges { cursor node { " + fields + " } } } }"


VARIANTS = {
    "ids": ("/graphql", page("id")),
    "plain": ("/graphql", page(PLAIN)),
    "personal": ("/graphql", page(f"{PLAIN} {PERSONAL}")),
    "nested": ("/graphql", queries.CANDIDATE_PAGE),
    "compiled": ("/graphql", queries.CANDIDATE_PAGE),
    "limit": ("/limit/candidates", queries.CANDIDATE_PAGE),
    "by-id": ("/graphql", queries.CANDIDATE_BY_ID),
    "by-id limit": ("/limit/lookup", queries.CANDIDATE_BY_ID),
    "calls": ("/graphql", queries.RECRUITMENT_CALLS),
    "calls limit": ("/limit/calls", queries.RECRUITMENT_CALLS),
}
COMPILED = frozenset({"compiled", "by-id", "calls"})
SMALL = frozenset({"by-id", "by-id limit", "calls", "calls limit"})
"""The small reads, each compared with its own plain handler."""
"""The variants served by the app with compiled reads on; the others by the one without."""


async def call(app: Any, path: str, body: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    messages: list[dict[str, Any]] = []
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop()
        await asyncio.sleep(3600)
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    await app(scope, receive, send)
    assert messages[0]["status"] == 200, messages
    return b"".join(m.get("body", b"") for m in messages[1:])


async def measure(repeat: int) -> dict[str, list[float]]:
    from bench.server import create_bench_app

    os.environ["IMJAPAN_COMPILED_READS"] = "false"
    resolver = create_bench_app()
    os.environ["IMJAPAN_COMPILED_READS"] = "true"
    compiled = create_bench_app()
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    async with (
        resolver.router.lifespan_context(resolver),
        compiled.router.lifespan_context(compiled),
    ):
        login = {"query": queries.LOGIN, "variables": {"e": ADMIN_EMAIL, "p": ADMIN_PASSWORD}}
        answer = await call(resolver, "/graphql", json.dumps(login).encode(), [])
        token = json.loads(answer)["data"]["login"]["accessToken"]
        headers = [(b"authorization", f"Bearer {token}".encode())]
        first = {"query": "{ candidates(first: 1) { edges { node { id } } } }"}
        answer = await call(resolver, "/graphql", json.dumps(first).encode(), headers)
        variables = {"id": json.loads(answer)["data"]["candidates"]["edges"][0]["node"]["id"]}
        for round_ in range(repeat + 2):
            for name, (path, query) in VARIANTS.items():
                app = compiled if name in COMPILED else resolver
                body = json.dumps({"query": query, "variables": variables}).encode()
                started = time.perf_counter()
                answer = await call(app, path, body, headers)
                elapsed = time.perf_counter() - started
                assert b'"errors"' not in answer[:20], answer[:300]
                if round_ >= 2:  # the first two rounds warm the caches
                    times[name].append(elapsed)
    return times


async def seed(url: str, schema: str | None, candidates: int) -> None:
    settings = Settings(database_url=url)
    pm = get_plugin_manager(settings)
    registry = build_registry(pm, settings)
    engine = create_engine(url, schema=schema)
    try:
        await create_admin(engine, registry)
        async with engine.begin() as connection:
            await seed_pipeline(
                connection,
                registry,
                Screener(registry, plugin_evaluator(pm, settings)),
                candidates=candidates,
                today=date.today(),
            )
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.breakdown")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", help="PostgreSQL to use instead of a SQLite file")
    parser.add_argument("--schema", default=SCHEMA, help=f"its schema (default {SCHEMA})")
    parser.add_argument("--candidates", type=int, default=2000, help="how many to seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="imjapan-breakdown-") as workdir:
        url = args.database_url or f"sqlite:///{Path(workdir) / 'breakdown.sqlite3'}"
        schema = args.schema if args.database_url else None
        if schema:
            asyncio.run(fresh_schema(url, schema))
            os.environ["IMJAPAN_DATABASE_SCHEMA"] = schema
        upgrade(url, schema=schema)
        asyncio.run(seed(url, schema, args.candidates))
        os.environ.update(
            {
                "DATABASE_URL": url,
                "IMJAPAN_RATE_LIMITS": "false",
                "IMJAPAN_MIGRATE_ON_START": "false",
                "IMJAPAN_PROFILE": "production",
                "IMJAPAN_SECRET_KEY": "breakdown-only-signing-key-" + "0" * 32,
                "IMJAPAN_LOG_LEVEL": "WARNING",
            }
        )
        times = asyncio.run(measure(args.repeat))
    limits = {
        name: statistics.median(times[f"{name.split()[0]} limit" if name in SMALL else "limit"])
        for name in times
    }
    print(
        f"median of {args.repeat} in-process calls each, first 100 of {args.candidates:,}"
        " candidates"
        f" ({'PostgreSQL' if schema else 'SQLite'}):"
    )
    for name, samples in times.items():
        median = statistics.median(samples)
        ratio = limits[name] / median
        print(f"  {name:<11} {median * 1000:7.2f} ms  ({ratio:.2f} of the limit's rate)")


if __name__ == "__main__":
    main()
