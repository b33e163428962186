"""Password hashing: the suite hashes with argon2's cheapest profile (set in
tests/conftest.py); this module checks, once, what the service itself uses."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from argon2 import Parameters, PasswordHasher, extract_parameters, profiles

from core.auth import passwords

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: nothing of the test suite is imported, as in the
# service. It reports the parameters of a new hash and of the dummy hash, and
# whether a hash made with the tests' cheap profile still verifies there.
PRODUCTION_PROBE = """
import asyncio, dataclasses, json
from argon2 import PasswordHasher, extract_parameters, profiles
from core.auth import passwords

made = asyncio.run(passwords.hash_password("a production password"))
cheap = PasswordHasher.from_parameters(profiles.CHEAPEST).hash("a cheap password")
print(json.dumps({
    "current": dataclasses.asdict(passwords.current_parameters()),
    "made": dataclasses.asdict(extract_parameters(made)),
    "dummy": dataclasses.asdict(extract_parameters(passwords._DUMMY)),
    "cheap_verifies": asyncio.run(passwords.verify_password(cheap, "a cheap password")),
    "cheap_wrong": asyncio.run(passwords.verify_password(cheap, "another password")),
}, default=str))
"""


def _as_json(parameters: Parameters) -> object:
    return json.loads(json.dumps(dataclasses.asdict(parameters), default=str))


def test_the_service_hashes_with_the_production_parameters() -> None:
    assert passwords.PRODUCTION == profiles.RFC_9106_LOW_MEMORY
    default = PasswordHasher()  # argon2-cffi's own default profile
    assert (default.time_cost, default.memory_cost, default.parallelism) == (3, 65536, 4)
    assert (passwords.PRODUCTION.time_cost, passwords.PRODUCTION.memory_cost) == (3, 65536)

    probe = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.splitlines()[-1])
    production = _as_json(passwords.PRODUCTION)
    assert seen["current"] == production
    assert seen["made"] == production
    assert seen["dummy"] == production  # an unknown email costs a full hash too
    assert seen["cheap_verifies"] is True  # each hash carries its own parameters
    assert seen["cheap_wrong"] is False


def test_the_suite_hashes_cheaply_and_the_service_would_see_it() -> None:
    assert passwords.current_parameters() == profiles.CHEAPEST
    cheap = PasswordHasher.from_parameters(profiles.CHEAPEST).hash("a cheap password")
    assert extract_parameters(cheap).memory_cost == 8
    # A hash made with the tests' parameters is never mistaken for a production one.
    assert PasswordHasher.from_parameters(passwords.PRODUCTION).check_needs_rehash(cheap)
