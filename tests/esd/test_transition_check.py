"""transitionCheck over HTTP on SQLite and PostgreSQL: the programme a person is under
and the steps the transition rules leave open on a day, on both sides of 2027-04-01
and 2027-06-30, one outcome per rule of each step with the values compared; who sees
it (as who sees the candidate); its statements, fixed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.domain.esd_rules import IN_FORCE, STAGE_III_TRANSITION
from core.services import clock
from core.services.clock import frozen_at
from core.services.programme import NO_CHANGE_SOURCE
from core.settings import Settings
from tests import factories
from tests.accounts import signed_in
from tests.client import global_id, gql, post
from tests.sql import recorded_statements

pytestmark = pytest.mark.database

CHECK = """query($id: ID!, $on: Date) { transitionCheck(candidateId: $id, on: $on) {
  candidateId on programme openSteps
  outcomes { rule step passed compared message sourceUrl tag provisional } } }"""

STEPS = [
    "TITP_PLAN_APPLICATION",
    "TITP_PLAN_START",
    "TITP_ENTRY",
    "TITP_STAGE_II",
    "TITP_STAGE_III",
    "ESD_PLAN_APPLICATION",
]
TITP_STEPS = STEPS[:-1]


def world(session: Session) -> dict[str, int]:
    """A VN candidate under no programme; one under ESD; a TITP intern in stage (ii) since
    2026-04-01 at company A who entered 2025-04-01 under a plan from then; a TH intern
    under TITP at company B whose stage (ii) began 2026-05-01."""
    vn = factories.call(session, "VN")
    companies = [factories.host_company(session, f"Check {key}") for key in ("A", "B")]
    fresh = factories.candidate(session, vn, "training_completed")
    esd = factories.candidate(session, vn, "training_completed", programme="esd")
    intern = factories.candidate(
        session,
        vn,
        "in_japan_ii",
        programme="titp",
        host_company_id=companies[0].id,
        entered_japan_on=date(2025, 4, 1),
    )
    factories.training_plan(session, intern, companies[0], planned_start=date(2025, 4, 1))
    factories.stage(session, intern, "i", started_on=date(2025, 4, 1))
    factories.stage(session, intern, "ii", started_on=date(2026, 4, 1))
    th = factories.candidate(
        session,
        factories.call(session, "TH"),
        "in_japan_ii",
        programme="titp",
        host_company_id=companies[1].id,
        entered_japan_on=date(2025, 5, 1),
    )
    factories.stage(session, th, "i", started_on=date(2025, 5, 1))
    factories.stage(session, th, "ii", started_on=date(2026, 5, 1))
    return {
        "fresh": fresh.id or 0,
        "esd": esd.id or 0,
        "intern": intern.id or 0,
        "th": th.id or 0,
        "A": companies[0].id or 0,
        "B": companies[1].id or 0,
    }


def check(api: TestClient, key: int, on: str | None) -> dict[str, Any]:
    variables = {"id": global_id("Candidate", key), "on": on}
    found: dict[str, Any] = gql(api, CHECK, variables)["transitionCheck"]
    return found


def by_step(found: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    steps: dict[str, list[dict[str, Any]]] = {}
    for outcome in found["outcomes"]:
        steps.setdefault(outcome["step"], []).append(outcome)
    return steps


@pytest.mark.parametrize(
    ("on", "closed"),
    [
        ("2027-03-31", []),
        ("2027-04-01", ["TITP_PLAN_APPLICATION", "TITP_STAGE_III"]),
        ("2027-06-30", ["TITP_PLAN_APPLICATION", "TITP_STAGE_III"]),
        (
            "2027-07-01",
            ["TITP_PLAN_APPLICATION", "TITP_PLAN_START", "TITP_ENTRY", "TITP_STAGE_III"],
        ),
    ],
)
def test_a_person_under_no_programme_on_each_side_of_the_dates(
    api: TestClient, db_settings: Settings, on: str, closed: list[str]
) -> None:
    ids = factories.build(db_settings, world)
    found = check(api, ids["fresh"], on)
    assert (found["candidateId"], found["on"], found["programme"]) == (
        global_id("Candidate", ids["fresh"]),
        on,
        None,
    )
    assert found["openSteps"] == [step for step in STEPS if step not in closed]
    steps = by_step(found)
    assert list(steps) == STEPS
    for step, outcomes in steps.items():
        assert outcomes[0]["rule"] == "programme.one_only"
        assert [o["passed"] for o in outcomes] == [True, step not in closed], step


def test_the_outcomes_say_what_was_compared_and_where_the_rule_comes_from(
    api: TestClient, db_settings: Settings
) -> None:
    ids = factories.build(db_settings, world)
    before = by_step(check(api, ids["fresh"], "2027-03-31"))
    after = by_step(check(api, ids["fresh"], "2027-04-01"))
    assert before["TITP_PLAN_APPLICATION"][1] == {
        "rule": "esd.in_force_from",
        "step": "TITP_PLAN_APPLICATION",
        "passed": True,
        "compared": "2027-03-31 < 2027-04-01",
        "message": "TITP plans can be applied for before 2027-04-01 (rule esd.in_force_from); "
        f"2027-03-31 is before it (source: {IN_FORCE})",
        "sourceUrl": IN_FORCE,
        "tag": "PRIMARY",
        "provisional": False,
    }
    refused = after["TITP_PLAN_APPLICATION"][1]
    assert (refused["passed"], refused["compared"]) == (False, "2027-04-01 = 2027-04-01")
    assert refused["message"].startswith("no TITP plan applications from 2027-04-01")
    start = by_step(check(api, ids["fresh"], "2027-07-01"))["TITP_PLAN_START"][1]
    assert (start["rule"], start["compared"], start["tag"]) == (
        "transition.titp.latest_start",
        "2027-07-01 > 2027-06-30",
        "SECONDARY",
    )
    esd = before["ESD_PLAN_APPLICATION"][1]
    assert (esd["rule"], esd["passed"], esd["compared"]) == (
        "esd.plan.applications_from",
        True,
        "2027-03-31 > 2026-09-01",
    )
    stage_iii = after["TITP_STAGE_III"][1]
    assert (stage_iii["passed"], stage_iii["compared"]) == (
        False,
        "no stage (ii) start; needed by 2026-04-01",
    )


def test_a_person_under_esd_gets_no_titp_step_and_one_under_titp_no_esd(
    api: TestClient, db_settings: Settings
) -> None:
    ids = factories.build(db_settings, world)
    esd = check(api, ids["esd"], "2027-03-31")
    assert (esd["programme"], esd["openSteps"]) == ("ESD", ["ESD_PLAN_APPLICATION"])
    refusal = by_step(esd)["TITP_PLAN_APPLICATION"][0]
    assert (refusal["passed"], refusal["compared"], refusal["sourceUrl"]) == (
        False,
        "under ESD; the step is TITP",
        NO_CHANGE_SOURCE,
    )
    assert refusal["message"].startswith("the candidate is under ESD, not TITP")
    titp = check(api, ids["intern"], "2027-03-31")
    assert titp["programme"] == "TITP"
    assert titp["openSteps"] == TITP_STEPS


def test_a_titp_intern_is_judged_by_the_recorded_dates(
    api: TestClient, db_settings: Settings
) -> None:
    """The plan's start and the entry (2025-04-01) met the rules, whatever the day; stage
    (ii) began 2026-04-01 (12 months before 2027-04-01) for one intern and 2026-05-01 (11)
    for the other."""
    ids = factories.build(db_settings, world)
    intern = check(api, ids["intern"], "2027-07-01")
    assert intern["openSteps"] == [
        "TITP_PLAN_START",
        "TITP_ENTRY",
        "TITP_STAGE_II",
        "TITP_STAGE_III",
    ]
    steps = by_step(intern)
    assert steps["TITP_PLAN_START"][1]["compared"] == "2025-04-01 < 2027-06-30"
    assert steps["TITP_ENTRY"][1]["compared"] == "2025-04-01 < 2027-06-30"
    assert (
        steps["TITP_STAGE_III"][1]["compared"] == "2026-04-01 + 12 months = 2027-04-01 = 2027-04-01"
    )
    th = by_step(check(api, ids["th"], "2027-04-01"))["TITP_STAGE_III"][1]
    assert (th["passed"], th["compared"], th["sourceUrl"]) == (
        False,
        "2026-05-01 + 12 months = 2027-05-01 > 2027-04-01",
        STAGE_III_TRANSITION,
    )
    assert "stage (ii) began on 2026-05-01" in th["message"]
    # Before the day, stage (iii) is not bound.
    assert "TITP_STAGE_III" in check(api, ids["th"], "2027-03-31")["openSteps"]


def test_the_day_defaults_to_the_clock_today(api: TestClient, db_settings: Settings) -> None:
    ids = factories.build(db_settings, world)
    for moment in (datetime(2027, 3, 31, 9, tzinfo=UTC), datetime(2027, 4, 1, 9, tzinfo=UTC)):
        with frozen_at(moment):
            found = check(api, ids["fresh"], None)
            assert found["on"] == clock.today().isoformat() == moment.date().isoformat()
        opened = "TITP_PLAN_APPLICATION" in found["openSteps"]
        assert opened is (moment.date() < date(2027, 4, 1))


def test_who_sees_the_check_is_who_sees_the_candidate(
    api: TestClient, db_settings: Settings
) -> None:
    """IM Japan sees all; a ministry its nationals; an embassy its nationals in Japan; a
    host company its own interns; nobody signed in, nothing."""
    ids = factories.build(db_settings, world)
    readers = {
        "staff": signed_in(api, Role.STAFF),
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "th_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="TH"),
        "vn_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="VN"),
        "company_a": signed_in(api, Role.HOST_COMPANY, host_company_id=ids["A"]),
        "company_b": signed_in(api, Role.HOST_COMPANY, host_company_id=ids["B"]),
    }
    sees = {
        "staff": {"fresh", "intern", "th"},
        "vn_ministry": {"fresh", "intern"},
        "th_ministry": {"th"},
        "vn_embassy": {"intern"},
        "company_a": {"intern"},
        "company_b": {"th"},
    }
    query = "query($id: ID!) { transitionCheck(candidateId: $id) { programme } }"
    for role, headers in readers.items():
        for person in ("fresh", "intern", "th"):
            body = post(api, query, {"id": global_id("Candidate", ids[person])}, headers=headers)
            assert "errors" not in body, (role, body)
            found = body["data"]["transitionCheck"]
            assert (found is not None) is (person in sees[role]), (role, person)
            shown = post(
                api,
                "query($id: ID!) { candidate(id: $id) { programme } }",
                {"id": global_id("Candidate", ids[person])},
                headers=headers,
            )["data"]["candidate"]
            assert (shown is not None) is (person in sees[role]), (role, person)
            if shown is not None:
                assert shown["programme"] == found["programme"]
    authorization = api.headers.pop("Authorization")
    try:
        body = post(api, query, {"id": global_id("Candidate", ids["intern"])})
    finally:
        api.headers["Authorization"] = authorization
    assert body["data"]["transitionCheck"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


FIXED = 2
"""Rate-limit counter upsert + access-token session lookup (tests/perf)."""
CHECK_STATEMENTS = 4
"""The candidate, the rules, the live stage (i) plan, the stage (ii) record."""


def test_one_check_costs_a_fixed_number_of_statements(
    api: TestClient, db_settings: Settings
) -> None:
    ids = factories.build(db_settings, world)
    engines = api.app.state.db.engines  # type: ignore[attr-defined]
    for person in ("fresh", "intern", "th"):
        with recorded_statements(*engines) as seen:
            found = check(api, ids[person], "2027-04-01")
        assert len(found["outcomes"]) == 2 * len(STEPS)
        assert len(seen) == FIXED + CHECK_STATEMENTS, seen
