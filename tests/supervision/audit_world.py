"""A host company with interns, their post-entry lectures and stages, for the audit tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from core.db.models import LectureCourse, LectureEnrolment
from core.settings import Settings
from tests import factories
from tests.client import global_id

LECTURES_START = date(2026, 1, 15)
ENTRY = date(2026, 1, 10)


@dataclass(frozen=True)
class AuditWorld:
    company: int
    other_company: int
    interns: list[int]
    other_intern: int
    country: str

    @property
    def company_id(self) -> str:
        return global_id("HostCompany", self.company)

    @property
    def intern_ids(self) -> list[str]:
        return [global_id("Candidate", key) for key in self.interns]


def seed(settings: Settings, *, interns: int = 4, lectures: bool = True) -> AuditWorld:
    """A company (Gifu Casting) with ``interns`` Vietnamese interns in stage (i), entered
    on ENTRY, their lectures starting on LECTURES_START; another company with one."""

    def make(session: Session) -> AuditWorld:
        call = factories.call(session, "VN")
        company = factories.host_company(session)
        other = factories.host_company(session, "Osaka Press", prefecture="Osaka")
        course = None
        if lectures:
            course = LectureCourse(
                name="January course",
                centre="IM Japan training centre",
                starts_on=LECTURES_START,
                ends_on=date(2026, 2, 14),
            )
            session.add(course)
            session.flush()
        keys = []
        for index in range(interns):
            row = factories.candidate(
                session,
                call,
                "in_japan_i",
                full_name=f"Nguyen Van {chr(65 + index)}",
                host_company_id=company.id,
            )
            factories.stage(session, row, "i", started_on=ENTRY)
            if course is not None:
                session.add(LectureEnrolment(course_id=course.id or 0, candidate_id=row.id or 0))
            keys.append(row.id or 0)
        stranger = factories.candidate(
            session, call, "in_japan_i", full_name="Tran Thi X", host_company_id=other.id
        )
        factories.stage(session, stranger, "i", started_on=date(2026, 3, 3))
        session.flush()
        return AuditWorld(company.id or 0, other.id or 0, keys, stranger.id or 0, "VN")

    return factories.build(settings, make)


def audit_input(world: AuditWorld, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "hostCompanyId": world.company_id,
        "kind": "REGULAR",
        "heldOn": "2026-02-20",
        "auditor": "Sato Hanako",
        "internsTotal": 4,
        "interviewedCandidateIds": world.intern_ids[:2],
        "siteChecked": True,
        "recordsChecked": True,
        "housingChecked": True,
        "managersHeard": True,
        "findings": "Overtime records incomplete for January.",
        "followUp": "Company to submit corrected records.",
        "followUpDue": "2026-03-20",
        "reportedToOtitOn": "2026-02-27",
    }
    data.update(changes)
    return data


AUDIT_FIELDS = """audit { id kind heldOn auditor internsTotal siteChecked recordsChecked
  housingChecked managersHeard findings followUp followUpDue reportedToOtitOn
  hostCompany { name } interviewedInterns { fullName } }
errors { field code message }"""
