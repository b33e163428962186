"""Japanese-language results over HTTP: a test's CEFR level from the test level table (or
unknown), a course with its hours, the table extended by an administrator, each kind's
fields, and the list of results."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from starlette.testclient import TestClient

from core.services import clock
from core.settings import Settings
from tests import factories
from tests.client import global_id, gql
from tests.esd.language_helpers import esd_worker, record, recorded
from tests.lifecycle.helpers import snapshot

pytestmark = pytest.mark.database

TODAY = date(2028, 3, 1)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with clock.frozen_at(TODAY):
        yield


def worker(settings: Settings) -> str:
    found = factories.build(settings, lambda session: esd_worker(session))
    return global_id("Candidate", found["candidate"])


def sat_test(candidate: str, **values: Any) -> dict[str, Any]:
    return {
        "candidateId": candidate,
        "kind": "TEST",
        "test": "jlpt",
        "level": "N5",
        "passed": True,
        "takenOn": "2027-09-01",
        **values,
    }


def course(candidate: str, **values: Any) -> dict[str, Any]:
    return {
        "candidateId": candidate,
        "kind": "COURSE",
        "courseHours": 100,
        "courseProvider": "Hanoi Japanese School",
        "courseTarget": "A1",
        "certifiedCourse": True,
        "takenOn": "2027-05-01",
        **values,
    }


LEVELS = "{ languageTestLevels { test level cefr sourceUrl tag } }"


def test_the_shipped_levels_are_jlpt_n5_and_n4_only(api: TestClient) -> None:
    levels = gql(api, LEVELS)["languageTestLevels"]
    assert [(row["test"], row["level"], row["cefr"], row["tag"]) for row in levels] == [
        ("jlpt", "N5", "A1", "SECONDARY"),
        ("jlpt", "N4", "A2", "SECONDARY"),
    ]
    assert "amazing-human.jp" in levels[0]["sourceUrl"]
    assert "lighthouse88.com" in levels[1]["sourceUrl"]


def test_a_test_takes_its_cefr_level_from_the_table(api: TestClient, db_settings: Settings) -> None:
    person = worker(db_settings)
    shown = recorded(api, "recordLanguageResult", sat_test(person, test=" JLPT ", level="n4"))
    result = shown["languageResult"]
    assert (result["test"], result["level"], result["cefr"], result["cefrKnown"]) == (
        "jlpt",
        "N4",
        "A2",
        True,
    )
    assert (result["kind"], result["passed"], result["courseHours"]) == ("TEST", True, None)


def test_an_unknown_test_is_kept_with_its_level_unknown_until_the_table_knows_it(
    api: TestClient, db_settings: Settings
) -> None:
    person = worker(db_settings)
    first = recorded(
        api, "recordLanguageResult", sat_test(person, test="jft_basic", level="A2", passed=False)
    )["languageResult"]
    assert (first["cefr"], first["cefrKnown"]) == (None, False)
    level = recorded(
        api,
        "recordLanguageTestLevel",
        {
            "test": "jft_basic",
            "level": "a2",
            "cefr": "A2",
            "sourceUrl": "https://example.org/jft",
            "tag": "SECONDARY",
        },
    )["level"]
    assert level == {
        "test": "jft_basic",
        "level": "A2",
        "cefr": "A2",
        "sourceUrl": "https://example.org/jft",
        "tag": "SECONDARY",
    }
    again = gql(
        api,
        "query($id: ID!) { node(id: $id) { ... on LanguageResult { cefr cefrKnown } } }",
        {"id": first["id"]},
    )["node"]
    assert again == {"cefr": "A2", "cefrKnown": True}
    later = recorded(api, "recordLanguageResult", sat_test(person, test="jft_basic", level="A2"))[
        "languageResult"
    ]
    assert later["cefr"] == "A2"
    tests = [(row["test"], row["level"]) for row in gql(api, LEVELS)["languageTestLevels"]]
    assert ("jft_basic", "A2") in tests


def test_a_level_is_recorded_once(api: TestClient, db_settings: Settings) -> None:
    before = snapshot(db_settings)
    errors = record(
        api,
        "recordLanguageTestLevel",
        {
            "test": "jlpt",
            "level": "N5",
            "cefr": "A2",
            "sourceUrl": "https://example.org",
            "tag": "PRIMARY",
        },
    )["errors"]
    assert snapshot(db_settings) == before
    assert [(e["field"], e["code"]) for e in errors] == [("level", "DUPLICATE")]
    assert "jlpt N5 is recorded already (as A1)" in errors[0]["message"]


def test_a_course_keeps_its_hours_and_provider(api: TestClient, db_settings: Settings) -> None:
    person = worker(db_settings)
    result = recorded(api, "recordLanguageResult", course(person))["languageResult"]
    assert result == {
        "id": result["id"],
        "candidateId": person,
        "kind": "COURSE",
        "test": None,
        "level": None,
        "passed": None,
        "cefr": None,
        "cefrKnown": False,
        "takenOn": "2027-05-01",
        "courseHours": 100,
        "courseProvider": "Hanoi Japanese School",
        "courseTarget": "A1",
        "certifiedCourse": True,
    }


@pytest.mark.parametrize(
    ("kind", "values", "problems"),
    [
        ("test", {"level": None}, [("level", "REQUIRED")]),
        ("test", {"test": None, "passed": None}, [("test", "REQUIRED"), ("passed", "REQUIRED")]),
        ("test", {"courseHours": 40}, [("courseHours", "INVALID")]),
        ("test", {"courseTarget": "A2"}, [("courseTarget", "INVALID")]),
        ("course", {"courseHours": None}, [("courseHours", "REQUIRED")]),
        ("course", {"courseProvider": None}, [("courseProvider", "REQUIRED")]),
        ("course", {"passed": True, "level": "N5"}, [("level", "INVALID"), ("passed", "INVALID")]),
        ("course", {"courseHours": 0}, [("courseHours", "INVALID")]),
        ("test", {"test": "JLPT!"}, [("test", "INVALID")]),
        ("test", {"takenOn": "2028-03-03"}, [("takenOn", "INVALID")]),
        ("test", {"candidateId": global_id("Candidate", 999)}, [("candidateId", "NOT_FOUND")]),
        ("test", {"kind": None}, [("kind", "REQUIRED")]),
    ],
)
def test_refusals_write_nothing(
    api: TestClient,
    db_settings: Settings,
    kind: str,
    values: dict[str, Any],
    problems: list[tuple[str, str]],
) -> None:
    person = worker(db_settings)
    data = sat_test(person, **values) if kind == "test" else course(person, **values)
    data = {key: value for key, value in data.items() if value is not None}
    before = snapshot(db_settings)
    errors = record(api, "recordLanguageResult", data)["errors"]
    assert snapshot(db_settings) == before
    assert sorted((e["field"], e["code"]) for e in errors) == sorted(problems), errors


def test_the_list_is_by_day_taken_and_filtered(api: TestClient, db_settings: Settings) -> None:
    person, other = worker(db_settings), worker(db_settings)
    recorded(api, "recordLanguageResult", sat_test(person, takenOn="2027-12-01", passed=False))
    recorded(api, "recordLanguageResult", course(person, takenOn="2027-05-01"))
    recorded(api, "recordLanguageResult", sat_test(other))
    query = """query($id: ID, $kind: LanguageResultKind, $first: Int!, $after: String) {
      languageResults(candidateId: $id, kind: $kind, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { kind takenOn passed } } } }"""
    page = gql(api, query, {"id": person, "first": 1})["languageResults"]
    assert page["totalCount"] == 2
    assert [e["node"]["takenOn"] for e in page["edges"]] == ["2027-05-01"]
    rest = gql(api, query, {"id": person, "first": 5, "after": page["pageInfo"]["endCursor"]})
    assert [e["node"] for e in rest["languageResults"]["edges"]] == [
        {"kind": "TEST", "takenOn": "2027-12-01", "passed": False}
    ]
    tests = gql(api, query, {"kind": "TEST", "first": 10})["languageResults"]
    assert tests["totalCount"] == 2


def test_the_kinds_fields_are_named_in_japanese(api: TestClient, db_settings: Settings) -> None:
    person = worker(db_settings)
    errors = record(
        api,
        "recordLanguageResult",
        course(person, passed=True, courseHours=None),
        headers={"Accept-Language": "ja"},
    )["errors"]
    assert sorted((e["field"], e["message"]) for e in errors) == [
        ("courseHours", "講習には必須です"),
        ("passed", "講習には指定できません"),
    ]
