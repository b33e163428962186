"""Access tokens (short-lived JWTs) and refresh tokens (random, stored hashed).

JWTs are signed with HS256 and the algorithm is pinned when reading them;
expiry, issuer and audience are required and checked (PyJWT).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import jwt

from core.auth.roles import Role
from core.ids import NotAnId, parse_id

ALGORITHM = "HS256"
ISSUER = "imjapan-api"
AUDIENCE = "imjapan-api"
MAX_SESSION_ID_LENGTH = 36
"""Session ids are UUIDs (``auth_session.id`` is ``VARCHAR(36)``)."""


class InvalidToken(Exception):
    """The access token is missing a claim, expired, forged or otherwise unusable."""


def issue_access_token(
    *,
    secret: str,
    account_id: int,
    session_id: str,
    role: Role,
    lifetime: timedelta,
    now: datetime | None = None,
) -> str:
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": str(account_id),
        "sid": session_id,
        "role": role.value,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": issued,
        "exp": issued + lifetime,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access_token(token: str, *, secret: str) -> tuple[int, str]:
    """The account id and session id the token names, if it is valid now."""
    account_id, session_id, expires_at = _verified(token, secret)
    if expires_at <= time.time():  # as PyJWT decides it (no leeway)
        raise InvalidToken("Signature has expired")
    return account_id, session_id


@lru_cache(maxsize=4096)
def _verified(token: str, secret: str) -> tuple[int, str, float]:
    """The account id, session id and expiry of a token whose signature and claims were
    valid when it was first read.

    Cached: every signed-in request reads its token twice (the concurrency limit
    counts per account, the endpoint checks the session), and a client sends the
    same token until it expires. Only the expiry changes with time; the caller
    checks it each time. A token that fails raises, which is not cached.
    """
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "sid"]},
        )
        subject, session_id, expires_at = claims["sub"], str(claims["sid"]), float(claims["exp"])
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
        raise InvalidToken(str(exc)) from None
    # A subject no account can have is refused here, before it reaches a query.
    try:
        account_id = parse_id(subject) if isinstance(subject, str) else None
    except NotAnId:
        account_id = None
    if account_id is None:
        raise InvalidToken("the subject is not an account id")
    if len(session_id) > MAX_SESSION_ID_LENGTH or "\x00" in session_id:
        raise InvalidToken("the session id is not one this service issues")
    return account_id, session_id, expires_at


def access_token_expiry(token: str, *, secret: str) -> float:
    """When a valid access token expires, in seconds since the epoch.

    Raises:
        InvalidToken: as :func:`read_access_token`.
    """
    read_access_token(token, secret=secret)
    return _verified(token, secret)[2]


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Refresh tokens are stored as their SHA-256: a stolen table holds no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()
