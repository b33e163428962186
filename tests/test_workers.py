"""Two server processes against one PostgreSQL: tokens, revocations and rate
limits hold whichever process a request reaches."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.accounts import PASSWORD
from tests.conftest import POSTGRES_URL, _postgres_admin, _require_postgres
from tests.server import running_service

ME = {"query": "{ me { email } }"}
LIMIT = 25


def _post(base: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    """One request on a connection of its own, so either worker may take it."""
    headers = {"Content-Type": "application/json", "Connection": "close"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"{base}/graphql", json.dumps(body).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, {}


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    _require_postgres()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    asyncio.run(_postgres_admin(f"CREATE SCHEMA {schema}"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
    env |= {
        "DATABASE_URL": POSTGRES_URL,
        "IMJAPAN_DATABASE_SCHEMA": schema,
        "IMJAPAN_RATE_LIMIT_PER_ACCOUNT": str(LIMIT),
        "IMJAPAN_RATE_LIMIT_WINDOW_SECONDS": "3600",
    }
    admin = subprocess.run(
        [
            sys.executable,
            "-m",
            "core",
            "users",
            "create-admin",
            "--email",
            "root@example.org",
            "--password",
            PASSWORD,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert admin.returncode == 0, admin.stderr
    log = tmp_path / "server.log"
    try:
        with running_service(["--workers", "2"], env=env, log=log) as base:
            yield base, log
    finally:
        asyncio.run(_postgres_admin(f"DROP SCHEMA {schema} CASCADE"))


def test_two_workers_share_sessions_and_limits(two_workers: tuple[str, Path]) -> None:
    base, log = two_workers
    deadline = time.monotonic() + 30
    while True:  # the second worker may still be starting when the first answers
        text = log.read_text()
        started = set(re.findall(r"Started server process \[(\d+)\]", text))
        ready = text.count("Application startup complete")
        if (len(started) >= 2 and ready >= 2) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(started) == 2 and ready == 2, text

    login = {
        "query": "mutation($e: String, $p: String) { login(input: {email: $e, password: $p})"
        " { accessToken } }",
        "variables": {"e": "root@example.org", "p": PASSWORD},
    }
    first = _post(base, login)[1]["data"]["login"]["accessToken"]
    # The key that signed the token is the one every worker checks it with.
    answers = [_post(base, ME, first) for _ in range(10)]
    assert all(status == 200 for status, _ in answers)
    assert {body["data"]["me"]["email"] for _, body in answers} == {"root@example.org"}
    # Signing out on one worker ends the session on both.
    assert _post(base, {"query": "mutation { logout { ok } }"}, first)[0] == 200
    assert [_post(base, ME, first)[0] for _ in range(10)] == [401] * 10
    used = 21  # requests of this account so far, whichever worker counted them

    # The account's budget is counted across both workers: exactly LIMIT, then 429.
    second = _post(base, login)[1]["data"]["login"]["accessToken"]
    statuses = [_post(base, ME, second)[0] for _ in range(LIMIT - used + 1)]
    assert statuses == [200] * (LIMIT - used) + [429]
