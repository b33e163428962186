"""Post-entry lectures: courses, the interns enrolled, attendance and progress."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.relay import NodeID

from core.db import models
from core.domain.supervision import LectureSubject as LectureSubjectEnum
from core.i18n import localized
from core.schema.base import Info
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    nested_connection,
)
from core.schema.ids import global_id
from core.schema.nodes import GatedNode
from core.schema.permissions import IM_JAPAN
from core.services import lectures

LectureSubject = strawberry.enum(
    LectureSubjectEnum,
    name="LectureSubject",
    description="The four subjects of the post-entry lectures.",
)


@strawberry.type(description="Hours of one subject: those that count, and those that do not.")
class LectureSubjectHours:
    subject: LectureSubjectEnum
    hours: int = strawberry.field(description="Hours that count.")
    not_counted_hours: int = strawberry.field(
        description=(
            "Legal protection not taught by an outside expert: recorded, not counted "
            "(0 for the other subjects)."
        )
    )


@strawberry.type(
    description=(
        "An intern's post-entry lectures against what the rules require, read for the "
        "day the course starts: the hours per subject, the total against the planned "
        "stage (i) hours times the share (rounded up), the legal-protection hours taught "
        "by an outside expert, and what is missing."
    )
)
class LectureProgress:
    course_name: str
    course_starts_on: date
    course_ends_on: date
    completed_on: date | None = strawberry.field(
        description="When the lectures were marked complete; null until then."
    )
    subjects: list[LectureSubjectHours]
    total_hours: int = strawberry.field(description="Hours that count, all subjects.")
    planned_stage_hours: int | None = strawberry.field(
        description=(
            "The planned hours of the intern's stage (i) training plan (certified, else "
            "applied for); null without one."
        )
    )
    share: str = strawberry.field(
        description="The share of the planned hours required, as a fraction such as 1/6."
    )
    reduced_by_pre_entry: bool = strawberry.field(
        description="Whether the pre-entry lectures lowered the share."
    )
    pre_entry_shortfalls: list[str] = strawberry.field(
        description="Why the pre-entry lectures recorded did not lower the share."
    )
    required_hours: int | None = strawberry.field(
        description="Hours required in all; null without a stage (i) plan."
    )
    legal_hours: int = strawberry.field(
        description="Legal-protection hours taught by an outside expert."
    )
    legal_hours_required: int
    legal_hours_not_counted: int
    complete: bool = strawberry.field(description="Whether nothing is missing.")
    missing: list[str] = strawberry.field(description="What is missing, each explained.")
    enrolment_id: strawberry.Private[int]

    @strawberry.field(description="The enrolment, for IM Japan staff.", permission_classes=IM_JAPAN)
    async def enrolment(self, info: Info) -> LectureEnrolment | None:
        return await LectureEnrolment.load(info, self.enrolment_id)

    @classmethod
    def of(cls, progress: lectures.LectureProgress) -> LectureProgress:
        enrolment, course = progress.enrolment, progress.course
        assert enrolment.id is not None
        return cls(
            course_name=course.name,
            course_starts_on=course.starts_on,
            course_ends_on=course.ends_on,
            completed_on=enrolment.completed_on,
            subjects=[
                LectureSubjectHours(
                    subject=item.subject, hours=item.hours, not_counted_hours=item.not_counted
                )
                for item in progress.subjects
            ],
            total_hours=progress.total_hours,
            planned_stage_hours=progress.planned_stage_hours,
            share=f"{progress.share.numerator}/{progress.share.denominator}",
            reduced_by_pre_entry=progress.reduced_by_pre_entry,
            pre_entry_shortfalls=[localized(item) for item in progress.pre_entry_shortfalls],
            required_hours=progress.required_hours,
            legal_hours=progress.legal_hours,
            legal_hours_required=progress.legal_hours_required,
            legal_hours_not_counted=progress.legal_hours_not_counted,
            complete=progress.complete,
            missing=[localized(item) for item in progress.missing],
            enrolment_id=enrolment.id,
        )


@strawberry.type(description="Hours an intern attended of one subject on one day.")
class LectureAttendance(GatedNode):
    id: NodeID[int]
    subject: LectureSubjectEnum
    hours: int
    held_on: date
    taught_by: str
    outside_expert: bool

    GATE = ("LectureEnrolment", "attendances")

    @classmethod
    async def load(cls, info: Info, key: int) -> LectureAttendance | None:
        row = await info.context.loaders.nodes.lecture_attendance.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.LectureAttendance) -> LectureAttendance:
        assert row.id is not None
        return cls(
            id=row.id,
            subject=LectureSubjectEnum(row.subject),
            hours=row.hours,
            held_on=row.held_on,
            taught_by=row.taught_by,
            outside_expert=row.outside_expert,
        )


@strawberry.type(description="An intern enrolled in a course of post-entry lectures.")
class LectureEnrolment(GatedNode):
    id: NodeID[int]
    pre_entry_hours: int | None = strawberry.field(
        description="Hours of pre-entry lectures the intern had; null when none are recorded."
    )
    pre_entry_from: date | None
    pre_entry_to: date | None
    completed_on: date | None = strawberry.field(
        description="When the lectures were marked complete; null until then."
    )
    row: strawberry.Private[models.LectureEnrolment]

    GATE = ("LectureCourse", "enrolments")

    @classmethod
    async def load(cls, info: Info, key: int) -> LectureEnrolment | None:
        row = await info.context.loaders.nodes.lecture_enrolment.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.LectureEnrolment) -> LectureEnrolment:
        assert row.id is not None
        return cls(
            id=row.id,
            pre_entry_hours=row.pre_entry_hours,
            pre_entry_from=row.pre_entry_from,
            pre_entry_to=row.pre_entry_to,
            completed_on=row.completed_on,
            row=row,
        )

    @strawberry.field(description="The course.")
    async def course(self, info: Info) -> LectureCourse:
        row = await info.context.loaders.nodes.lecture_course.load(self.row.course_id)
        assert row is not None
        return LectureCourse.from_row(row)

    @strawberry.field(description="The intern (open it with Query.candidate or node).")
    def candidate_id(self) -> strawberry.ID:
        return global_id("Candidate", self.row.candidate_id)

    @strawberry.field(description="The intern's name; null when out of the reader's scope.")
    async def candidate_name(self, info: Info) -> str | None:
        row = await info.context.loaders.candidate.load(self.row.candidate_id)
        return row.full_name if row else None

    @strawberry.field(description="The hours against what the rules require.")
    async def progress(self, info: Info) -> LectureProgress:
        found = await info.context.loaders.lecture_progress.load(self.row.candidate_id)
        assert found is not None
        return LectureProgress.of(found)

    @strawberry.field(
        description=(
            "Hours attended, by day (a plain list: bounded by the course's days and subjects)."
        ),
        permission_classes=IM_JAPAN,
    )
    async def attendances(self, info: Info) -> list[LectureAttendance] | None:
        rows = await info.context.loaders.lecture_attendances.load(self.id)
        return [LectureAttendance.from_row(row) for row in rows]


@strawberry.type(description="A course of post-entry lectures at IM Japan's own centre.")
class LectureCourse(GatedNode):
    id: NodeID[int]
    name: str
    centre: str = strawberry.field(description="Where the lectures are held, as recorded.")
    starts_on: date
    ends_on: date
    row_id: strawberry.Private[int]

    GATE = ("Query", "lectureCourse")

    @classmethod
    async def load(cls, info: Info, key: int) -> LectureCourse | None:
        row = await info.context.loaders.nodes.lecture_course.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.LectureCourse) -> LectureCourse:
        assert row.id is not None
        return cls(
            id=row.id,
            name=row.name,
            centre=row.centre,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            row_id=row.id,
        )

    @strawberry.field(
        description=(
            "The interns enrolled, in the order they were enrolled, a page at a time "
            "(a connection: they grow with each batch)."
        ),
        permission_classes=IM_JAPAN,
    )
    async def enrolments(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[LectureEnrolment] | None:
        loaders = info.context.loaders
        return await nested_connection(
            loaders.lecture_enrolments,
            loaders.lecture_enrolment_count,
            self.row_id,
            LectureEnrolment.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )
