"""Stage (iii) under the transition, over HTTP on SQLite and PostgreSQL: from
2027-04-01 (esd.in_force_from) it needs stage (ii) begun at least 12 months before
that day (transition.titp.stage_iii.stage_ii_months); every other stage (iii)
condition is met (the gate, the plan, the excellent company, the licence, the home
stay), so the months alone decide."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.domain.esd_rules import STAGE_III_TRANSITION
from core.services.clock import frozen_at
from core.settings import Settings
from tests import factories
from tests.client import global_id, gql
from tests.lifecycle.helpers import mutate, snapshot

pytestmark = pytest.mark.database

ESD_DAY = date(2027, 4, 1)


def intern_in_stage_ii(settings: Settings, months_before: int) -> str:
    """A TITP intern whose stage (ii) began ``months_before`` months before 2027-04-01,
    with everything else stage (iii) needs on that day; its global id."""
    began = ESD_DAY - relativedelta(months=months_before)

    def make(session: Session) -> int:
        company = factories.host_company(session, "Stage III KK")
        person = factories.candidate(
            session,
            factories.call(session, "VN"),
            "in_japan_ii",
            host_company_id=company.id,
            entered_japan_on=began - relativedelta(years=1),
            programme="titp",
        )
        factories.stage(session, person, "i", started_on=began - relativedelta(years=1))
        factories.stage(session, person, "ii", started_on=began)
        key, host = person.id or 0, company.id or 0
        factories.pass_gate(session, key, "iii", host, date(2027, 1, 5))
        factories.prepare_stage_iii(
            session,
            key,
            host,
            left_japan_on=date(2027, 1, 10),
            returned_on=date(2027, 3, 1),
            valid_from=date(2026, 1, 1),
            valid_to=date(2028, 3, 31),
        )
        return key

    return global_id("Candidate", factories.build(settings, make))


def status_of(api: TestClient, intern: str) -> str:
    found = gql(api, "query($id: ID!) { candidate(id: $id) { status } }", {"id": intern})
    status: str = found["candidate"]["status"]
    return status


def test_eleven_months_of_stage_ii_on_the_day_is_not_enough(
    api: TestClient, db_settings: Settings
) -> None:
    intern = intern_in_stage_ii(db_settings, 11)
    with frozen_at(ESD_DAY):
        before = snapshot(db_settings)
        errors = mutate(api, "advanceStage", {"candidateId": intern, "startsOn": "2027-04-01"})[
            "errors"
        ]
    assert [(e["field"], e["code"]) for e in errors] == [("startsOn", "NOT_ALLOWED_STATE")]
    assert errors[0]["message"] == (
        "a stage (iii) starting on 2027-04-01, on or after 2027-04-01, needs stage (ii) begun "
        "at least 12 months before 2027-04-01, by 2026-04-01 (rule "
        "transition.titp.stage_iii.stage_ii_months); stage (ii) began on 2026-05-01 "
        f"(source: {STAGE_III_TRANSITION})"
    )
    assert snapshot(db_settings) == before
    assert status_of(api, intern) == "IN_JAPAN_II"


def test_twelve_months_of_stage_ii_on_the_day_is_enough(
    api: TestClient, db_settings: Settings
) -> None:
    intern = intern_in_stage_ii(db_settings, 12)
    with frozen_at(ESD_DAY):
        payload = mutate(api, "advanceStage", {"candidateId": intern, "startsOn": "2027-04-01"})
    assert payload["errors"] == []
    assert status_of(api, intern) == "IN_JAPAN_III"


def test_a_stage_iii_starting_the_day_before_is_not_bound(
    api: TestClient, db_settings: Settings
) -> None:
    intern = intern_in_stage_ii(db_settings, 11)
    with frozen_at(date(2027, 3, 31)):
        payload = mutate(api, "advanceStage", {"candidateId": intern, "startsOn": "2027-03-31"})
    assert payload["errors"] == []
    assert status_of(api, intern) == "IN_JAPAN_III"
