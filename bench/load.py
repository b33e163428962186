"""The load generator: closed-loop HTTP/1.1 keep-alive connections on asyncio.

Run by :mod:`bench.run` in a process of its own (pinned to another CPU than
the server), with a JSON spec on standard input::

    {"host": "127.0.0.1", "port": 8123, "method": "POST", "path": "/graphql",
     "headers": {"content-type": "application/json"},
     "bodies": ["..."]            # sent in turn, or
     "template": "...{id}...", "ids": [1, 2, 3],   # each id used once
     "connections": 8, "warmup": 1.0, "duration": 5.0}

Each connection sends a request, reads the whole response (Content-Length),
and sends the next. Requests are counted when they complete inside the
measurement window (after the warm-up); latency is measured from writing the
request to reading its last byte. The
result, on standard output, is one JSON object: requests, seconds,
requests per second, p50/p90/p99 latency in ms, the status counts and the
share of one CPU the generator itself used (near 1.0 would mean the
generator, not the server, set the pace). With
``ids``, the run stops early when every id has been used once.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0
    last_end: float = 0.0


def _requests(spec: dict[str, Any]) -> Iterator[bytes]:
    head = f"{spec.get('method', 'POST')} {spec['path']} HTTP/1.1\r\nhost: {spec['host']}\r\n"
    for name, value in spec.get("headers", {}).items():
        head += f"{name}: {value}\r\n"

    def request(body: bytes) -> bytes:
        if spec.get("method", "POST") == "GET":
            return (head + "\r\n").encode()
        return (head + f"content-length: {len(body)}\r\n\r\n").encode() + body

    if "template" in spec:
        template = spec["template"]
        return (request(template.replace("{id}", str(i)).encode()) for i in spec["ids"])
    prepared = [request(body.encode()) for body in spec.get("bodies", [""])]
    return itertools.cycle(prepared)


async def _connection(
    spec: dict[str, Any],
    requests: Iterator[bytes],
    result: Result,
    measure_from: float,
    stop_at: float,
) -> None:
    reader, writer = await asyncio.open_connection(spec["host"], spec["port"])
    try:
        while True:
            now = time.perf_counter()
            if now >= stop_at:
                return
            payload = next(requests, None)
            if payload is None:
                return
            writer.write(payload)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length:
                await reader.readexactly(length)
            end = time.perf_counter()
            if measure_from <= end <= stop_at:
                result.latencies.append(end - now)
                result.statuses[status] += 1
                result.last_end = max(result.last_end, end)
                if status >= 400:
                    result.errors += 1
    finally:
        writer.close()


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    requests = _requests(spec)
    result = Result()
    cpu_started = time.process_time()
    started = time.perf_counter()
    measure_from = started + float(spec.get("warmup", 1.0))
    stop_at = measure_from + float(spec.get("duration", 5.0))
    await asyncio.gather(
        *(
            _connection(spec, requests, result, measure_from, stop_at)
            for _ in range(int(spec.get("connections", 8)))
        )
    )
    cpu = (time.process_time() - cpu_started) / max(time.perf_counter() - started, 1e-9)
    finished = min(stop_at, max(result.last_end, measure_from))
    seconds = max(finished - measure_from, 1e-9)
    latencies = sorted(result.latencies)

    def percentile(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50_ms": percentile(0.50),
        "p90_ms": percentile(0.90),
        "p99_ms": percentile(0.99),
        "statuses": {str(k): v for k, v in sorted(result.statuses.items())},
        "errors": result.errors,
        "cpu": cpu,
    }


def main() -> None:
    spec = json.load(sys.stdin)
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        runner = asyncio.run
    print(json.dumps(runner(run(spec))))


if __name__ == "__main__":
    main()
