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
from core.db.models.persisted import PersistedQuery
from core.db.models.screening import ScreeningDecision, ScreeningOutcome, TestResult
from core.db.models.training import CohortPhase, TrainingCohort, TrainingResult

__all__ = [
    "Account",
    "AssociationMembership",
    "AuditEntry",
    "AuthSession",
    "Candidate",
    "CohortPhase",
    "CriteriaVersion",
    "Event",
    "EventRegistration",
    "EventType",
    "FoundedBusiness",
    "HostCompany",
    "InterviewCompany",
    "InterviewOutcome",
    "InterviewRegistration",
    "InterviewSession",
    "PersistedQuery",
    "RateCounter",
    "RecruitmentCall",
    "ScreeningDecision",
    "ScreeningOutcome",
    "StageRecord",
    "StatusChange",
    "TestResult",
    "TrainingCohort",
    "TrainingResult",
    "metadata",
]
