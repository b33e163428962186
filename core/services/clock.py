"""The service's clock: what "now" and "today" are, settable in tests.

Rules that change on a date (the 2027 transition from TITP to ESD, a year-one
obligation falling due) are decided against this clock, never against
``datetime.now`` directly, so that a test can stand on either side of a date
(:func:`frozen_at`). In production it is the system clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731

LATEST_OFFSET = timedelta(hours=14)
"""The time zone furthest ahead of UTC (Line Islands, UTC+14)."""


def now() -> datetime:
    """The current time (UTC)."""
    return _now()


def today() -> date:
    """The latest calendar date anywhere on Earth (UTC+14).

    A ministry east of the server, whose day has already begun, can record an
    event of its own today whatever the server's time zone.
    """
    return (now() + LATEST_OFFSET).date()


@contextmanager
def frozen_at(day: date | datetime) -> Iterator[None]:
    """Stand the clock still at ``day`` (noon UTC when a date) until the block ends."""
    global _now
    moment = day if isinstance(day, datetime) else datetime.combine(day, time(12), tzinfo=UTC)
    previous = _now
    _now = lambda: moment  # noqa: E731
    try:
        yield
    finally:
        _now = previous
