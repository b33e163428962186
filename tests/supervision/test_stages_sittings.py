"""Skills test sittings over HTTP: every attempt kept, the parts each grade has (a rule
read for the day sat), the stage the sitting falls in, and the lists that show them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import RuleValue
from core.services.dates import latest_today
from core.settings import Settings
from tests import factories
from tests.client import global_id, gql
from tests.lifecycle.helpers import snapshot
from tests.supervision.stage_helpers import record, recorded

pytestmark = pytest.mark.database


def build_intern(settings: Settings, country: str = "VN") -> str:
    """An intern in stage (ii) (stage (i) from 2023-04-01, (ii) from 2024-04-01); its id."""

    def make(session: Session) -> int:
        company = factories.host_company(session, f"Sitting {country} KK")
        person = factories.candidate(
            session,
            factories.call(session, country),
            "in_japan_ii",
            host_company_id=company.id,
            entered_japan_on=date(2023, 4, 1),
        )
        factories.stage(session, person, "i", started_on=date(2023, 4, 1))
        factories.stage(session, person, "ii", started_on=date(2024, 4, 1))
        return person.id or 0

    return global_id("Candidate", factories.build(settings, make))


def sitting(candidate: str, **values: Any) -> dict[str, Any]:
    return {
        "candidateId": candidate,
        "stage": "I",
        "grade": "BASIC",
        "part": "WRITTEN",
        "satOn": "2023-12-01",
        "passed": True,
        **values,
    }


def refused(api: TestClient, settings: Settings, data: dict[str, Any]) -> tuple[str, str, str]:
    before = snapshot(settings)
    errors = record(api, "recordSkillsTestSitting", data)["errors"]
    assert snapshot(settings) == before
    assert len(errors) == 1, errors
    return errors[0]["field"], errors[0]["code"], errors[0]["message"]


SITTINGS = """query($id: ID!) { candidate(id: $id) {
  skillsTestSittings { stage grade part satOn passed score } } }"""


def test_every_sitting_is_kept_failed_or_passed(api: TestClient, db_settings: Settings) -> None:
    intern = build_intern(db_settings)
    failed = recorded(api, "recordSkillsTestSitting", sitting(intern, passed=False, score=40))[
        "sitting"
    ]
    assert (failed["grade"], failed["part"], failed["passed"]) == ("BASIC", "WRITTEN", False)
    # Recorded after the intern moved on to (ii): the stage it was sat in still takes it.
    recorded(api, "recordSkillsTestSitting", sitting(intern, satOn="2024-01-15", score=75))
    recorded(
        api,
        "recordSkillsTestSitting",
        sitting(intern, stage="II", grade="GRADE_3", part="PRACTICAL", satOn="2025-06-01"),
    )
    shown = gql(api, SITTINGS, {"id": intern})["candidate"]["skillsTestSittings"]
    assert [(s["stage"], s["grade"], s["satOn"], s["passed"], s["score"]) for s in shown] == [
        ("I", "BASIC", "2023-12-01", False, 40),
        ("I", "BASIC", "2024-01-15", True, 75),
        ("II", "GRADE_3", "2025-06-01", True, None),
    ]


def test_grades_3_and_2_have_no_written_part(api: TestClient, db_settings: Settings) -> None:
    intern = build_intern(db_settings)
    for grade in ("GRADE_3", "GRADE_2"):
        field, code, message = refused(
            api, db_settings, sitting(intern, stage="II", grade=grade, satOn="2025-06-01")
        )
        assert (field, code) == ("part", "INVALID")
        assert f"the {grade.lower()} test has no written part: it has practical" in message
        assert "(rule titp.skills_test.parts)" in message


def test_the_parts_are_the_rule_in_force_on_the_day_sat(
    api: TestClient, db_settings: Settings
) -> None:
    """A newer version of the rule (say, a written part for grade 3 from 2025) decides the
    sittings from its day on, and only those."""
    intern = build_intern(db_settings)

    def newer(session: Session) -> None:
        session.add(
            RuleValue(
                key="titp.skills_test.parts",
                value={"basic": ["written", "practical"], "grade_3": ["written", "practical"]},
                description="test version",
                valid_from=date(2025, 1, 1),
                tag="secondary",
            )
        )

    factories.build(db_settings, newer)
    grade_3_written = sitting(intern, stage="II", grade="GRADE_3", satOn="2025-02-01")
    recorded(api, "recordSkillsTestSitting", grade_3_written)
    field, _code, _message = refused(api, db_settings, {**grade_3_written, "satOn": "2024-12-01"})
    assert field == "part"


@pytest.mark.parametrize(
    ("values", "field", "code", "says"),
    [
        ({"stage": "III"}, "stage", "INVALID", "the intern has not begun stage (iii)"),
        (
            {"satOn": "2024-05-01"},
            "satOn",
            "INVALID",
            "a sitting of stage (i) falls within it: from 2023-04-01 to 2024-04-01",
        ),
        (
            {"satOn": "2023-03-31"},
            "satOn",
            "INVALID",
            "from 2023-04-01 to 2024-04-01",
        ),
        (
            {"stage": "II", "grade": "GRADE_3", "part": "PRACTICAL", "satOn": "2024-03-01"},
            "satOn",
            "INVALID",
            "a sitting of stage (ii) falls on or after its start (2024-04-01)",
        ),
        ({"part": None}, "part", "REQUIRED", ""),
        ({"passed": None}, "passed", "REQUIRED", ""),
        ({"score": 1001}, "score", "INVALID", ""),
        ({"satOn": "FUTURE"}, "satOn", "INVALID", "is in the future"),
    ],
)
def test_a_sitting_outside_its_stage_or_incomplete_is_refused(
    api: TestClient,
    db_settings: Settings,
    values: dict[str, Any],
    field: str,
    code: str,
    says: str,
) -> None:
    intern = build_intern(db_settings)
    if values.get("satOn") == "FUTURE":
        values = {"satOn": (latest_today() + timedelta(days=1)).isoformat()}
    data = {k: v for k, v in sitting(intern, **values).items() if v is not None}
    found = refused(api, db_settings, data)
    assert found[:2] == (field, code)
    assert says in found[2]


def test_the_same_sitting_twice_is_a_duplicate(api: TestClient, db_settings: Settings) -> None:
    intern = build_intern(db_settings)
    recorded(api, "recordSkillsTestSitting", sitting(intern, passed=False))
    field, code, message = refused(api, db_settings, sitting(intern))
    assert (field, code) == ("satOn", "DUPLICATE")
    assert "a sitting of the basic written test on 2023-12-01 is recorded already" in message


def test_an_unknown_candidate_is_not_found(api: TestClient, db_settings: Settings) -> None:
    build_intern(db_settings)
    field, code, _message = refused(api, db_settings, sitting(global_id("Candidate", 999)))
    assert (field, code) == ("candidateId", "NOT_FOUND")


LIST = """query($candidate: ID, $grade: TestGrade, $passed: Boolean, $first: Int!, $after: String) {
  skillsTestSittings(candidateId: $candidate, grade: $grade, passed: $passed, first: $first,
                     after: $after) {
    totalCount edges { node { candidateId grade part satOn passed } }
    pageInfo { hasNextPage endCursor } } }"""


def test_the_list_filters_and_pages(api: TestClient, db_settings: Settings) -> None:
    first, second = build_intern(db_settings), build_intern(db_settings, "ID")
    recorded(api, "recordSkillsTestSitting", sitting(first, passed=False))
    recorded(api, "recordSkillsTestSitting", sitting(first, satOn="2024-01-15"))
    recorded(api, "recordSkillsTestSitting", sitting(first, part="PRACTICAL"))
    recorded(
        api,
        "recordSkillsTestSitting",
        sitting(second, stage="II", grade="GRADE_3", part="PRACTICAL", satOn="2025-01-10"),
    )

    def listed(**variables: Any) -> dict[str, Any]:
        found: dict[str, Any] = gql(api, LIST, {"first": 20, **variables})["skillsTestSittings"]
        return found

    assert listed()["totalCount"] == 4
    mine = listed(candidate=first)
    assert [(n["node"]["satOn"], n["node"]["part"]) for n in mine["edges"]] == [
        ("2023-12-01", "WRITTEN"),
        ("2023-12-01", "PRACTICAL"),
        ("2024-01-15", "WRITTEN"),
    ]
    assert {n["node"]["candidateId"] for n in mine["edges"]} == {first}
    assert [n["node"]["grade"] for n in listed(grade="GRADE_3")["edges"]] == ["GRADE_3"]
    failed = listed(passed=False)["edges"]
    assert [(n["node"]["candidateId"], n["node"]["satOn"]) for n in failed] == [
        (first, "2023-12-01")
    ]
    page = listed(first=2)
    assert page["pageInfo"]["hasNextPage"] is True
    rest = listed(first=2, after=page["pageInfo"]["endCursor"])
    assert len(rest["edges"]) == 2 and rest["pageInfo"]["hasNextPage"] is False
