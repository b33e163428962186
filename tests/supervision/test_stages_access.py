"""Who reads and writes the sittings and the stage (iii) records, per role, on SQLite
and PostgreSQL: IM Japan everything; the ministry and the embassy of the intern's
country and the intern's host company the intern's sittings and home stays; another
country's ministry and another host company nothing of them; the excellence periods
for IM Japan and the company itself; the licences for IM Japan; anonymous nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import HomeStay, HostCompanyExcellence, SupervisionLicence
from core.settings import Settings
from tests import factories
from tests.accounts import signed_in
from tests.client import global_id, post
from tests.lifecycle.helpers import snapshot

pytestmark = pytest.mark.database


def build_world(session: Session) -> dict[str, int]:
    """A Vietnamese intern in stage (ii) at company A (two sittings, a home stay), a Thai
    intern in stage (i) at company B (one sitting); A excellent; IM Japan's licence."""
    companies = {key: factories.host_company(session, f"Access {key}") for key in ("A", "B")}
    vn = factories.candidate(
        session,
        factories.call(session, "VN"),
        "in_japan_ii",
        host_company_id=companies["A"].id,
    )
    th = factories.candidate(
        session, factories.call(session, "TH"), "in_japan_i", host_company_id=companies["B"].id
    )
    factories.stage(session, vn, "i", started_on=date(2024, 4, 1))
    factories.stage(session, vn, "ii", started_on=date(2025, 4, 1))
    factories.stage(session, th, "i", started_on=date(2026, 1, 1))
    vn_id, th_id = vn.id or 0, th.id or 0
    failed = factories.sitting(
        session, vn_id, "i", "basic", "written", date(2025, 1, 10), passed=False
    )
    factories.sitting(session, vn_id, "i", "basic", "written", date(2025, 2, 10))
    factories.sitting(session, th_id, "i", "basic", "practical", date(2026, 6, 1))
    session.add(
        HomeStay(candidate_id=vn_id, left_japan_on=date(2026, 5, 1), returned_on=date(2026, 6, 15))
    )
    session.add(
        HostCompanyExcellence(
            host_company_id=companies["A"].id or 0,
            score=100,
            valid_from=date(2025, 4, 1),
            valid_to=date(2027, 3, 31),
        )
    )
    session.add(
        SupervisionLicence(
            kind="titp_general", valid_from=date(2022, 1, 1), valid_to=date(2027, 1, 1)
        )
    )
    session.flush()
    return {
        "vn": vn_id,
        "th": th_id,
        "sitting": failed.id or 0,
        "A": companies["A"].id or 0,
        "B": companies["B"].id or 0,
    }


def readers(api: TestClient, world: dict[str, int]) -> dict[str, dict[str, str]]:
    return {
        "staff": signed_in(api, Role.STAFF),
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "id_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="ID"),
        "vn_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="VN"),
        "company_a": signed_in(api, Role.HOST_COMPANY, host_company_id=world["A"]),
        "company_b": signed_in(api, Role.HOST_COMPANY, host_company_id=world["B"]),
        "anonymous": {},
    }


LIST = "{ skillsTestSittings(first: 50) { totalCount edges { node { satOn passed } } } }"
CANDIDATE = """query($id: ID!) { candidate(id: $id) { id
  skillsTestSittings { satOn passed } homeStays { leftJapanOn returnedOn } } }"""
COMPANY = "query($id: ID!) { hostCompany(id: $id) { name excellence { validFrom score } } }"
LICENCES = "{ supervisionLicences { kind validFrom validTo } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on SkillsTestSitting { satOn passed } } }"

SITTINGS_LISTED = {
    "staff": 3,
    "vn_ministry": 2,
    "id_ministry": 0,
    "vn_embassy": 2,
    "company_a": 2,
    "company_b": 1,
}
"""How many sittings each role's list holds: those of the interns it sees."""
SEES_THE_VN_INTERN = {"staff", "vn_ministry", "vn_embassy", "company_a"}
READS_EXCELLENCE = {"staff", "company_a"}


def ask(api: TestClient, headers: dict[str, str], query: str, **variables: Any) -> dict[str, Any]:
    """``query`` as the reader of ``headers`` (none: anonymous, without the api client's
    own administrator's token)."""
    if headers:
        return post(api, query, variables, headers=headers)
    authorization = api.headers.pop("Authorization")
    try:
        return post(api, query, variables)
    finally:
        api.headers["Authorization"] = authorization


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def test_each_role_reads_the_sittings_of_the_interns_it_sees(
    api: TestClient, db_settings: Settings
) -> None:
    world = factories.build(db_settings, build_world)
    vn, sitting = (
        global_id("Candidate", world["vn"]),
        global_id("SkillsTestSitting", world["sitting"]),
    )
    for role, headers in readers(api, world).items():
        listed = ask(api, headers, LIST)
        if role == "anonymous":
            assert codes(listed) == ["UNAUTHENTICATED"]
            continue
        assert listed["data"]["skillsTestSittings"]["totalCount"] == SITTINGS_LISTED[role], role
        one = ask(api, headers, CANDIDATE, id=vn)["data"]["candidate"]
        node = ask(api, headers, NODE, id=sitting)["data"]["node"]
        if role in SEES_THE_VN_INTERN:
            assert [s["passed"] for s in one["skillsTestSittings"]] == [False, True], role
            assert one["homeStays"] == [{"leftJapanOn": "2026-05-01", "returnedOn": "2026-06-15"}]
            assert node == {"id": sitting, "satOn": "2025-01-10", "passed": False}, role
        else:
            assert one is None and node is None, role


def test_excellence_is_for_im_japan_and_the_company_itself(
    api: TestClient, db_settings: Settings
) -> None:
    world = factories.build(db_settings, build_world)
    company = global_id("HostCompany", world["A"])
    for role, headers in readers(api, world).items():
        body = ask(api, headers, COMPANY, id=company)
        if role == "anonymous":
            assert codes(body) == ["UNAUTHENTICATED"]
            continue
        found = body["data"]["hostCompany"]
        if role in READS_EXCELLENCE:
            assert found["excellence"] == [{"validFrom": "2025-04-01", "score": 100}], role
        elif role in SEES_THE_VN_INTERN:  # sees the company through its intern, not this
            assert found == {"name": "Access A", "excellence": None}, role
            assert codes(body) == ["FORBIDDEN"], role
        else:
            assert found is None, role


def test_the_licences_are_for_im_japan(api: TestClient, db_settings: Settings) -> None:
    world = factories.build(db_settings, build_world)
    for role, headers in readers(api, world).items():
        body = ask(api, headers, LICENCES)
        if role == "staff":
            assert body["data"]["supervisionLicences"] == [
                {"kind": "TITP_GENERAL", "validFrom": "2022-01-01", "validTo": "2027-01-01"}
            ]
        else:
            assert body["data"]["supervisionLicences"] is None, role
            assert codes(body) == ["UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"]


WRITES = {
    "recordSkillsTestSitting": lambda w: {
        "candidateId": global_id("Candidate", w["vn"]),
        "stage": "II",
        "grade": "GRADE_3",
        "part": "PRACTICAL",
        "satOn": "2026-07-01",
        "passed": True,
    },
    "recordHostCompanyExcellence": lambda w: {
        "hostCompanyId": global_id("HostCompany", w["B"]),
        "validFrom": "2026-01-01",
        "validTo": "2027-01-01",
    },
    "recordSupervisionLicence": lambda w: {
        "kind": "TITP_GENERAL",
        "validFrom": "2027-01-02",
        "validTo": "2032-01-01",
    },
    "recordHomeStay": lambda w: {
        "candidateId": global_id("Candidate", w["vn"]),
        "leftJapanOn": "2026-07-01",
        "returnedOn": "2026-08-15",
    },
}
WRITERS = {
    "recordSkillsTestSitting": {"staff"},
    "recordHostCompanyExcellence": {"staff"},
    "recordSupervisionLicence": set(),  # the administrator's (the api client's) alone
    "recordHomeStay": {"staff"},
}


def test_only_im_japan_writes_and_the_licences_only_its_administrator(
    api: TestClient, db_settings: Settings
) -> None:
    world = factories.build(db_settings, build_world)
    roles = readers(api, world)
    before = snapshot(db_settings)
    for name, data in WRITES.items():
        input_type = f"{name[0].upper()}{name[1:]}Input"
        query = f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ errors {{ field }} }} }}"
        for role, headers in roles.items():
            if role in WRITERS[name]:
                continue
            body = ask(api, headers, query, i=data(world))
            expected = "UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"
            assert codes(body) == [expected], (name, role)
    assert snapshot(db_settings) == before
    for name, data in WRITES.items():
        input_type = f"{name[0].upper()}{name[1:]}Input"
        query = f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ errors {{ field }} }} }}"
        writer = roles["staff"] if WRITERS[name] else None
        body = post(api, query, {"i": data(world)}, headers=writer)
        assert body["data"][name]["errors"] == [], (name, body)
