"""Run ``imjapan serve`` in a process of its own for tests that need a real server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers_healthz(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def running_service(
    options: list[str],
    *,
    env: dict[str, str],
    log: Path,
    cwd: Path | None = None,
    ready: Callable[[str], bool] = answers_healthz,
) -> Iterator[str]:
    """``imjapan serve <options>`` on a free loopback port, output in ``log``.

    Yields the base URL once ``ready(base)`` holds; fails with the server's
    output if it exits or is not ready within a minute.
    """
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "core", "serve", *options, "--port", str(port)],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not ready(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(log.read_text())
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
