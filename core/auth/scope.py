"""What an actor may see and change, as conditions in the SQL query itself.

Scoping is never done by fetching rows and dropping some: the conditions go
into the WHERE clause of the page, the count, the by-id lookup and the row a
mutation locks, so an out-of-scope row is simply not found.

Two rules decide every path, and README's "Accounts and roles" states them:

* **A kind of thing a role never sees is refused at the field** with
  ``FORBIDDEN`` (the permission classes of ``core.schema.permissions``), at the
  root and wherever it is nested. Embassies and host companies see candidates
  only (name, status, stage, host company): recruitment calls, their criteria,
  training cohorts and interview sessions are casework, so
  ``recruitmentCall(s)``, ``trainingCohorts``, ``Candidate.call``,
  ``Candidate.cohort`` and the ``callId``/``cohortId`` filters are refused to
  them, like the personal fields. Their scope has ``casework=False`` as well,
  so the SQL would find no call, cohort or session for them either.
* **Rows of a kind the role does see are scoped in the query**: a row out of
  scope is not found, by id (null), in lists (absent) or through nested fields.

Who changed a candidate's status is named to IM Japan as it was stored (an
email, ``cli``, the demo data). To a ministry officer the history names its
own ministry's accounts by email; a change by IM Japan (an IM Japan account,
the command line or the demo data: anything that is not an account) reads
:data:`IM_JAPAN_LABEL`, and any other account reads null. See :meth:`Scope.history_actor`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import cast

from sqlalchemy import and_, case, false, literal, null, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from core.auth.roles import IM_JAPAN_ROLES, Actor, Role
from core.db.models import (
    Account,
    Candidate,
    HostCompany,
    InterviewSession,
    RecruitmentCall,
    StatusChange,
    TrainingCohort,
    TrainingPlan,
)
from core.domain.states import IN_JAPAN, Status

IM_JAPAN_LABEL = "IM Japan"
"""How a change made by IM Japan is named to those outside it."""


@dataclass(frozen=True)
class Scope:
    """``None`` means no restriction on that axis; ``nothing`` hides every row."""

    countries: frozenset[str] | None = None
    statuses: frozenset[Status] | None = None
    host_company_id: int | None = None
    nothing: bool = False
    casework: bool = True
    """Whether recruitment calls, training cohorts and interview sessions exist
    for this actor at all (not for embassies and host companies)."""

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

    def host_companies(self) -> list[ColumnElement[bool]]:
        """The host companies the actor sees on its own (by id): IM Japan every one, a
        host company its own, the others those of the candidates they see (as
        ``Candidate.hostCompany`` shows them)."""
        if self.nothing:
            return [false()]
        if self.host_company_id is not None:
            return [col(HostCompany.id) == self.host_company_id]
        conditions = self.candidates()
        if not conditions:
            return []
        hosting = select(col(Candidate.host_company_id)).where(*conditions)
        return [col(HostCompany.id).in_(hosting)]

    def host_company_records(self, column: object) -> list[ColumnElement[bool]]:
        """IM Japan's audits and visits of host companies (``column`` names the company):
        IM Japan sees every one, a host company its own; ministries and embassies none
        (they are refused at the field as well)."""
        if self.nothing or self.countries is not None or self.statuses is not None:
            return [false()]
        if self.host_company_id is not None:
            return [col(column) == self.host_company_id]
        return []

    def training_plans(self) -> list[ColumnElement[bool]]:
        """The training plans the actor sees: IM Japan every one, a host company those
        naming it (drafted before the intern is its own), the others those of the
        candidates they see (a ministry its nationals', an embassy its nationals' in Japan)."""
        if self.nothing:
            return [false()]
        if self.host_company_id is not None:
            return [col(TrainingPlan.host_company_id) == self.host_company_id]
        conditions = self.candidates()
        if not conditions:
            return []
        return [col(TrainingPlan.candidate_id).in_(select(col(Candidate.id)).where(*conditions))]

    def calls(self) -> list[ColumnElement[bool]]:
        return self._by_country(RecruitmentCall.country_code)

    def cohorts(self) -> list[ColumnElement[bool]]:
        return self._by_country(TrainingCohort.country_code)

    def interview_sessions(self) -> list[ColumnElement[bool]]:
        return self._by_country(InterviewSession.country_code)

    def _by_country(self, column: object) -> list[ColumnElement[bool]]:
        if self.nothing or not self.casework:
            return [false()]
        if self.countries is None:
            return []
        return [col(column).in_(sorted(self.countries))]

    def history_actor(self) -> ColumnElement[str | None] | None:
        """``StatusChange.actor`` as this actor may read it, for a query that
        outer-joins :class:`Account` on ``Account.email == StatusChange.actor``;
        ``None`` when the stored text is shown as it is (IM Japan, no join needed)."""
        if self.nothing or not self.casework:
            return cast(ColumnElement[str | None], null())
        if self.countries is None:
            return None
        actor = col(StatusChange.actor)
        own_ministry = and_(
            col(Account.role) == Role.MINISTRY_OFFICER.value,
            col(Account.country_code).in_(sorted(self.countries)),
        )
        im_japan = or_(
            col(Account.id).is_(None),
            col(Account.role).in_(sorted(role.value for role in IM_JAPAN_ROLES)),
        )
        return case(
            (actor.is_(None), null()),
            (own_ministry, actor),
            (im_japan, literal(IM_JAPAN_LABEL)),
            else_=null(),
        )


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
        return Scope(
            countries=frozenset({actor.country_code}),
            statuses=frozenset(IN_JAPAN),
            casework=False,
        )
    if actor.role is Role.HOST_COMPANY and actor.host_company_id is not None:
        return Scope(host_company_id=actor.host_company_id, casework=False)
    return NOTHING


def only(countries: Collection[str]) -> Scope:
    return Scope(countries=frozenset(countries))
