"""The pool holds a connection per operation slot: steady load opens none per request."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import event
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in

CONCURRENT = 12
"""More than SQLAlchemy's default pool of 5, fewer than the default slots (32)."""
ROUNDS = 4
QUERY = "{ candidates(first: 5) { totalCount edges { node { id } } } }"


@dataclass
class PoolCounters:
    """What the pool's events report: connections opened and closed, and the most out
    at once.

    A connection counts as out from the moment the pool starts making it (the
    dialect's ``do_connect``, which the pool reaches without yielding once it finds
    no idle connection), not from its checkout after the driver has connected: a
    connection given back while another was being made would otherwise leave the
    pool holding one more than the most counted out (a CI run: 12 opened, 11 out).
    """

    opened: int = 0
    closed: int = 0
    out: int = 0
    most_out: int = 0
    fresh: set[object] = field(default_factory=set)

    def connecting(self, *_: object) -> None:
        self.opened += 1
        self._take()

    def connected(self, _dbapi: object, record: object) -> None:
        self.fresh.add(record)  # its checkout follows, already counted

    def closed_one(self, *_: object) -> None:
        self.closed += 1

    def checked_out(self, _dbapi: object, record: object, _proxy: object) -> None:
        if record in self.fresh:
            self.fresh.discard(record)
        else:
            self._take()

    def checked_in(self, *_: object) -> None:
        self.out -= 1

    def _take(self) -> None:
        self.out += 1
        self.most_out = max(self.most_out, self.out)


def test_concurrent_requests_open_no_more_connections_than_the_pool(
    db_settings: Settings,
) -> None:
    settings = db_settings.model_copy(update={"max_concurrent_per_client": CONCURRENT})
    app = create_app(settings)
    engine = app.state.db.engine.sync_engine
    counters = PoolCounters()
    event.listen(engine, "do_connect", counters.connecting)
    event.listen(engine, "connect", counters.connected)
    event.listen(engine, "checkout", counters.checked_out)
    event.listen(engine, "checkin", counters.checked_in)
    event.listen(engine, "close", counters.closed_one)
    with TestClient(app) as client, ThreadPoolExecutor(CONCURRENT) as threads:
        client.headers.update(signed_in(client, Role.ADMIN))

        def ask(_: int) -> int:
            return client.post("/graphql", json={"query": QUERY}).status_code

        for _ in range(ROUNDS):
            assert set(threads.map(ask, range(CONCURRENT))) == {200}
        closed = counters.closed  # before the app's shutdown closes the rest
    assert counters.most_out > 5, "the requests did not overlap: nothing was measured"
    assert counters.opened <= settings.pool_size
    # A pool that keeps its connections opens one only when every connection it holds
    # is out, so it never holds more than the most that were out at once. A pool that
    # closed them after each request would open and close about one per request (48
    # and more). One that a request dropped (its read cancelled or failed: the pool
    # cannot know the connection's state) is replaced by the next checkout. (How many
    # overlap in a round depends on the threads' timing: the count per round is not
    # compared.)
    assert closed < ROUNDS, counters
    assert counters.opened - closed <= counters.most_out, counters
