"""A fair share of the process for every client: bounded concurrent operations on /graphql.

Each client (the signed-in account, or the client address when not signed
in, as the rate limits count them) may have ``IMJAPAN_MAX_CONCURRENT_PER_CLIENT``
operations executing at once, and the process ``IMJAPAN_MAX_CONCURRENT_OPERATIONS``
in all. A request over either waits up to ``IMJAPAN_CONCURRENCY_WAIT_SECONDS``
for a slot and is then refused with 429, ``Retry-After`` and the code
``TOO_MANY_CONCURRENT``; no GraphQL work is done for it.

When a slot frees up it goes to the waiting client with the fewest operations
running (the earliest of those first), so a client sending one request at a
time is served before the queued requests of clients that already run
several: a few busy clients cannot starve the rest. The rate limits count how
many requests a client sends; this bounds how many of them run at once.

The middleware sits inside the response cache: a cached catalogue answer
takes no slot.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from core.auth.tokens import InvalidToken, read_access_token
from core.http.refusal import send_refusal
from core.settings import Settings

TOO_MANY_CONCURRENT = "TOO_MANY_CONCURRENT"
RETRY_AFTER_SECONDS = 1


@dataclass(eq=False)
class _Waiter:
    key: str
    order: int
    granted: asyncio.Future[None]


@dataclass
class FairGate:
    """Slots per key and in all; freed slots go to the waiter whose key runs fewest."""

    per_client: int
    total: int
    running: Counter[str] = field(default_factory=Counter)
    in_use: int = 0
    waiters: list[_Waiter] = field(default_factory=list)
    _order: itertools.count[int] = field(default_factory=itertools.count)

    def _has_room(self, key: str) -> bool:
        return self.in_use < self.total and self.running[key] < self.per_client

    def _take(self, key: str) -> None:
        self.running[key] += 1
        self.in_use += 1

    async def acquire(self, key: str, wait: float) -> bool:
        """Whether ``key`` got a slot within ``wait`` seconds; each True needs a :meth:`release`.

        Waiters only ever wait on a full process or on their own key's limit,
        so a key with room may go ahead of them.
        """
        if self._has_room(key):
            self._take(key)
            return True
        waiter = _Waiter(key, next(self._order), asyncio.get_running_loop().create_future())
        self.waiters.append(waiter)
        try:
            # Awaited directly, not through asyncio.wait (which cost about a tenth of
            # the small reads' rate at 8 connections of one client): a timeout or
            # cancellation cancels the future too, and _dispatch passes over a
            # future that is done.
            async with asyncio.timeout(wait):
                await waiter.granted
        except TimeoutError:
            self._abandon(waiter)
            return False
        except asyncio.CancelledError:
            self._abandon(waiter)
            raise
        return True

    def release(self, key: str) -> None:
        self.running[key] -= 1
        if self.running[key] <= 0:
            del self.running[key]
        self.in_use -= 1
        self._dispatch()

    def _abandon(self, waiter: _Waiter) -> None:
        if waiter in self.waiters:
            self.waiters.remove(waiter)
        granted = waiter.granted
        if granted.done() and not granted.cancelled():  # granted just as it gave up
            self.release(waiter.key)  # give the slot back
        else:
            granted.cancel()

    def _dispatch(self) -> None:
        while self.waiters and self.in_use < self.total:
            ready = [
                w
                for w in self.waiters
                if not w.granted.done() and self.running[w.key] < self.per_client
            ]
            if not ready:
                return
            chosen = min(ready, key=lambda w: (self.running[w.key], w.order))
            self.waiters.remove(chosen)
            self._take(chosen.key)
            chosen.granted.set_result(None)


def client_key(scope: Scope, secret: str) -> str:
    """The signed-in account, else the client address (as the rate limits count them)."""
    scheme, _, token = Headers(scope=scope).get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        try:
            account_id, _session = read_access_token(token.strip(), secret=secret)
            return f"account:{account_id}"
        except InvalidToken:
            pass  # refused with 401 by the endpoint; counted by address meanwhile
    client = scope.get("client")
    return f"address:{client[0] if client else 'unknown'}"


class ConcurrencyLimit:
    """ASGI middleware for ``path``: a :class:`FairGate` slot per operation, or 429."""

    def __init__(
        self, app: ASGIApp, *, settings: Settings, token_secret: str, path: str = "/graphql"
    ) -> None:
        self.app = app
        self.path = path
        self.token_secret = token_secret
        self.wait = settings.concurrency_wait_seconds
        self.gate = FairGate(
            per_client=settings.max_concurrent_per_client,
            total=settings.max_concurrent_operations,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        key = client_key(scope, self.token_secret)
        if not await self.gate.acquire(key, self.wait):
            await _refuse(send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.gate.release(key)


async def _refuse(send: Send) -> None:
    await send_refusal(
        send,
        429,
        "Too many operations are running at once for this client "
        f"or this server; retry in {RETRY_AFTER_SECONDS} s.",
        TOO_MANY_CONCURRENT,
        {"retry-after": str(RETRY_AFTER_SECONDS)},
    )
