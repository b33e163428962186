"""Sign-ins the endpoint accepted a moment ago, for the response cache's catalogue answers.

A catalogue-only document from a signed-in caller is answered from the response
cache once the bearer token passes the endpoint's check, which reads the
session from the database (one statement, most of such a request's cost). The
catalogue is public, so the check's only purpose there is to refuse exactly
the tokens the endpoint refuses. :class:`RecentSignIns` keeps each accepted
token's actor for ``seconds`` (``IMJAPAN_SIGN_IN_RECHECK_SECONDS``, 0 turns it
off), bounded in entries. What stays exact:

- the token's signature and expiry are checked on every request (no database);
- every mutation this process executes forgets every entry, so a sign-out, a
  revoked session or a deactivated account is refused at once by this process;
- only the response cache's catalogue answers use it; every other request
  checks the session in the database as before.

What is not: a session ended by another process (another worker, the command
line) keeps getting public catalogue answers from this one for up to
``seconds`` instead of 401.
"""

from __future__ import annotations

import time

from core.auth.roles import Actor
from core.lru import LRU

MAX_ENTRIES = 4096


class RecentSignIns:
    """Tokens accepted within the last ``seconds``, least recently used dropped first."""

    def __init__(self, seconds: float, max_entries: int = MAX_ENTRIES) -> None:
        self.seconds = seconds
        self._entries: LRU[str, tuple[float, Actor]] = LRU(max_entries)

    def get(self, token: str) -> Actor | None:
        found = self._entries.get(token)
        if found is None:
            return None
        if time.monotonic() - found[0] >= self.seconds:
            self._entries.discard(token)
            return None
        return found[1]

    def keep(self, token: str, actor: Actor) -> None:
        if self.seconds <= 0:
            return
        self._entries.put(token, (time.monotonic(), actor))

    def forget(self) -> None:
        """Every entry: a mutation may have ended a session."""
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
