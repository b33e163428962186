"""The loop checker's own check: run only by tests/perf/test_event_loop.py.

A tiny Starlette app, driven like the service through TestClient: one route
blocks the event loop with a synchronous sleep, the others wait the same time
without blocking it (awaiting, or sleeping in a worker thread). Under
tests.perf.loop_watch only the first may be reported. The file name does not
start with ``test_``, so the normal test run does not collect it.
"""

from __future__ import annotations

import asyncio
import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

PAUSE = 0.25


async def blocking(_request: Request) -> PlainTextResponse:
    time.sleep(PAUSE)  # what the checker exists to catch
    return PlainTextResponse("blocked")


async def waiting(_request: Request) -> PlainTextResponse:
    await asyncio.sleep(PAUSE)
    return PlainTextResponse("waited")


async def threaded(_request: Request) -> PlainTextResponse:
    await asyncio.to_thread(time.sleep, PAUSE)
    return PlainTextResponse("threaded")


app = Starlette(
    routes=[
        Route("/blocking", blocking),
        Route("/waiting", waiting),
        Route("/threaded", threaded),
    ]
)


def test_blocking_route() -> None:
    with TestClient(app) as client:
        assert client.get("/blocking").text == "blocked"


def test_awaiting_route() -> None:
    with TestClient(app) as client:
        assert client.get("/waiting").text == "waited"


def test_route_sleeping_in_a_thread() -> None:
    with TestClient(app) as client:
        assert client.get("/threaded").text == "threaded"
