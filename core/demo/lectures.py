"""A demo intern's post-entry lectures before the host company (after the certified
stage (i) plan and the entry, core.demo.career): a course that starts the day after
entry, the enrolment, a day's hours at a time of the four subjects (the legal part by
an outside expert, 4 x 2 h as the reference describes it) and completion; each through
its service, on dates in the past. Every number here is demo data, not a rule: the
rules' numbers are read by the lectures service.
"""

from __future__ import annotations

from datetime import date, timedelta

from core.auth.scope import EVERYTHING
from core.db.models import Candidate, HostCompany, LectureCourse
from core.demo.markers import DEMO_PREFIX, DEMO_SUFFIX
from core.demo.run import DemoRun
from core.domain.supervision import LectureSubject
from core.services import lectures
from core.services.inputs import validate

OUTSIDE_EXPERT = f"Outside expert {DEMO_SUFFIX}"
LECTURER = f"IM Japan lecturer {DEMO_SUFFIX}"
PLANNED_HOURS = 960
"""Demo: the planned hours of a year of a demo intern's plan (the lectures need a sixth
of stage (i)'s: 160 h, which the course's 30 days hold)."""
COURSE_DAYS = 30
"""Demo: a course runs this many days from its first."""
CENTRE = f"IM Japan Kasukabe centre {DEMO_SUFFIX}"
"""IM Japan's own centre for the lectures is in Kasukabe (imm.or.jp/cms/jp_news/20220601topic1)."""


async def _course(run: DemoRun, starts_on: date) -> LectureCourse:
    """The course from ``starts_on``: one for all the interns who entered the day before."""
    courses = run.lecture_courses
    if starts_on not in courses:
        courses[starts_on] = await lectures.create_course(
            session=run.session,
            data=validate(
                lectures.CreateLectureCourseInput,
                {
                    "name": f"{DEMO_PREFIX} lectures from {starts_on}",
                    "centre": CENTRE,
                    "starts_on": starts_on,
                    "ends_on": starts_on + timedelta(days=COURSE_DAYS - 1),
                },
            ),
        )
        run.report.created["lecture courses"] += 1
    return courses[starts_on]


def _days(required: int, legal: int) -> list[tuple[LectureSubject, int, bool]]:
    """A day's record each: legal protection 2 h a day by the outside expert, then a day
    each of daily life and training knowledge, then Japanese, 8 h a day."""
    days: list[tuple[LectureSubject, int, bool]] = []
    left = required
    for hours in [2] * (legal // 2) + [legal % 2] * (legal % 2):
        days.append((LectureSubject.LEGAL_PROTECTION, hours, True))
        left -= hours
    for subject in (LectureSubject.DAILY_LIFE, LectureSubject.TRAINING_KNOWLEDGE):
        days.append((subject, 8, False))
        left -= 8
    while left > 0 or days[-1][0] is not LectureSubject.JAPANESE:
        days.append((LectureSubject.JAPANESE, max(1, min(8, left)), False))
        left -= 8
    return days


async def take_lectures(
    run: DemoRun,
    candidate: Candidate,
    company: HostCompany,
    entry_date: date,
) -> bool:
    """The intern's lectures from the day after entry; whether they were completed
    (not when the course is still running today: the intern attends up to today)."""
    course = await _course(run, entry_date + timedelta(days=1))
    progress = await lectures.enrol(
        session=run.session,
        scope=EVERYTHING,
        data=validate(
            lectures.EnrolInLecturesInput, {"course_id": course.id, "candidate_id": candidate.id}
        ),
    )
    enrolment = progress.enrolment.id
    assert progress.required_hours is not None
    today = run.plan.today
    for index, (subject, hours, expert) in enumerate(
        _days(progress.required_hours, progress.legal_hours_required)
    ):
        held_on = course.starts_on + timedelta(days=min(index, COURSE_DAYS - 1))
        if held_on > today:
            return False
        await lectures.record_attendance(
            session=run.session,
            scope=EVERYTHING,
            data=validate(
                lectures.RecordLectureAttendanceInput,
                {
                    "enrolment_id": enrolment,
                    "subject": subject,
                    "hours": hours,
                    "held_on": held_on,
                    "taught_by": (
                        f"Outside expert {DEMO_SUFFIX}"
                        if expert
                        else f"IM Japan lecturer {DEMO_SUFFIX}"
                    ),
                    "outside_expert": expert,
                },
            ),
        )
    if course.ends_on > today:
        return False
    await lectures.complete_lectures(
        session=run.session,
        scope=EVERYTHING,
        data=validate(
            lectures.CompleteLecturesInput,
            {"enrolment_id": enrolment, "completed_on": course.ends_on},
        ),
    )
    return True
