"""OTIT's occupations: the list by code in natural order, one by code, the refusal helper
the other services use, and the codes a recruitment call names."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.testclient import TestClient

from core.db.models import Occupation
from core.errors import DomainValidationError, ErrorCode
from core.services.occupations import occupation_or_refuse
from core.settings import Settings
from tests.client import gql, mutation, post
from tests.factories import build, in_transaction
from tests.lifecycle.helpers import JOB_FIELDS, snapshot

pytestmark = pytest.mark.database

SHIPPED = ["1-1-1", "1-2-1", "2-1-9", "3-7-1", "4-10-1"]
LIST = """query($search: String, $iii: Boolean, $first: Int!, $after: String) {
  occupations(search: $search, stageIIIAllowed: $iii, first: $first, after: $after) {
    totalCount edges { node { code } } pageInfo { hasNextPage endCursor } } }"""


def codes(api: TestClient, **variables: object) -> list[str]:
    data = gql(api, LIST, {"first": 100, **variables})["occupations"]
    return [edge["node"]["code"] for edge in data["edges"]]


def add(session: Session, code: str, **columns: object) -> Occupation:
    row = Occupation(
        code=code,
        occupation_ja=columns.pop("occupation_ja", "試験職種"),
        source="test",
        source_list="test list",
        partial=False,
        tag="primary",
        **columns,
    )
    session.add(row)
    session.flush()
    return row


def test_the_shipped_partial_list_in_natural_order(api: TestClient, db_settings: Settings) -> None:
    assert codes(api) == SHIPPED
    build(db_settings, lambda session: [add(session, c) for c in ("1-10-1", "10-1-1", "1-1-2")])
    assert codes(api) == [
        "1-1-1",
        "1-1-2",
        "1-2-1",
        "1-10-1",
        *SHIPPED[2:],
        "10-1-1",
    ]
    one = gql(
        api,
        """{ occupation(code: "2-1-9") { id code occupationJa operationJa occupationEn
            operationEn stageIIAllowed stageIIIAllowed validFrom validTo source sourceList
            partial tag } }""",
    )["occupation"]
    assert one.pop("id")
    assert one == {
        "code": "2-1-9",
        "occupationJa": "漁船漁業",
        "operationJa": "棒受網漁業",
        "occupationEn": None,
        "operationEn": None,
        "stageIIAllowed": True,
        "stageIIIAllowed": False,
        "validFrom": None,
        "validTo": None,
        "source": one["source"],
        "sourceList": "reference examples (partial list)",
        "partial": True,
        "tag": "SECONDARY",
    }
    assert one["source"].startswith("https://www.kokusaikouryuu.com/")
    assert gql(api, '{ occupation(code: "9-9-9") { code } }')["occupation"] is None


def test_search_and_stage_iii_filters(api: TestClient) -> None:
    assert codes(api, search="漁") == ["2-1-9"]
    assert codes(api, search="1-") == ["1-1-1", "1-2-1"]
    assert codes(api, search="4-10") == ["4-10-1"]
    assert codes(api, search="養豚") == ["1-2-1"]
    assert codes(api, search="%") == []
    assert codes(api, iii=False) == ["2-1-9", "4-10-1"]
    assert codes(api, iii=True) == []


def test_pages_follow_the_cursor(api: TestClient) -> None:
    first = gql(api, LIST, {"first": 2})["occupations"]
    assert [e["node"]["code"] for e in first["edges"]] == SHIPPED[:2]
    assert first["totalCount"] == 5 and first["pageInfo"]["hasNextPage"] is True
    rest = gql(api, LIST, {"first": 10, "after": first["pageInfo"]["endCursor"]})["occupations"]
    assert [e["node"]["code"] for e in rest["edges"]] == SHIPPED[2:]


def test_an_occupation_by_global_id(api: TestClient) -> None:
    found = gql(api, '{ occupation(code: "1-1-1") { id code } }')["occupation"]
    node = gql(api, "query($id: ID!) { node(id: $id) { ... on Occupation { code } } }", found)
    assert node["node"] == {"code": "1-1-1"}


def refusal(settings: Settings, code: str, **given: object) -> tuple[str | None, str, str]:
    async def run(session: AsyncSession) -> Occupation:
        return await occupation_or_refuse(session, code, field="occupationCode", **given)

    with pytest.raises(DomainValidationError) as refused:
        in_transaction(settings, run)
    [error] = refused.value.errors
    return error.field, error.code, error.message


def test_occupation_or_refuse(db_settings: Settings) -> None:
    build(
        db_settings,
        lambda session: add(
            session,
            "5-1-1",
            valid_from=date(2025, 4, 1),
            valid_to=date(2027, 4, 1),
            stage_iii_allowed=True,
        ),
    )

    async def found(session: AsyncSession) -> list[str]:
        rows = [
            await occupation_or_refuse(session, "1-1-1", field="f", stage="ii"),
            await occupation_or_refuse(session, "2-1-9", field="f", day=date(2030, 1, 1)),
            await occupation_or_refuse(
                session, "5-1-1", field="f", day=date(2027, 3, 31), stage="iii"
            ),
            await occupation_or_refuse(session, "4-10-1", field="f", stage="i"),
        ]
        return [row.code for row in rows]

    assert in_transaction(db_settings, found) == ["1-1-1", "2-1-9", "5-1-1", "4-10-1"]
    field, code, message = refusal(db_settings, "9-9-9")
    assert (field, code) == ("occupationCode", ErrorCode.NOT_FOUND) and "'9-9-9'" in message
    for day in (date(2025, 3, 31), date(2027, 4, 1)):
        field, code, message = refusal(db_settings, "5-1-1", day=day)
        assert (field, code) == ("occupationCode", ErrorCode.INVALID)
        assert "2025-04-01 to 2027-04-01" in message
    field, code, message = refusal(db_settings, "2-1-9", stage="iii")
    assert (field, code) == ("occupationCode", ErrorCode.INVALID)
    assert message == "occupation 2-1-9 does not allow stage (iii)"
    field, code, message = refusal(db_settings, "1-1-1", stage="iii")
    assert (field, code) == ("occupationCode", ErrorCode.INVALID)
    assert "is unknown until OTIT's official list is imported" in message


CALL = """call { id occupationCodes occupations { code occupationJa } }
  errors { field message code }"""


def call_input(occupation_codes: list[str]) -> dict[str, object]:
    return {
        "countryCode": "VN",
        "label": "5/2026",
        "jobFields": JOB_FIELDS,
        "occupationCodes": occupation_codes,
        "places": 10,
        "opensOn": "2026-01-01",
        "closesOn": "2026-02-01",
    }


def test_a_call_names_occupations_by_code(api: TestClient, db_settings: Settings) -> None:
    before = snapshot(db_settings)
    refused = mutation(api, "createRecruitmentCall", CALL, call_input(["1-1-1", "9-9-9", "8-8-8"]))
    assert refused["call"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("occupationCodes.1", "NOT_FOUND"),
        ("occupationCodes.2", "NOT_FOUND"),
    ]
    assert "'9-9-9'" in refused["errors"][0]["message"]
    malformed = mutation(api, "createRecruitmentCall", CALL, call_input(["farming"]))
    assert [(e["field"], e["code"]) for e in malformed["errors"]] == [
        ("occupationCodes.0", "INVALID")
    ]
    assert snapshot(db_settings) == before
    made = mutation(api, "createRecruitmentCall", CALL, call_input(["4-10-1", "1-1-1", "4-10-1"]))
    assert made["errors"] == []
    assert made["call"]["occupationCodes"] == ["4-10-1", "1-1-1"]
    assert made["call"]["occupations"] == [
        {"code": "4-10-1", "occupationJa": "農産物漬物製造業"},
        {"code": "1-1-1", "occupationJa": "耕種農業"},
    ]
    again = post(
        api,
        "query($id: ID!) { recruitmentCall(id: $id) { occupations { code } } }",
        {"id": made["call"]["id"]},
    )
    assert again["data"]["recruitmentCall"]["occupations"] == [
        {"code": "4-10-1"},
        {"code": "1-1-1"},
    ]


def test_a_call_without_occupations_still_opens(api: TestClient) -> None:
    payload = mutation(api, "createRecruitmentCall", CALL, {**call_input([]), "label": "6/2026"})
    assert payload["errors"] == []
    assert payload["call"]["occupationCodes"] == [] and payload["call"]["occupations"] == []
