"""Transfers of ESD workers at their wish or for an unavoidable reason: each check
explained, refused one day before the field's period is served and accepted on the day,
the move with the history kept, the repayment hand-computed, and an administrator's later
change of a period applying from its date while past decisions keep their version."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import Candidate, Employment, EsdPlan, HostCompany, Transfer
from core.services import clock
from core.settings import Settings
from tests.client import global_id, gql
from tests.esd.transfer_helpers import (
    CATEGORY,
    STARTED,
    World,
    check,
    esd_worker,
    set_rule,
    transfer,
    world,
)
from tests.factories import build, call
from tests.lifecycle.helpers import snapshot

pytestmark = pytest.mark.database

ONE_YEAR = STARTED + relativedelta(years=1)
"""Agriculture's period (1 year, the proposal of 2025-09-17) served on this day."""
HISTORY = """query($c: ID!) { employmentHistory(candidateId: $c) {
  workCategoryCode startedOn endedOn transferId hostCompany { name } } }"""


@pytest.fixture
def made(db_settings: Settings) -> World:
    return build(db_settings, world)


def second_worker(session: Session, made: World, **facts: Any) -> int:
    """Another worker of the first employer, of the same start."""
    employer = session.get(HostCompany, made.first)
    assert employer is not None
    return esd_worker(session, call(session, "VN", label="VN-2"), employer, **facts).id or 0


def _outcomes(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert "errors" not in body, body["errors"]
    return {item["check"]: item for item in body["data"]["transferCheck"]["outcomes"]}


def test_refused_one_day_before_the_period_and_accepted_on_the_day(
    api: TestClient, db_settings: Settings, made: World
) -> None:
    day_before = ONE_YEAR - timedelta(days=1)
    with clock.frozen_at(ONE_YEAR):
        body = check(api, made.worker, made.receiving, day_before)
        assert body["data"]["transferCheck"]["allowed"] is False
        outcomes = _outcomes(body)
        period = outcomes["PERIOD_SERVED"]
        assert period["passed"] is False
        assert period["rule"] == "esd.transfer.period_years.agriculture"
        assert period["provisional"] is True and period["tag"] == "SECONDARY"
        assert period["compared"] == {
            "servedFrom": STARTED.isoformat(),
            "years": 1,
            "servedOn": ONE_YEAR.isoformat(),
            "transfersOn": day_before.isoformat(),
        }
        assert [name for name, item in outcomes.items() if not item["passed"]] == ["PERIOD_SERVED"]

        before = snapshot(db_settings)
        refused = transfer(api, made.worker, made.receiving, day_before)
        assert refused["transfer"] is None
        assert [(e["field"], e["code"]) for e in refused["errors"]] == [("transfersOn", "INVALID")]
        assert ONE_YEAR.isoformat() in refused["errors"][0]["message"]
        assert snapshot(db_settings) == before

        assert check(api, made.worker, made.receiving, ONE_YEAR)["data"]["transferCheck"]["allowed"]
        done = transfer(api, made.worker, made.receiving, ONE_YEAR, actualCosts="60000")
    assert done["errors"] == []
    moved = done["transfer"]
    assert moved["fromHostCompany"] == {"name": "Gifu Casting"}
    assert moved["toHostCompany"] == {"name": "Aichi Press"}
    assert moved["servedFrom"] == STARTED.isoformat()
    assert all(item["passed"] for item in moved["checks"])
    # The standard amount is not notified: the amounts are unknown, the share is given.
    assert moved["repayment"] == {
        "standardAmount": None,
        "actualCosts": "60000.00",
        "total": None,
        "shareNumerator": 5,
        "shareDenominator": 6,
        "amount": None,
        "stepsServed": 2,
        "provisional": True,
    }

    history = gql(api, HISTORY, {"c": global_id("Candidate", made.worker)})["employmentHistory"]
    assert history == [
        {
            "workCategoryCode": CATEGORY,
            "startedOn": STARTED.isoformat(),
            "endedOn": ONE_YEAR.isoformat(),
            "transferId": None,
            "hostCompany": {"name": "Gifu Casting"},
        },
        {
            "workCategoryCode": CATEGORY,
            "startedOn": ONE_YEAR.isoformat(),
            "endedOn": None,
            "transferId": moved["id"],
            "hostCompany": {"name": "Aichi Press"},
        },
    ]

    def read(session: Session) -> tuple[int | None, int]:
        person = session.get(Candidate, made.worker)
        assert person is not None
        count = len(session.scalars(select(Transfer)).all())
        return person.host_company_id, count

    assert build(db_settings, read) == (made.receiving, 1)


def test_the_repayment_split_with_the_standard_amount_set(
    api: TestClient, db_settings: Settings, made: World
) -> None:
    set_rule(api, "esd.transfer.repayment.standard_amount", "300000", date(2027, 4, 1))
    later = STARTED + relativedelta(years=1, months=7)  # 19 months: 3 half-years done
    with clock.frozen_at(later):
        done = transfer(api, made.worker, made.receiving, later, actualCosts="60000.50")
    assert done["errors"] == []
    # Total: tangible 300000 + 60000.50, intangible 300000 = 660000.50.
    # Kept by the first employer: half-years of weights 1/2, 1/2, 2/2 of 6 -> 2/6 = 1/3.
    # Repaid: 2/3 of 660000.50 = 440000.333... -> 440000.33.
    assert done["transfer"]["repayment"] == {
        "standardAmount": "300000.00",
        "actualCosts": "60000.50",
        "total": "660000.50",
        "shareNumerator": 2,
        "shareDenominator": 3,
        "amount": "440000.33",
        "stepsServed": 3,
        "provisional": False,
    }

    def stored(session: Session) -> tuple[Any, ...]:
        row = session.scalars(select(Transfer)).one()
        return (
            str(row.repayment_total),
            str(row.repayment_amount),
            row.repayment_share_numerator,
            row.repayment_share_denominator,
        )

    assert build(db_settings, stored) == ("660000.50", "440000.33", 2, 3)


def test_a_later_change_of_the_period_applies_from_its_date_and_past_decisions_keep_theirs(
    api: TestClient, db_settings: Settings
) -> None:
    def two(session: Session) -> tuple[World, int]:
        made = world(session)
        return made, second_worker(session, made)

    made, second = build(db_settings, two)
    with clock.frozen_at(ONE_YEAR):
        decided = transfer(api, made.worker, made.receiving, ONE_YEAR)
    assert decided["errors"] == []
    changed = ONE_YEAR + timedelta(days=10)
    set_rule(api, "esd.transfer.period_years.agriculture", "2", changed)

    with clock.frozen_at(changed):
        before_change = _outcomes(check(api, second, made.tokyo, changed - timedelta(days=1)))
        after_change = _outcomes(check(api, second, made.tokyo, changed))
    assert before_change["PERIOD_SERVED"]["passed"] is True
    assert before_change["PERIOD_SERVED"]["ruleValidFrom"] is None
    assert after_change["PERIOD_SERVED"]["passed"] is False
    assert after_change["PERIOD_SERVED"]["ruleValidFrom"] == changed.isoformat()
    assert after_change["PERIOD_SERVED"]["compared"]["years"] == 2

    query = """query($id: ID!) { node(id: $id) { ... on Transfer {
      checks { check passed ruleValidFrom compared } } } }"""
    kept = gql(api, query, {"id": decided["transfer"]["id"]})["node"]["checks"]
    period = next(item for item in kept if item["check"] == "PERIOD_SERVED")
    assert period == {
        "check": "PERIOD_SERVED",
        "passed": True,
        "ruleValidFrom": None,
        "compared": {
            "servedFrom": STARTED.isoformat(),
            "years": 1,
            "servedOn": ONE_YEAR.isoformat(),
            "transfersOn": ONE_YEAR.isoformat(),
        },
    }


def test_an_unavoidable_transfer_is_allowed_at_any_time_with_its_reason(
    api: TestClient, db_settings: Settings, made: World
) -> None:
    early = STARTED + timedelta(days=20)
    with clock.frozen_at(early):
        before = snapshot(db_settings)
        missing = transfer(api, made.worker, made.plain, early, reason="UNAVOIDABLE")
        assert [(e["field"], e["code"]) for e in missing["errors"]] == [
            ("unavoidableReason", "INVALID")
        ]
        assert snapshot(db_settings) == before
        body = check(
            api,
            made.worker,
            made.plain,
            early,
            reason="UNAVOIDABLE",
            unavoidableReason="The employer closed the farm.",
        )
        found = body["data"]["transferCheck"]
        assert found["allowed"] is True and found["repayment"] is None
        assert [item["check"] for item in found["outcomes"]] == [
            "STATUS",
            "EMPLOYMENT",
            "OTHER_EMPLOYER",
            "ARRANGER",
            "UNAVOIDABLE_REASON",
        ]
        reason = found["outcomes"][-1]
        same_day = check(
            api, made.worker, made.plain, STARTED, reason="UNAVOIDABLE", unavoidableReason="x"
        )["data"]["transferCheck"]
        assert same_day["allowed"] is False
        assert [o["check"] for o in same_day["outcomes"] if not o["passed"]] == ["EMPLOYMENT"]
        assert reason["sourceUrl"] == "https://www.kazahana-office.jp/17696515002503"
        done = transfer(
            api,
            made.worker,
            made.plain,
            early,
            reason="UNAVOIDABLE",
            unavoidableReason="The employer closed the farm.",
        )
    assert done["errors"] == []
    assert done["transfer"]["unavoidableReason"] == "The employer closed the farm."
    assert done["transfer"]["repayment"] is None
    assert done["transfer"]["toHostCompany"] == {"name": "Mie Farm"}


@pytest.mark.parametrize(
    ("given", "to", "field", "failed"),
    [
        ({"arrangedBy": "PRIVATE_AGENCY"}, "receiving", "arrangedBy", "ARRANGER"),
        ({}, "plain", "toHostCompanyId", "RECEIVING_EMPLOYER_EXCELLENT"),
        ({}, "tokyo", "toHostCompanyId", "RECEIVING_SHARE"),
        ({}, "first", "toHostCompanyId", "OTHER_EMPLOYER"),
        ({"workCategoryCode": "livestock"}, "receiving", "workCategoryCode", "SAME_WORK_CATEGORY"),
    ],
)
def test_each_failing_check_refuses_on_its_field_and_writes_nothing(
    api: TestClient,
    db_settings: Settings,
    made: World,
    given: dict[str, str],
    to: str,
    field: str,
    failed: str,
) -> None:
    company = getattr(made, to)
    with clock.frozen_at(ONE_YEAR):
        outcomes = _outcomes(check(api, made.worker, company, ONE_YEAR, **given))
        before = snapshot(db_settings)
        refused = transfer(api, made.worker, company, ONE_YEAR, **given)
    failures = [name for name, item in outcomes.items() if not item["passed"]]
    # The current employer is not excellent and its share is counted too: the first
    # failure is the one refused.
    assert failures[0] == failed
    assert failures == [failed] or to == "first"
    assert refused["transfer"] is None
    assert [e["field"] for e in refused["errors"]] == [field]
    assert refused["errors"][0]["message"] == outcomes[failed]["message"]
    assert snapshot(db_settings) == before


def test_the_metropolitan_cap_is_said_partial_and_read_from_the_rule(
    api: TestClient, made: World
) -> None:
    with clock.frozen_at(ONE_YEAR):
        tokyo = _outcomes(check(api, made.worker, made.tokyo, ONE_YEAR))["RECEIVING_SHARE"]
        aichi = _outcomes(check(api, made.worker, made.receiving, ONE_YEAR))["RECEIVING_SHARE"]
    assert tokyo["rule"] == "esd.transfer.receiving_cap.metropolitan"
    assert tokyo["compared"]["cap"] == {"numerator": 1, "denominator": 6}
    assert tokyo["compared"]["metropolitan"] is True
    assert tokyo["provisional"] is True  # the list of prefectures is
    assert "partial" in tokyo["message"]
    assert aichi["rule"] == "esd.transfer.receiving_cap"
    assert (aichi["compared"]["transfereesAfter"], aichi["compared"]["workersAfter"]) == (1, 3)
    assert aichi["passed"] is True


def test_levels_are_checked_against_the_field_and_passes_recorded(
    api: TestClient, db_settings: Settings
) -> None:
    def both(session: Session) -> tuple[World, int]:
        made = world(session, field="building_cleaning", skills=False)
        return made, second_worker(session, made, field="care", japanese="A1")

    made, care = build(db_settings, both)
    with clock.frozen_at(ONE_YEAR):
        no_skills = _outcomes(check(api, made.worker, made.receiving, ONE_YEAR))
        in_care = _outcomes(check(api, care, made.receiving, STARTED + relativedelta(years=2)))
        refused = transfer(api, made.worker, made.receiving, ONE_YEAR)
    assert no_skills["SKILLS_LEVEL"]["passed"] is False
    assert no_skills["SKILLS_LEVEL"]["rule"] == "esd.transfer.skills_grade"
    assert no_skills["JAPANESE_LEVEL"]["rule"] == "esd.transfer.cefr"
    assert no_skills["JAPANESE_LEVEL"]["passed"] is True
    assert [e["field"] for e in refused["errors"]] == ["candidateId"]
    # Care sets its own level (A2): an A1 pass is not enough.
    assert in_care["JAPANESE_LEVEL"]["rule"] == "esd.transfer.cefr.care"
    assert in_care["JAPANESE_LEVEL"]["passed"] is False
    assert in_care["JAPANESE_LEVEL"]["compared"] == {"needed": "A2", "passed": None}


def test_only_a_worker_in_japan_under_esd_transfers(
    api: TestClient, db_settings: Settings, made: World
) -> None:
    def titp(session: Session) -> None:
        person = session.get(Candidate, made.worker)
        assert person is not None
        person.status = "in_japan_ii"
        session.add(person)

    build(db_settings, titp)
    with clock.frozen_at(ONE_YEAR):
        status = _outcomes(check(api, made.worker, made.receiving, ONE_YEAR))["STATUS"]
        refused = transfer(api, made.worker, made.receiving, ONE_YEAR)
    assert status["passed"] is False
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("candidateId", "NOT_ALLOWED_STATE")
    ]


def test_the_history_lists_every_employment_after_two_transfers(
    api: TestClient, db_settings: Settings, made: World
) -> None:
    with clock.frozen_at(ONE_YEAR + timedelta(days=40)):
        first = transfer(api, made.worker, made.receiving, ONE_YEAR)
        second = transfer(
            api,
            made.worker,
            made.plain,
            ONE_YEAR + timedelta(days=40),
            reason="UNAVOIDABLE",
            unavoidableReason="Harassment at the workplace.",
        )
    assert first["errors"] == [] and second["errors"] == []
    history = gql(api, HISTORY, {"c": global_id("Candidate", made.worker)})["employmentHistory"]
    assert [item["hostCompany"]["name"] for item in history] == [
        "Gifu Casting",
        "Aichi Press",
        "Mie Farm",
    ]
    assert [item["endedOn"] for item in history] == [
        ONE_YEAR.isoformat(),
        (ONE_YEAR + timedelta(days=40)).isoformat(),
        None,
    ]

    def employments(session: Session) -> int:
        return len(
            session.scalars(select(Employment).where(Employment.candidate_id == made.worker)).all()
        )

    assert build(db_settings, employments) == 3
    listed = gql(
        api,
        "query($c: ID) { transfers(candidateId: $c) { totalCount edges { node { reason } } } }",
        {"c": global_id("Candidate", made.worker)},
    )["transfers"]
    assert listed["totalCount"] == 2
    assert [e["node"]["reason"] for e in listed["edges"]] == ["WORKER_WISH", "UNAVOIDABLE"]


def test_a_kept_decision_reads_in_the_readers_language(api: TestClient, made: World) -> None:
    with clock.frozen_at(ONE_YEAR):
        done = transfer(api, made.worker, made.receiving, ONE_YEAR)
    query = """query($id: ID!) { node(id: $id) { ... on Transfer { checks { check message } } } }"""
    headers = {"Accept-Language": "ja", **api.headers}
    japanese = gql(api, query, {"id": done["transfer"]["id"]}, headers)["node"]["checks"]
    period = next(item for item in japanese if item["check"] == "PERIOD_SERVED")
    assert period["message"].startswith("現在の受入れ先で" + STARTED.isoformat())
    english = next(item for item in done["transfer"]["checks"] if item["check"] == "PERIOD_SERVED")
    assert english["message"].startswith("with the current employer since")


def test_without_a_certified_plan_the_field_and_its_period_are_unknown(
    api: TestClient, db_settings: Settings, made: World
) -> None:
    def uncertified(session: Session) -> None:
        for plan in session.scalars(select(EsdPlan).where(EsdPlan.candidate_id == made.worker)):
            plan.status = "applied"
            session.add(plan)

    build(db_settings, uncertified)
    with clock.frozen_at(ONE_YEAR):
        outcomes = _outcomes(check(api, made.worker, made.receiving, ONE_YEAR))
        refused = transfer(api, made.worker, made.receiving, ONE_YEAR)
    assert outcomes["PERIOD_SERVED"]["passed"] is False
    assert outcomes["PERIOD_SERVED"]["rule"] is None
    assert "field is unknown" in outcomes["PERIOD_SERVED"]["message"]
    assert [e["field"] for e in refused["errors"]] == ["transfersOn"]


def test_actual_costs_must_be_a_decimal_string(api: TestClient, made: World) -> None:
    body = check(api, made.worker, made.receiving, ONE_YEAR, actualCosts="12.345")
    assert body["data"]["transferCheck"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID"]
    with clock.frozen_at(ONE_YEAR):
        refused = transfer(api, made.worker, made.receiving, ONE_YEAR, actualCosts="-1")
    assert [e["field"] for e in refused["errors"]] == ["actualCosts"]
    with clock.frozen_at(ONE_YEAR - timedelta(days=2)):  # a transfer is recorded when made
        future = transfer(api, made.worker, made.receiving, ONE_YEAR)
    assert [e["field"] for e in future["errors"]] == ["transfersOn"]
