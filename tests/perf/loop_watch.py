"""Pytest plugin: collect asyncio's slow-callback warnings, test by test.

With ``PYTHONASYNCIODEBUG=1`` every event loop created in the process runs in
debug mode, including the one Starlette's TestClient starts in its portal
thread to run the app, and logs ``Executing <handle> took N seconds`` for any
callback that held the loop for ``slow_callback_duration`` (0.1 s) or more.
This plugin keeps those warnings with the test that was running and writes
them as JSON to the file given by ``--loop-watch-report``.

asyncio measures wall time, so on a busy machine a callback that ran 20 ms
may be reported at 150 ms because the OS ran other processes meanwhile. Each
callback's run-queue wait (Linux ``/proc/thread-self/schedstat``: time the
thread was ready to run but not running) is therefore measured too and
subtracted. What remains is time the callback computed or blocked (a
``time.sleep``, a synchronous socket or file call), which is what the check is
about. Without schedstat nothing is subtracted.

Automatic garbage collection is off during each test and a full collection
runs after it: a collection of this test process's heap (hundreds of apps
built, debug-mode tracebacks) holds the GIL for 0.3 s or more, and would be
charged to whatever callback any thread happened to be running.

While a callback runs past 0.1 s a watchdog thread keeps its stack, so the
report shows where it was.

Load it with ``-p tests.perf.loop_watch``; tests/perf/test_event_loop.py runs
the HTTP suites under it in a subprocess.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import json
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest

SLOW_CALLBACK = "Executing %s took %.3f seconds"
"""The format asyncio's debug mode logs a slow callback with (asyncio/base_events.py)."""
SLOW_SECONDS = 0.1
"""asyncio's default ``loop.slow_callback_duration``."""
APP_THREAD_PREFIX = "asyncio-portal-"
"""The thread in which Starlette's TestClient (anyio's blocking portal) runs the app."""
SCHEDSTAT = Path("/proc/thread-self/schedstat")
STACK_LINES = 12

SAMPLE_EVERY = 0.02
"""How often the watchdog looks for a callback running past SLOW_SECONDS."""


@dataclass
class Running:
    """The callback a loop thread is running: when it started, what it has waited for."""

    started: float
    waited_before: int
    stack: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Finished:
    waited_for_cpu: float
    stack: list[str]


_running: dict[int, Running] = {}
"""Thread id -> the callback it is running (only threads running an event loop)."""
_finished = threading.local()
"""The summary of the callback this thread ran last, read by the log handler."""


def _run_queue_wait() -> int:
    """Nanoseconds this thread has spent runnable but waiting for a CPU, 0 if unknown."""
    try:
        return int(SCHEDSTAT.read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _measured(run: Callable[[asyncio.Handle], None]) -> Callable[[asyncio.Handle], None]:
    """``Handle._run`` that notes the CPU wait and (when slow) the stack of a callback."""

    @functools.wraps(run)
    def measured(handle: asyncio.Handle) -> None:
        thread = threading.get_ident()
        running = Running(started=time.perf_counter(), waited_before=_run_queue_wait())
        _running[thread] = running
        try:
            run(handle)
        finally:
            del _running[thread]
            _finished.last = Finished(
                waited_for_cpu=(_run_queue_wait() - running.waited_before) / 1e9,
                stack=running.stack,
            )

    return measured


def _watch(stop: threading.Event) -> None:
    """Keep the stack of any callback still running after SLOW_SECONDS, to name the culprit."""
    while not stop.wait(SAMPLE_EVERY):
        now = time.perf_counter()
        for thread, running in list(_running.items()):
            if not running.stack and now - running.started >= SLOW_SECONDS:
                frame = sys._current_frames().get(thread)
                if frame is not None:
                    running.stack = [
                        line.strip() for line in traceback.format_stack(frame)[-STACK_LINES:]
                    ]


class SlowCallbacks(logging.Handler):
    """A handler on the ``asyncio`` logger that keeps only slow-callback warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.found: list[dict[str, Any]] = []
        self.current_test: str | None = None
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg != SLOW_CALLBACK or not isinstance(record.args, tuple):
            return
        # Logged by the loop's thread right after the callback returned.
        seconds = float(cast(float, record.args[1]))
        last: Finished = getattr(_finished, "last", Finished(0.0, []))
        with self._lock:
            self.found.append(
                {
                    "test": self.current_test,
                    "thread": record.threadName,
                    "app": (record.threadName or "").startswith(APP_THREAD_PREFIX),
                    "seconds": round(seconds, 3),
                    "waited_for_cpu": round(last.waited_for_cpu, 3),
                    "blocked": round(seconds - last.waited_for_cpu, 3),
                    "callback": str(record.args[0]),
                    "stack": last.stack,
                }
            )


_handler = SlowCallbacks()
_stop = threading.Event()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--loop-watch-report",
        metavar="PATH",
        help="write the slow asyncio callbacks seen during the run to PATH (JSON)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if not os.environ.get("PYTHONASYNCIODEBUG"):
        raise pytest.UsageError("loop_watch needs PYTHONASYNCIODEBUG=1 (asyncio debug mode)")
    setattr(asyncio.Handle, "_run", _measured(asyncio.Handle._run))  # noqa: B010
    gc.disable()
    threading.Thread(target=_watch, args=(_stop,), name="loop-watch", daemon=True).start()
    logger = logging.getLogger("asyncio")
    logger.addHandler(_handler)
    if not logger.isEnabledFor(logging.WARNING):
        logger.setLevel(logging.WARNING)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    _handler.current_test = item.nodeid
    try:
        return (yield)
    finally:
        _handler.current_test = None
        gc.collect()


def pytest_sessionfinish(session: pytest.Session) -> None:
    _stop.set()
    logging.getLogger("asyncio").removeHandler(_handler)
    path = session.config.getoption("--loop-watch-report")
    if path:
        Path(path).write_text(json.dumps(_handler.found, indent=2))
