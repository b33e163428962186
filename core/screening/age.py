"""Age on the day of screening, in whole years and months.

Calls state ages as "18 years 6 months" on the day of the selection test, so
age is counted in completed calendar months (python-dateutil's
``relativedelta``, which handles month ends and 29 February) and compared as
(years, months). A maximum is in whole years: a call for "18 to 26" still
takes a candidate aged 26 years 11 months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from core.domain.rules import AgeRange
from core.i18n import N_, Message
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome
from core.screening.outcomes import outcome


@dataclass(frozen=True, order=True)
class Age:
    """Completed years and months; orders as (years, months)."""

    years: int
    months: int = 0

    def __str__(self) -> str:
        return str(self.label())

    def label(self) -> Message:
        """``20 years 3 months`` (``20歳3か月``); months only when there are any."""
        years = years_label(self.years)
        if not self.months:
            return years
        months = Message(N_("{n} month") if self.months == 1 else N_("{n} months"), n=self.months)
        return Message("{years} {months}", years=years, months=months)


def years_label(years: int) -> Message:
    """``1 year``, ``26 years``: an age in whole years, as ``count`` words it."""
    return Message(N_("{n} year") if years == 1 else N_("{n} years"), n=years)


def age_on(date_of_birth: date, day: date) -> Age:
    """The age reached on ``day``; negative when ``day`` is before the birth."""
    delta = relativedelta(day, date_of_birth)
    return Age(years=int(delta.years), months=int(delta.months))


def describe_range(bounds: AgeRange) -> Message:
    """``18 to 26 years``, ``18 years 6 months to 26 years``, ``at least 20 years``."""
    low = Age(bounds.min_years, bounds.min_months)
    if bounds.max_years is None:
        return Message("at least {low}", low=low.label())
    high = years_label(bounds.max_years)
    if low.months == 0:
        return Message("{low} to {high}", low=low.years, high=high)
    return Message("{low} to {high}", low=low.label(), high=high)


def check_age(
    criterion: Criterion, candidate: CandidateFacts, bounds: AgeRange, *, qualifier: str = ""
) -> RuleOutcome:
    """Compare the candidate's age at ``screened_on`` with ``bounds``.

    ``qualifier`` ends the reason's comparison, e.g. ``" for SMA graduates"``
    (a :class:`~core.i18n.Message`, so that it is translated with the reason).
    """
    expected = describe_range(bounds)
    born, screened = candidate.date_of_birth, candidate.screened_on
    if born > screened:
        return outcome(
            criterion,
            passed=False,
            expected=expected,
            actual="born after the screening date",
            reason=Message(
                "The date of birth ({born}) is after the screening date ({screened}); "
                "check the recorded date of birth.",
                born=born.isoformat(),
                screened=screened.isoformat(),
            ),
        )
    age = age_on(born, screened)
    minimum = Age(bounds.min_years, bounds.min_months)
    words: dict[str, Any] = {  # Params; Any, as Message's keyword-only context is a str too
        "age": age.label(),
        "on": Message(" on {date}", date=screened.isoformat()),
        "qualifier": qualifier,
    }
    if age < minimum:
        passed = False
        reason = Message(
            "Age {age}{on} is below the minimum of {minimum}{qualifier}.",
            minimum=minimum.label(),
            **words,
        )
    elif bounds.max_years is not None and age.years > bounds.max_years:
        passed = False
        reason = Message(
            "Age {age}{on} is above the maximum of {maximum}{qualifier}.",
            maximum=years_label(bounds.max_years),
            **words,
        )
    elif bounds.max_years is None:
        passed = True
        reason = Message(
            "Age {age}{on} meets the minimum of {minimum}{qualifier}.",
            minimum=minimum.label(),
            **words,
        )
    else:
        passed = True
        reason = Message(
            "Age {age}{on} is within {expected}{qualifier}.", expected=expected, **words
        )
    return outcome(criterion, passed=passed, expected=expected, actual=str(age), reason=reason)
