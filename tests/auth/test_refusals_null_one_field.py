"""Over HTTP, on SQLite and PostgreSQL: a field refused to the caller's role is null
with one FORBIDDEN error at its own path, and everything around it is served (issue 12
item 7). Before, the non-null refused field nulled its parent: a host company asking
for its interns' ``sex`` got ``data: null`` for the whole page."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import gql, key_of, post
from tests.factories import build, call, candidate, host_company, stage

JA = {"Accept-Language": "ja"}
CASEWORK_ROLES = "admin, staff, ministry_officer"
FORBIDDEN_EN = f"this needs one of the roles: {CASEWORK_ROLES}"
FORBIDDEN_JA = f"この操作には次のいずれかのロールが必要です: {CASEWORK_ROLES}"
PAGE = "{ candidates(first: 100) { edges { node { id fullName %s } } } }"


def _world(session: Session) -> dict[str, Any]:
    """Company A hosts three Vietnamese interns and a Thai one; company B one
    Vietnamese intern; one Vietnamese candidate is still at home."""
    vn, th = call(session, "VN"), call(session, "TH")
    a, b = host_company(session, "Company A"), host_company(session, "Company B")

    def intern(of_call: Any, name: str, company: Any) -> int:
        row = candidate(session, of_call, "in_japan_i", full_name=name, host_company_id=company.id)
        stage(session, row)
        return row.id or 0

    names = {
        intern(vn, "An", a): "An",
        intern(vn, "Binh", a): "Binh",
        intern(th, "Chai", a): "Chai",
        intern(vn, "Dung", a): "Dung",
        intern(vn, "Giang", b): "Giang",
    }
    candidate(session, vn, "registered", full_name="Hoa")
    return {"company_a": a.id or 0, "names": names}


@pytest.fixture
def world(api: TestClient, db_settings: Settings) -> dict[str, Any]:
    return build(db_settings, _world)


def _rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in body["data"]["candidates"]["edges"]]


def _refusals(body: dict[str, Any]) -> list[tuple[str, list[str | int]]]:
    return [(error["extensions"]["code"], error["path"]) for error in body.get("errors", [])]


def _row_paths(rows: int, *fields: str) -> list[tuple[str, list[str | int]]]:
    return [
        ("FORBIDDEN", ["candidates", "edges", i, "node", field])
        for i in range(rows)
        for field in fields
    ]


@pytest.mark.database
def test_a_host_companys_page_keeps_its_rows_with_the_refused_field_null(
    api: TestClient, world: dict[str, Any]
) -> None:
    company = signed_in(api, Role.HOST_COMPANY, host_company_id=world["company_a"])
    body = post(api, PAGE % "sex", headers=company)
    rows = _rows(body)
    names = [world["names"][key_of(row["id"], "Candidate")] for row in rows]
    assert names == ["An", "Binh", "Chai", "Dung"]
    assert [(row["fullName"], row["sex"]) for row in rows] == [
        ("An", None),
        ("Binh", None),
        ("Chai", None),
        ("Dung", None),
    ]
    assert _refusals(body) == _row_paths(4, "sex")


@pytest.mark.database
def test_each_refused_field_of_each_row_is_one_error_and_the_open_ones_are_served(
    api: TestClient, world: dict[str, Any]
) -> None:
    """Fields that were non-null (``call``, ``history``, ``dateOfBirth``) no longer
    null the row: each is null alone, next to ``stages`` and ``hostCompany``."""
    company = signed_in(api, Role.HOST_COMPANY, host_company_id=world["company_a"])
    selection = "dateOfBirth call { label } history { toStatus } stages { stage } "
    selection += "hostCompany { name }"
    body = post(api, PAGE % selection, headers=company)
    assert [row["fullName"] for row in _rows(body)] == ["An", "Binh", "Chai", "Dung"]
    for row in _rows(body):
        assert (row["dateOfBirth"], row["call"], row["history"]) == (None, None, None)
        assert row["stages"] == [{"stage": "I"}]
        assert row["hostCompany"] == {"name": "Company A"}
    assert sorted(map(repr, _refusals(body))) == sorted(
        map(repr, _row_paths(4, "dateOfBirth", "call", "history"))
    )


@pytest.mark.database
def test_an_embassys_page_keeps_its_rows_with_the_refused_field_null(
    api: TestClient, world: dict[str, Any]
) -> None:
    embassy = signed_in(api, Role.EMBASSY_OFFICER, country_code="VN")
    body = post(api, PAGE % "sex testResults { kind }", headers=embassy)
    rows = _rows(body)
    assert [row["fullName"] for row in rows] == ["An", "Binh", "Dung", "Giang"]
    assert {(row["sex"], row["testResults"]) for row in rows} == {(None, None)}
    assert sorted(map(repr, _refusals(body))) == sorted(
        map(repr, _row_paths(4, "sex", "testResults"))
    )
    # The roles that screen read the same page whole.
    ministry = signed_in(api, Role.MINISTRY_OFFICER, country_code="VN")
    served = gql(api, PAGE % "sex", headers=ministry)["candidates"]["edges"]
    assert {edge["node"]["sex"] for edge in served} == {"MALE"}


@pytest.mark.database
def test_a_refused_root_field_leaves_the_others(api: TestClient, world: dict[str, Any]) -> None:
    company = signed_in(api, Role.HOST_COMPANY, host_company_id=world["company_a"])
    embassy = signed_in(api, Role.EMBASSY_OFFICER, country_code="VN")
    for headers, role in ((company, "HOST_COMPANY"), (embassy, "EMBASSY_OFFICER")):
        me = gql(api, "{ me { id role } }", headers=headers)["me"]
        assert me["role"] == role
        # hostCompanies: whatever it gives the role, `me` stays.
        body = post(
            api, "{ me { id role } hostCompanies { edges { node { id } } } }", headers=headers
        )
        assert body["data"]["me"] == me, body
        assert {path[0] for _, path in _refusals(body)} <= {"hostCompanies"}, body
        body = post(
            api,
            "{ me { id } pipeline { applied }"
            ' recruitmentCalls(countryCode: "VN") { edges { node { label } } } }',
            headers=headers,
        )
        assert body["data"] == {"me": {"id": me["id"]}, "pipeline": None, "recruitmentCalls": None}
        assert _refusals(body) == [("FORBIDDEN", ["pipeline"]), ("FORBIDDEN", ["recruitmentCalls"])]


@pytest.mark.database
def test_a_refused_mutation_answers_null_and_its_error(
    api: TestClient, world: dict[str, Any]
) -> None:
    company = signed_in(api, Role.HOST_COMPANY, host_company_id=world["company_a"])
    body = post(
        api,
        'mutation { createHostCompany(input: {name: "X", prefecture: "Gifu", jobCategory: "Y"})'
        " { hostCompany { id } errors { code } } }",
        headers=company,
    )
    assert body["data"] == {"createHostCompany": None}
    assert _refusals(body) == [("FORBIDDEN", ["createHostCompany"])]


@pytest.mark.database
@pytest.mark.parametrize("profile", ["development", "production"])
def test_refusals_are_translated_and_carry_no_internals(
    api: TestClient, world: dict[str, Any], db_settings: Settings, profile: str
) -> None:
    """Each row's error is the permission's message in the request's language and
    its code, nothing else, whether or not the profile masks unexpected errors."""
    settings = db_settings.model_copy(
        update={"profile": profile, "secret_key": SecretStr("refusal-test-key-" + "k" * 32)}
    )
    with TestClient(create_app(settings)) as client:
        company = signed_in(client, Role.HOST_COMPANY, host_company_id=world["company_a"])
        for language, expected in (({}, FORBIDDEN_EN), (JA, FORBIDDEN_JA)):
            body = post(client, PAGE % "sex", headers={**company, **language})
            assert [row["sex"] for row in _rows(body)] == [None] * 4
            assert len(body["errors"]) == 4
            for i, error in enumerate(body["errors"]):
                assert error == {
                    "message": expected,
                    "locations": [{"line": 1, "column": 55}],
                    "path": ["candidates", "edges", i, "node", "sex"],
                    "extensions": {"code": "FORBIDDEN"},
                }, (profile, language)
