"""Sign-in timing: an unknown email must take as long as a wrong password.

Run: .venv/bin/python bench/login_timing.py [SAMPLES]

Prints the median latency of failed sign-ins for an existing account (wrong
password) and for an unknown email, measured alternately in one process
against a temporary SQLite database, and their ratio (goal S8: within 10%).
It hashes with the production Argon2 parameters (the test suite's cheap ones
are set by tests/conftest.py, which this script does not load).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.app import create_app
from core.auth import passwords
from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import add_account

LOGIN = """mutation($e: String, $p: String) { login(input: {email: $e, password: $p}) {
  errors { code } } }"""


def timed(client: TestClient, email: str) -> float:
    start = time.perf_counter()
    response = client.post(
        "/graphql", json={"query": LOGIN, "variables": {"e": email, "p": "not the password!"}}
    )
    elapsed = time.perf_counter() - start
    assert response.json()["data"]["login"]["errors"][0]["code"] == "INVALID"
    return elapsed


def main(samples: int) -> None:
    assert passwords.current_parameters() == passwords.PRODUCTION, "not the production parameters"
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/bench.sqlite3",
            rate_limits=False,
            login_failures_allowed=samples * 4,
        )
        with TestClient(create_app(settings)) as client:
            known = add_account(client, Role.STAFF)
            timed(client, known)
            timed(client, "warm-up@example.org")
            known_times, unknown_times = [], []
            for index in range(samples):
                known_times.append(timed(client, known))
                unknown_times.append(timed(client, f"nobody{index}@example.org"))
    known_median = statistics.median(known_times) * 1000
    unknown_median = statistics.median(unknown_times) * 1000
    print(f"samples per kind       {samples}")
    print(f"wrong password median  {known_median:8.1f} ms")
    print(f"unknown email median   {unknown_median:8.1f} ms")
    print(f"ratio unknown/known    {unknown_median / known_median:8.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
