"""Post-entry lectures for tests that dispatch an intern: dispatch needs them complete.

Two ways in, one per kind of test:

* :func:`complete_lectures` over HTTP (the real mutations): a course, the enrolment,
  attendance covering every subject and the hours required, then completion. It
  reads the hours required from the enrolment's progress, so it needs the intern's
  stage (i) training plan first (:func:`ensure_stage_one_plan` writes one straight in
  the database when the test has none);
* :func:`completed_lectures` at factory level (rows in a :func:`tests.factories.build`
  session), for worlds built without the mutations.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session
from sqlmodel import select
from starlette.testclient import TestClient

from core.db.models import (
    LectureAttendance,
    LectureCourse,
    LectureEnrolment,
    TrainingPlan,
)
from core.settings import Settings
from tests.client import key_of, mutation
from tests.factories import build

ERRORS = "errors { field message code }"
PROGRESS_FIELDS = (
    "courseName completedOn totalHours plannedStageHours share reducedByPreEntry "
    "preEntryShortfalls requiredHours legalHours legalHoursRequired legalHoursNotCounted "
    "complete missing subjects { subject hours notCountedHours } enrolment { id }"
)
PROGRESS = f"progress {{ {PROGRESS_FIELDS} }}"
CENTRE = "IM Japan training centre (test)"
OCCUPATION = "1-1-1"
"""A code of the shipped partial list of occupations."""


def stage_one_plan(
    session: Session,
    candidate_id: int,
    host_company_id: int,
    *,
    planned_hours: int = 120,
    status: str = "certified",
    version: int = 1,
    planned_start: date = date(2026, 8, 1),
) -> TrainingPlan:
    """A stage (i) training plan row (the "entry" part owns its mutations)."""
    plan = TrainingPlan(
        candidate_id=candidate_id,
        host_company_id=host_company_id,
        stage="i",
        version=version,
        status=status,
        occupation_code=OCCUPATION,
        goals="Test goals",
        planned_start=planned_start,
        planned_end=planned_start + timedelta(days=364),
        planned_hours=planned_hours,
        monthly_wage=180_000,
        weekly_hours=40,
        housing="Company dormitory (test)",
        certified_on=planned_start - timedelta(days=90) if status == "certified" else None,
        applied_on=planned_start - timedelta(days=120),
    )
    session.add(plan)
    session.flush()
    return plan


def ensure_stage_one_plan(
    client: TestClient, candidate: str, host_company: str, *, planned_hours: int = 120
) -> None:
    """Give the intern (global id) a certified stage (i) plan with the host company
    (global id), in the database of ``client``'s app, unless one exists (a test that made
    one through its mutations keeps it)."""
    settings: Settings = client.app.state.settings  # type: ignore[attr-defined]
    candidate_id, company_id = key_of(candidate, "Candidate"), key_of(host_company, "HostCompany")

    def make(session: Session) -> None:
        found = session.execute(
            select(TrainingPlan.id).where(
                TrainingPlan.candidate_id == candidate_id, TrainingPlan.stage == "i"
            )
        ).first()
        if found is None:
            stage_one_plan(session, candidate_id, company_id, planned_hours=planned_hours)

    build(settings, make)


def attendance_plan(required: int, legal: int) -> list[tuple[str, int, bool]]:
    """(subject, hours, outside expert) covering ``required`` hours: ``legal`` hours of
    legal protection by an outside expert, an hour each of daily life and training
    knowledge, Japanese for the rest (at least an hour); at most 8 hours a record."""
    plan: list[tuple[str, int, bool]] = []
    japanese = max(1, required - legal - 2)
    for subject, hours, expert in (
        ("LEGAL_PROTECTION", legal, True),
        ("DAILY_LIFE", 1, False),
        ("TRAINING_KNOWLEDGE", 1, False),
        ("JAPANESE", japanese, False),
    ):
        while hours > 0:
            plan.append((subject, min(8, hours), expert))
            hours -= 8
    return plan


def complete_lectures(
    client: TestClient,
    candidate: str,
    *,
    starts_on: str,
    ends_on: str | None = None,
    completed_on: str | None = None,
    course: str | None = None,
    pre_entry: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Take the intern (global id, training completed, with a stage (i) plan) through
    post-entry lectures over HTTP; return the completed progress.

    A new course from ``starts_on`` to ``ends_on`` (30 days on by default) unless
    ``course`` (a global id) is given; ``pre_entry`` is ``{"preEntryHours": ...,
    "preEntryFrom": ..., "preEntryTo": ...}``; completion on ``completed_on`` (the
    course's last day by default).
    """
    first = date.fromisoformat(starts_on)
    last = date.fromisoformat(ends_on) if ends_on else first + timedelta(days=30)

    def ok(name: str, selection: str, data: dict[str, Any]) -> dict[str, Any]:
        payload = mutation(client, name, f"{selection} {ERRORS}", data, headers)
        assert payload["errors"] == [], (name, payload["errors"])
        return payload

    if course is None:
        course = ok(
            "createLectureCourse",
            "course { id }",
            {
                "name": f"Post-entry lectures from {first}",
                "centre": CENTRE,
                "startsOn": str(first),
                "endsOn": str(last),
            },
        )["course"]["id"]
    enrolled = ok(
        "enrolInLectures",
        PROGRESS,
        {"courseId": course, "candidateId": candidate, **(pre_entry or {})},
    )["progress"]
    required = enrolled["requiredHours"]
    assert required is not None, "the intern needs a stage (i) plan (ensure_stage_one_plan)"
    enrolment = enrolled["enrolment"]["id"]
    days = (last - first).days + 1
    for index, (subject, hours, expert) in enumerate(
        attendance_plan(required, enrolled["legalHoursRequired"])
    ):
        ok(
            "recordLectureAttendance",
            "attendance { id }",
            {
                "enrolmentId": enrolment,
                "subject": subject,
                "hours": hours,
                "heldOn": str(first + timedelta(days=index % days)),
                "taughtBy": "Outside expert (test)" if expert else "IM Japan lecturer (test)",
                "outsideExpert": expert,
            },
        )
    done = ok(
        "completeLectures",
        PROGRESS,
        {"enrolmentId": enrolment, "completedOn": completed_on or str(last)},
    )["progress"]
    assert done["complete"] and done["completedOn"], done
    return dict(done)


def completed_lectures(
    session: Session,
    candidate_id: int,
    *,
    starts_on: date,
    required_hours: int,
    legal_hours: int = 8,
    course: LectureCourse | None = None,
) -> LectureEnrolment:
    """Factory level: a course (unless given), the enrolment, attendance of
    ``required_hours`` (the caller computes them from the plan) and completion on the
    course's last day, as rows."""
    if course is None:
        course = LectureCourse(
            name=f"Post-entry lectures from {starts_on}",
            centre=CENTRE,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=30),
        )
        session.add(course)
        session.flush()
    enrolment = LectureEnrolment(
        course_id=course.id or 0, candidate_id=candidate_id, completed_on=course.ends_on
    )
    session.add(enrolment)
    session.flush()
    for index, (subject, hours, expert) in enumerate(attendance_plan(required_hours, legal_hours)):
        session.add(
            LectureAttendance(
                enrolment_id=enrolment.id or 0,
                subject=subject.lower(),
                hours=hours,
                held_on=course.starts_on + timedelta(days=index % 30),
                taught_by="Outside expert (test)" if expert else "IM Japan lecturer (test)",
                outside_expert=expert,
            )
        )
    session.flush()
    return enrolment
