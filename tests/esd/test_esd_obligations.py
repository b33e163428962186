"""The year-one obligations and the A2 course of ESD workers (reference section 3):
due days from the work start and the plan's end, sitting (not passing) what counts,
overdue on the day asked, the rules read for the work start, paging and statement
counts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import EsdPlan, RuleValue
from core.services import clock
from core.settings import Settings
from tests import factories
from tests.client import global_id, gql, post
from tests.esd.language_helpers import esd_sitting, esd_worker, language_result
from tests.sql import recorded_statements

pytestmark = pytest.mark.database

QUERY = """query($on: Date, $overdue: Boolean, $first: Int!, $after: String) {
  esdObligations(on: $on, overdueOnly: $overdue, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { candidateId obligation dueOn metOn overdue } } } }"""


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with clock.frozen_at(date(2028, 9, 1)):
        yield


def rows(api: TestClient, **variables: Any) -> list[tuple[str, str, str | None, str | None, bool]]:
    found = gql(api, QUERY, {"first": 100, **variables})["esdObligations"]
    return [
        (
            edge["node"]["candidateId"],
            edge["node"]["obligation"],
            edge["node"]["dueOn"],
            edge["node"]["metOn"],
            edge["node"]["overdue"],
        )
        for edge in found["edges"]
    ]


def test_due_days_count_from_the_work_start_and_the_plans_end(
    api: TestClient, db_settings: Settings
) -> None:
    """Work from 2027-06-01: both tests due 12 months later, 2028-06-01; the course by the
    plan's end, 2030-06-01. Nothing recorded: on 2028-06-02 the tests are overdue, on
    2028-06-01 not yet."""
    worker = factories.build(db_settings, lambda session: esd_worker(session))
    me = global_id("Candidate", worker["candidate"])
    assert rows(api, on="2028-06-02") == [
        (me, "SIT_JAPANESE_TEST", "2028-06-01", None, True),
        (me, "SIT_BASIC_SKILLS_TEST", "2028-06-01", None, True),
        (me, "A2_COURSE", "2030-06-01", None, False),
    ]
    assert [row[4] for row in rows(api, on="2028-06-01")] == [False, False, False]
    assert rows(api, on="2028-06-02", overdue=True) == rows(api, on="2028-06-02")[:2]


def test_sitting_counts_not_passing(api: TestClient, db_settings: Settings) -> None:
    """A failed N5 (A1) test and a failed basic-grade sitting meet the year-one
    obligations; a test sat before the work start and an N5 test (A1) do not meet the A2
    course, a finished A2 course does (its end day)."""

    def world(session: Session) -> int:
        found = esd_worker(session)
        key = found["candidate"]
        language_result(session, key, taken_on=date(2027, 3, 1))  # before work: the entry test
        language_result(session, key, taken_on=date(2027, 11, 20), passed=False)
        esd_sitting(session, key, "basic", sat_on=date(2028, 2, 1), passed=False)
        esd_sitting(session, key, "grade_3", sat_on=date(2027, 12, 1))
        language_result(
            session,
            key,
            kind="course",
            test=None,
            level=None,
            cefr=None,
            passed=None,
            course_hours=120,
            course_provider="Nihongo Centre",
            course_target="A2",
            taken_on=date(2028, 5, 31),
        )
        return key

    me = global_id("Candidate", factories.build(db_settings, world))
    assert rows(api, on="2028-09-01") == [
        (me, "SIT_JAPANESE_TEST", "2028-06-01", "2027-11-20", False),
        (me, "SIT_BASIC_SKILLS_TEST", "2028-06-01", "2028-02-01", False),
        (me, "A2_COURSE", "2030-06-01", "2028-05-31", False),
    ]
    # Looking back to a day before the records, they do not count yet.
    assert rows(api, on="2027-11-19") == [
        (me, "SIT_JAPANESE_TEST", "2028-06-01", None, False),
        (me, "SIT_BASIC_SKILLS_TEST", "2028-06-01", None, False),
        (me, "A2_COURSE", "2030-06-01", None, False),
    ]


def test_a_passed_a2_test_exempts_from_the_course_and_unknown_levels_do_not_count(
    api: TestClient, db_settings: Settings
) -> None:
    def world(session: Session) -> int:
        key = esd_worker(session)["candidate"]
        language_result(session, key, test="jft_basic", level="A2", cefr=None, passed=True)
        language_result(session, key, level="N4", cefr="A2", taken_on=date(2028, 1, 10))
        return key

    me = global_id("Candidate", factories.build(db_settings, world))
    assert rows(api) == [
        # The N4 (A2) test sat in year one is a test at A1 or above.
        (me, "SIT_JAPANESE_TEST", "2028-06-01", "2028-01-10", False),
        (me, "SIT_BASIC_SKILLS_TEST", "2028-06-01", None, True),
        (me, "A2_COURSE", "2030-06-01", "2028-01-10", False),
    ]


def test_unknown_work_start_or_plan_leaves_the_due_day_unknown(
    api: TestClient, db_settings: Settings
) -> None:
    def world(session: Session) -> int:
        return esd_worker(session, starts_on=None, plan=False)["candidate"]

    me = global_id("Candidate", factories.build(db_settings, world))
    assert rows(api) == [
        (me, "SIT_JAPANESE_TEST", None, None, False),
        (me, "SIT_BASIC_SKILLS_TEST", None, None, False),
        (me, "A2_COURSE", None, None, False),
    ]


def test_only_workers_in_esd_are_listed_and_an_extended_plan_moves_the_course(
    api: TestClient, db_settings: Settings
) -> None:
    def world(session: Session) -> dict[str, int]:
        moved = esd_worker(session, status="ssw_i")
        kept = esd_worker(session, starts_on=date(2027, 7, 15))
        plan = session.execute(
            select(EsdPlan).where(EsdPlan.candidate_id == kept["candidate"])  # type: ignore[arg-type]
        ).scalar_one()
        plan.extended_to = date(2031, 7, 15)
        return {"moved": moved["candidate"], "kept": kept["candidate"]}

    found = factories.build(db_settings, world)
    kept = global_id("Candidate", found["kept"])
    assert rows(api) == [
        (kept, "SIT_JAPANESE_TEST", "2028-07-15", None, True),
        (kept, "SIT_BASIC_SKILLS_TEST", "2028-07-15", None, True),
        (kept, "A2_COURSE", "2031-07-15", None, False),
    ]


def test_the_rules_are_read_for_the_work_start(api: TestClient, db_settings: Settings) -> None:
    """A new version of esd.year_one.months (18 from 2028-01-01) decides the workers who
    start from that day; one who started before keeps 12 months."""

    def world(session: Session) -> dict[str, int]:
        session.add(
            RuleValue(
                key="esd.year_one.months",
                value=18,
                description="test version",
                valid_from=date(2028, 1, 1),
                tag="secondary",
            )
        )
        before = esd_worker(session, starts_on=date(2027, 12, 31))
        after = esd_worker(session, starts_on=date(2028, 1, 1))
        return {"before": before["candidate"], "after": after["candidate"]}

    found = factories.build(db_settings, world)
    due = {(row[0], row[1]): row[2] for row in rows(api)}
    assert due[(global_id("Candidate", found["before"]), "SIT_JAPANESE_TEST")] == "2028-12-31"
    assert due[(global_id("Candidate", found["after"]), "SIT_JAPANESE_TEST")] == "2029-07-01"


def test_pages_follow_the_due_order_and_cost_the_same_statements(
    api: TestClient, db_settings: Settings
) -> None:
    def world(session: Session) -> list[int]:
        return [
            esd_worker(session, starts_on=date(2027, month, 1))["candidate"]
            for month in (9, 6, 7, 8, 5)
        ]

    factories.build(db_settings, world)
    everything = rows(api)
    assert [row[2] for row in everything] == sorted(row[2] for row in everything)
    engines = api.app.state.db.engines  # type: ignore[attr-defined]
    seen: list[tuple[str, ...]] = []
    counts = []
    after = None
    for size in (1, 4, 10):
        with recorded_statements(*engines) as statements:
            page = gql(api, QUERY, {"first": size, "after": after})["esdObligations"]
        counts.append(len(statements))
        seen.extend(e["node"]["candidateId"] + e["node"]["obligation"] for e in page["edges"])
        after = page["pageInfo"]["endCursor"]
        assert page["totalCount"] == 15
    # 2 for every signed-in request (rate counter, session) + the workers with their
    # work start, the plans, the language results, the sittings, the rules.
    assert counts == [7, 7, 7]
    assert seen == [row[0] + row[1] for row in everything]
    foreign = post(api, QUERY, {"first": 1, "after": "bm90IGEgY3Vyc29y"})
    assert foreign["errors"][0]["extensions"]["code"] == "INVALID"


LISTS = {
    "languageResults": (
        "{ languageResults(first: $first) { totalCount edges { node { id cefr } } } }"
    ),
    "esdSkillsSittings": (
        "{ esdSkillsSittings(first: $first) { totalCount edges { node { id grade } } } }"
    ),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_the_record_lists_cost_the_same_statements_for_any_page(
    api: TestClient, db_settings: Settings, name: str
) -> None:
    def world(session: Session) -> None:
        for month in range(1, 13):
            key = esd_worker(session, starts_on=date(2027, month, 1))["candidate"]
            language_result(session, key)
            esd_sitting(session, key)

    factories.build(db_settings, world)
    engines = api.app.state.db.engines  # type: ignore[attr-defined]
    query = "query($first: Int!) " + LISTS[name]
    counts = []
    for size in (1, 10):
        with recorded_statements(*engines) as statements:
            found = gql(api, query, {"first": size})[name]
        assert (len(found["edges"]), found["totalCount"]) == (size, 12)
        counts.append(len(statements))
    assert counts == [4, 4]  # 2 + page + count
