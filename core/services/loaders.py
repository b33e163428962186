"""DataLoaders, made fresh for each request.

Every relation a resolver follows goes through one of these: however many
parents a page has, each relation costs one batched query. Each batch opens a
session of its own, so concurrent resolvers never share one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from strawberry.dataloader import DataLoader

from core.auth.scope import Scope
from core.db.models import (
    Account,
    Audit,
    AuditInterview,
    Candidate,
    CohortPhase,
    CriteriaVersion,
    Difficulty,
    EntryRecord,
    EventRegistration,
    FeePayment,
    HomeStay,
    HostCompany,
    HostCompanyExcellence,
    InterviewCompany,
    LectureAttendance,
    LectureEnrolment,
    Occupation,
    RecruitmentCall,
    ScreeningDecision,
    ScreeningOutcome,
    SkillsTestSitting,
    StageRecord,
    StatusChange,
    TestResult,
    TrainingCohort,
    TrainingPlan,
    TrainingResult,
    Visit,
    VisitIntern,
)
from core.db.session import Database
from core.services import company_audits, events, interview_listings, lectures, pages, plans
from core.services.batches import RowT, by_id
from core.services.interview_listings import RegistrationListing
from core.services.node_loaders import NodeLoaders


def many_by(
    db: Database, model: type[RowT], column: Any, *order: Any
) -> DataLoader[int, list[RowT]]:
    """Rows grouped by a foreign key, in ``order``."""

    async def load(keys: list[int]) -> Sequence[list[RowT]]:
        async with db.session() as session:
            statement = select(model).where(col(column).in_(keys)).order_by(*order)
            rows = (await session.exec(statement)).all()
        grouped: dict[int, list[RowT]] = defaultdict(list)
        for row in rows:
            grouped[getattr(row, column.key)].append(row)
        return [grouped.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


def latest_criteria(db: Database) -> DataLoader[int, CriteriaVersion | None]:
    async def load(call_ids: list[int]) -> Sequence[CriteriaVersion | None]:
        latest = (
            select(CriteriaVersion.call_id, func.max(CriteriaVersion.version).label("version"))
            .where(col(CriteriaVersion.call_id).in_(call_ids))
            .group_by(col(CriteriaVersion.call_id))
            .subquery()
        )
        statement = select(CriteriaVersion).join(
            latest,
            (col(CriteriaVersion.call_id) == latest.c.call_id)
            & (col(CriteriaVersion.version) == latest.c.version),
        )
        async with db.session() as session:
            rows = (await session.exec(statement)).all()
        found = {row.call_id: row for row in rows}
        return [found.get(key) for key in call_ids]

    return DataLoader(load_fn=load)


PageArguments = tuple[int | None, str | None, int | None, str | None]
"""``first``, ``after``, ``last``, ``before`` of a nested connection."""
PageKey = tuple[int, PageArguments]
"""A parent's id and the page asked of its list."""


def nested_pages(db: Database, nested: pages.Nested[Any]) -> DataLoader[PageKey, pages.Page[Any]]:
    """Pages of a list per parent: one statement per batch for every parent asked
    the same page (:func:`core.services.pages.nested_pages`); a cursor of another
    parent's list fails that parent's field alone."""

    async def load(keys: list[PageKey]) -> Sequence[pages.Page[Any] | BaseException]:
        asked: dict[PageArguments, list[int]] = defaultdict(list)
        for parent, arguments in keys:
            asked[arguments].append(parent)
        found: dict[PageKey, pages.Page[Any] | BaseException] = {}
        async with db.session() as session:
            for arguments, parents in asked.items():
                first, after, last, before = arguments
                by_parent = await pages.nested_pages(
                    session, nested, parents, first=first, after=after, last=last, before=before
                )
                for parent, page in by_parent.items():
                    found[(parent, arguments)] = page
        return [found[key] for key in keys]

    return DataLoader(load_fn=load)


def nested_counts(db: Database, nested: pages.Nested[Any]) -> DataLoader[int, int]:
    """How many rows each parent's list has: one grouped statement per batch."""

    async def load(parents: list[int]) -> Sequence[int]:
        async with db.session() as session:
            counted = await pages.nested_counts(session, nested, parents)
        return [counted[parent] for parent in parents]

    return DataLoader(load_fn=load)


def occupations_by_code(db: Database) -> DataLoader[str, Occupation | None]:
    """Occupations by OTIT's code (every signed-in role reads the list)."""

    async def load(codes: list[str]) -> Sequence[Occupation | None]:
        async with db.session() as session:
            statement = select(Occupation).where(col(Occupation.code).in_(codes))
            found = {row.code: row for row in (await session.exec(statement)).all()}
        return [found.get(code) for code in codes]

    return DataLoader(load_fn=load)


def candidate_plans(db: Database, scope: Scope) -> DataLoader[int, list[plans.PlanListing]]:
    """Each candidate's training plans within ``scope``, by stage and version, with the
    dates their applications were due: two statements per batch."""
    in_scope = scope.training_plans()

    async def load(keys: list[int]) -> Sequence[list[plans.PlanListing]]:
        statement = (
            select(TrainingPlan)
            .where(col(TrainingPlan.candidate_id).in_(keys), *in_scope)
            .order_by(col(TrainingPlan.stage), col(TrainingPlan.version))
        )
        async with db.session() as session:
            rows = (await session.exec(statement)).all()
            listed = await plans.plan_listings(session, rows)
        grouped: dict[int, list[plans.PlanListing]] = defaultdict(list)
        for item in listed:
            grouped[item.plan.candidate_id].append(item)
        return [grouped.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


def entries(db: Database) -> DataLoader[int, EntryRecord | None]:
    """Each candidate's entry record (the candidate is in the reader's scope already)."""

    async def load(keys: list[int]) -> Sequence[EntryRecord | None]:
        statement = select(EntryRecord).where(col(EntryRecord.candidate_id).in_(keys))
        async with db.session() as session:
            rows = (await session.exec(statement)).all()
        found = {row.candidate_id: row for row in rows}
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def lecture_progress(db: Database) -> DataLoader[int, lectures.LectureProgress | None]:
    """Each intern's post-entry lectures with their progress, by candidate id (the
    candidates are already in the reader's scope): five statements per batch."""

    async def load(keys: list[int]) -> Sequence[lectures.LectureProgress | None]:
        async with db.session() as session:
            found = await lectures.progress_by_candidate(session, keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


HistoryEntry = tuple[StatusChange, str | None]
"""A status change and who made it, as the reader may see it (``Scope.history_actor``)."""


def history(db: Database, scope: Scope) -> DataLoader[int, list[HistoryEntry]]:
    """Each candidate's status changes, oldest first, with the actor as ``scope``
    names it: the account is joined in the same query, one per batch."""
    shown = scope.history_actor()

    async def load(keys: list[int]) -> Sequence[list[HistoryEntry]]:
        where = col(StatusChange.candidate_id).in_(keys)
        order = col(StatusChange.id)
        grouped: dict[int, list[HistoryEntry]] = defaultdict(list)
        async with db.session() as session:
            if shown is None:
                rows = await session.exec(select(StatusChange).where(where).order_by(order))
                for row in rows.all():
                    grouped[row.candidate_id].append((row, row.actor))
            else:
                statement = (
                    select(StatusChange, shown)
                    .outerjoin(Account, col(Account.email) == col(StatusChange.actor))
                    .where(where)
                    .order_by(order)
                )
                for row, actor in (await session.exec(statement)).all():
                    grouped[row.candidate_id].append((row, actor))
        return [grouped.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


@dataclass(frozen=True)
class Loaders:
    call: DataLoader[int, RecruitmentCall | None]
    criteria_version: DataLoader[int, CriteriaVersion | None]
    current_criteria: DataLoader[int, CriteriaVersion | None]
    cohort: DataLoader[int, TrainingCohort | None]
    host_company: DataLoader[int, HostCompany | None]
    candidate: DataLoader[int, Candidate | None]
    history: DataLoader[int, list[HistoryEntry]]
    tests: DataLoader[int, list[TestResult]]
    decisions: DataLoader[int, list[ScreeningDecision]]
    outcomes: DataLoader[int, list[ScreeningOutcome]]
    stages: DataLoader[int, list[StageRecord]]
    phases: DataLoader[int, list[CohortPhase]]
    training_results: DataLoader[int, list[TrainingResult]]
    training_plans: DataLoader[int, list[plans.PlanListing]]
    """A candidate's training plans within the scope (a host company's those naming it)."""
    entry: DataLoader[int, EntryRecord | None]
    event_registrations: DataLoader[PageKey, pages.Page[EventRegistration]]
    event_registration_count: DataLoader[int, int]
    interview_companies: DataLoader[PageKey, pages.Page[InterviewCompany]]
    interview_company_count: DataLoader[int, int]
    interview_registrations: DataLoader[PageKey, pages.Page[RegistrationListing]]
    interview_registration_count: DataLoader[int, int]
    occupation_by_code: DataLoader[str, Occupation | None]
    skills_test_sittings: DataLoader[int, list[SkillsTestSitting]]
    home_stays: DataLoader[int, list[HomeStay]]
    excellence: DataLoader[int, list[HostCompanyExcellence]]
    company_audits: DataLoader[PageKey, pages.Page[Audit]]
    company_audit_count: DataLoader[int, int]
    company_visits: DataLoader[PageKey, pages.Page[Visit]]
    company_visit_count: DataLoader[int, int]
    audit_interviews: DataLoader[int, list[AuditInterview]]
    visit_interns: DataLoader[int, list[VisitIntern]]
    difficulties: DataLoader[int, list[Difficulty]]
    """A candidate's difficulties, earliest first (the candidate is in scope already)."""
    fee_payments: DataLoader[int, list[FeePayment]]
    """A candidate's payments, earliest first (the candidate is in scope already)."""
    lecture_enrolments: DataLoader[PageKey, pages.Page[LectureEnrolment]]
    lecture_enrolment_count: DataLoader[int, int]
    lecture_progress: DataLoader[int, lectures.LectureProgress | None]
    lecture_attendances: DataLoader[int, list[LectureAttendance]]
    nodes: NodeLoaders
    """The rows opened by id (``node``, ``nodes``, the by-id root fields), within the scope."""

    @classmethod
    def create(cls, db: Database, scope: Scope) -> Loaders:
        """Loaders for one request. ``candidate`` is the only way in by id, so it
        carries the actor's scope; the others follow from a visible candidate.
        ``call`` and ``cohort`` carry the scope too (none at all for embassies and
        host companies), and ``history`` names the actors as the scope allows."""
        return cls(
            call=by_id(db, RecruitmentCall, *scope.calls()),
            criteria_version=by_id(db, CriteriaVersion),
            current_criteria=latest_criteria(db),
            cohort=by_id(db, TrainingCohort, *scope.cohorts()),
            host_company=by_id(db, HostCompany),
            candidate=by_id(db, Candidate, *scope.candidates()),
            history=history(db, scope),
            tests=many_by(db, TestResult, TestResult.candidate_id, col(TestResult.kind)),
            decisions=many_by(
                db, ScreeningDecision, ScreeningDecision.candidate_id, col(ScreeningDecision.id)
            ),
            outcomes=many_by(
                db, ScreeningOutcome, ScreeningOutcome.decision_id, col(ScreeningOutcome.position)
            ),
            stages=many_by(db, StageRecord, StageRecord.candidate_id, col(StageRecord.started_on)),
            phases=many_by(db, CohortPhase, CohortPhase.cohort_id, col(CohortPhase.position)),
            training_results=many_by(
                db, TrainingResult, TrainingResult.candidate_id, col(TrainingResult.phase_id)
            ),
            training_plans=candidate_plans(db, scope),
            entry=entries(db),
            event_registrations=nested_pages(db, events.REGISTRATIONS),
            event_registration_count=nested_counts(db, events.REGISTRATIONS),
            interview_companies=nested_pages(db, interview_listings.COMPANIES),
            interview_company_count=nested_counts(db, interview_listings.COMPANIES),
            interview_registrations=nested_pages(db, interview_listings.REGISTRATIONS),
            interview_registration_count=nested_counts(db, interview_listings.REGISTRATIONS),
            occupation_by_code=occupations_by_code(db),
            skills_test_sittings=many_by(
                db,
                SkillsTestSitting,
                SkillsTestSitting.candidate_id,
                col(SkillsTestSitting.sat_on),
                col(SkillsTestSitting.id),
            ),
            home_stays=many_by(db, HomeStay, HomeStay.candidate_id, col(HomeStay.left_japan_on)),
            excellence=many_by(
                db,
                HostCompanyExcellence,
                HostCompanyExcellence.host_company_id,
                col(HostCompanyExcellence.valid_from),
                col(HostCompanyExcellence.id),
            ),
            company_audits=nested_pages(db, company_audits.COMPANY_AUDITS),
            company_audit_count=nested_counts(db, company_audits.COMPANY_AUDITS),
            company_visits=nested_pages(db, company_audits.COMPANY_VISITS),
            company_visit_count=nested_counts(db, company_audits.COMPANY_VISITS),
            audit_interviews=many_by(
                db, AuditInterview, AuditInterview.audit_id, col(AuditInterview.id)
            ),
            visit_interns=many_by(db, VisitIntern, VisitIntern.visit_id, col(VisitIntern.id)),
            difficulties=many_by(
                db,
                Difficulty,
                Difficulty.candidate_id,
                col(Difficulty.occurred_on),
                col(Difficulty.id),
            ),
            fee_payments=many_by(
                db, FeePayment, FeePayment.candidate_id, col(FeePayment.paid_on), col(FeePayment.id)
            ),
            lecture_enrolments=nested_pages(db, lectures.ENROLMENTS),
            lecture_enrolment_count=nested_counts(db, lectures.ENROLMENTS),
            lecture_progress=lecture_progress(db),
            lecture_attendances=many_by(
                db,
                LectureAttendance,
                LectureAttendance.enrolment_id,
                col(LectureAttendance.held_on),
                col(LectureAttendance.id),
            ),
            nodes=NodeLoaders.create(db, scope),
        )
