"""Post-entry lectures (入国後講習, B4 and section 9 of the reference): courses at IM
Japan's own centre, the interns enrolled in them, the hours each attended per
subject, and the progress towards the hours the rules require.

The hours required are the intern's planned stage (i) hours (the ``planned_hours``
of the stage (i) training plan, certified or applied for) times a share: rule
``titp.lectures.share`` (1/6), or ``titp.lectures.share_after_pre_entry`` (1/12)
when the intern's pre-entry lectures came to at least ``titp.lectures.pre_entry_hours``
hours, lasted at least ``titp.lectures.pre_entry_months`` months and ended within
``titp.lectures.pre_entry_window_months`` months before the course starts. The
product is rounded up to whole hours. The legal-protection subject must come to at
least ``titp.lectures.legal_hours`` hours taught by an outside expert (hours of it
taught otherwise count for nothing), and each of the four subjects must have some
hours. Every rule is read for the day the course starts.

The staff mark the lectures complete (:func:`complete_lectures`) with the day the
intern leaves for the host company; only then may the intern be dispatched
(:func:`require_complete`, called by :func:`core.services.dispatch.dispatch`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import cast

from dateutil.relativedelta import relativedelta
from pydantic import Field, ValidationInfo, field_validator
from sqlalchemy import ColumnElement, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import (
    Candidate,
    LectureAttendance,
    LectureCourse,
    LectureEnrolment,
    TrainingPlan,
)
from core.domain.states import Status, status_label
from core.domain.supervision import LectureCourseBase, LectureSubject, PlanStatus
from core.domain.titp import Stage
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Joined, Message
from core.services import rules
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import found_or_refuse, get_candidate
from core.services.pages import Listing, Nested, column_order

ENROLLABLE = (Status.IN_TRAINING, Status.TRAINING_COMPLETED)
"""An intern is enrolled before dispatch: while still in pre-entry training (a course
planned for a batch) or once it is completed."""
ATTENDING = Status.TRAINING_COMPLETED
"""Lectures are attended (and completed) in Japan, after the pre-entry training and
before the host company: the intern has completed training and is not dispatched."""

PLAN_STATUSES = (PlanStatus.CERTIFIED, PlanStatus.APPLIED)
"""The stage (i) plans whose planned hours count, a certified one before an applied one."""

SHARE = "titp.lectures.share"
SHARE_AFTER_PRE_ENTRY = "titp.lectures.share_after_pre_entry"
PRE_ENTRY_HOURS = "titp.lectures.pre_entry_hours"
PRE_ENTRY_MONTHS = "titp.lectures.pre_entry_months"
PRE_ENTRY_WINDOW_MONTHS = "titp.lectures.pre_entry_window_months"
LEGAL_HOURS = "titp.lectures.legal_hours"
RULE_KEYS = (
    SHARE,
    SHARE_AFTER_PRE_ENTRY,
    PRE_ENTRY_HOURS,
    PRE_ENTRY_MONTHS,
    PRE_ENTRY_WINDOW_MONTHS,
    LEGAL_HOURS,
)

SUBJECT_LABELS: dict[LectureSubject, Message] = {
    LectureSubject.JAPANESE: Message("Japanese"),
    LectureSubject.DAILY_LIFE: Message("daily life"),
    LectureSubject.LEGAL_PROTECTION: Message("legal protection"),
    LectureSubject.TRAINING_KNOWLEDGE: Message("knowledge that helps the training"),
}


class CreateLectureCourseInput(Input, LectureCourseBase):  # type: ignore[misc]  # Input's config
    """A course of post-entry lectures: the fields of :class:`LectureCourseBase`."""

    @field_validator("ends_on")
    @classmethod
    def _ends_after_start(cls, ends_on: date, info: ValidationInfo) -> date:
        starts_on = info.data.get("starts_on")
        if starts_on is not None and ends_on < starts_on:
            raise ValueError(Message("endsOn is before startsOn"))
        return ends_on


class EnrolInLecturesInput(Input):
    """An intern in a course, with the pre-entry lectures they had (all three or none)."""

    course_id: RowId
    candidate_id: RowId
    pre_entry_hours: int | None = Field(
        default=None, ge=1, le=10_000, description="Hours of pre-entry lectures the intern had."
    )
    pre_entry_from: date | None = Field(
        default=None, validate_default=True, description="When the pre-entry lectures began."
    )
    pre_entry_to: date | None = Field(
        default=None, validate_default=True, description="When the pre-entry lectures ended."
    )

    @field_validator("pre_entry_from")
    @classmethod
    def _from_with_hours(cls, value: date | None, info: ValidationInfo) -> date | None:
        if (value is None) != (info.data.get("pre_entry_hours") is None):
            raise ValueError(
                Message("preEntryHours, preEntryFrom and preEntryTo go together: give all or none")
            )
        return value

    @field_validator("pre_entry_to")
    @classmethod
    def _to_with_from(cls, value: date | None, info: ValidationInfo) -> date | None:
        if "pre_entry_from" not in info.data:
            return value  # preEntryFrom was refused already
        began = info.data["pre_entry_from"]
        if (value is None) != (began is None):
            raise ValueError(
                Message("preEntryHours, preEntryFrom and preEntryTo go together: give all or none")
            )
        if value is not None and began is not None and value < began:
            raise ValueError(Message("preEntryTo is before preEntryFrom"))
        return value


class RecordLectureAttendanceInput(Input):
    """Hours an intern attended of one subject on one day, and who taught them."""

    enrolment_id: RowId
    subject: LectureSubject
    hours: int = Field(ge=1, le=24, description="Whole hours attended that day.")
    held_on: HappenedOn
    taught_by: str = Field(min_length=1, max_length=200, description="The lecturer's name.")
    outside_expert: bool = Field(
        default=False,
        description=(
            "Taught by an outside expert (neither the host company's nor IM Japan's own "
            "staff); the legal-protection subject counts only when it is."
        ),
    )


class CompleteLecturesInput(Input):
    enrolment_id: RowId
    completed_on: HappenedOn = Field(
        description="The day the lectures ended and the intern left for the host company."
    )


# --- progress ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectHours:
    subject: LectureSubject
    hours: int
    """The hours that count."""
    not_counted: int
    """Legal protection not taught by an outside expert: recorded, not counted."""


@dataclass(frozen=True)
class LectureProgress:
    """An enrolment's hours against what the rules require, with what is missing."""

    enrolment: LectureEnrolment
    course: LectureCourse
    subjects: list[SubjectHours]
    total_hours: int
    planned_stage_hours: int | None
    share: Fraction
    reduced_by_pre_entry: bool
    pre_entry_shortfalls: list[Message]
    required_hours: int | None
    legal_hours: int
    legal_hours_required: int
    legal_hours_not_counted: int
    missing: list[Message] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class _Rules:
    share: Fraction
    share_after_pre_entry: Fraction
    pre_entry_hours: int
    pre_entry_months: int
    pre_entry_window_months: int
    legal_hours: int


def _rules_on(book: rules.RuleBook, day: date) -> _Rules:
    return _Rules(
        share=book.in_force(SHARE, day).fraction(),
        share_after_pre_entry=book.in_force(SHARE_AFTER_PRE_ENTRY, day).fraction(),
        pre_entry_hours=book.in_force(PRE_ENTRY_HOURS, day).whole(),
        pre_entry_months=book.in_force(PRE_ENTRY_MONTHS, day).whole(),
        pre_entry_window_months=book.in_force(PRE_ENTRY_WINDOW_MONTHS, day).whole(),
        legal_hours=book.in_force(LEGAL_HOURS, day).whole(),
    )


def pre_entry_shortfalls(
    enrolment: LectureEnrolment, course: LectureCourse, rule: _Rules
) -> list[Message]:
    """Why the pre-entry lectures do not lower the share (empty: they do).

    Read: at least ``pre_entry_hours`` hours; lasting at least ``pre_entry_months``
    months, the first and last days included (1 March to 31 March is one month); and
    ended on or after the day ``pre_entry_window_months`` months before the course's
    first day (and before that day).
    """
    hours, began, ended = (
        enrolment.pre_entry_hours,
        enrolment.pre_entry_from,
        enrolment.pre_entry_to,
    )
    if hours is None or began is None or ended is None:
        return [Message("no pre-entry lectures are recorded")]
    found: list[Message] = []
    if hours < rule.pre_entry_hours:
        found.append(
            Message(
                "the pre-entry lectures came to {hours} hours, fewer than {required}",
                hours=hours,
                required=rule.pre_entry_hours,
            )
        )
    if ended + timedelta(days=1) < began + relativedelta(months=rule.pre_entry_months):
        found.append(
            Message(
                "the pre-entry lectures ran from {began} to {ended}, less than {months} month(s)",
                began=str(began),
                ended=str(ended),
                months=rule.pre_entry_months,
            )
        )
    earliest = course.starts_on - relativedelta(months=rule.pre_entry_window_months)
    if not earliest <= ended < course.starts_on:
        found.append(
            Message(
                "the pre-entry lectures ended on {ended}, not within {months} months before "
                "the course starts ({starts})",
                ended=str(ended),
                months=rule.pre_entry_window_months,
                starts=str(course.starts_on),
            )
        )
    return found


def _progress(
    enrolment: LectureEnrolment,
    course: LectureCourse,
    attended: Sequence[LectureAttendance],
    planned: int | None,
    rule: _Rules,
) -> LectureProgress:
    counted: dict[LectureSubject, int] = defaultdict(int)
    not_counted = 0
    for row in attended:
        subject = LectureSubject(row.subject)
        if subject is LectureSubject.LEGAL_PROTECTION and not row.outside_expert:
            not_counted += row.hours
        else:
            counted[subject] += row.hours
    total = sum(counted.values())
    shortfalls = pre_entry_shortfalls(enrolment, course, rule)
    reduced = not shortfalls
    share = rule.share_after_pre_entry if reduced else rule.share
    required = None if planned is None else math.ceil(planned * share)
    legal = counted[LectureSubject.LEGAL_PROTECTION]
    missing: list[Message] = []
    if required is None:
        missing.append(
            Message(
                "no stage (i) training plan is certified or applied for: the hours required "
                "cannot be computed"
            )
        )
    elif total < required:
        missing.append(
            Message(
                "{total} of the {required} hours required ({share} of the {planned} planned "
                "stage (i) hours) were attended",
                total=total,
                required=required,
                share=f"{share.numerator}/{share.denominator}",
                planned=planned or 0,
            )
        )
    if legal < rule.legal_hours:
        if not_counted:
            missing.append(
                Message(
                    "legal protection needs {required} hours taught by an outside expert: "
                    "{hours} recorded ({other} more hours were not taught by an outside expert "
                    "and do not count)",
                    required=rule.legal_hours,
                    hours=legal,
                    other=not_counted,
                )
            )
        else:
            missing.append(
                Message(
                    "legal protection needs {required} hours taught by an outside expert: "
                    "{hours} recorded",
                    required=rule.legal_hours,
                    hours=legal,
                )
            )
    for subject in LectureSubject:
        if subject is not LectureSubject.LEGAL_PROTECTION and counted[subject] == 0:
            missing.append(Message("no hours of {subject}", subject=SUBJECT_LABELS[subject]))
    return LectureProgress(
        enrolment=enrolment,
        course=course,
        subjects=[
            SubjectHours(
                subject=subject,
                hours=counted[subject],
                not_counted=not_counted if subject is LectureSubject.LEGAL_PROTECTION else 0,
            )
            for subject in LectureSubject
        ],
        total_hours=total,
        planned_stage_hours=planned,
        share=share,
        reduced_by_pre_entry=reduced,
        pre_entry_shortfalls=[] if enrolment.pre_entry_hours is None else shortfalls,
        required_hours=required,
        legal_hours=legal,
        legal_hours_required=rule.legal_hours,
        legal_hours_not_counted=not_counted,
        missing=missing,
    )


async def planned_stage_one_hours(
    session: AsyncSession, candidate_ids: Sequence[int]
) -> dict[int, int]:
    """The planned hours of each intern's stage (i) plan: the latest certified version,
    else the latest applied for (one statement)."""
    if not candidate_ids:
        return {}
    statement = (
        select(TrainingPlan)
        .where(
            col(TrainingPlan.candidate_id).in_(candidate_ids),
            col(TrainingPlan.stage) == Stage.I.value,
            col(TrainingPlan.status).in_([status.value for status in PLAN_STATUSES]),
        )
        .order_by(col(TrainingPlan.version))
    )
    best: dict[int, TrainingPlan] = {}
    for plan in (await session.exec(statement)).all():
        held = best.get(plan.candidate_id)
        certified = plan.status == PlanStatus.CERTIFIED
        if held is None or certified or held.status != PlanStatus.CERTIFIED:
            best[plan.candidate_id] = plan
    return {candidate: plan.planned_hours for candidate, plan in best.items()}


async def progress_of(
    session: AsyncSession, enrolments: Sequence[LectureEnrolment]
) -> dict[int, LectureProgress]:
    """The progress of each enrolment, by enrolment id, in four statements whatever
    their number (courses, attendance, plans, rule versions)."""
    if not enrolments:
        return {}
    course_ids = sorted({row.course_id for row in enrolments})
    courses = {
        row.id: row
        for row in (
            await session.exec(select(LectureCourse).where(col(LectureCourse.id).in_(course_ids)))
        ).all()
    }
    ids = [row.id for row in enrolments if row.id is not None]
    attended: dict[int, list[LectureAttendance]] = defaultdict(list)
    found = await session.exec(
        select(LectureAttendance)
        .where(col(LectureAttendance.enrolment_id).in_(ids))
        .order_by(col(LectureAttendance.held_on), col(LectureAttendance.id))
    )
    for row in found.all():
        attended[row.enrolment_id].append(row)
    planned = await planned_stage_one_hours(session, [row.candidate_id for row in enrolments])
    book = await rules.rule_book(session, RULE_KEYS)
    result: dict[int, LectureProgress] = {}
    for enrolment in enrolments:
        assert enrolment.id is not None
        course = courses[enrolment.course_id]
        result[enrolment.id] = _progress(
            enrolment,
            course,
            attended[enrolment.id],
            planned.get(enrolment.candidate_id),
            _rules_on(book, course.starts_on),
        )
    return result


async def progress_by_candidate(
    session: AsyncSession, candidate_ids: Sequence[int]
) -> dict[int, LectureProgress]:
    """Each enrolled intern's progress, by candidate id (five statements)."""
    if not candidate_ids:
        return {}
    enrolments = (
        await session.exec(
            select(LectureEnrolment).where(col(LectureEnrolment.candidate_id).in_(candidate_ids))
        )
    ).all()
    by_enrolment = await progress_of(session, enrolments)
    return {row.candidate_id: by_enrolment[row.id or 0] for row in enrolments}


# --- mutations --------------------------------------------------------------------------


async def create_course(*, session: AsyncSession, data: CreateLectureCourseInput) -> LectureCourse:
    course = LectureCourse(**data.model_dump())
    session.add(course)
    await session.flush()
    return course


async def enrol(
    *, session: AsyncSession, scope: Scope, data: EnrolInLecturesInput
) -> LectureProgress:
    """Enrol an intern not yet dispatched in a course; one course per intern."""
    course = found_or_refuse(
        await session.get(LectureCourse, data.course_id),
        "courseId",
        "lecture course",
        data.course_id,
    )
    candidate = await get_candidate(session, data.candidate_id, scope)
    status = Status(candidate.status)
    if status not in ENROLLABLE:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "only an intern in pre-entry training or who completed it, not yet dispatched, "
                "can be enrolled in post-entry lectures; the candidate is {status}",
                status=status_label(status),
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    existing = (
        await session.exec(
            select(LectureCourse.name)
            .join(LectureEnrolment, col(LectureEnrolment.course_id) == col(LectureCourse.id))
            .where(col(LectureEnrolment.candidate_id) == candidate.id)
        )
    ).first()
    if existing is not None:
        raise DomainValidationError.single(
            "candidateId",
            Message("the intern is already enrolled in the course {course}", course=repr(existing)),
            ErrorCode.DUPLICATE,
        )
    if data.pre_entry_to is not None and data.pre_entry_to >= course.starts_on:
        raise DomainValidationError.single(
            "preEntryTo",
            Message(
                "the pre-entry lectures must end before the course starts ({starts})",
                starts=str(course.starts_on),
            ),
            ErrorCode.INVALID,
        )
    assert candidate.id is not None
    enrolment = LectureEnrolment(
        course_id=course.id or 0,
        candidate_id=candidate.id,
        pre_entry_hours=data.pre_entry_hours,
        pre_entry_from=data.pre_entry_from,
        pre_entry_to=data.pre_entry_to,
    )
    session.add(enrolment)
    await session.flush()
    return (await progress_of(session, [enrolment]))[enrolment.id or 0]


async def _open_enrolment(
    session: AsyncSession, scope: Scope, enrolment_id: int
) -> tuple[LectureEnrolment, LectureCourse, Candidate]:
    """The enrolment (locked), its course and its intern (locked, within ``scope``),
    refused unless the intern attends lectures now and they are not completed."""
    enrolment = found_or_refuse(
        (
            await session.exec(
                select(LectureEnrolment)
                .where(col(LectureEnrolment.id) == enrolment_id)
                .with_for_update()
            )
        ).first(),
        "enrolmentId",
        "lecture enrolment",
        enrolment_id,
    )
    candidate = await get_candidate(session, enrolment.candidate_id, scope, field="enrolmentId")
    if enrolment.completed_on is not None:
        raise DomainValidationError.single(
            "enrolmentId",
            Message("the lectures were completed on {day}", day=str(enrolment.completed_on)),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    if candidate.status != ATTENDING:
        raise DomainValidationError.single(
            "enrolmentId",
            Message(
                "lectures are attended after the pre-entry training is completed and before "
                "dispatch; the candidate is {status}",
                status=status_label(Status(candidate.status)),
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    course = await session.get(LectureCourse, enrolment.course_id)
    assert course is not None
    return enrolment, course, candidate


async def record_attendance(
    *, session: AsyncSession, scope: Scope, data: RecordLectureAttendanceInput
) -> LectureAttendance:
    """Record hours of one subject on a day of the course."""
    enrolment, course, candidate = await _open_enrolment(session, scope, data.enrolment_id)
    errors: list[UserErrorData] = []
    if not course.starts_on <= data.held_on <= course.ends_on:
        errors.append(
            UserErrorData(
                field="heldOn",
                message=Message(
                    "the course runs from {starts} to {ends}",
                    starts=str(course.starts_on),
                    ends=str(course.ends_on),
                ),
                code=ErrorCode.INVALID,
            )
        )
    elif (
        candidate.training_completed_on is not None
        and data.held_on < candidate.training_completed_on
    ):
        errors.append(
            UserErrorData(
                field="heldOn",
                message=Message(
                    "the intern completed pre-entry training on {day}: lectures in Japan come "
                    "after it",
                    day=str(candidate.training_completed_on),
                ),
                code=ErrorCode.INVALID,
            )
        )
    if errors:
        raise DomainValidationError(errors)
    row = LectureAttendance(
        enrolment_id=enrolment.id or 0,
        subject=data.subject.value,
        hours=data.hours,
        held_on=data.held_on,
        taught_by=data.taught_by,
        outside_expert=data.outside_expert,
    )
    session.add(row)
    await session.flush()
    return row


async def complete_lectures(
    *, session: AsyncSession, scope: Scope, data: CompleteLecturesInput
) -> LectureProgress:
    """Mark the lectures complete on ``completedOn``: refused, naming what is missing,
    unless the progress is complete; not before the last day attended."""
    enrolment, _course, _candidate = await _open_enrolment(session, scope, data.enrolment_id)
    progress = (await progress_of(session, [enrolment]))[enrolment.id or 0]
    if progress.missing:
        raise DomainValidationError.single(
            "enrolmentId",
            Message(
                "the post-entry lectures are not complete: {missing}",
                missing=Joined("; ", progress.missing),
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    last = (
        await session.exec(
            select(func.max(col(LectureAttendance.held_on))).where(
                col(LectureAttendance.enrolment_id) == enrolment.id
            )
        )
    ).one()
    if last is not None and data.completed_on < last:
        raise DomainValidationError.single(
            "completedOn",
            Message(
                "completedOn is before the last day of lectures attended ({day})", day=str(last)
            ),
            ErrorCode.INVALID,
        )
    enrolment.completed_on = data.completed_on
    session.add(enrolment)
    await session.flush()
    return (await progress_of(session, [enrolment]))[enrolment.id or 0]


def not_complete(progress: LectureProgress | None) -> Message | None:
    """Why the lectures do not let the intern go to the host company (None: they do)."""
    if progress is None:
        return Message(
            "the intern has no post-entry lectures: enrol them in a course "
            "(enrolInLectures) and complete it before dispatch"
        )
    if progress.enrolment.completed_on is not None:
        return None
    if progress.missing:
        return Message(
            "the post-entry lectures are not complete: {missing}",
            missing=Joined("; ", progress.missing),
        )
    return Message(
        "the post-entry lectures have the hours required but are not marked complete "
        "(completeLectures)"
    )


async def require_complete(
    session: AsyncSession, candidate_id: int, *, field: str = "candidateId"
) -> None:
    """Refuse (``NOT_ALLOWED_STATE`` on ``field``) unless the intern's post-entry lectures
    were marked complete, naming what is missing."""
    found = await progress_by_candidate(session, [candidate_id])
    reason = not_complete(found.get(candidate_id))
    if reason is not None:
        raise DomainValidationError.single(field, reason, ErrorCode.NOT_ALLOWED_STATE)


# --- lists ------------------------------------------------------------------------------


def courses() -> Listing[LectureCourse]:
    """Every course, the latest start first (then by id)."""
    return Listing(
        name="lecture_course",
        statement=select(LectureCourse),
        order=column_order(
            "latest", col(LectureCourse.starts_on), col(LectureCourse.id), descending=True
        ),
    )


ENROLMENTS: Nested[LectureEnrolment] = Nested(
    name="lecture_enrolment",
    statement=select(LectureEnrolment),
    parent=cast(ColumnElement[int], col(LectureEnrolment.course_id)),
    order=column_order("enrolled", col(LectureEnrolment.id)),
)
"""Each course's enrolments, in the order they were made (by id)."""
