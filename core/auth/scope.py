"""What an actor may see and change, as conditions in the SQL query itself.

Scoping is never done by fetching rows and dropping some: the conditions go
into the WHERE clause of the page, the count, the by-id lookup and the row a
mutation locks, so an out-of-scope row is simply not found.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import false
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from core.auth.roles import Actor, Role
from core.db.models import Candidate, InterviewSession, RecruitmentCall, TrainingCohort
from core.lifecycle.states import IN_JAPAN, Status


@dataclass(frozen=True)
class Scope:
    """``None`` means no restriction on that axis; ``nothing`` hides every row."""

    countries: frozenset[str] | None = None
    statuses: frozenset[Status] | None = None
    host_company_id: int | None = None
    nothing: bool = False

    def allows_country(self, code: str) -> bool:
        return not self.nothing and (self.countries is None or code in self.countries)

    def candidates(self) -> list[ColumnElement[bool]]:
        if self.nothing:
            return [false()]
        conditions: list[ColumnElement[bool]] = []
        if self.countries is not None:
            conditions.append(col(Candidate.country_code).in_(sorted(self.countries)))
        if self.statuses is not None:
            conditions.append(col(Candidate.status).in_(sorted(s.value for s in self.statuses)))
        if self.host_company_id is not None:
            conditions.append(col(Candidate.host_company_id) == self.host_company_id)
        return conditions

    def calls(self) -> list[ColumnElement[bool]]:
        return self._by_country(RecruitmentCall.country_code)

    def cohorts(self) -> list[ColumnElement[bool]]:
        return self._by_country(TrainingCohort.country_code)

    def interview_sessions(self) -> list[ColumnElement[bool]]:
        return self._by_country(InterviewSession.country_code)

    def _by_country(self, column: object) -> list[ColumnElement[bool]]:
        if self.nothing or self.host_company_id is not None:
            return [false()]
        if self.countries is None:
            return []
        return [col(column).in_(sorted(self.countries))]


EVERYTHING = Scope()
NOTHING = Scope(nothing=True)


def scope_for(actor: Actor | None) -> Scope:
    """The rows ``actor`` may see: IM Japan everything, a ministry its country, an
    embassy its nationals in Japan, a host company its own interns."""
    if actor is None:
        return NOTHING
    if actor.is_im_japan:
        return EVERYTHING
    if actor.role is Role.MINISTRY_OFFICER and actor.country_code:
        return Scope(countries=frozenset({actor.country_code}))
    if actor.role is Role.EMBASSY_OFFICER and actor.country_code:
        return Scope(countries=frozenset({actor.country_code}), statuses=frozenset(IN_JAPAN))
    if actor.role is Role.HOST_COMPANY and actor.host_company_id is not None:
        return Scope(host_company_id=actor.host_company_id)
    return NOTHING


def only(countries: Collection[str]) -> Scope:
    return Scope(countries=frozenset(countries))
