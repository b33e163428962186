"""ESD skills sittings and the move to Specified Skilled Worker (i) over HTTP: every
sitting kept, only for people under ESD; the move needs a passed grade 3 (or SSW (i))
sitting and a passed A2 test by the day, each missing one refused on its own field with
nothing written; on success the change keeps its passes, the status is ssw_i with its
history, and the employment ends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import Employment, StatusChange
from core.services import clock
from core.settings import Settings
from tests import factories
from tests.client import global_id, gql
from tests.esd.language_helpers import (
    esd_sitting,
    esd_worker,
    language_result,
    record,
    recorded,
)
from tests.lifecycle.helpers import snapshot
from tests.sql import run_sql

pytestmark = pytest.mark.database


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with clock.frozen_at(date(2030, 7, 1)):
        yield


def sitting(candidate: str, **values: Any) -> dict[str, Any]:
    return {
        "candidateId": candidate,
        "grade": "BASIC",
        "satOn": "2028-02-01",
        "passed": False,
        "score": 40,
        **values,
    }


def test_every_sitting_is_kept_failed_or_passed(api: TestClient, db_settings: Settings) -> None:
    found = factories.build(db_settings, lambda session: esd_worker(session))
    me = global_id("Candidate", found["candidate"])
    first = recorded(api, "recordEsdSkillsSitting", sitting(me))["sitting"]
    assert (first["grade"], first["passed"], first["score"]) == ("BASIC", False, 40)
    recorded(api, "recordEsdSkillsSitting", sitting(me, satOn="2028-05-01", passed=True))
    recorded(api, "recordEsdSkillsSitting", sitting(me, grade="GRADE_3", satOn="2030-03-01"))
    listed = gql(
        api,
        """query($id: ID) { esdSkillsSittings(candidateId: $id, first: 10) {
          totalCount edges { node { grade satOn passed } } } }""",
        {"id": me},
    )["esdSkillsSittings"]
    assert [tuple(e["node"].values()) for e in listed["edges"]] == [
        ("BASIC", "2028-02-01", False),
        ("BASIC", "2028-05-01", True),
        ("GRADE_3", "2030-03-01", False),
    ]
    node = gql(
        api,
        "query($id: ID!) { node(id: $id) { ... on EsdSkillsSitting { grade satOn } } }",
        {"id": first["id"]},
    )["node"]
    assert node == {"grade": "BASIC", "satOn": "2028-02-01"}


def titp_intern(session: Session) -> int:
    person = factories.candidate(session, factories.call(session, "VN"), "in_japan_i")
    person.programme = "titp"
    return person.id or 0


@pytest.mark.parametrize(
    ("who", "values", "field", "code", "says"),
    [
        ("titp", {}, "candidateId", "NOT_ALLOWED_STATE", "the candidate is not under ESD"),
        ("esd", {"satOn": "2028-02-01"}, "satOn", "DUPLICATE", "is recorded already"),
        ("esd", {"satOn": "2030-07-03"}, "satOn", "INVALID", "is in the future"),
        ("esd", {"grade": None}, "grade", "REQUIRED", ""),
        ("esd", {"score": -1}, "score", "INVALID", ""),
    ],
)
def test_sitting_refusals_write_nothing(
    api: TestClient,
    db_settings: Settings,
    who: str,
    values: dict[str, Any],
    field: str,
    code: str,
    says: str,
) -> None:
    def world(session: Session) -> int:
        if who == "titp":
            return titp_intern(session)
        key = esd_worker(session)["candidate"]
        esd_sitting(session, key, "basic", sat_on=date(2028, 2, 1))
        return key

    me = global_id("Candidate", factories.build(db_settings, world))
    data = {k: v for k, v in sitting(me, **values).items() if v is not None}
    before = snapshot(db_settings)
    errors = record(api, "recordEsdSkillsSitting", data)["errors"]
    assert snapshot(db_settings) == before
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)], errors
    assert says in errors[0]["message"]


SSW = """query($id: ID!) { sswChange(candidateId: $id) { candidateId changedOn
  skillsSitting { grade satOn passed } languageResult { test level cefr takenOn } } }"""


def ready(session: Session, **passes: bool) -> int:
    """A worker from 2027-06-01 with a failed basic-grade sitting and an N5 pass, and, as
    ``passes`` say, a passed grade 3 sitting (2030-03-01) and a passed N4 test
    (2030-02-01)."""
    key = esd_worker(session)["candidate"]
    esd_sitting(session, key, "basic", sat_on=date(2028, 2, 1), passed=False)
    language_result(session, key, taken_on=date(2027, 11, 1))
    if passes.get("skills", True):
        esd_sitting(session, key, "grade_3", sat_on=date(2030, 3, 1))
        esd_sitting(session, key, "grade_3", sat_on=date(2030, 1, 1), passed=False)
    if passes.get("japanese", True):
        language_result(session, key, level="N4", cefr="A2", taken_on=date(2030, 2, 1))
        language_result(session, key, level="N3", cefr=None, taken_on=date(2030, 2, 15))
    return key


def test_the_move_keeps_its_passes_and_ends_the_employment(
    api: TestClient, db_settings: Settings
) -> None:
    key = factories.build(db_settings, ready)
    me = global_id("Candidate", key)
    moved = recorded(
        api, "moveToSpecifiedSkilledWorker", {"candidateId": me, "changedOn": "2030-06-01"}
    )
    assert moved["candidate"] == {"id": me, "status": "SSW_I"}
    assert gql(api, SSW, {"id": me})["sswChange"] == {
        "candidateId": me,
        "changedOn": "2030-06-01",
        "skillsSitting": {"grade": "GRADE_3", "satOn": "2030-03-01", "passed": True},
        "languageResult": {"test": "jlpt", "level": "N4", "cefr": "A2", "takenOn": "2030-02-01"},
    }
    ended = run_sql(
        db_settings, f"SELECT ended_on FROM {Employment.__tablename__} WHERE candidate_id = {key}"
    )
    assert [str(row[0]) for row in ended] == ["2030-06-01"]
    history = run_sql(
        db_settings,
        f"SELECT from_status, to_status FROM {StatusChange.__tablename__} "
        f"WHERE candidate_id = {key}",
    )
    assert history == [("in_japan_esd", "ssw_i")]
    again = record(
        api, "moveToSpecifiedSkilledWorker", {"candidateId": me, "changedOn": "2030-06-02"}
    )
    assert [(e["field"], e["code"]) for e in again["errors"]] == [
        ("candidateId", "NOT_ALLOWED_STATE")
    ]


def test_an_ssw_i_skills_pass_stands_for_grade_3(api: TestClient, db_settings: Settings) -> None:
    def world(session: Session) -> int:
        key = ready(session, skills=False)
        esd_sitting(session, key, "ssw_i", sat_on=date(2030, 4, 1))
        return key

    me = global_id("Candidate", factories.build(db_settings, world))
    recorded(api, "moveToSpecifiedSkilledWorker", {"candidateId": me, "changedOn": "2030-06-01"})
    assert gql(api, SSW, {"id": me})["sswChange"]["skillsSitting"]["grade"] == "SSW_I"


@pytest.mark.parametrize(
    ("passes", "changed_on", "problems"),
    [
        ({"skills": False}, "2030-06-01", ["skillsTest"]),
        ({"japanese": False}, "2030-06-01", ["japaneseTest"]),
        ({"skills": False, "japanese": False}, "2030-06-01", ["skillsTest", "japaneseTest"]),
        # The passes must be on or before the day of the change.
        ({}, "2030-02-28", ["skillsTest"]),
        ({}, "2030-01-31", ["skillsTest", "japaneseTest"]),
        ({}, "2027-06-01", ["changedOn"]),
        ({}, "2030-07-03", ["changedOn"]),
    ],
)
def test_each_missing_pass_is_refused_on_its_own_field(
    api: TestClient,
    db_settings: Settings,
    passes: dict[str, bool],
    changed_on: str,
    problems: list[str],
) -> None:
    me = global_id("Candidate", factories.build(db_settings, lambda s: ready(s, **passes)))
    before = snapshot(db_settings)
    errors = record(
        api, "moveToSpecifiedSkilledWorker", {"candidateId": me, "changedOn": changed_on}
    )["errors"]
    assert snapshot(db_settings) == before
    assert [e["field"] for e in errors] == problems, errors
    for error in errors:
        if error["field"] == "skillsTest":
            assert "a passed grade_3 or ssw_i test" in error["message"]
            assert "rule esd.ssw.skills_grades" in error["message"]
            assert "lighthouse88.com" in error["message"]
            assert "exemption for good completion does not apply to ESD" in error["message"]
        if error["field"] == "japaneseTest":
            assert "at A2 or above" in error["message"]
            assert "rule esd.ssw.cefr" in error["message"]
            assert "does not apply to ESD" in error["message"]


def test_a_titp_intern_cannot_take_the_esd_route(api: TestClient, db_settings: Settings) -> None:
    me = global_id("Candidate", factories.build(db_settings, titp_intern))
    before = snapshot(db_settings)
    errors = record(
        api, "moveToSpecifiedSkilledWorker", {"candidateId": me, "changedOn": "2030-06-01"}
    )["errors"]
    assert snapshot(db_settings) == before
    assert [(e["field"], e["code"]) for e in errors] == [("candidateId", "NOT_ALLOWED_STATE")]
    assert "cannot move to ssw" in errors[0]["message"]


OBLIGATIONS = (
    """{ esdObligations(first: 10) { edges { node { obligation dueOn metOn overdue } } } }"""
)


def obligations(api: TestClient) -> list[tuple[str, str, str | None, bool]]:
    edges = gql(api, OBLIGATIONS)["esdObligations"]["edges"]
    return [
        (e["node"]["obligation"], e["node"]["dueOn"], e["node"]["metOn"], e["node"]["overdue"])
        for e in edges
    ]


def test_a_worker_from_year_one_to_ssw_over_http(api: TestClient, db_settings: Settings) -> None:
    """Work from 2027-06-01. On 2028-06-02 the year-one tests are overdue; failed sittings
    recorded later meet them (late); an A2 pass meets the course; with grade 3 passed the
    worker moves to SSW (i) and leaves the list."""
    me = global_id("Candidate", factories.build(db_settings, lambda s: esd_worker(s)["candidate"]))
    with clock.frozen_at(date(2028, 6, 2)):
        assert obligations(api) == [
            ("SIT_JAPANESE_TEST", "2028-06-01", None, True),
            ("SIT_BASIC_SKILLS_TEST", "2028-06-01", None, True),
            ("A2_COURSE", "2030-06-01", None, False),
        ]
    with clock.frozen_at(date(2028, 7, 1)):
        japanese = {"candidateId": me, "kind": "TEST", "test": "jlpt", "level": "N5"}
        recorded(
            api, "recordLanguageResult", {**japanese, "passed": False, "takenOn": "2028-06-20"}
        )
        recorded(api, "recordEsdSkillsSitting", sitting(me, satOn="2028-06-25"))
        assert obligations(api) == [
            ("SIT_JAPANESE_TEST", "2028-06-01", "2028-06-20", False),
            ("SIT_BASIC_SKILLS_TEST", "2028-06-01", "2028-06-25", False),
            ("A2_COURSE", "2030-06-01", None, False),
        ]
    with clock.frozen_at(date(2030, 5, 1)):
        recorded(
            api,
            "recordLanguageResult",
            {**japanese, "level": "N4", "passed": True, "takenOn": "2030-04-20"},
        )
        assert obligations(api)[2] == ("A2_COURSE", "2030-06-01", "2030-04-20", False)
        refused = record(
            api, "moveToSpecifiedSkilledWorker", {"candidateId": me, "changedOn": "2030-05-01"}
        )["errors"]
        assert [e["field"] for e in refused] == ["skillsTest"]
        recorded(
            api,
            "recordEsdSkillsSitting",
            sitting(me, grade="GRADE_3", satOn="2030-04-25", passed=True),
        )
        recorded(
            api, "moveToSpecifiedSkilledWorker", {"candidateId": me, "changedOn": "2030-05-01"}
        )
        assert obligations(api) == []


def test_the_refusal_reads_in_japanese(api: TestClient, db_settings: Settings) -> None:
    me = global_id("Candidate", factories.build(db_settings, lambda s: ready(s, skills=False)))
    errors = record(
        api,
        "moveToSpecifiedSkilledWorker",
        {"candidateId": me, "changedOn": "2030-06-01"},
        headers={"Accept-Language": "ja"},
    )["errors"]
    assert [e["field"] for e in errors] == ["skillsTest"]
    assert "技能実習の良好修了による試験免除は育成就労には適用されません" in errors[0]["message"]
    assert "3級または特定技能1号評価試験" in errors[0]["message"]
