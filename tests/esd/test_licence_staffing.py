"""The ESD supervising support licence (監理支援機関): its external auditor mandatory,
its validity bounded by the rules (longer when excellent), and the staffing check
against the ratios per full-time staff member, with its statement count and access."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import HostCompany, SupervisionLicence
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import gql, mutation, post
from tests.esd.world import employment
from tests.factories import build, call, candidate, host_company
from tests.lifecycle.helpers import snapshot
from tests.sql import recorded_statements

pytestmark = pytest.mark.database

LICENCE = "kind validFrom validTo excellent externalAuditor fullTimeStaff"
RECORD = f"licence {{ {LICENCE} }} errors {{ field message code }}"
CHECK = f"""query($on: Date!) {{ staffingCheck(on: $on) {{
  on licence {{ {LICENCE} }} fullTimeStaff hostCompanies workers companiesPerStaff
  workersPerStaff warnings {{ rule limit actual message sourceUrl }} }} }}"""


def licence(api: TestClient, **given: Any) -> dict[str, Any]:
    data = {
        "kind": "ESD_SUPERVISING_SUPPORT",
        "validFrom": "2027-04-01",
        "validTo": "2030-03-31",
        "externalAuditor": "Yamada Gyoseishoshi Office",
        "fullTimeStaff": 3,
        **given,
    }
    return mutation(api, "recordSupervisionLicence", RECORD, data)


def test_an_esd_licence_is_kept_with_its_auditor_staff_and_excellence(
    api: TestClient, db_settings: Settings
) -> None:
    recorded = licence(api)
    assert recorded["errors"] == []
    assert recorded["licence"] == {
        "kind": "ESD_SUPERVISING_SUPPORT",
        "validFrom": "2027-04-01",
        "validTo": "2030-03-31",
        "excellent": None,
        "externalAuditor": "Yamada Gyoseishoshi Office",
        "fullTimeStaff": 3,
    }
    # Excellent: five years (to the day before the fifth anniversary).
    excellent = licence(api, excellent=True, validTo="2032-03-31")
    assert excellent["errors"] == [] and excellent["licence"]["excellent"] is True
    # A TITP licence needs no auditor and keeps its own validity.
    titp = licence(api, kind="TITP_GENERAL", externalAuditor=None, validTo="2035-01-01")
    assert titp["errors"] == []
    listed = gql(api, "{ supervisionLicences { kind externalAuditor fullTimeStaff } }")
    assert len(listed["supervisionLicences"]) == 3


@pytest.mark.parametrize(
    ("given", "field", "code", "says"),
    [
        ({"externalAuditor": None}, "externalAuditor", "REQUIRED", "kouhaku-st.com"),
        ({"validTo": "2030-04-01"}, "validTo", "INVALID", "2030-03-31 at the latest"),
        (
            {"validTo": "2032-04-01", "excellent": True},
            "validTo",
            "INVALID",
            "esd.licence.years_excellent",
        ),
        ({"validTo": "2032-03-31", "excellent": False}, "validTo", "INVALID", "at most 3 years"),
    ],
)
def test_refused_licences_write_nothing(
    api: TestClient,
    db_settings: Settings,
    given: dict[str, Any],
    field: str,
    code: str,
    says: str,
) -> None:
    before = snapshot(db_settings)
    payload = licence(api, **given)
    assert payload["licence"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert says in payload["errors"][0]["message"]
    assert snapshot(db_settings) == before


def _workers(session: Session, companies: list[HostCompany], per_company: list[int]) -> None:
    """``per_company[i]`` ESD workers employed by ``companies[i]`` from 2027-04-01."""
    vn = call(session, "VN")
    for company, count in zip(companies, per_company, strict=True):
        for _ in range(count):
            person = candidate(session, vn, "in_japan_esd", programme="esd")
            employment(session, person, company)


def _world(session: Session) -> None:
    """Two licences (an old one with 1 staff to 2027-03-31, the ESD one with 2 from
    2027-04-01); 16 host companies with 80 workers employed on 2027-06-01, plus a
    worker who left before and one who starts after, and a transfer on the day."""
    session.add(
        SupervisionLicence(
            kind="esd_supervising_support",
            valid_from=date(2026, 4, 1),
            valid_to=date(2027, 3, 31),
            full_time_staff=1,
            external_auditor="Old auditor",
        )
    )
    session.add(
        SupervisionLicence(
            kind="esd_supervising_support",
            valid_from=date(2027, 4, 1),
            valid_to=date(2030, 3, 31),
            full_time_staff=2,
            external_auditor="Yamada",
        )
    )
    companies = [host_company(session, f"Host {n}") for n in range(17)]
    # 16 companies x 5 = 80 workers on the day: 8 companies and 40 workers per staff member.
    _workers(session, companies[:16], [5] * 16)
    vn = call(session, "TH")
    left = candidate(session, vn, "in_japan_esd", programme="esd")
    employment(session, left, companies[16], date(2027, 4, 1), ended_on=date(2027, 5, 1))
    later = candidate(session, vn, "in_japan_esd", programme="esd")
    employment(session, later, companies[16], date(2027, 6, 2))
    # A transfer on the day: the old employment ends it, the new one begins it.
    moved = candidate(session, vn, "in_japan_esd", programme="esd")
    employment(session, moved, companies[16], date(2027, 4, 1), ended_on=date(2027, 6, 1))
    employment(session, moved, companies[0], date(2027, 6, 1))


def test_the_staffing_check_counts_and_warns_at_the_limits(
    api: TestClient, db_settings: Settings
) -> None:
    build(db_settings, _world)
    found = gql(api, CHECK, {"on": "2027-06-01"})["staffingCheck"]
    assert found["licence"]["validFrom"] == "2027-04-01"
    assert found["fullTimeStaff"] == 2
    # 16 companies; 80 workers + the one moved on the day (counted once, at Host 0).
    assert (found["hostCompanies"], found["workers"]) == (16, 81)
    assert (found["companiesPerStaff"], found["workersPerStaff"]) == (8.0, 40.5)
    warned = {w["rule"]: w for w in found["warnings"]}
    assert set(warned) == {"esd.licence.companies_per_staff", "esd.licence.workers_per_staff"}
    assert warned["esd.licence.companies_per_staff"]["limit"] == 8
    assert warned["esd.licence.companies_per_staff"]["actual"] == 8.0
    assert warned["esd.licence.workers_per_staff"]["actual"] == 40.5
    assert "fewer than 40" in warned["esd.licence.workers_per_staff"]["message"]
    assert warned["esd.licence.workers_per_staff"]["sourceUrl"] == (
        "https://office-rapito.com/2026/02/kanrisienkikan"
    )
    # The day before the transfer: Host 16 still employs the moved worker (17 companies).
    before = gql(api, CHECK, {"on": "2027-05-31"})["staffingCheck"]
    assert (before["hostCompanies"], before["workers"]) == (17, 81)
    # Under the old licence: one staff member, under the minimum of 2.
    old = gql(api, CHECK, {"on": "2027-03-31"})["staffingCheck"]
    assert old["fullTimeStaff"] == 1 and (old["hostCompanies"], old["workers"]) == (0, 0)
    assert [(w["rule"], w["limit"], w["actual"]) for w in old["warnings"]] == [
        ("esd.licence.min_staff", 2, 1.0)
    ]
    # No licence at all: staff unknown, ratios null, the minimum warned as unknown.
    none = gql(api, CHECK, {"on": "2030-04-01"})["staffingCheck"]
    assert none["licence"] is None and none["fullTimeStaff"] is None
    assert none["companiesPerStaff"] is None and none["workersPerStaff"] is None
    assert [(w["rule"], w["actual"]) for w in none["warnings"]] == [("esd.licence.min_staff", None)]


def test_below_the_limits_nothing_is_warned(api: TestClient, db_settings: Settings) -> None:
    def world(session: Session) -> None:
        session.add(
            SupervisionLicence(
                kind="esd_supervising_support",
                valid_from=date(2027, 4, 1),
                valid_to=date(2030, 3, 31),
                full_time_staff=2,
                external_auditor="Yamada",
            )
        )
        companies = [host_company(session, f"Host {n}") for n in range(15)]
        # 15 companies (7.5 per staff member) and 79 workers (39.5).
        _workers(session, companies, [6] * 4 + [5] * 11)

    build(db_settings, world)
    found = gql(api, CHECK, {"on": "2027-04-01"})["staffingCheck"]
    assert (found["companiesPerStaff"], found["workersPerStaff"]) == (7.5, 39.5)
    assert found["warnings"] == []


def test_the_check_reads_a_fixed_number_of_statements(
    api: TestClient, db_settings: Settings
) -> None:
    engines = api.app.state.db.engines  # type: ignore[attr-defined]

    def counted() -> list[str]:
        with recorded_statements(*engines) as seen:
            gql(api, CHECK, {"on": "2027-06-01"})
        return [s for s in seen if any(t in s for t in ("esd_", "supervision_", "rule_value"))]

    empty = counted()
    build(db_settings, _world)
    assert len(counted()) == len(empty) == 3


def test_only_im_japan_sees_the_staffing_check(api: TestClient, db_settings: Settings) -> None:
    def world(session: Session) -> int:
        return host_company(session).id or 0

    company = build(db_settings, world)
    refused = {
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "vn_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="VN"),
        "company": signed_in(api, Role.HOST_COMPANY, host_company_id=company),
    }
    for role, headers in refused.items():
        body = post(api, CHECK, {"on": "2027-06-01"}, headers=headers)
        assert body["data"]["staffingCheck"] is None, role
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], role
    staff = signed_in(api, Role.STAFF)
    assert gql(api, CHECK, {"on": "2027-06-01"}, staff)["staffingCheck"]["workers"] == 0
    authorization = api.headers.pop("Authorization")
    try:
        body = post(api, CHECK, {"on": "2027-06-01"})
    finally:
        api.headers["Authorization"] = authorization
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
