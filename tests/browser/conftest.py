"""What the GraphiQL tests need: the fetched assets, Chromium, a running service.

A missing prerequisite skips the tests on a developer's machine and fails them
in CI (``CI=true``), where it means a broken build.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.http import graphiql_assets

CHROMIUM = Path("/usr/bin/chromium")


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def installed_assets() -> Path:
    directory = graphiql_assets.assets_directory()
    require(
        graphiql_assets.installed(directory),
        "GraphiQL assets are not installed; run `imjapan assets fetch`",
    )
    return directory


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, installed_assets: Path) -> Iterator[str]:
    """The real service (development profile, GraphiQL on) on a free port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'imjapan.sqlite3'}"
    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "core", "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
