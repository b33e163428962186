"""Recording the stage (iii) conditions over HTTP: an excellence period's score against
the rule's share of 150, the validity dates, and the home stay between (ii) and (iii)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.settings import Settings
from tests import factories
from tests.client import global_id, gql
from tests.lifecycle.helpers import snapshot
from tests.supervision.stage_helpers import record, recorded

pytestmark = pytest.mark.database


def build_interns(settings: Settings) -> dict[str, str]:
    """An intern in stage (ii) since 2025-04-01 and one in stage (i), at one company."""

    def make(session: Session) -> dict[str, str]:
        company = factories.host_company(session, "Conditions KK")
        vn = factories.call(session, "VN")
        second = factories.candidate(session, vn, "in_japan_ii", host_company_id=company.id)
        first = factories.candidate(session, vn, "in_japan_i", host_company_id=company.id)
        factories.stage(session, second, "i", started_on=date(2024, 4, 1))
        factories.stage(session, second, "ii", started_on=date(2025, 4, 1))
        factories.stage(session, first, "i", started_on=date(2025, 4, 1))
        return {
            "second": global_id("Candidate", second.id),
            "first": global_id("Candidate", first.id),
            "company": global_id("HostCompany", company.id),
        }

    return factories.build(settings, make)


def refused(api: TestClient, settings: Settings, name: str, data: dict[str, Any]) -> dict[str, Any]:
    before = snapshot(settings)
    errors = record(api, name, data)["errors"]
    assert snapshot(settings) == before
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    return error


def test_an_excellence_score_below_the_rule_is_refused(
    api: TestClient, db_settings: Settings
) -> None:
    """The rule's share is 60/100 of 150 points: 90 is excellent, 89 is not."""
    world = build_interns(db_settings)
    period = {"hostCompanyId": world["company"], "validFrom": "2026-04-01", "validTo": "2029-03-31"}
    error = refused(api, db_settings, "recordHostCompanyExcellence", {**period, "score": 89})
    assert (error["field"], error["code"]) == ("score", "INVALID")
    assert error["message"] == (
        "89 of 150 points is not excellent: it takes at least 90 (rule titp.excellent.score_share)"
    )
    shown = recorded(api, "recordHostCompanyExcellence", {**period, "score": 90})["excellence"]
    assert shown == {"validFrom": "2026-04-01", "validTo": "2029-03-31", "score": 90}
    # The score is not always known: a period without one is recorded as such.
    assert recorded(api, "recordHostCompanyExcellence", period)["excellence"]["score"] is None
    error = refused(api, db_settings, "recordHostCompanyExcellence", {**period, "score": 151})
    assert error["field"] == "score"


@pytest.mark.parametrize("name", ["recordHostCompanyExcellence", "recordSupervisionLicence"])
def test_a_validity_ending_before_it_starts_is_refused(
    api: TestClient, db_settings: Settings, name: str
) -> None:
    world = build_interns(db_settings)
    data: dict[str, Any] = {"validFrom": "2026-04-01", "validTo": "2026-03-31"}
    data |= (
        {"hostCompanyId": world["company"]}
        if name == "recordHostCompanyExcellence"
        else {"kind": "TITP_GENERAL"}
    )
    error = refused(api, db_settings, name, data)
    assert (error["field"], error["message"]) == ("validTo", "validTo is before validFrom")


def test_a_licence_is_recorded_with_its_number_when_known(
    api: TestClient, db_settings: Settings
) -> None:
    build_interns(db_settings)
    licence = recorded(
        api,
        "recordSupervisionLicence",
        {"kind": "TITP_GENERAL", "validFrom": "2022-04-01", "validTo": "2027-03-31"},
    )["licence"]
    assert licence == {
        "kind": "TITP_GENERAL",
        "licenceNumber": None,
        "validFrom": "2022-04-01",
        "validTo": "2027-03-31",
    }


@pytest.mark.parametrize(
    ("who", "left", "back", "field", "code", "says"),
    [
        (
            "first",
            "2025-06-01",
            "2025-07-15",
            "candidateId",
            "NOT_ALLOWED_STATE",
            "a home stay is recorded between stages (ii) and (iii), for an intern in (ii)",
        ),
        (
            "second",
            "2025-04-01",
            "2025-05-15",
            "leftJapanOn",
            "INVALID",
            "the home stay begins after stage (ii) started (2025-04-01)",
        ),
        (
            "second",
            "2026-06-01",
            "2026-06-01",
            "returnedOn",
            "INVALID",
            "returnedOn is not after leftJapanOn",
        ),
    ],
)
def test_a_home_stay_outside_stage_ii_is_refused(
    api: TestClient,
    db_settings: Settings,
    who: str,
    left: str,
    back: str,
    field: str,
    code: str,
    says: str,
) -> None:
    world = build_interns(db_settings)
    data = {"candidateId": world[who], "leftJapanOn": left, "returnedOn": back}
    error = refused(api, db_settings, "recordHomeStay", data)
    assert (error["field"], error["code"], error["message"]) == (field, code, says)


def test_home_stays_are_listed_with_the_candidate(api: TestClient, db_settings: Settings) -> None:
    world = build_interns(db_settings)
    recorded(
        api,
        "recordHomeStay",
        {"candidateId": world["second"], "leftJapanOn": "2026-05-01", "returnedOn": "2026-06-15"},
    )
    shown = gql(
        api,
        "query($id: ID!) { candidate(id: $id) { homeStays { leftJapanOn returnedOn } } }",
        {"id": world["second"]},
    )
    assert shown["candidate"]["homeStays"] == [
        {"leftJapanOn": "2026-05-01", "returnedOn": "2026-06-15"}
    ]
