"""Who reads and writes the post-entry lectures: courses, enrolments and attendance are IM
Japan's; an intern's progress (``Candidate.lectures``) is read by whoever sees the intern;
writes are IM Japan's, and a refused write changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.settings import Settings
from tests import factories
from tests.client import global_id, post
from tests.lifecycle.helpers import snapshot
from tests.supervision.lectures_helpers import completed_lectures, stage_one_plan


def world(session: Session) -> dict[str, int]:
    """A Vietnamese intern in stage (i) with its host company, lectures completed (120
    planned hours: 20 required)."""
    vn = factories.call(session, "VN")
    own = factories.host_company(session, "Own KK")
    other = factories.host_company(session, "Other KK")
    intern = factories.candidate(
        session,
        vn,
        "in_japan_i",
        host_company_id=own.id,
        training_completed_on=date(2026, 7, 20),
        entered_japan_on=date(2026, 8, 1),
    )
    stage_one_plan(session, intern.id or 0, own.id or 0, planned_hours=120)
    enrolment = completed_lectures(
        session, intern.id or 0, starts_on=date(2026, 8, 3), required_hours=20
    )
    attendance = session.execute(
        text("SELECT id FROM lecture_attendance WHERE enrolment_id = :e ORDER BY id"),
        {"e": enrolment.id},
    ).first()
    assert attendance is not None
    return {
        "intern": intern.id or 0,
        "own": own.id or 0,
        "other": other.id or 0,
        "course": enrolment.course_id,
        "enrolment": enrolment.id or 0,
        "attendance": attendance[0],
    }


LECTURES = "query($id: ID!) { candidate(id: $id) { lectures { requiredHours complete } } }"
ENROLMENT = "query($id: ID!) { candidate(id: $id) { lectures { enrolment { id } } } }"


@pytest.mark.database
def test_every_role_reads_the_lectures_as_the_rules_say(
    api: TestClient, db_settings: Settings
) -> None:
    made = factories.build(db_settings, world)
    ids = {
        "intern": global_id("Candidate", made["intern"]),
        "LectureCourse": global_id("LectureCourse", made["course"]),
        "LectureEnrolment": global_id("LectureEnrolment", made["enrolment"]),
        "LectureAttendance": global_id("LectureAttendance", made["attendance"]),
    }
    readers: dict[str, dict[str, str]] = {
        "staff": factories.signed_in_as(api, r=(Role.STAFF, {}))["r"],
        "vn_ministry": factories.signed_in_as(
            api, r=(Role.MINISTRY_OFFICER, {"country_code": "VN"})
        )["r"],
        "id_ministry": factories.signed_in_as(
            api, r=(Role.MINISTRY_OFFICER, {"country_code": "ID"})
        )["r"],
        "vn_embassy": factories.signed_in_as(api, r=(Role.EMBASSY_OFFICER, {"country_code": "VN"}))[
            "r"
        ],
        "own_company": factories.signed_in_as(
            api, r=(Role.HOST_COMPANY, {"host_company_id": made["own"]})
        )["r"],
        "other_company": factories.signed_in_as(
            api, r=(Role.HOST_COMPANY, {"host_company_id": made["other"]})
        )["r"],
    }
    progress = {"lectures": {"requiredHours": 20, "complete": True}}
    # Whether the reader sees the intern's progress (the intern's own scope decides).
    sees_intern = {
        "staff": True,
        "vn_ministry": True,
        "id_ministry": False,
        "vn_embassy": True,
        "own_company": True,
        "other_company": False,
    }
    for reader, headers in readers.items():
        body = post(api, LECTURES, {"id": ids["intern"]}, headers)
        assert "errors" not in body, (reader, body)
        expected = progress if sees_intern[reader] else None
        assert body["data"]["candidate"] == expected, reader

        im_japan = reader == "staff"
        courses = post(api, "{ lectureCourses { totalCount } }", headers=headers)
        if im_japan:
            assert courses["data"]["lectureCourses"] == {"totalCount": 1}
        else:
            assert courses["data"]["lectureCourses"] is None
            assert courses["errors"][0]["extensions"]["code"] == "FORBIDDEN", reader
        for type_name in ("LectureCourse", "LectureEnrolment", "LectureAttendance"):
            node = post(
                api, "query($id: ID!) { node(id: $id) { id } }", {"id": ids[type_name]}, headers
            )
            if im_japan:
                assert node["data"]["node"] == {"id": ids[type_name]}, type_name
            else:
                assert node["data"]["node"] is None
                assert node["errors"][0]["extensions"]["code"] == "FORBIDDEN", (reader, type_name)
        if sees_intern[reader]:
            enrolment = post(api, ENROLMENT, {"id": ids["intern"]}, headers)
            lectures = enrolment["data"]["candidate"]["lectures"]
            if im_japan:
                assert lectures == {"enrolment": {"id": ids["LectureEnrolment"]}}
            else:
                assert lectures == {"enrolment": None}
                assert enrolment["errors"][0]["extensions"]["code"] == "FORBIDDEN", reader

    authorization = api.headers.pop("Authorization")
    try:
        anonymous = post(api, "{ lectureCourses { totalCount } }")
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        anonymous = post(api, LECTURES, {"id": ids["intern"]})
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    finally:
        api.headers["Authorization"] = authorization


WRITES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "createLectureCourse",
        "CreateLectureCourseInput",
        {"name": "X", "centre": "Y", "startsOn": "2026-08-03", "endsOn": "2026-09-02"},
    ),
    (
        "enrolInLectures",
        "EnrolInLecturesInput",
        {"courseId": "{course}", "candidateId": "{intern}"},
    ),
    (
        "recordLectureAttendance",
        "RecordLectureAttendanceInput",
        {
            "enrolmentId": "{enrolment}",
            "subject": "JAPANESE",
            "hours": 1,
            "heldOn": "2026-08-04",
            "taughtBy": "X",
        },
    ),
    (
        "completeLectures",
        "CompleteLecturesInput",
        {"enrolmentId": "{enrolment}", "completedOn": "2026-09-02"},
    ),
]


@pytest.mark.database
def test_only_im_japan_writes_lectures(api: TestClient, db_settings: Settings) -> None:
    made = factories.build(db_settings, world)
    values = {
        "{course}": global_id("LectureCourse", made["course"]),
        "{intern}": global_id("Candidate", made["intern"]),
        "{enrolment}": global_id("LectureEnrolment", made["enrolment"]),
    }
    others = {
        "vn_ministry": factories.signed_in_as(
            api, r=(Role.MINISTRY_OFFICER, {"country_code": "VN"})
        )["r"],
        "vn_embassy": factories.signed_in_as(api, r=(Role.EMBASSY_OFFICER, {"country_code": "VN"}))[
            "r"
        ],
        "own_company": factories.signed_in_as(
            api, r=(Role.HOST_COMPANY, {"host_company_id": made["own"]})
        )["r"],
    }
    before = snapshot(db_settings)
    authorization = api.headers.pop("Authorization")
    others["anonymous"] = {}
    for reader, headers in others.items():
        for name, input_type, data in WRITES:
            given = {key: values.get(value, value) for key, value in data.items()}
            body = post(
                api,
                f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ errors {{ code }} }} }}",
                {"i": given},
                headers,
            )
            code = "UNAUTHENTICATED" if reader == "anonymous" else "FORBIDDEN"
            assert body["errors"][0]["extensions"]["code"] == code, (reader, name, body)
    api.headers["Authorization"] = authorization
    assert snapshot(db_settings) == before
