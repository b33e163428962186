"""What IM Japan records as the supervising organisation: plans, entry, lectures,
audits and visits, skills test sittings, the stage (iii) conditions, difficulties
and fees. The declared fields are :mod:`core.domain.supervision`'s bases."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from core.db.models.base import timestamp
from core.domain.supervision import (
    AuditBase,
    DifficultyBase,
    FeePaymentBase,
    LectureCourseBase,
    SkillsTestSittingBase,
    TrainingPlanBase,
    VisitBase,
)


class TrainingPlan(TrainingPlanBase, table=True):
    """A version of an intern's plan for a stage. A change of a certified plan is a
    new version (``version`` + 1, ``supersedes_id``); the old one is kept, superseded."""

    __tablename__ = "training_plan"
    __table_args__ = (UniqueConstraint("candidate_id", "stage", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    host_company_id: int = Field(foreign_key="host_company.id", index=True)
    version: int = 1
    supersedes_id: int | None = Field(default=None, foreign_key="training_plan.id")
    status: str = Field(max_length=12, index=True)
    applied_on: date | None = None
    certified_on: date | None = None
    certificate_number: str | None = Field(default=None, max_length=40)
    ended_on: date | None = None
    end_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = timestamp()


class EntryRecord(SQLModel, table=True):
    """The way into Japan (B3): CoE applied for and issued, visa, entry. One per intern."""

    __tablename__ = "entry_record"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", unique=True)
    coe_applied_on: date | None = None
    coe_issued_on: date | None = None
    coe_number: str | None = Field(default=None, max_length=40)
    visa_issued_on: date | None = None
    entered_on: date | None = None
    created_at: datetime = timestamp()


class LectureCourse(LectureCourseBase, table=True):
    __tablename__ = "lecture_course"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = timestamp()


class LectureEnrolment(SQLModel, table=True):
    """An intern in a course, with the pre-entry lectures that may lower the hours
    required, and the day the lectures were found complete."""

    __tablename__ = "lecture_enrolment"

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="lecture_course.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", unique=True)
    pre_entry_hours: int | None = None
    pre_entry_from: date | None = None
    pre_entry_to: date | None = None
    completed_on: date | None = None
    created_at: datetime = timestamp()


class LectureAttendance(SQLModel, table=True):
    """Hours an intern attended of one subject, and who taught them."""

    __tablename__ = "lecture_attendance"

    id: int | None = Field(default=None, primary_key=True)
    enrolment_id: int = Field(foreign_key="lecture_enrolment.id", index=True)
    subject: str = Field(max_length=30)
    hours: int = Field(ge=1, le=1000)
    held_on: date
    taught_by: str = Field(max_length=200)
    outside_expert: bool = False
    created_at: datetime = timestamp()


class Audit(AuditBase, table=True):
    __tablename__ = "company_audit"

    id: int | None = Field(default=None, primary_key=True)
    host_company_id: int = Field(foreign_key="host_company.id", index=True)
    created_at: datetime = timestamp()


class AuditInterview(SQLModel, table=True):
    """An intern the auditor interviewed."""

    __tablename__ = "company_audit_interview"
    __table_args__ = (UniqueConstraint("audit_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    audit_id: int = Field(foreign_key="company_audit.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)


class Visit(VisitBase, table=True):
    __tablename__ = "company_visit"

    id: int | None = Field(default=None, primary_key=True)
    host_company_id: int = Field(foreign_key="host_company.id", index=True)
    created_at: datetime = timestamp()


class VisitIntern(SQLModel, table=True):
    """An intern met on a visit."""

    __tablename__ = "company_visit_intern"
    __table_args__ = (UniqueConstraint("visit_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="company_visit.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)


class SkillsTestSitting(SkillsTestSittingBase, table=True):
    __tablename__ = "skills_test_sitting"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    created_at: datetime = timestamp()


class HostCompanyExcellence(SQLModel, table=True):
    """A period in which a host company is excellent (優良), a condition of stage (iii)."""

    __tablename__ = "host_company_excellence"

    id: int | None = Field(default=None, primary_key=True)
    host_company_id: int = Field(foreign_key="host_company.id", index=True)
    score: int | None = Field(default=None, ge=0, le=150)
    valid_from: date
    valid_to: date
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = timestamp()


class SupervisionLicence(SQLModel, table=True):
    """A licence IM Japan holds as the supervising organisation (B1)."""

    __tablename__ = "supervision_licence"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    licence_number: str | None = Field(default=None, max_length=40)
    valid_from: date
    valid_to: date
    excellent: bool | None = Field(
        default=None, description="An ESD licence granted as excellent (優良): valid 5 years."
    )
    external_auditor: str | None = Field(
        default=None, max_length=200, description="The ESD licence's external auditor (外部監査人)."
    )
    full_time_staff: int | None = Field(
        default=None, ge=0, le=100_000, description="Full-time officers and staff."
    )
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = timestamp()


class HomeStay(SQLModel, table=True):
    """The time at home between stages (ii) and (iii), with its dates."""

    __tablename__ = "home_stay"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    left_japan_on: date
    returned_on: date
    created_at: datetime = timestamp()


class Difficulty(DifficultyBase, table=True):
    """An intern who cannot continue; ``filed_on`` is when form 18 went to OTIT."""

    __tablename__ = "training_difficulty"

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    due_on: date = Field(
        description="When form 18 is due: occurred_on + the rule titp.difficulty.report_days "
        "in force on occurred_on, fixed when the difficulty is reported."
    )
    filed_on: date | None = None
    resolved_on: date | None = None
    outcome: str | None = Field(default=None, max_length=500)
    created_at: datetime = timestamp()


class FeePayment(FeePaymentBase, table=True):
    __tablename__ = "fee_payment"

    id: int | None = Field(default=None, primary_key=True)
    yen_equivalent: int | None = Field(
        default=None,
        ge=0,
        description="The payment in yen, as recorded with it: what the ESD cap on payments "
        "to the sending organisation (two months' wage) is checked against.",
    )
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    created_at: datetime = timestamp()
