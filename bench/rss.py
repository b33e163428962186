"""One worker's memory after load, for this checkout and another: the RSS ratio.

For each checkout given with ``--code`` (the first is the baseline; default:
this one), in a temporary directory of its own:

1. seeds a SQLite file with ``--candidates`` candidates with that checkout's
   own migrations and ``bench.seed`` (so each serves the schema it expects);
2. starts ``imjapan serve`` from that checkout as ``bench.hostile`` does (one
   worker, production profile, rate limits off) and reads its RSS once it answers;
3. sends the benchmark's read operations (the catalogue, the 100-candidate
   nested page, a candidate's full history, the pipeline) signed in as an
   administrator, for ``--seconds`` seconds each over ``--connections``
   keep-alive connections (``bench.load``), then reads the RSS again and the
   peak (``VmHWM``).

It prints one line per checkout and the ratio of each to the first: the goal
of issue 15 is an RSS after load within 1.2x of the baseline's.

    .venv/bin/python -m bench.rss --code ../baseline --code .
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench import queries
from bench.hostile import service
from bench.seed import ADMIN_EMAIL, ADMIN_PASSWORD

ROOT = Path(__file__).resolve().parent.parent

SEED = """
import asyncio, sys
from datetime import date
from bench.profiles import Screener
from bench.seed import create_admin, seed_pipeline
from core.db.engine import create_engine
from core.db.migrate import upgrade
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.screening.custom import plugin_evaluator
from core.settings import Settings

async def main(url: str, count: int) -> None:
    settings = Settings(database_url=url)
    pm = get_plugin_manager(settings)
    registry = build_registry(pm, settings)
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    try:
        await create_admin(engine, registry)
        async with engine.begin() as connection:
            await seed_pipeline(
                connection, registry, Screener(registry, plugin_evaluator(pm, settings)),
                candidates=count, today=date.today(),
            )
    finally:
        await engine.dispose()

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""
"""Run with the checkout's own code, so its migrations and seed shape are used."""


@dataclass(frozen=True)
class Memory:
    code: Path
    started_kib: int
    after_kib: int
    peak_kib: int


def status_kib(pid: int, field: str) -> int:
    """A ``/proc/<pid>/status`` figure in KiB (``VmRSS``, ``VmHWM``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def post(port: int, body: dict[str, object], token: str | None = None) -> bytes:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    try:
        connection.request("POST", "/graphql", body=json.dumps(body), headers=headers)
        return connection.getresponse().read()
    finally:
        connection.close()


def load(port: int, body: str, token: str, args: argparse.Namespace) -> None:
    spec = {
        "host": "127.0.0.1",
        "port": port,
        "path": "/graphql",
        "headers": {"content-type": "application/json", "authorization": f"Bearer {token}"},
        "bodies": [body],
        "connections": args.connections,
        "warmup": 0.5,
        "duration": args.seconds,
    }
    subprocess.run(
        [sys.executable, "-m", "bench.load"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )


def measure(code: Path, args: argparse.Namespace) -> Memory:
    with tempfile.TemporaryDirectory(prefix="imjapan-rss-") as name:
        directory = Path(name)
        database = directory / "rss.sqlite3"
        env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
        subprocess.run(
            [sys.executable, "-c", SEED, f"sqlite:///{database}", str(args.candidates)],
            cwd=code,
            env={**env, "PYTHONPATH": str(code)},
            check=True,
        )
        with service(code, directory, database=database.name) as (port, pid):
            login = {"query": queries.LOGIN, "variables": {"e": ADMIN_EMAIL, "p": ADMIN_PASSWORD}}
            token = json.loads(post(port, login))["data"]["login"]["accessToken"]
            started = status_kib(pid, "VmRSS")
            detail = json.dumps(
                {"query": queries.CANDIDATE_DETAIL, "variables": {"id": "1"}},
            )
            for body in (
                json.dumps({"query": queries.CATALOGUE}),
                json.dumps({"query": queries.CANDIDATE_PAGE, "variables": {}}),
                detail,
                json.dumps({"query": queries.PIPELINE}),
            ):
                load(port, body, token, args)
            return Memory(code, started, status_kib(pid, "VmRSS"), status_kib(pid, "VmHWM"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, action="append", help="a checkout (repeatable)")
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args(argv)
    codes = [path.resolve() for path in (args.code or [ROOT])]
    results = [measure(code, args) for code in codes]
    base = results[0]
    print(f"load average: {os.getloadavg()[0]:.2f}")
    for result in results:
        print(
            f"{result.code}: RSS {result.started_kib / 1024:.0f} MB after start-up, "
            f"{result.after_kib / 1024:.0f} MB after load (peak {result.peak_kib / 1024:.0f} MB), "
            f"{result.after_kib / base.after_kib:.2f}x the first's after load"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
