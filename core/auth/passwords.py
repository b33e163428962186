"""Password hashing with Argon2id, off the event loop and at most two at a time.

Each hash holds its memory cost (argon2-cffi's default profile, RFC 9106 low
memory: 64 MiB); the semaphore bounds a burst of sign-ins to two at once.
Unknown accounts are checked against a dummy hash so that a wrong email and a
wrong password take the same time.

The service always hashes with :data:`PRODUCTION`. :func:`use_parameters` exists
for the test suite, which creates and signs in hundreds of accounts and sets
argon2's cheapest profile once at start (``tests/conftest.py``): real Argon2id,
at a fraction of a millisecond a hash.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Final

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
PRODUCTION: Final[Parameters] = profiles.RFC_9106_LOW_MEMORY
"""What the service hashes with: argon2-cffi's default (t=3, m=64 MiB, p=4)."""
_parameters = PRODUCTION
_hasher = PasswordHasher.from_parameters(PRODUCTION)
_slots = threading.BoundedSemaphore(2)  # taken in the worker thread, not on the loop
_DUMMY = _hasher.hash("a password nobody has, for timing")


def use_parameters(parameters: Parameters) -> None:
    """Hash new passwords with ``parameters`` from now on, the dummy hash included
    (so an unknown email still costs what a wrong password does). Hashes made
    before keep verifying: each one carries its own parameters."""
    global _parameters, _hasher, _DUMMY
    hasher = PasswordHasher.from_parameters(parameters)
    _parameters, _hasher = parameters, hasher
    _DUMMY = hasher.hash("a password nobody has, for timing")


def current_parameters() -> Parameters:
    """The parameters new hashes are made with."""
    return _parameters


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; ``None`` (no such account) never matches."""
    return await asyncio.to_thread(_verify, password_hash, password)


def _hash(password: str) -> str:
    with _slots:
        return _hasher.hash(password)


def _verify(password_hash: str | None, password: str) -> bool:
    with _slots:
        return _check(password_hash, password)


def _check(password_hash: str | None, password: str) -> bool:
    try:
        _hasher.verify(password_hash or _DUMMY, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return password_hash is not None
