"""The tables, one module per part of the candidate lifecycle.

Importing this package registers every table on ``SQLModel.metadata``, which
Alembic compares the migrations with. Rows reference each other by id only:
there are no ORM relationships, so nothing loads lazily behind a resolver's
back; related rows are fetched by DataLoaders, one batched query per relation.
"""

from core.db.models.accounts import Account, AuditEntry, AuthSession
from core.db.models.after_return import (
    AssociationMembership,
    Event,
    EventRegistration,
    EventType,
    FoundedBusiness,
    InterviewCompany,
    InterviewOutcome,
    InterviewRegistration,
    InterviewSession,
)
from core.db.models.base import metadata
from core.db.models.calls import CriteriaVersion, RecruitmentCall
from core.db.models.candidates import Candidate, StatusChange
from core.db.models.counters import RateCounter
from core.db.models.dispatch import HostCompany, StageRecord
from core.db.models.esd import (
    Employment,
    EsdField,
    EsdPlan,
    EsdSkillsSitting,
    EsdWorkCategory,
    LanguageResult,
    LanguageTestLevel,
    SswChange,
    Transfer,
)
from core.db.models.persisted import PersistedQuery
from core.db.models.reference import Occupation, RuleValue
from core.db.models.screening import ScreeningDecision, ScreeningOutcome, TestResult
from core.db.models.supervision import (
    Audit,
    AuditInterview,
    Difficulty,
    EntryRecord,
    FeePayment,
    HomeStay,
    HostCompanyExcellence,
    LectureAttendance,
    LectureCourse,
    LectureEnrolment,
    SkillsTestSitting,
    SupervisionLicence,
    TrainingPlan,
    Visit,
    VisitIntern,
)
from core.db.models.tallies import Tally
from core.db.models.training import CohortPhase, TrainingCohort, TrainingResult

__all__ = [
    "Account",
    "AssociationMembership",
    "Audit",
    "AuditEntry",
    "AuditInterview",
    "AuthSession",
    "Candidate",
    "CohortPhase",
    "CriteriaVersion",
    "Difficulty",
    "Employment",
    "EntryRecord",
    "EsdField",
    "EsdPlan",
    "EsdSkillsSitting",
    "EsdWorkCategory",
    "Event",
    "EventRegistration",
    "EventType",
    "FeePayment",
    "FoundedBusiness",
    "HomeStay",
    "HostCompany",
    "HostCompanyExcellence",
    "InterviewCompany",
    "InterviewOutcome",
    "InterviewRegistration",
    "InterviewSession",
    "LanguageResult",
    "LanguageTestLevel",
    "LectureAttendance",
    "LectureCourse",
    "LectureEnrolment",
    "Occupation",
    "PersistedQuery",
    "RateCounter",
    "RecruitmentCall",
    "RuleValue",
    "ScreeningDecision",
    "ScreeningOutcome",
    "SkillsTestSitting",
    "SswChange",
    "StageRecord",
    "StatusChange",
    "SupervisionLicence",
    "Tally",
    "TestResult",
    "TrainingCohort",
    "TrainingPlan",
    "TrainingResult",
    "Transfer",
    "Visit",
    "VisitIntern",
    "metadata",
]
