"""Dates that record something that already happened: never after today.

"Today" is the latest calendar date anywhere on Earth (UTC+14), so that a
ministry east of the server, whose day has already begun, can record an event
of its own today whatever the server's time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator

from core.i18n import Message

EARLIEST_OFFSET = timedelta(hours=14)
"""The time zone furthest ahead of UTC (Line Islands, UTC+14)."""


def latest_today() -> date:
    """The latest date that is today somewhere."""
    return (datetime.now(UTC) + EARLIEST_OFFSET).date()


def not_in_the_future(value: date) -> date:
    today = latest_today()
    if value > today:
        raise ValueError(
            Message(
                "{date} is in the future (today is {today})",
                date=value.isoformat(),
                today=today.isoformat(),
            )
        )
    return value


HappenedOn = Annotated[date, AfterValidator(not_in_the_future)]
"""An input date of something that has happened: today at the latest."""
