"""The lectures' mutations, for IM Japan staff, and their payloads."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.lectures import inputs
from core.schema.lectures.types import LectureAttendance, LectureCourse, LectureProgress
from core.schema.permissions import IM_JAPAN
from core.services import lectures


@strawberry.type
class LectureCoursePayload:
    course: LectureCourse | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.LectureCourse) -> LectureCoursePayload:
        return cls(course=LectureCourse.from_row(row))


@strawberry.type
class LectureProgressPayload:
    progress: LectureProgress | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, progress: lectures.LectureProgress) -> LectureProgressPayload:
        return cls(progress=LectureProgress.of(progress))


@strawberry.type
class LectureAttendancePayload:
    attendance: LectureAttendance | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.LectureAttendance) -> LectureAttendancePayload:
        return cls(attendance=LectureAttendance.from_row(row))


@strawberry.type
class LecturesMutation:
    @strawberry.mutation(
        description="Plan a course of post-entry lectures at IM Japan's centre.",
        permission_classes=IM_JAPAN,
    )
    async def create_lecture_course(
        self, info: Info, input: inputs.CreateLectureCourseInput
    ) -> LectureCoursePayload | None:
        return await mutate(
            info,
            lectures.CreateLectureCourseInput,
            input,
            lectures.create_course,
            LectureCoursePayload,
        )

    @strawberry.mutation(
        description=(
            "Enrol an intern not yet dispatched (in pre-entry training or having completed "
            "it) in a course, with the pre-entry lectures they had; one course per intern."
        ),
        permission_classes=IM_JAPAN,
    )
    async def enrol_in_lectures(
        self, info: Info, input: inputs.EnrolInLecturesInput
    ) -> LectureProgressPayload | None:
        return await mutate(
            info, lectures.EnrolInLecturesInput, input, lectures.enrol, LectureProgressPayload
        )

    @strawberry.mutation(
        description=(
            "Record hours an intern attended of one subject on a day of the course, and who "
            "taught them; the intern has completed pre-entry training and is not dispatched."
        ),
        permission_classes=IM_JAPAN,
    )
    async def record_lecture_attendance(
        self, info: Info, input: inputs.RecordLectureAttendanceInput
    ) -> LectureAttendancePayload | None:
        return await mutate(
            info,
            lectures.RecordLectureAttendanceInput,
            input,
            lectures.record_attendance,
            LectureAttendancePayload,
        )

    @strawberry.mutation(
        description=(
            "Mark an intern's lectures complete on the day they leave for the host company; "
            "refused, naming what is missing, unless the progress is complete. Dispatch "
            "needs it."
        ),
        permission_classes=IM_JAPAN,
    )
    async def complete_lectures(
        self, info: Info, input: inputs.CompleteLecturesInput
    ) -> LectureProgressPayload | None:
        return await mutate(
            info,
            lectures.CompleteLecturesInput,
            input,
            lectures.complete_lectures,
            LectureProgressPayload,
        )
