"""Dates that record something that already happened: never after today.

"Today" is the latest calendar date anywhere on Earth (UTC+14), so that a
ministry east of the server, whose day has already begun, can record an event
of its own today whatever the server's time zone.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator

from core.i18n import Message
from core.services import clock


def latest_today() -> date:
    """The latest date that is today somewhere (:func:`core.services.clock.today`)."""
    return clock.today()


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
