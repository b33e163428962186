"""Deleting the demo data set, and nothing else (``seed-demo --reset`` and ``--clear``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, update
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import (
    Account,
    AssociationMembership,
    AuditEntry,
    AuthSession,
    Candidate,
    CohortPhase,
    CriteriaVersion,
    Event,
    EventRegistration,
    FoundedBusiness,
    HostCompany,
    InterviewCompany,
    InterviewOutcome,
    InterviewRegistration,
    InterviewSession,
    RecruitmentCall,
    ScreeningDecision,
    ScreeningOutcome,
    StageRecord,
    StatusChange,
    TestResult,
    TrainingCohort,
    TrainingResult,
)
from core.demo.markers import (
    demo_accounts,
    demo_calls,
    demo_candidates,
    demo_cohorts,
    demo_companies,
    demo_events,
    demo_sessions,
)


async def remove_demo_data(*, session: AsyncSession) -> dict[str, int]:
    """Delete every demo row (and only those), children first; the counts per table.

    A real row that points at a demo row (an account of a demo host company,
    say) makes the delete fail, and the caller's transaction with it.
    """
    candidates_ = demo_candidates()
    memberships = select(col(AssociationMembership.id)).where(
        col(AssociationMembership.candidate_id).in_(candidates_)
    )
    registrations = select(col(InterviewRegistration.id)).where(
        or_(
            col(InterviewRegistration.session_id).in_(demo_sessions()),
            col(InterviewRegistration.candidate_id).in_(candidates_),
        )
    )
    decisions = select(col(ScreeningDecision.id)).where(
        col(ScreeningDecision.candidate_id).in_(candidates_)
    )
    steps: list[tuple[str, Any, Any]] = [
        (
            "founded businesses",
            FoundedBusiness,
            col(FoundedBusiness.membership_id).in_(memberships),
        ),
        (
            "association memberships",
            AssociationMembership,
            col(AssociationMembership.id).in_(memberships),
        ),
        (
            "interview outcomes",
            InterviewOutcome,
            col(InterviewOutcome.registration_id).in_(registrations),
        ),
        (
            "interview registrations",
            InterviewRegistration,
            col(InterviewRegistration.id).in_(registrations),
        ),
        (
            "interview companies",
            InterviewCompany,
            col(InterviewCompany.session_id).in_(demo_sessions()),
        ),
        ("interview sessions", InterviewSession, col(InterviewSession.id).in_(demo_sessions())),
        (
            "event registrations",
            EventRegistration,
            or_(
                col(EventRegistration.event_id).in_(demo_events()),
                col(EventRegistration.candidate_id).in_(candidates_),
                col(EventRegistration.host_company_id).in_(demo_companies()),
            ),
        ),
        ("events", Event, col(Event.id).in_(demo_events())),
        ("sign-in sessions", AuthSession, col(AuthSession.account_id).in_(demo_accounts())),
        ("accounts", Account, col(Account.id).in_(demo_accounts())),
        ("training results", TrainingResult, col(TrainingResult.candidate_id).in_(candidates_)),
        ("stage records", StageRecord, col(StageRecord.candidate_id).in_(candidates_)),
        ("screening outcomes", ScreeningOutcome, col(ScreeningOutcome.decision_id).in_(decisions)),
        ("screening decisions", ScreeningDecision, col(ScreeningDecision.id).in_(decisions)),
        ("test results", TestResult, col(TestResult.candidate_id).in_(candidates_)),
        ("status changes", StatusChange, col(StatusChange.candidate_id).in_(candidates_)),
        ("candidates", Candidate, col(Candidate.id).in_(candidates_)),
        ("cohort phases", CohortPhase, col(CohortPhase.cohort_id).in_(demo_cohorts())),
        ("training cohorts", TrainingCohort, col(TrainingCohort.id).in_(demo_cohorts())),
        ("criteria versions", CriteriaVersion, col(CriteriaVersion.call_id).in_(demo_calls())),
        ("recruitment calls", RecruitmentCall, col(RecruitmentCall.id).in_(demo_calls())),
        ("host companies", HostCompany, col(HostCompany.id).in_(demo_companies())),
    ]
    # The audit log outlives the demo accounts: its entries keep the email.
    await session.exec(
        update(AuditEntry)
        .where(col(AuditEntry.account_id).in_(demo_accounts()))
        .values(account_id=None)
    )
    removed: dict[str, int] = {}
    for name, model, condition in steps:
        result = await session.exec(delete(model).where(condition))
        removed[name] = int(result.rowcount or 0)
    return removed
