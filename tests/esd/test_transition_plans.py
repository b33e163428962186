"""The transition's date rules on training plans and the entry, over HTTP on SQLite and
PostgreSQL, with the clock standing on either side of 2027-04-01 and 2027-06-30 (the
seeded rules esd.in_force_from, transition.titp.latest_start and .enter_by): each
refusal on its field with the database unchanged, each acceptance writing the plan,
the candidate's programme or the entry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import EntryRecord, HostCompany, LanguageResult
from core.domain.esd_rules import IN_FORCE, TRANSITION
from core.services.clock import frozen_at
from core.settings import Settings
from tests import factories
from tests.client import global_id, key_of
from tests.lifecycle.helpers import snapshot
from tests.supervision.helpers import entry_mutation, plan_mutation, plan_values

pytestmark = pytest.mark.database

ESD_DAY = date(2027, 4, 1)
LAST_DAY = date(2027, 6, 30)


@pytest.fixture
def on_the_eve(api: TestClient) -> Iterator[TestClient]:
    """The service's clock on 2027-03-31, the day before ESD is in force."""
    with frozen_at(date(2027, 3, 31)):
        yield api


def world(session: Session) -> dict[str, str]:
    vn = factories.call(session, "VN")
    person = factories.candidate(
        session, vn, "training_completed", training_completed_on=date(2027, 1, 20)
    )
    esd = factories.candidate(
        session, vn, "training_completed", training_completed_on=date(2027, 1, 20), programme="esd"
    )
    company = factories.host_company(session, "Transition KK")
    return {
        "candidate": global_id("Candidate", person.id),
        "esd": global_id("Candidate", esd.id),
        "company": global_id("HostCompany", company.id),
        "company_key": str(company.id),
    }


def drafted(api: TestClient, ids: dict[str, str], start: str, **changes: Any) -> str:
    """A plan of ``ids['candidate']`` (or ``candidate=``) from ``start``, drafted; its id."""
    person = changes.pop("candidate", ids["candidate"])
    values = plan_values(person, ids["company"], plannedStart=start, **changes)
    values.setdefault("plannedEnd", "2028-06-29")
    payload = plan_mutation(api, "draftTrainingPlan", values)
    assert payload["errors"] == [], payload["errors"]
    plan_id: str = payload["plan"]["id"]
    return plan_id


def programme_of(settings: Settings, candidate: str) -> str | None:
    """The candidate's stored programme."""

    def read(session: Session) -> str | None:
        statement = text("SELECT programme FROM candidate WHERE id = :id")
        value: str | None = session.execute(statement, {"id": key_of(candidate)}).scalar_one()
        return value

    return factories.build(settings, read)


def refused(api: TestClient, settings: Settings, name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run a plan mutation that must be refused with nothing written; its one error."""
    before = snapshot(settings)
    payload = plan_mutation(api, name, data)
    assert payload["plan"] is None
    assert len(payload["errors"]) == 1, payload["errors"]
    assert snapshot(settings) == before
    error: dict[str, Any] = payload["errors"][0]
    return error


def test_applied_for_the_day_before_it_is_titp_and_must_start_by_the_last_day(
    on_the_eve: TestClient, db_settings: Settings
) -> None:
    api = on_the_eve
    ids = factories.build(db_settings, world)
    late = drafted(api, ids, "2027-07-01")
    error = refused(
        api, db_settings, "applyForTrainingPlan", {"planId": late, "appliedOn": "2027-03-31"}
    )
    assert (error["field"], error["code"]) == ("plannedStart", "NOT_ALLOWED_STATE")
    assert error["message"] == (
        "a stage (i) TITP plan must start by 2027-06-30 (rule transition.titp.latest_start); "
        f"the planned start is 2027-07-01 (source: {TRANSITION})"
    )
    assert programme_of(db_settings, ids["candidate"]) is None

    ended = plan_mutation(
        api, "endTrainingPlan", {"planId": late, "endedOn": "2027-03-31", "reason": "too late"}
    )
    assert ended["errors"] == []
    in_time = drafted(api, ids, "2027-06-30")
    applied = plan_mutation(
        api, "applyForTrainingPlan", {"planId": in_time, "appliedOn": "2027-03-31"}
    )
    assert applied["errors"] == []
    assert (applied["plan"]["status"], applied["plan"]["appliedOn"]) == ("APPLIED", "2027-03-31")
    assert programme_of(db_settings, ids["candidate"]) == "titp"


def test_applied_for_on_the_day_is_refused_as_titp(api: TestClient, db_settings: Settings) -> None:
    ids = factories.build(db_settings, world)
    with frozen_at(ESD_DAY):
        plan = drafted(api, ids, "2027-06-01")
        error = refused(
            api, db_settings, "applyForTrainingPlan", {"planId": plan, "appliedOn": "2027-04-01"}
        )
        assert (error["field"], error["code"]) == ("appliedOn", "NOT_ALLOWED_STATE")
        assert error["message"] == (
            "no TITP plan applications from 2027-04-01 (rule esd.in_force_from): 2027-04-01 is "
            f"not before it; apply for an ESD plan instead (source: {IN_FORCE})"
        )
        # The day before is still open: the same plan, applied for on 2027-03-31.
        earlier = plan_mutation(
            api, "applyForTrainingPlan", {"planId": plan, "appliedOn": "2027-03-31"}
        )
        assert earlier["errors"] == []
    assert programme_of(db_settings, ids["candidate"]) == "titp"


def test_a_candidate_under_esd_gets_no_titp_plan(api: TestClient, db_settings: Settings) -> None:
    ids = factories.build(db_settings, world)
    with frozen_at(date(2027, 3, 1)):
        plan = drafted(api, ids, "2027-06-01", candidate=ids["esd"])
        error = refused(
            api, db_settings, "applyForTrainingPlan", {"planId": plan, "appliedOn": "2027-03-01"}
        )
    assert (error["field"], error["code"]) == ("planId", "NOT_ALLOWED_STATE")
    assert error["message"].startswith("the candidate is under ESD, not TITP")
    assert programme_of(db_settings, ids["esd"]) == "esd"


def _stage_ii_intern(session: Session) -> dict[str, str]:
    ids = world(session)
    company = int(ids["company_key"])
    person = factories.candidate(
        session,
        factories.call(session, "TH"),
        "in_japan_i",
        host_company_id=company,
        programme="titp",
    )
    factories.stage(session, person, "i", started_on=date(2026, 9, 1))
    return {**ids, "intern": global_id("Candidate", person.id)}


def test_stage_ii_plans_of_interns_training_stay_allowed_after_the_day(
    api: TestClient, db_settings: Settings
) -> None:
    ids = factories.build(db_settings, _stage_ii_intern)
    with frozen_at(date(2027, 7, 15)):
        plan = drafted(
            api, ids, "2027-09-01", candidate=ids["intern"], stage="II", plannedEnd="2029-08-31"
        )
        applied = plan_mutation(
            api, "applyForTrainingPlan", {"planId": plan, "appliedOn": "2027-07-15"}
        )
        assert applied["errors"] == []
        certified = plan_mutation(
            api,
            "certifyTrainingPlan",
            {"planId": plan, "certifiedOn": "2027-07-15", "certificateNumber": "C-II"},
        )
        assert certified["errors"] == [] and certified["plan"]["status"] == "CERTIFIED"


def _applied_late_start(session: Session) -> dict[str, str]:
    """A stage (i) plan applied for on 2027-03-01 to start on 2027-07-01 (written straight
    into the table, as an application recorded before this rule would be), and one
    certified to start on 2027-06-30."""
    ids = world(session)
    vn = factories.call(session, "VN", label="VN-2")
    company = session.get(HostCompany, int(ids["company_key"]))
    assert company is not None
    first = factories.candidate(session, vn, "training_completed", programme="titp")
    second = factories.candidate(session, vn, "training_completed", programme="titp")
    applied = factories.training_plan(
        session,
        first,
        company,
        status="applied",
        planned_start=date(2027, 7, 1),
        applied_on=date(2027, 3, 1),
    )
    certified = factories.training_plan(
        session,
        second,
        company,
        planned_start=LAST_DAY,
        applied_on=date(2027, 2, 1),
        certified_on=date(2027, 3, 1),
    )
    return {
        "applied": global_id("TrainingPlan", applied.id),
        "certified": global_id("TrainingPlan", certified.id),
    }


def test_a_start_after_the_last_day_is_refused_when_certified_and_changed(
    api: TestClient, db_settings: Settings
) -> None:
    ids = factories.build(db_settings, _applied_late_start)
    with frozen_at(ESD_DAY):
        error = refused(
            api,
            db_settings,
            "certifyTrainingPlan",
            {"planId": ids["applied"], "certifiedOn": "2027-04-01", "certificateNumber": "C-9"},
        )
        assert (error["field"], error["code"]) == ("plannedStart", "NOT_ALLOWED_STATE")
        assert "must start by 2027-06-30" in error["message"]
        assert "the planned start is 2027-07-01" in error["message"]

        error = refused(
            api,
            db_settings,
            "changeTrainingPlan",
            {"planId": ids["certified"], "plannedStart": "2027-07-01"},
        )
        assert (error["field"], error["code"]) == ("plannedStart", "NOT_ALLOWED_STATE")
        assert "the planned start is 2027-07-01" in error["message"]

        # A change that keeps the start (an interruption, a wage) stays allowed after the day.
        change = plan_mutation(
            api, "changeTrainingPlan", {"planId": ids["certified"], "monthlyWage": 200000}
        )
        assert change["errors"] == [] and change["plan"]["plannedStart"] == "2027-06-30"


def _ready_to_enter(session: Session) -> dict[str, str]:
    """Two candidates with the entry chain recorded up to the visa: one under TITP (a
    certified stage (i) plan), one under ESD (with the Japanese its entry needs)."""
    vn = factories.call(session, "VN")
    company = factories.host_company(session, "Entry KK")
    found = {}
    for name in ("titp", "esd"):
        person = factories.candidate(
            session,
            vn,
            "training_completed",
            training_completed_on=date(2027, 1, 20),
            programme=name,
        )
        if name == "titp":
            factories.training_plan(session, person, company, planned_start=LAST_DAY)
        else:
            session.add(
                LanguageResult(
                    candidate_id=person.id or 0,
                    kind="test",
                    test="jlpt",
                    level="N5",
                    cefr="A1",
                    passed=True,
                    taken_on=date(2027, 2, 1),
                )
            )
        session.add(
            EntryRecord(
                candidate_id=person.id or 0,
                coe_applied_on=date(2027, 3, 1),
                coe_issued_on=date(2027, 3, 20),
                coe_number="E-1",
                visa_issued_on=date(2027, 5, 1),
            )
        )
        found[name] = global_id("Candidate", person.id)
    session.flush()
    return found


@pytest.mark.parametrize(
    ("entered_on", "refused_on"),
    [("2027-06-30", None), ("2027-07-01", "enteredOn")],
    ids=["on the last day", "a day late"],
)
def test_a_titp_intern_enters_by_the_last_day(
    api: TestClient, db_settings: Settings, entered_on: str, refused_on: str | None
) -> None:
    ids = factories.build(db_settings, _ready_to_enter)
    with frozen_at(date(2027, 7, 1)):
        before = snapshot(db_settings)
        payload = entry_mutation(
            api, "recordEntry", {"candidateId": ids["titp"], "enteredOn": entered_on}
        )
        if refused_on is None:
            assert payload["errors"] == []
            assert payload["candidate"]["enteredJapanOn"] == entered_on
            return
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [
            (refused_on, "NOT_ALLOWED_STATE")
        ]
        assert payload["errors"][0]["message"] == (
            "a TITP intern must enter Japan by 2027-06-30 (rule transition.titp.enter_by); the "
            f"entry is on 2027-07-01 (source: {TRANSITION})"
        )
        assert snapshot(db_settings) == before
        # The rule is TITP's: a worker under ESD enters on the same day.
        esd = entry_mutation(
            api, "recordEntry", {"candidateId": ids["esd"], "enteredOn": entered_on}
        )
        assert esd["errors"] == []
