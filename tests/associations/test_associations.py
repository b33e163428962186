"""Associations of presidents (IKAPEKSI): returnees join a board and record the
businesses they found; and an embassy's view of its nationals in Japan. Over
HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import Candidate
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import global_id, post
from tests.factories import build, call, candidate, host_company, ids, stage
from tests.lifecycle.helpers import ERRORS, snapshot

World = dict[str, int]

MEMBER = (
    "id candidateId fullName countryCode associationId boardId board { id name } region "
    "joinedOn businesses { name sector region foundedYear employees }"
)
JOIN = (
    "mutation($input: JoinAssociationInput!) { joinAssociation(input: $input) "
    f"{{ member {{ {MEMBER} }} {ERRORS} }} }}"
)
RECORD = (
    "mutation($input: RecordFoundedBusinessInput!) { recordFoundedBusiness(input: $input) "
    f"{{ business {{ name foundedYear }} member {{ {MEMBER} }} {ERRORS} }} }}"
)
MEMBERS = (
    "query($c: String!, $a: String!) { associationMembers(countryCode: $c, associationId: $a) "
    f"{{ edges {{ node {{ {MEMBER} }} }} }} }}"
)


def build_world(session: Session) -> World:
    calls = {
        code: call(session, code, opens_on=date(2020, 1, 1), closes_on=date(2020, 2, 1))
        for code in ("ID", "TH", "VN")
    }
    company = host_company(session)

    def person(code: str, status: str, name: str) -> Candidate:
        in_japan = status.startswith("in_japan")
        return candidate(
            session,
            calls[code],
            status,
            full_name=name,
            date_of_birth=date(1998, 1, 1),
            host_company_id=company.id if in_japan else None,
            entered_japan_on=date(2023, 4, 1) if in_japan else None,
            returned_on=date(2023, 6, 1) if status == "returned" else None,
            return_outcome="completed" if status == "returned" else None,
        )

    people = {
        "id_returned": person("ID", "returned", "Budi Santoso"),
        "id_in_japan": person("ID", "in_japan_ii", "Agus Salim"),
        "vn_returned": person("VN", "returned", "Nguyen Van An"),
        "th_in_japan": person("TH", "in_japan_i", "Somchai Jaidee"),
        "th_registered": person("TH", "registered", "Anan Boonmee"),
        "th_returned": person("TH", "returned", "Preecha Srisuk"),
        "vn_in_japan": person("VN", "in_japan_i", "Tran Thi Binh"),
    }
    for key in ("id_in_japan", "th_in_japan", "vn_in_japan"):
        stage(session, people[key], started_on=date(2023, 4, 1))
    return ids(people)


@pytest.fixture
def world(api: TestClient, db_settings: Settings) -> World:
    return build(db_settings, build_world)


def join(
    api: TestClient, data: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    body = post(api, JOIN, {"input": data}, headers)
    assert "errors" not in body, body["errors"]
    payload: dict[str, Any] = body["data"]["joinAssociation"]
    return payload


def record(
    api: TestClient, data: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    body = post(api, RECORD, {"input": data}, headers)
    assert "errors" not in body, body["errors"]
    payload: dict[str, Any] = body["data"]["recordFoundedBusiness"]
    return payload


def members(
    api: TestClient, headers: dict[str, str] | None = None, country: str = "ID"
) -> list[dict[str, Any]]:
    body = post(api, MEMBERS, {"c": country, "a": "ikapeksi"}, headers)
    assert "errors" not in body, body["errors"]
    return [edge["node"] for edge in body["data"]["associationMembers"]["edges"]]


def regional(candidate_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "candidateId": global_id("Candidate", candidate_id),
        "associationId": "ikapeksi",
        "region": "Jawa Timur",
        "joinedOn": "2024-01-15",
        **extra,
    }


BUSINESS = {
    "name": "LPK Sakura Mandiri",
    "sector": "Japanese-language training centre",
    "region": "Surabaya",
    "foundedYear": 2024,
    "employees": 6,
}


def codes(payload: dict[str, Any]) -> set[tuple[str | None, str]]:
    return {(error["field"], error["code"]) for error in payload["errors"]}


@pytest.mark.database
def test_a_returnee_joins_a_regional_board_and_records_a_business(
    api: TestClient, world: World
) -> None:
    joined = join(api, regional(world["id_returned"]))
    assert joined["errors"] == []
    member = joined["member"]
    assert member["fullName"] == "Budi Santoso"
    assert (member["boardId"], member["board"], member["region"]) == (None, None, "Jawa Timur")

    recorded = record(api, {"membershipId": member["id"], **BUSINESS})
    assert recorded["errors"] == []
    assert recorded["business"] == {"name": "LPK Sakura Mandiri", "foundedYear": 2024}

    listed = members(api)
    assert listed == [
        {
            "id": member["id"],
            "candidateId": global_id("Candidate", world["id_returned"]),
            "fullName": "Budi Santoso",
            "countryCode": "ID",
            "associationId": "ikapeksi",
            "boardId": None,
            "board": None,
            "region": "Jawa Timur",
            "joinedOn": "2024-01-15",
            "businesses": [BUSINESS],
        }
    ]


@pytest.mark.database
def test_the_central_board_is_named_by_its_catalogue_id(api: TestClient, world: World) -> None:
    data = {
        "candidateId": global_id("Candidate", world["id_returned"]),
        "associationId": "ikapeksi",
        "boardId": "dpp",
        "joinedOn": "2024-01-15",
    }
    member = join(api, data)["member"]
    assert member["board"] == {"id": "dpp", "name": "Central board"}
    again = join(api, regional(world["id_returned"]))
    assert codes(again) == {("associationId", "DUPLICATE")}


@pytest.mark.database
def test_only_the_candidates_countrys_associations_and_only_returnees(
    api: TestClient, world: World, db_settings: Settings
) -> None:
    before = snapshot(db_settings)
    foreign = join(api, regional(world["vn_returned"]))
    assert foreign["member"] is None
    assert codes(foreign) == {("associationId", "NOT_FOUND")}
    still_in_japan = join(api, regional(world["id_in_japan"]))
    assert codes(still_in_japan) == {("candidateId", "NOT_ALLOWED_STATE")}
    assert snapshot(db_settings) == before
    assert members(api) == []


@pytest.mark.database
def test_bad_input_gets_field_errors_and_changes_nothing(
    api: TestClient, world: World, db_settings: Settings
) -> None:
    member = join(api, regional(world["id_returned"]))["member"]
    before = snapshot(db_settings)
    cases: list[tuple[str, dict[str, Any], set[tuple[str | None, str]]]] = [
        (
            JOIN,
            {},
            {("candidateId", "REQUIRED"), ("associationId", "REQUIRED"), ("joinedOn", "REQUIRED")},
        ),
        (JOIN, regional(world["id_returned"], joinedOn="2999-01-01"), {("joinedOn", "INVALID")}),
        (JOIN, regional(world["id_returned"], joinedOn="2023-01-01"), {("joinedOn", "INVALID")}),
        (JOIN, regional(world["id_returned"], boardId="dpp"), {("region", "INVALID")}),
        (JOIN, regional(world["id_returned"], region=None), {("region", "REQUIRED")}),
        (
            JOIN,
            regional(world["id_returned"], region=None, boardId="dpd-jatim"),
            {("boardId", "NOT_FOUND")},
        ),
        (JOIN, regional(999_999), {("candidateId", "NOT_FOUND")}),
        (
            RECORD,
            {},
            {
                ("membershipId", "REQUIRED"),
                ("name", "REQUIRED"),
                ("sector", "REQUIRED"),
                ("region", "REQUIRED"),
                ("foundedYear", "REQUIRED"),
                ("employees", "REQUIRED"),
            },
        ),
        (
            RECORD,
            {"membershipId": member["id"], **BUSINESS, "foundedYear": 1949, "employees": -1},
            {("foundedYear", "INVALID"), ("employees", "INVALID")},
        ),
        (
            RECORD,
            {"membershipId": member["id"], **BUSINESS, "foundedYear": date.today().year + 1},
            {("foundedYear", "INVALID")},
        ),
        (
            RECORD,
            {"membershipId": member["id"], **BUSINESS, "foundedYear": 2022},
            {("foundedYear", "INVALID")},
        ),
        (RECORD, {"membershipId": member["id"], **BUSINESS, "name": " "}, {("name", "INVALID")}),
        (
            RECORD,
            {"membershipId": global_id("AssociationMember", 999_999), **BUSINESS},
            {("membershipId", "NOT_FOUND")},
        ),
    ]
    for query, data, expected in cases:
        body = post(api, query, {"input": data})
        assert "errors" not in body, body["errors"]
        payload = next(iter(body["data"].values()))
        assert codes(payload) == expected, (data, payload["errors"])
        assert all(value is None for key, value in payload.items() if key != "errors")
    # Not a date at all: the Date scalar refuses it before anything runs, naming the field.
    response = api.post(
        "/graphql",
        json={
            "query": JOIN,
            "variables": {"input": regional(world["id_returned"], joinedOn="15/01/2024")},
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith(
        'Variable $input.joinedOn: "15/01/2024" is not a date'
    )
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_a_ministry_sees_and_adds_to_its_own_country_only(api: TestClient, world: World) -> None:
    member = join(api, regional(world["id_returned"]))["member"]
    vietnam = signed_in(api, Role.MINISTRY_OFFICER, country_code="VN")
    indonesia = signed_in(api, Role.MINISTRY_OFFICER, country_code="ID")
    assert members(api, vietnam) == []
    refused = record(api, {"membershipId": member["id"], **BUSINESS}, vietnam)
    assert codes(refused) == {("membershipId", "NOT_FOUND")}
    assert codes(join(api, regional(world["id_returned"]), vietnam)) == {
        ("candidateId", "NOT_FOUND")
    }
    assert [m["fullName"] for m in members(api, indonesia)] == ["Budi Santoso"]
    assert record(api, {"membershipId": member["id"], **BUSINESS}, indonesia)["errors"] == []
    assert members(api)[0]["businesses"] == [BUSINESS]
    embassy = signed_in(api, Role.EMBASSY_OFFICER, country_code="ID")
    body = post(api, MEMBERS, {"c": "ID", "a": "ikapeksi"}, embassy)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.database
def test_an_embassy_lists_its_nationals_in_japan(api: TestClient, world: World) -> None:
    embassy = signed_in(api, Role.EMBASSY_OFFICER, country_code="TH")
    query = (
        "{ candidates(first: 100) { totalCount edges { node { fullName status "
        "stages { stage } hostCompany { name prefecture } } } } }"
    )
    body = post(api, query, headers=embassy)
    assert "errors" not in body, body["errors"]
    page = body["data"]["candidates"]
    assert page["totalCount"] == 1
    assert [edge["node"] for edge in page["edges"]] == [
        {
            "fullName": "Somchai Jaidee",
            "status": "IN_JAPAN_I",
            "stages": [{"stage": "I"}],
            "hostCompany": {"name": "Gifu Casting", "prefecture": "Gifu"},
        }
    ]
    by_country = post(
        api, '{ candidates(filter: {countryCode: "VN"}) { totalCount } }', headers=embassy
    )
    assert by_country["data"]["candidates"]["totalCount"] == 0
