"""Fair under attack: how long hostile documents take to refuse, and what they do to others.

Run from the repository root::

    .venv/bin/python -m bench.hostile                  # ~10 s of attack, ~25 s in all
    .venv/bin/python -m bench.hostile --code ../other  # the same against another checkout

It starts ``imjapan serve`` (one worker, production profile, a fresh SQLite
file, rate limits off so that every hostile request reaches GraphQL) and:

1. **Quiet**: a victim process alternates ``GET /livez`` and a small
   catalogue query (``country(code:)`` with a varying code, so the response
   cache does not answer it) for ``--quiet`` seconds.
2. **Attack**: two attacker processes, each on its own keep-alive
   connection, send hostile documents in turn for ``--duration`` seconds
   (480 repeated fields with a varying argument, 10,000 aliases, 1,000-deep
   nesting, circular fragments, a 1 MB query, a 1 MB header), while the
   victim goes on as before. Every hostile request must be refused (4xx).
3. **Memory**: the server's RSS before and after 400 distinct 2,000-token
   documents.

It prints the worst and p95 time to refuse each kind of hostile document, the
victim's ``/livez`` and query p50/p95 quiet and under attack with their
ratios, and the RSS growth. Times are from writing the request to reading the
whole answer, on loopback.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEADER_BYTES = 1_000_000


def repeated_fields(salt: int, count: int = 480) -> str:
    return f'{{ country(code: "X{salt}") {{ ' + "agencies { name } " * count + "} }"


AGENCY = "id name localName acronym website parentId validFromYear validToYear notes source"


def large_document(salt: int) -> str:
    """A valid document of about 1,990 tokens, distinct for each ``salt``."""
    agencies = f"agencies {{ {AGENCY} }} " * 19
    embassies = f"embassy {{ name localName website source labourOffice {{ {AGENCY} }} }} " * 19
    body = f"{{ {agencies}{embassies}code name localName plugin sources }}"
    return f'{{ country(code: "X{salt}") {body} countries {body} c: country(code: "LK") {body} }}'


def hostile_requests() -> Iterator[tuple[str, dict[str, Any], dict[str, str]]]:
    """(kind, JSON body, extra headers) without end; the repeated-field one varies each time."""
    fixed = {
        "10,000 aliases": "{ "
        + " ".join(f"a{i}: countries {{ code }}" for i in range(10_000))
        + " }",
        "depth 1,000": "{ countries { " + "embassy { " * 999 + "name" + " }" * 1000 + " }",
        "circular fragments": (
            "{ countries { ...A } } fragment A on Country { embassy { ...B } } "
            "fragment B on Embassy { labourOffice { name } ...A }"
        ),
        "1 MB query": "{ " + "countries { code } " * 55_000 + "}",
    }
    salt = 0
    while True:
        salt += 1
        yield "480 repeated fields", {"query": repeated_fields(salt)}, {}
        for kind, query in fixed.items():
            yield kind, {"query": query}, {}
        yield "1 MB header", {"query": "{ plugins { name } }"}, {"x-padding": "x" * HEADER_BYTES}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def service(
    code: Path, directory: Path, database: str = "hostile.sqlite3"
) -> Iterator[tuple[int, int]]:
    """``imjapan serve`` from ``code`` on a free port, on the SQLite file ``database``
    in ``directory`` (migrated at start-up); yields (port, pid)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
    env.update(
        PYTHONPATH=str(code),
        DATABASE_URL=f"sqlite:///{directory / database}",
        IMJAPAN_PROFILE="production",
        IMJAPAN_MIGRATE_ON_START="true",
        IMJAPAN_SECRET_KEY=secrets.token_urlsafe(48),
        IMJAPAN_RATE_LIMITS="false",
        IMJAPAN_LOG_LEVEL="WARNING",
    )
    with (directory / "server.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "core", "serve", "--port", str(port)],
            cwd=code,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit((directory / "server.log").read_text()) from None
                time.sleep(0.2)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)


def timed(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, float]:
    payload = json.dumps(body).encode() if body is not None else None
    started = time.perf_counter()
    connection.request(
        method, path, body=payload, headers={"content-type": "application/json", **(headers or {})}
    )
    response = connection.getresponse()
    response.read()
    seconds = time.perf_counter() - started
    if response.getheader("connection", "").lower() == "close":
        connection.close()
    return response.status, seconds


def attacker(port: int, seconds: float, results: Any) -> None:
    """Sends hostile documents for ``seconds``; puts {kind: [seconds]} and unexpected statuses."""
    times: dict[str, list[float]] = {}
    unexpected: list[tuple[str, int]] = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    stop = time.perf_counter() + seconds
    for kind, body, headers in hostile_requests():
        if time.perf_counter() >= stop:
            break
        try:
            status, took = timed(connection, "POST", "/graphql", body, headers)
        except (OSError, http.client.HTTPException):  # refused and closed mid-request
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        times.setdefault(kind, []).append(took)
        if not 400 <= status < 500:
            unexpected.append((kind, status))
    results.put({"times": times, "unexpected": unexpected})


def victim(port: int, seconds: float, results: Any) -> None:
    """Alternates /livez and a small catalogue query for ``seconds``; puts their times."""
    livez: list[float] = []
    query: list[float] = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    stop = time.perf_counter() + seconds
    codes = ["ID", "VN", "TH", "LK", "BD"]
    n = 0
    while time.perf_counter() < stop:
        n += 1
        status, took = timed(connection, "GET", "/livez")
        assert status == 200, status
        livez.append(took)
        body = {"query": f'{{ country(code: "{codes[n % 5]}") {{ name }} }} # {n}'}
        status, took = timed(connection, "POST", "/graphql", body)
        assert status == 200, status
        query.append(took)
        time.sleep(0.02)
    results.put({"livez": livez, "query": query})


def run_processes(targets: list[tuple[Callable[..., None], float]], port: int) -> list[Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [context.Process(target=t, args=(port, s, queue)) for t, s in targets]
    for process in processes:
        process.start()
    results = [queue.get(timeout=300) for _ in processes]
    for process in processes:
        process.join()
    return results


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def cpu_seconds(pid: int) -> float:
    """User and system CPU the process has used (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def memory(port: int, pid: int, documents: int) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    before = rss_kib(pid)
    for salt in range(documents):
        status, _ = timed(connection, "POST", "/graphql", {"query": large_document(salt)})
        assert status == 200, status
    return before, rss_kib(pid)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of attack")
    parser.add_argument("--quiet", type=float, default=5.0, help="seconds measured quiet")
    parser.add_argument("--documents", type=int, default=400, help="for the memory phase")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory() as directory,
        service(args.code, Path(directory)) as (
            port,
            pid,
        ),
    ):
        (quiet,) = run_processes([(victim, args.quiet)], port)
        cpu_before = cpu_seconds(pid)
        results = run_processes(
            [(attacker, args.duration), (attacker, args.duration), (victim, args.duration)], port
        )
        server_cpu = cpu_seconds(pid) - cpu_before
        attacks = [result for result in results if "times" in result]  # in any order
        (loaded,) = (result for result in results if "livez" in result)
        before, after = memory(port, pid, args.documents)

    load = os.getloadavg()[0]
    print(f"code: {args.code}; {os.cpu_count()} CPUs, load average {load:.1f} at the end")
    kinds: dict[str, list[float]] = {}
    unexpected = []
    for attack in attacks:
        unexpected += attack["unexpected"]
        for kind, times in attack["times"].items():
            kinds.setdefault(kind, []).extend(times)
    print("\nTime to refuse (ms), two attackers at once:")
    print(f"  {'document':<22} {'n':>5} {'p50':>8} {'p95':>8} {'worst':>8}")
    for kind, times in kinds.items():
        row = f"{len(times):>5} {ms(percentile(times, 50)):>8} {ms(percentile(times, 95)):>8}"
        print(f"  {kind:<22} {row} {ms(max(times)):>8}")
    worst = max(max(times) for times in kinds.values())
    print(f"  worst of all: {ms(worst)} ms")
    requests = sum(len(times) for times in kinds.values()) + 2 * len(loaded["livez"])
    print(
        f"  server CPU while attacked: {server_cpu:.2f} s for {requests} requests "
        f"({ms(server_cpu / requests)} ms each on average)"
    )
    if unexpected:
        print(f"  NOT REFUSED: {unexpected[:5]} ({len(unexpected)} in all)")
    print("\nVictim (ms):                quiet p50/p95     under attack p50/p95   p95 ratio")
    for name in ("livez", "query"):
        q, a = quiet[name], loaded[name]
        ratio = percentile(a, 95) / percentile(q, 95)
        print(
            f"  {'/livez' if name == 'livez' else 'catalogue query':<24}"
            f"{ms(percentile(q, 50)):>8} /{ms(percentile(q, 95)):>8}"
            f"{ms(percentile(a, 50)):>12} /{ms(percentile(a, 95)):>8}{ratio:>12.2f}"
        )
    growth = (after - before) / 1024
    print(
        f"\nRSS: {before / 1024:.0f} MB, {after / 1024:.0f} MB after {args.documents} distinct "
        f"2,000-token documents (+{growth:.0f} MB)"
    )
    ok = worst < 0.1 and percentile(loaded["livez"], 95) < 0.1 and not unexpected
    print(f"\nacceptance (worst refusal and /livez p95 under 100 ms): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
