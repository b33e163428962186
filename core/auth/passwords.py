"""Password hashing with Argon2id, off the event loop and at most two at a time.

Each hash holds its memory cost (argon2-cffi's default profile, RFC 9106 low
memory: 64 MiB); the semaphore bounds a burst of sign-ins to two at once.
Unknown accounts are checked against a dummy hash so that a wrong email and a
wrong password take the same time.
"""

from __future__ import annotations

import asyncio
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
_hasher = PasswordHasher()
_slots = threading.BoundedSemaphore(2)  # taken in the worker thread, not on the loop
_DUMMY = _hasher.hash("a password nobody has, for timing")


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
