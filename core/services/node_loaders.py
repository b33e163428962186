"""DataLoaders of the rows a client opens by id (``node``, ``nodes`` and the by-id
root fields) that no other loader serves, each within the actor's scope.

A row is found only when the actor sees it through the other paths: a row that
belongs to another (a phase to its cohort, a decision to its candidate, an
outcome to its session) is in scope when its owner is, by a subquery on the
owner's scope conditions in the same statement. Kinds a role never sees are
refused before this, at the field's permission (``core.schema.nodes``); the
rows those roles' scopes hide are not found here either.

Each loader batches: ``nodes`` of N ids of one type is one statement (plus
the listing's relations, fetched for the whole batch).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from strawberry.dataloader import DataLoader

from core.auth.scope import Scope
from core.db.models import (
    Account,
    AssociationMembership,
    Audit,
    AuditEntry,
    Candidate,
    CohortPhase,
    CriteriaVersion,
    Difficulty,
    EsdPlan,
    EsdSkillsSitting,
    Event,
    EventRegistration,
    FeePayment,
    FoundedBusiness,
    HostCompany,
    InterviewCompany,
    InterviewOutcome,
    InterviewRegistration,
    InterviewSession,
    LanguageResult,
    LectureAttendance,
    LectureCourse,
    LectureEnrolment,
    Occupation,
    RecruitmentCall,
    RuleValue,
    ScreeningDecision,
    SkillsTestSitting,
    TrainingCohort,
    TrainingPlan,
    Transfer,
    Visit,
)
from core.db.session import Database
from core.services import (
    associations,
    difficulties,
    esd_plans,
    events,
    fees,
    interview_listings,
    plans,
    transfers,
)
from core.services.association_members import Member
from core.services.batches import by_id


def owned_by(
    column: Any, owner: Any, conditions: Sequence[ColumnElement[bool]]
) -> list[ColumnElement[bool]]:
    """``column`` (a foreign key) names a row of ``owner`` that meets ``conditions``;
    no condition at all when the owner is unrestricted."""
    if not conditions:
        return []
    return [col(column).in_(select(col(owner.id)).where(*conditions))]


def _keyed(ids: list[int], found: dict[int | None, Any]) -> list[Any]:
    return [found.get(key) for key in ids]


def event_listings(db: Database) -> DataLoader[int, events.EventListing | None]:
    """Events with their counts (every event is public)."""

    async def load(ids: list[int]) -> Sequence[events.EventListing | None]:
        async with db.session() as session:
            rows = (await session.exec(select(Event).where(col(Event.id).in_(ids)))).all()
            listed = await events.listings(session, rows)
        return _keyed(ids, {item.event.id: item for item in listed})

    return DataLoader(load_fn=load)


def session_listings(
    db: Database, scope: Scope
) -> DataLoader[int, interview_listings.SessionListing | None]:
    """Interview sessions within ``scope``, with their relations."""

    async def load(ids: list[int]) -> Sequence[interview_listings.SessionListing | None]:
        statement = select(InterviewSession).where(
            col(InterviewSession.id).in_(ids), *scope.interview_sessions()
        )
        async with db.session() as session:
            rows = (await session.exec(statement)).all()
            listed = await interview_listings.listings(session, rows)
        return _keyed(ids, {item.session.id: item for item in listed})

    return DataLoader(load_fn=load)


def registration_listings(
    db: Database, scope: Scope
) -> DataLoader[int, interview_listings.RegistrationListing | None]:
    """Interview registrations of sessions within ``scope``, with the returnee's name
    and the outcomes."""
    in_scope = owned_by(
        InterviewRegistration.session_id, InterviewSession, scope.interview_sessions()
    )

    async def load(ids: list[int]) -> Sequence[interview_listings.RegistrationListing | None]:
        statement = (
            select(InterviewRegistration, col(Candidate.full_name))
            .join(Candidate, col(Candidate.id) == InterviewRegistration.candidate_id)
            .where(col(InterviewRegistration.id).in_(ids), *in_scope)
        )
        outcomes: dict[int, list[InterviewOutcome]] = defaultdict(list)
        async with db.session() as session:
            rows = (await session.exec(statement)).all()
            if rows:
                found = await session.exec(
                    select(InterviewOutcome)
                    .where(col(InterviewOutcome.registration_id).in_(ids))
                    .order_by(col(InterviewOutcome.id))
                )
                for outcome in found.all():
                    outcomes[outcome.registration_id].append(outcome)
        return _keyed(
            ids,
            {
                row.id: interview_listings.RegistrationListing(
                    registration=row, candidate_name=name, outcomes=outcomes[row.id or 0]
                )
                for row, name in rows
            },
        )

    return DataLoader(load_fn=load)


def plan_listings(db: Database, scope: Scope) -> DataLoader[int, plans.PlanListing | None]:
    """Training plans within ``scope``, with the dates their applications were due."""

    async def load(ids: list[int]) -> Sequence[plans.PlanListing | None]:
        statement = select(TrainingPlan).where(
            col(TrainingPlan.id).in_(ids), *scope.training_plans()
        )
        async with db.session() as session:
            rows = (await session.exec(statement)).all()
            listed = await plans.plan_listings(session, rows)
        return _keyed(ids, {item.plan.id: item for item in listed})

    return DataLoader(load_fn=load)


def esd_plan_listings(
    db: Database, scope: Scope
) -> DataLoader[int, esd_plans.EsdPlanListing | None]:
    """ESD plans within ``scope``, with their fields."""

    async def load(ids: list[int]) -> Sequence[esd_plans.EsdPlanListing | None]:
        statement = select(EsdPlan).where(col(EsdPlan.id).in_(ids), *esd_plans.in_scope(scope))
        async with db.session() as session:
            rows = (await session.exec(statement)).all()
            listed = await esd_plans.esd_plan_listings(session, rows)
        return _keyed(ids, {item.plan.id: item for item in listed})

    return DataLoader(load_fn=load)


def members(db: Database, scope: Scope) -> DataLoader[int, Member | None]:
    """Memberships of associations whose candidates are within ``scope``."""

    async def load(ids: list[int]) -> Sequence[Member | None]:
        statement = (
            select(AssociationMembership, Candidate)
            .join(Candidate, col(Candidate.id) == col(AssociationMembership.candidate_id))
            .where(col(AssociationMembership.id).in_(ids), *scope.candidates())
        )
        async with db.session() as session:
            rows = list((await session.exec(statement)).all())
            businesses = await associations.businesses_of(
                session, [row.id for row, _ in rows if row.id is not None]
            )
        return _keyed(
            ids,
            {
                membership.id: Member(membership, candidate, businesses[membership.id or 0])
                for membership, candidate in rows
            },
        )

    return DataLoader(load_fn=load)


@dataclass(frozen=True)
class NodeLoaders:
    """The by-id loaders of ``node``/``nodes`` and of the by-id root fields that the
    relations' loaders (:class:`core.services.loaders.Loaders`) do not provide."""

    host_company: DataLoader[int, HostCompany | None]
    cohort_phase: DataLoader[int, CohortPhase | None]
    criteria_version: DataLoader[int, CriteriaVersion | None]
    screening_decision: DataLoader[int, ScreeningDecision | None]
    account: DataLoader[int, Account | None]
    audit_entry: DataLoader[int, AuditEntry | None]
    event: DataLoader[int, events.EventListing | None]
    event_registration: DataLoader[int, EventRegistration | None]
    interview_session: DataLoader[int, interview_listings.SessionListing | None]
    interview_company: DataLoader[int, InterviewCompany | None]
    interview_registration: DataLoader[int, interview_listings.RegistrationListing | None]
    interview_outcome: DataLoader[int, InterviewOutcome | None]
    association_member: DataLoader[int, Member | None]
    founded_business: DataLoader[int, FoundedBusiness | None]
    rule_value: DataLoader[int, RuleValue | None]
    occupation: DataLoader[int, Occupation | None]
    skills_test_sitting: DataLoader[int, SkillsTestSitting | None]
    company_audit: DataLoader[int, Audit | None]
    guidance_visit: DataLoader[int, Visit | None]
    difficulty: DataLoader[int, Difficulty | None]
    fee_payment: DataLoader[int, FeePayment | None]
    training_plan: DataLoader[int, plans.PlanListing | None]
    esd_plan: DataLoader[int, esd_plans.EsdPlanListing | None]
    lecture_course: DataLoader[int, LectureCourse | None]
    lecture_enrolment: DataLoader[int, LectureEnrolment | None]
    lecture_attendance: DataLoader[int, LectureAttendance | None]
    language_result: DataLoader[int, LanguageResult | None]
    esd_skills_sitting: DataLoader[int, EsdSkillsSitting | None]
    esd_transfer: DataLoader[int, Transfer | None]

    @classmethod
    def create(cls, db: Database, scope: Scope) -> NodeLoaders:
        """Loaders for one request, each within ``scope``; accounts, the audit log and
        event registrations are for roles that see all of them (checked at the field)."""
        sessions = scope.interview_sessions()
        registrations_in_scope = owned_by(
            InterviewRegistration.session_id, InterviewSession, sessions
        )
        candidates = scope.candidates()
        return cls(
            host_company=by_id(db, HostCompany, *scope.host_companies()),
            cohort_phase=by_id(
                db, CohortPhase, *owned_by(CohortPhase.cohort_id, TrainingCohort, scope.cohorts())
            ),
            criteria_version=by_id(
                db,
                CriteriaVersion,
                *owned_by(CriteriaVersion.call_id, RecruitmentCall, scope.calls()),
            ),
            screening_decision=by_id(
                db,
                ScreeningDecision,
                *owned_by(ScreeningDecision.candidate_id, Candidate, candidates),
            ),
            account=by_id(db, Account),
            audit_entry=by_id(db, AuditEntry),
            event=event_listings(db),
            event_registration=by_id(db, EventRegistration),
            interview_session=session_listings(db, scope),
            interview_company=by_id(
                db,
                InterviewCompany,
                *owned_by(InterviewCompany.session_id, InterviewSession, sessions),
            ),
            interview_registration=registration_listings(db, scope),
            interview_outcome=by_id(
                db,
                InterviewOutcome,
                *owned_by(
                    InterviewOutcome.registration_id,
                    InterviewRegistration,
                    registrations_in_scope,
                ),
            ),
            association_member=members(db, scope),
            founded_business=by_id(
                db,
                FoundedBusiness,
                *owned_by(
                    FoundedBusiness.membership_id,
                    AssociationMembership,
                    owned_by(AssociationMembership.candidate_id, Candidate, candidates),
                ),
            ),
            rule_value=by_id(db, RuleValue),
            occupation=by_id(db, Occupation),
            skills_test_sitting=by_id(
                db,
                SkillsTestSitting,
                *owned_by(SkillsTestSitting.candidate_id, Candidate, candidates),
            ),
            company_audit=by_id(db, Audit, *scope.host_company_records(Audit.host_company_id)),
            guidance_visit=by_id(db, Visit, *scope.host_company_records(Visit.host_company_id)),
            difficulty=by_id(db, Difficulty, *difficulties.in_scope(scope)),
            fee_payment=by_id(db, FeePayment, *fees.in_scope(scope)),
            training_plan=plan_listings(db, scope),
            esd_plan=esd_plan_listings(db, scope),
            # Lectures are IM Japan's (checked at the gate); the enrolments follow the
            # candidates' scope all the same.
            lecture_course=by_id(db, LectureCourse),
            lecture_enrolment=by_id(
                db,
                LectureEnrolment,
                *owned_by(LectureEnrolment.candidate_id, Candidate, candidates),
            ),
            lecture_attendance=by_id(
                db,
                LectureAttendance,
                *owned_by(
                    LectureAttendance.enrolment_id,
                    LectureEnrolment,
                    owned_by(LectureEnrolment.candidate_id, Candidate, candidates),
                ),
            ),
            language_result=by_id(
                db, LanguageResult, *owned_by(LanguageResult.candidate_id, Candidate, candidates)
            ),
            esd_skills_sitting=by_id(
                db,
                EsdSkillsSitting,
                *owned_by(EsdSkillsSitting.candidate_id, Candidate, candidates),
            ),
            esd_transfer=by_id(db, Transfer, *transfers.in_scope(scope)),
        )
