"""Reading the dated rule values (:mod:`core.domain.reference_rules`) in force on a day.

A rule's number is looked up for the day that matters to the decision (the
planned start of a stage, the day of an audit), not for today, so a
replacement an administrator dates in the future changes only what falls after
it. The version in force on ``day`` is the one with the latest ``valid_from``
on or before it (null counts as "since always") whose ``valid_to`` is null or
after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import RuleValue


class RuleMissing(LookupError):
    """No version of a rule is in force on the day: the data, not the caller, is wrong."""


@dataclass(frozen=True)
class Rule:
    """A rule's value in force, with where it comes from (for explanations)."""

    key: str
    value: Any
    source_url: str | None
    tag: str
    provisional: bool
    valid_from: date | None

    def whole(self) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise RuleMissing(f"rule {self.key} is not a whole number: {self.value!r}")
        return self.value

    def text(self) -> str:
        if not isinstance(self.value, str):
            raise RuleMissing(f"rule {self.key} is not a text: {self.value!r}")
        return self.value

    def day(self) -> date:
        """A date rule's value (an ISO text such as "2027-04-01")."""
        try:
            return date.fromisoformat(self.text())
        except ValueError as error:
            raise RuleMissing(f"rule {self.key} is not an ISO date: {self.value!r}") from error

    def texts(self) -> list[str]:
        if not isinstance(self.value, list) or not all(isinstance(v, str) for v in self.value):
            raise RuleMissing(f"rule {self.key} is not a list of texts: {self.value!r}")
        return list(self.value)

    def fraction(self) -> Fraction:
        value = self.value
        if not isinstance(value, dict) or set(value) != {"numerator", "denominator"}:
            raise RuleMissing(f"rule {self.key} is not a fraction: {value!r}")
        return Fraction(int(value["numerator"]), int(value["denominator"]))


async def rule_in_force(session: AsyncSession, key: str, day: date) -> Rule:
    """The version of ``key`` in force on ``day``.

    Raises:
        RuleMissing: no version covers ``day`` (a gap an administrator left).
    """
    statement = (
        select(RuleValue)
        .where(
            col(RuleValue.key) == key,
            or_(col(RuleValue.valid_from).is_(None), col(RuleValue.valid_from) <= day),
            or_(col(RuleValue.valid_to).is_(None), col(RuleValue.valid_to) > day),
        )
        .order_by(col(RuleValue.valid_from).desc().nulls_last())
        .limit(1)
    )
    row = (await session.exec(statement)).first()
    if row is None:
        raise RuleMissing(f"no version of rule {key} is in force on {day}")
    return Rule(
        key=row.key,
        value=row.value,
        source_url=row.source_url,
        tag=row.tag,
        provisional=row.provisional,
        valid_from=row.valid_from,
    )


async def whole(session: AsyncSession, key: str, day: date) -> int:
    return (await rule_in_force(session, key, day)).whole()


async def fraction(session: AsyncSession, key: str, day: date) -> Fraction:
    return (await rule_in_force(session, key, day)).fraction()


async def day(session: AsyncSession, key: str, on: date) -> date:
    """The date a date rule in force on ``on`` names."""
    return (await rule_in_force(session, key, on)).day()


@dataclass(frozen=True)
class RuleBook:
    """Every version of some rules, read in one statement, to find the one in force on
    many days (a page of records each read for its own day) as :func:`rule_in_force` does."""

    versions: dict[str, list[Rule]]
    valid_to: dict[tuple[str, date | None], date | None]

    def in_force(self, key: str, day: date) -> Rule:
        """The version of ``key`` in force on ``day``.

        Raises:
            RuleMissing: no version covers ``day``.
        """
        for rule in self.versions.get(key, []):
            began = rule.valid_from is None or rule.valid_from <= day
            ends = self.valid_to[(key, rule.valid_from)]
            if began and (ends is None or ends > day):
                return rule
        raise RuleMissing(f"no version of rule {key} is in force on {day}")


async def rule_book(session: AsyncSession, keys: Sequence[str]) -> RuleBook:
    """Every version of ``keys``, latest ``valid_from`` first (null last), in one statement."""
    statement = (
        select(RuleValue)
        .where(col(RuleValue.key).in_(list(keys)))
        .order_by(col(RuleValue.key), col(RuleValue.valid_from).desc().nulls_last())
    )
    versions: dict[str, list[Rule]] = {}
    valid_to: dict[tuple[str, date | None], date | None] = {}
    for row in (await session.exec(statement)).all():
        versions.setdefault(row.key, []).append(
            Rule(
                key=row.key,
                value=row.value,
                source_url=row.source_url,
                tag=row.tag,
                provisional=row.provisional,
                valid_from=row.valid_from,
            )
        )
        valid_to[(row.key, row.valid_from)] = row.valid_to
    return RuleBook(versions=versions, valid_to=valid_to)
