"""Inputs of the lectures' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.lectures.types  # noqa: F401
from core.schema.derive import input_from
from core.services import lectures


@input_from(lectures.CreateLectureCourseInput)
class CreateLectureCourseInput:
    pass


@input_from(lectures.EnrolInLecturesInput, ids={"course_id": "LectureCourse"})
class EnrolInLecturesInput:
    """An intern in a course; the pre-entry lectures they had (all three or none)."""


@input_from(lectures.RecordLectureAttendanceInput, ids={"enrolment_id": "LectureEnrolment"})
class RecordLectureAttendanceInput:
    pass


@input_from(lectures.CompleteLecturesInput, ids={"enrolment_id": "LectureEnrolment"})
class CompleteLecturesInput:
    pass
