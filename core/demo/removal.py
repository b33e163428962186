"""Deleting the demo data set, and nothing else (``seed-demo --reset`` and ``--clear``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, update
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db import models
from core.demo.markers import (
    DEMO_PREFIX,
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
    memberships = select(col(models.AssociationMembership.id)).where(
        col(models.AssociationMembership.candidate_id).in_(candidates_)
    )
    registrations = select(col(models.InterviewRegistration.id)).where(
        or_(
            col(models.InterviewRegistration.session_id).in_(demo_sessions()),
            col(models.InterviewRegistration.candidate_id).in_(candidates_),
        )
    )
    decisions = select(col(models.ScreeningDecision.id)).where(
        col(models.ScreeningDecision.candidate_id).in_(candidates_)
    )
    enrolments = select(col(models.LectureEnrolment.id)).where(
        col(models.LectureEnrolment.candidate_id).in_(candidates_)
    )
    steps: list[tuple[str, Any, Any]] = [
        (
            "founded businesses",
            models.FoundedBusiness,
            col(models.FoundedBusiness.membership_id).in_(memberships),
        ),
        (
            "association memberships",
            models.AssociationMembership,
            col(models.AssociationMembership.id).in_(memberships),
        ),
        (
            "interview outcomes",
            models.InterviewOutcome,
            col(models.InterviewOutcome.registration_id).in_(registrations),
        ),
        (
            "interview registrations",
            models.InterviewRegistration,
            col(models.InterviewRegistration.id).in_(registrations),
        ),
        (
            "interview companies",
            models.InterviewCompany,
            col(models.InterviewCompany.session_id).in_(demo_sessions()),
        ),
        (
            "interview sessions",
            models.InterviewSession,
            col(models.InterviewSession.id).in_(demo_sessions()),
        ),
        (
            "event registrations",
            models.EventRegistration,
            or_(
                col(models.EventRegistration.event_id).in_(demo_events()),
                col(models.EventRegistration.candidate_id).in_(candidates_),
                col(models.EventRegistration.host_company_id).in_(demo_companies()),
            ),
        ),
        ("events", models.Event, col(models.Event.id).in_(demo_events())),
        (
            "sign-in sessions",
            models.AuthSession,
            col(models.AuthSession.account_id).in_(demo_accounts()),
        ),
        ("accounts", models.Account, col(models.Account.id).in_(demo_accounts())),
        (
            "training results",
            models.TrainingResult,
            col(models.TrainingResult.candidate_id).in_(candidates_),
        ),
        (
            "stage records",
            models.StageRecord,
            col(models.StageRecord.candidate_id).in_(candidates_),
        ),
        (
            "skills test sittings",
            models.SkillsTestSitting,
            col(models.SkillsTestSitting.candidate_id).in_(candidates_),
        ),
        ("home stays", models.HomeStay, col(models.HomeStay.candidate_id).in_(candidates_)),
        (
            "entry records",
            models.EntryRecord,
            col(models.EntryRecord.candidate_id).in_(candidates_),
        ),
        (
            "training plans",
            models.TrainingPlan,
            col(models.TrainingPlan.candidate_id).in_(candidates_),
        ),
        (
            "screening outcomes",
            models.ScreeningOutcome,
            col(models.ScreeningOutcome.decision_id).in_(decisions),
        ),
        (
            "screening decisions",
            models.ScreeningDecision,
            col(models.ScreeningDecision.id).in_(decisions),
        ),
        ("test results", models.TestResult, col(models.TestResult.candidate_id).in_(candidates_)),
        (
            "status changes",
            models.StatusChange,
            col(models.StatusChange.candidate_id).in_(candidates_),
        ),
        (
            "lecture attendance",
            models.LectureAttendance,
            col(models.LectureAttendance.enrolment_id).in_(enrolments),
        ),
        (
            "lecture enrolments",
            models.LectureEnrolment,
            col(models.LectureEnrolment.id).in_(enrolments),
        ),
        (
            "lecture courses",
            models.LectureCourse,
            col(models.LectureCourse.name).startswith(f"{DEMO_PREFIX} "),
        ),
        (
            "training plans",
            models.TrainingPlan,
            col(models.TrainingPlan.candidate_id).in_(candidates_),
        ),
        ("candidates", models.Candidate, col(models.Candidate.id).in_(candidates_)),
        (
            "cohort phases",
            models.CohortPhase,
            col(models.CohortPhase.cohort_id).in_(demo_cohorts()),
        ),
        (
            "training cohorts",
            models.TrainingCohort,
            col(models.TrainingCohort.id).in_(demo_cohorts()),
        ),
        (
            "criteria versions",
            models.CriteriaVersion,
            col(models.CriteriaVersion.call_id).in_(demo_calls()),
        ),
        (
            "recruitment calls",
            models.RecruitmentCall,
            col(models.RecruitmentCall.id).in_(demo_calls()),
        ),
        (
            "host company excellence",
            models.HostCompanyExcellence,
            col(models.HostCompanyExcellence.host_company_id).in_(demo_companies()),
        ),
        ("host companies", models.HostCompany, col(models.HostCompany.id).in_(demo_companies())),
        (
            "supervision licences",
            models.SupervisionLicence,
            col(models.SupervisionLicence.note).like(f"{DEMO_PREFIX}:%"),
        ),
        ("occupations", models.Occupation, col(models.Occupation.source_list) == DEMO_PREFIX),
    ]
    # The audit log outlives the demo accounts: its entries keep the email.
    await session.exec(
        update(models.AuditEntry)
        .where(col(models.AuditEntry.account_id).in_(demo_accounts()))
        .values(account_id=None)
    )
    removed: dict[str, int] = {}
    for name, model, condition in steps:
        result = await session.exec(delete(model).where(condition))
        removed[name] = int(result.rowcount or 0)
    return removed
