"""Post-entry lectures over HTTP: the hours required by both shares (hand-computed), the
legal part by an outside expert, refusals that write nothing, completion, and dispatch
refused until the lectures are complete."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.settings import Settings
from tests import factories
from tests.client import global_id, gql, key_of, mutation
from tests.lifecycle.helpers import snapshot
from tests.supervision.lectures_helpers import (
    ERRORS,
    PROGRESS,
    PROGRESS_FIELDS,
    complete_lectures,
    completed_lectures,
    stage_one_plan,
)

COURSE = {
    "name": "August 2026",
    "centre": "IM Japan training centre",
    "startsOn": "2026-08-03",
    "endsOn": "2026-09-02",
}
TRAINED = {"training_completed_on": date(2026, 7, 20)}


def run(api: TestClient, name: str, selection: str, data: dict[str, Any]) -> dict[str, Any]:
    return mutation(api, name, f"{selection} {ERRORS}", data)


def ok(api: TestClient, name: str, selection: str, data: dict[str, Any]) -> dict[str, Any]:
    payload = run(api, name, selection, data)
    assert payload["errors"] == [], payload["errors"]
    return payload


def course(api: TestClient, **changes: str) -> str:
    return str(
        ok(api, "createLectureCourse", "course { id }", {**COURSE, **changes})["course"]["id"]
    )


def enrol(api: TestClient, course_id: str, candidate: str, **pre_entry: Any) -> dict[str, Any]:
    data = {"courseId": course_id, "candidateId": candidate, **pre_entry}
    return dict(ok(api, "enrolInLectures", PROGRESS, data)["progress"])


def attend(
    api: TestClient,
    enrolment: str,
    subject: str,
    hours: int,
    *,
    expert: bool = False,
    day: str = "2026-08-04",
) -> dict[str, Any]:
    return run(
        api,
        "recordLectureAttendance",
        "attendance { id subject hours heldOn taughtBy outsideExpert }",
        {
            "enrolmentId": enrolment,
            "subject": subject,
            "hours": hours,
            "heldOn": day,
            "taughtBy": "Outside lawyer" if expert else "IM Japan lecturer",
            "outsideExpert": expert,
        },
    )


def world(settings: Settings, plans: dict[str, list[tuple[str, int]]]) -> dict[str, str]:
    """Interns who completed training and entered Japan on 2026-08-01, each with the
    stage (i) plans given as (status, planned hours) versions; plus one still
    registered. Global ids by name."""

    def make(session: Session) -> dict[str, int]:
        vn = factories.call(session, "VN")
        company = factories.host_company(session)
        made: dict[str, int] = {"company": company.id or 0}
        for name, versions in plans.items():
            intern = factories.candidate(
                session, vn, "training_completed", full_name=f"Intern {name}", **TRAINED
            )
            for version, (status, hours) in enumerate(versions, start=1):
                stage_one_plan(
                    session,
                    intern.id or 0,
                    company.id or 0,
                    planned_hours=hours,
                    status=status,
                    version=version,
                )
            factories.entry(session, intern, entered_on=date(2026, 8, 1))
            made[name] = intern.id or 0
        made["registered"] = factories.candidate(session, vn, "registered").id or 0
        return made

    found = factories.build(settings, make)
    return {
        name: global_id("HostCompany" if name == "company" else "Candidate", key)
        for name, key in found.items()
    }


@pytest.mark.database
def test_hours_required_by_each_share_hand_computed(api: TestClient, db_settings: Settings) -> None:
    people = world(
        db_settings,
        {
            "plain": [("certified", 1900)],
            "pre_entry": [("certified", 1900)],
            "few_hours": [("certified", 1900)],
            "short": [("certified", 1900)],
            "too_early": [("certified", 1900)],
            "window_edge": [("certified", 1900)],
            "changed": [("certified", 1900), ("applied", 2000)],
            "applied": [("applied", 1000)],
            "drafted": [("drafted", 1900)],
        },
    )
    august = course(api)  # starts 2026-08-03: the window opens on 2026-02-03
    month = {"preEntryHours": 160, "preEntryFrom": "2026-03-01", "preEntryTo": "2026-03-31"}

    plain = enrol(api, august, people["plain"])
    # 1900 / 6 = 316.67 -> 317
    assert (plain["share"], plain["requiredHours"], plain["plannedStageHours"]) == (
        "1/6",
        317,
        1900,
    )
    assert plain["reducedByPreEntry"] is False and plain["preEntryShortfalls"] == []

    reduced = enrol(api, august, people["pre_entry"], **month)
    # 160 h over 1 to 31 March (a month, both days counted), ended after 2026-02-03:
    # 1900 / 12 = 158.33 -> 159
    assert (reduced["share"], reduced["requiredHours"], reduced["reducedByPreEntry"]) == (
        "1/12",
        159,
        True,
    )

    few = enrol(api, august, people["few_hours"], **{**month, "preEntryHours": 159})
    assert (few["share"], few["requiredHours"]) == ("1/6", 317)
    assert few["preEntryShortfalls"] == ["the pre-entry lectures came to 159 hours, fewer than 160"]
    short = enrol(api, august, people["short"], **{**month, "preEntryTo": "2026-03-30"})
    assert short["share"] == "1/6"
    assert short["preEntryShortfalls"] == [
        "the pre-entry lectures ran from 2026-03-01 to 2026-03-30, less than 1 month(s)"
    ]
    early = {"preEntryHours": 200, "preEntryFrom": "2026-01-01", "preEntryTo": "2026-02-02"}
    too_early = enrol(api, august, people["too_early"], **early)
    assert too_early["share"] == "1/6"
    assert too_early["preEntryShortfalls"] == [
        "the pre-entry lectures ended on 2026-02-02, not within 6 months before the course "
        "starts (2026-08-03)"
    ]
    edge = enrol(api, august, people["window_edge"], **{**early, "preEntryTo": "2026-02-03"})
    assert (edge["share"], edge["requiredHours"]) == ("1/12", 159)

    # A certified plan counts before a later version only applied for; an applied one
    # counts when none is certified (1000 / 6 = 166.67 -> 167); a draft does not.
    assert enrol(api, august, people["changed"])["plannedStageHours"] == 1900
    applied = enrol(api, august, people["applied"])
    assert (applied["plannedStageHours"], applied["requiredHours"]) == (1000, 167)
    drafted = enrol(api, august, people["drafted"])
    assert drafted["requiredHours"] is None and drafted["complete"] is False
    assert drafted["missing"][0] == (
        "no stage (i) training plan is certified or applied for: the hours required "
        "cannot be computed"
    )


@pytest.mark.database
def test_legal_protection_counts_only_when_an_outside_expert_taught_it(
    api: TestClient, db_settings: Settings
) -> None:
    people = world(db_settings, {"intern": [("certified", 120)]})
    progress = enrol(api, course(api), people["intern"])
    enrolment = progress["enrolment"]["id"]
    # 120 / 6 = 20 hours; nothing attended yet.
    assert progress["requiredHours"] == 20
    assert progress["missing"] == [
        "0 of the 20 hours required (1/6 of the 120 planned stage (i) hours) were attended",
        "legal protection needs 8 hours taught by an outside expert: 0 recorded",
        "no hours of Japanese",
        "no hours of daily life",
        "no hours of knowledge that helps the training",
    ]
    for subject, hours, expert in (
        ("LEGAL_PROTECTION", 4, False),
        ("LEGAL_PROTECTION", 4, True),
        ("DAILY_LIFE", 1, False),
        ("TRAINING_KNOWLEDGE", 1, False),
        ("JAPANESE", 8, False),
        ("JAPANESE", 2, False),
    ):
        assert attend(api, enrolment, subject, hours, expert=expert)["errors"] == []
    query = f"query($id: ID!) {{ candidate(id: $id) {{ lectures {{ {PROGRESS_FIELDS} }} }} }}"
    lectures = gql(api, query, {"id": people["intern"]})["candidate"]["lectures"]
    # Counted: legal 4 (by the expert) + 1 + 1 + 10 = 16; the 4 legal hours by staff do not count.
    assert (lectures["totalHours"], lectures["legalHours"], lectures["legalHoursNotCounted"]) == (
        16,
        4,
        4,
    )
    assert {
        item["subject"]: (item["hours"], item["notCountedHours"]) for item in lectures["subjects"]
    } == {
        "JAPANESE": (10, 0),
        "DAILY_LIFE": (1, 0),
        "LEGAL_PROTECTION": (4, 4),
        "TRAINING_KNOWLEDGE": (1, 0),
    }
    assert lectures["missing"] == [
        "16 of the 20 hours required (1/6 of the 120 planned stage (i) hours) were attended",
        "legal protection needs 8 hours taught by an outside expert: 4 recorded (4 more hours "
        "were not taught by an outside expert and do not count)",
    ]
    assert lectures["complete"] is False
    assert (
        attend(api, enrolment, "LEGAL_PROTECTION", 4, expert=True, day="2026-08-05")["errors"] == []
    )
    lectures = gql(api, query, {"id": people["intern"]})["candidate"]["lectures"]
    assert (lectures["totalHours"], lectures["legalHours"], lectures["complete"]) == (20, 8, True)
    assert lectures["missing"] == [] and lectures["completedOn"] is None

    done = ok(
        api, "completeLectures", PROGRESS, {"enrolmentId": enrolment, "completedOn": "2026-09-02"}
    )["progress"]
    assert (done["complete"], done["completedOn"]) == (True, "2026-09-02")


def refused(
    api: TestClient, settings: Settings, name: str, selection: str, data: dict[str, Any]
) -> dict[str, Any]:
    before = snapshot(settings)
    errors = run(api, name, selection, data)["errors"]
    assert len(errors) == 1, errors
    assert snapshot(settings) == before
    return dict(errors[0])


@pytest.mark.database
def test_refusals_name_the_field_and_write_nothing(api: TestClient, db_settings: Settings) -> None:
    people = world(db_settings, {"intern": [("certified", 120)], "other": [("certified", 120)]})
    in_training = factories.build(
        db_settings,
        lambda session: (
            factories.candidate(session, factories.call(session, "ID"), "in_training").id
        ),
    )
    august = course(api)
    enrolment = enrol(api, august, people["intern"])["enrolment"]["id"]
    waiting = enrol(api, august, global_id("Candidate", in_training))["enrolment"]["id"]
    attendance = "attendance { id }"
    good = {
        "enrolmentId": enrolment,
        "subject": "JAPANESE",
        "hours": 8,
        "heldOn": "2026-08-04",
        "taughtBy": "IM Japan lecturer",
    }
    cases: list[tuple[str, str, dict[str, Any], str, str, str]] = [
        (
            "createLectureCourse",
            "course { id }",
            {**COURSE, "endsOn": "2026-08-02"},
            "endsOn",
            "INVALID",
            "endsOn is before startsOn",
        ),
        (
            "enrolInLectures",
            PROGRESS,
            {"courseId": global_id("LectureCourse", 999), "candidateId": people["other"]},
            "courseId",
            "NOT_FOUND",
            "no lecture course with id 999",
        ),
        (
            "enrolInLectures",
            PROGRESS,
            {"courseId": august, "candidateId": people["registered"]},
            "candidateId",
            "NOT_ALLOWED_STATE",
            "only an intern in pre-entry training or who completed it, not yet dispatched, "
            "can be enrolled in post-entry lectures; the candidate is registered",
        ),
        (
            "enrolInLectures",
            PROGRESS,
            {"courseId": august, "candidateId": people["intern"]},
            "candidateId",
            "DUPLICATE",
            "the intern is already enrolled in the course 'August 2026'",
        ),
        (
            "enrolInLectures",
            PROGRESS,
            {"courseId": august, "candidateId": people["other"], "preEntryHours": 160},
            "preEntryFrom",
            "INVALID",
            "preEntryHours, preEntryFrom and preEntryTo go together: give all or none",
        ),
        (
            "enrolInLectures",
            PROGRESS,
            {
                "courseId": august,
                "candidateId": people["other"],
                "preEntryHours": 160,
                "preEntryFrom": "2026-07-01",
                "preEntryTo": "2026-08-03",
            },
            "preEntryTo",
            "INVALID",
            "the pre-entry lectures must end before the course starts (2026-08-03)",
        ),
        (
            "recordLectureAttendance",
            attendance,
            {**good, "heldOn": "2026-09-03"},
            "heldOn",
            "INVALID",
            "the course runs from 2026-08-03 to 2026-09-02",
        ),
        (
            "recordLectureAttendance",
            attendance,
            {**good, "hours": 25},
            "hours",
            "INVALID",
            "",
        ),
        (
            "recordLectureAttendance",
            attendance,
            {**good, "enrolmentId": waiting},
            "enrolmentId",
            "NOT_ALLOWED_STATE",
            "lectures are attended after the pre-entry training is completed and before "
            "dispatch; the candidate is in_training",
        ),
        (
            "completeLectures",
            PROGRESS,
            {"enrolmentId": enrolment, "completedOn": "2026-09-02"},
            "enrolmentId",
            "NOT_ALLOWED_STATE",
            "the post-entry lectures are not complete: 0 of the 20 hours required (1/6 of "
            "the 120 planned stage (i) hours) were attended; legal protection needs 8 hours "
            "taught by an outside expert: 0 recorded; no hours of Japanese; no hours of daily "
            "life; no hours of knowledge that helps the training",
        ),
    ]
    for name, selection, data, field, code, message in cases:
        error = refused(api, db_settings, name, selection, data)
        assert (error["field"], error["code"]) == (field, code), (name, data, error)
        if message:
            assert error["message"] == message, (name, error)

    # Complete, then: completion before the last day attended is refused, and a
    # completed enrolment takes no more attendance.
    for subject, hours, expert in (
        ("LEGAL_PROTECTION", 8, True),
        ("DAILY_LIFE", 1, False),
        ("TRAINING_KNOWLEDGE", 1, False),
        ("JAPANESE", 10, False),
    ):
        assert (
            attend(api, enrolment, subject, hours, expert=expert, day="2026-08-20")["errors"] == []
        )
    error = refused(
        api,
        db_settings,
        "completeLectures",
        PROGRESS,
        {"enrolmentId": enrolment, "completedOn": "2026-08-19"},
    )
    assert (error["field"], error["code"]) == ("completedOn", "INVALID")
    ok(api, "completeLectures", PROGRESS, {"enrolmentId": enrolment, "completedOn": "2026-08-20"})
    error = refused(api, db_settings, "recordLectureAttendance", attendance, good)
    assert (error["field"], error["code"], error["message"]) == (
        "enrolmentId",
        "NOT_ALLOWED_STATE",
        "the lectures were completed on 2026-08-20",
    )


DISPATCH = "candidate { status }"


@pytest.mark.database
def test_dispatch_is_refused_until_the_lectures_are_complete(
    api: TestClient, db_settings: Settings
) -> None:
    people = world(db_settings, {"intern": [("certified", 120)]})
    intern, company = people["intern"], people["company"]
    dispatch = {"candidateId": intern, "hostCompanyId": company, "entryDate": "2026-08-01"}

    error = refused(api, db_settings, "dispatchCandidate", DISPATCH, dispatch)
    assert (error["field"], error["code"], error["message"]) == (
        "candidateId",
        "NOT_ALLOWED_STATE",
        "the intern has no post-entry lectures: enrol them in a course (enrolInLectures) and "
        "complete it before dispatch",
    )
    enrolment = enrol(api, course(api), intern)["enrolment"]["id"]
    for subject, hours, expert in (
        ("LEGAL_PROTECTION", 8, False),
        ("DAILY_LIFE", 1, False),
        ("TRAINING_KNOWLEDGE", 1, False),
        ("JAPANESE", 10, False),
    ):
        assert attend(api, enrolment, subject, hours, expert=expert)["errors"] == []
    error = refused(api, db_settings, "dispatchCandidate", DISPATCH, dispatch)
    assert error["message"] == (
        "the post-entry lectures are not complete: 12 of the 20 hours required (1/6 of the "
        "120 planned stage (i) hours) were attended; legal protection needs 8 hours taught by "
        "an outside expert: 0 recorded (8 more hours were not taught by an outside expert and "
        "do not count)"
    )
    assert attend(api, enrolment, "LEGAL_PROTECTION", 8, expert=True)["errors"] == []
    error = refused(api, db_settings, "dispatchCandidate", DISPATCH, dispatch)
    assert error["message"] == (
        "the post-entry lectures have the hours required but are not marked complete "
        "(completeLectures)"
    )
    steps = "query($id: ID!) { candidate(id: $id) { nextSteps { step allowed reason } } }"

    def dispatch_step() -> dict[str, Any]:
        found = gql(api, steps, {"id": intern})["candidate"]["nextSteps"]
        return next(step for step in found if step["step"] == "DISPATCH")

    assert dispatch_step() == {"step": "DISPATCH", "allowed": False, "reason": error["message"]}
    ok(api, "completeLectures", PROGRESS, {"enrolmentId": enrolment, "completedOn": "2026-08-31"})
    assert dispatch_step() == {"step": "DISPATCH", "allowed": True, "reason": None}
    dispatched = ok(api, "dispatchCandidate", DISPATCH, dispatch)
    assert dispatched["candidate"]["status"] == "IN_JAPAN_I"
    # Dispatched: the lectures are closed.
    error = run(
        api,
        "enrolInLectures",
        PROGRESS,
        {"courseId": course(api, name="Later"), "candidateId": intern},
    )["errors"][0]
    assert error["code"] == "NOT_ALLOWED_STATE"


@pytest.mark.database
def test_the_http_helper_and_the_factory_agree(api: TestClient, db_settings: Settings) -> None:
    people = world(db_settings, {"a": [("certified", 1900)], "b": [("certified", 1900)]})
    done = complete_lectures(
        api,
        people["a"],
        starts_on="2026-08-03",
        ends_on="2026-09-02",
        pre_entry={"preEntryHours": 160, "preEntryFrom": "2026-03-01", "preEntryTo": "2026-03-31"},
    )
    assert (done["requiredHours"], done["totalHours"], done["legalHours"]) == (159, 159, 8)

    def factory(session: Session) -> None:
        intern = key_of(people["b"], "Candidate")
        completed_lectures(session, intern, starts_on=date(2026, 8, 3), required_hours=317)

    factories.build(db_settings, factory)
    query = (
        "query($id: ID!) { candidate(id: $id) { lectures { complete completedOn totalHours } } }"
    )
    assert gql(api, query, {"id": people["b"]})["candidate"]["lectures"] == {
        "complete": True,
        "completedOn": "2026-09-02",
        "totalHours": 317,
    }


@pytest.mark.database
def test_courses_and_their_enrolments_are_listed(api: TestClient, db_settings: Settings) -> None:
    people = world(db_settings, {"a": [("certified", 120)], "b": [("certified", 120)]})
    july = course(api, name="July", startsOn="2026-07-21", endsOn="2026-08-20")
    august = course(api)
    enrol(api, august, people["a"])
    enrol(api, august, people["b"])
    listed = gql(
        api,
        "{ lectureCourses(first: 5) { totalCount edges { node { id name centre startsOn "
        "enrolments(first: 1) { totalCount edges { node { candidateName candidateId "
        "progress { requiredHours } course { name } } } pageInfo { hasNextPage } } } } } }",
    )["lectureCourses"]
    assert listed["totalCount"] == 2
    nodes = [edge["node"] for edge in listed["edges"]]
    assert [node["id"] for node in nodes] == [august, july]  # the latest start first
    assert nodes[0]["enrolments"]["totalCount"] == 2
    assert nodes[0]["enrolments"]["pageInfo"]["hasNextPage"] is True
    assert nodes[0]["enrolments"]["edges"][0]["node"] == {
        "candidateName": "Intern a",
        "candidateId": people["a"],
        "progress": {"requiredHours": 20},
        "course": {"name": "August 2026"},
    }
    one = gql(api, "query($id: ID!) { lectureCourse(id: $id) { name centre } }", {"id": july})
    assert one["lectureCourse"] == {"name": "July", "centre": "IM Japan training centre"}
