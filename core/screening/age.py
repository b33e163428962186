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

from dateutil.relativedelta import relativedelta

from core.domain.rules import AgeRange
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome
from core.screening.outcomes import count, outcome


@dataclass(frozen=True, order=True)
class Age:
    """Completed years and months; orders as (years, months)."""

    years: int
    months: int = 0

    def __str__(self) -> str:
        text = count(self.years, "year")
        return f"{text} {count(self.months, 'month')}" if self.months else text


def age_on(date_of_birth: date, day: date) -> Age:
    """The age reached on ``day``; negative when ``day`` is before the birth."""
    delta = relativedelta(day, date_of_birth)
    return Age(years=int(delta.years), months=int(delta.months))


def describe_range(bounds: AgeRange) -> str:
    """``18 to 26 years``, ``18 years 6 months to 26 years``, ``at least 20 years``."""
    low = Age(bounds.min_years, bounds.min_months)
    if bounds.max_years is None:
        return f"at least {low}"
    if low.months == 0:
        return f"{low.years} to {count(bounds.max_years, 'year')}"
    return f"{low} to {count(bounds.max_years, 'year')}"


def check_age(
    criterion: Criterion, candidate: CandidateFacts, bounds: AgeRange, *, qualifier: str = ""
) -> RuleOutcome:
    """Compare the candidate's age at ``screened_on`` with ``bounds``.

    ``qualifier`` ends the reason's comparison, e.g. ``" for SMA graduates"``.
    """
    expected = describe_range(bounds)
    born, screened = candidate.date_of_birth, candidate.screened_on
    if born > screened:
        return outcome(
            criterion,
            passed=False,
            expected=expected,
            actual="born after the screening date",
            reason=(
                f"The date of birth ({born.isoformat()}) is after the screening date "
                f"({screened.isoformat()}); check the recorded date of birth."
            ),
        )
    age = age_on(born, screened)
    minimum = Age(bounds.min_years, bounds.min_months)
    on = f" on {screened.isoformat()}"
    if age < minimum:
        passed = False
        reason = f"Age {age}{on} is below the minimum of {minimum}{qualifier}."
    elif bounds.max_years is not None and age.years > bounds.max_years:
        passed = False
        reason = (
            f"Age {age}{on} is above the maximum of {count(bounds.max_years, 'year')}{qualifier}."
        )
    else:
        passed = True
        within = (
            f"meets the minimum of {minimum}"
            if bounds.max_years is None
            else (f"is within {expected}")
        )
        reason = f"Age {age}{on} {within}{qualifier}."
    return outcome(criterion, passed=passed, expected=expected, actual=str(age), reason=reason)
