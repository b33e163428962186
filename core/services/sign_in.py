"""Signing in: the count of failed attempts per email, and the sign-in itself.

Each attempt is counted (reserved) before its password is checked, atomically
with reading the count, so a concurrent burst gets at most the allowed number
of checks. A refused attempt (paused, no check) and a successful one are taken
back: only failures count, as they did one at a time.
"""

from __future__ import annotations

from contextlib import suppress

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.counters import Reservation, release, reserve
from core.db.session import Database
from core.services import accounts

LOGIN_FAILURE_WINDOW = 15 * 60
"""Failed sign-ins of one email are counted over the last 15 minutes; past the
allowed number, sign-in pauses until the oldest counted failure is older than
that (in every server process)."""
LOGIN_FAILURE_BUCKET = 60
"""Failures are counted per minute, so "the last 15 minutes" is exact to a minute."""


def _key(email: str | None) -> str:
    return f"login:{(email or '').strip().lower()}"


async def reserve_attempt(db: Database, email: str | None, *, allowed: int) -> Reservation:
    """Count one attempt of ``email``; a paused one (``window.exceeded``) is taken back."""
    attempt = await reserve(
        db, _key(email), limit=allowed, seconds=LOGIN_FAILURE_WINDOW, bucket=LOGIN_FAILURE_BUCKET
    )
    if attempt.window.exceeded:
        await release(db, _key(email), attempt)
    return attempt


async def succeeded(db: Database, email: str | None, attempt: Reservation) -> None:
    """Take back the attempt of a sign-in that worked.

    The session is committed: the answer is a success even if the counter
    cannot be corrected now (the attempt then counts as a failure).
    """
    with suppress(SQLAlchemyError):
        await release(db, _key(email), attempt)


async def sign_in(
    *, session: AsyncSession, db: Database, data: accounts.LoginInput, policy: accounts.TokenPolicy
) -> accounts.TokenPair:
    """A new session of the account ``data`` names, if its password matches."""
    async with db.session() as reading:  # the password check holds no connection
        account = await accounts.account_for_login(session=reading, data=data)
    account = await accounts.check_password(account, data)
    return await accounts.start_session(session=session, account=account, policy=policy)
