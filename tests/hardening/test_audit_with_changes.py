"""A mutation's change and its audit entry commit together, or neither does.

A series of mutations (accepted, refused, hostile, and a document of two
mutation fields) is run; after each, the rows it changed are compared with
the entries it added: exactly one entry each, saying it succeeded only when
something was written. A database trigger that refuses one operation's entry
shows the other direction: its change does not commit either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.engine import create_engine
from core.settings import Settings
from tests.accounts import PASSWORD, add_account, signed_in
from tests.hardening.clean import post
from tests.hardening.test_hostile_inputs import CALL, REGISTER, nested
from tests.lifecycle.helpers import ok, passing_candidate, snapshot

COMPANY = """mutation Company($i: CreateHostCompanyInput!) {
  createHostCompany(input: $i) { hostCompany { id } errors { field code } } }"""
CALL_MUTATION = """mutation Call($i: CreateRecruitmentCallInput!) {
  createRecruitmentCall(input: $i) { call { id } errors { field code } } }"""
LOGIN = """mutation Login($i: LoginInput!) { login(input: $i) { accessToken errors { code } } }"""
TWO_COMPANIES = """mutation Two($a: CreateHostCompanyInput!, $b: CreateHostCompanyInput!) {
  first: createHostCompany(input: $a) { hostCompany { id } errors { code } }
  second: createHostCompany(input: $b) { hostCompany { id } errors { code } } }"""


def run(settings: Settings, statements: list[str]) -> list[Any]:
    async def go() -> list[Any]:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            async with engine.begin() as connection:
                results = [await connection.execute(text(sql)) for sql in statements]
                return [list(result) if result.returns_rows else None for result in results]
        finally:
            await engine.dispose()

    return asyncio.run(go())


def entries(settings: Settings) -> list[tuple[Any, ...]]:
    (rows,) = run(settings, ["SELECT id, operation, succeeded FROM audit_entry ORDER BY id"])
    return [tuple(row) for row in rows]


@pytest.mark.database
def test_every_committed_change_has_its_audit_entry(api: TestClient, db_settings: Settings) -> None:
    officer = signed_in(api, Role.MINISTRY_OFFICER, country_code="ID")
    email = add_account(api, Role.STAFF)
    call_id = ok(api, "createRecruitmentCall", CALL)["call"]["id"]

    def register(number: str, **changes: Any) -> Callable[[], Any]:
        data = {**passing_candidate(call_id, "ID", number), **changes}
        return lambda: post(api, REGISTER, {"input": data}, headers=officer)

    company = {"name": "Audit KK", "prefecture": "Osaka", "jobCategory": "Welding"}
    series: list[tuple[str, str, Callable[[], Any]]] = [
        (
            "Call",
            "accepted call",
            lambda: post(api, CALL_MUTATION, {"i": {**CALL, "label": "A-2"}}),
        ),
        ("Call", "refused call", lambda: post(api, CALL_MUTATION, {"i": {**CALL, "places": 0}})),
        ("Register", "accepted candidate", register("A-1")),
        ("Register", "700-deep details", register("A-2", countryDetails=nested(700))),
        ("Register", "1 MB details", register("A-3", countryDetails={"x": "y" * 1_000_000})),
        ("Register", "NUL in the name", register("A-4", fullName="Dewi\x00")),
        ("Register", "call id 2^31", register("A-5", callId=str(2**31))),
        ("Register", "call id 2^64", register("A-6", callId=str(2**64))),
        ("Company", "accepted company", lambda: post(api, COMPANY, {"i": company})),
        ("Company", "duplicate company", lambda: post(api, COMPANY, {"i": company})),
        (
            "Login",
            "right password",
            lambda: post(api, LOGIN, {"i": {"email": email, "password": PASSWORD}}),
        ),
        (
            "Login",
            "wrong password",
            lambda: post(api, LOGIN, {"i": {"email": email, "password": "x" * 12}}),
        ),
        (
            "Two",
            "second field refused",
            lambda: post(api, TWO_COMPANIES, {"a": {**company, "name": "Second KK"}, "b": company}),
        ),
    ]
    for operation, label, send in series:
        rows, logged = snapshot(db_settings), entries(db_settings)
        send()
        changed = snapshot(db_settings) != rows
        new = entries(db_settings)[len(logged) :]
        assert [entry[1] for entry in new] == [operation], (label, new)
        expected = changed and label != "second field refused"
        assert new[0][2] is expected or new[0][2] == int(expected), (label, changed, new)
        if label in ("accepted call", "accepted candidate", "accepted company", "right password"):
            assert changed, label
        if label == "second field refused":
            assert changed  # the first field's change committed, with the entry


@pytest.mark.database
def test_a_change_cannot_commit_without_its_audit_entry(
    api: TestClient, db_settings: Settings
) -> None:
    if db_settings.database_url.startswith("sqlite"):
        trigger = [
            "CREATE TRIGGER refuse_doomed BEFORE INSERT ON audit_entry "
            "WHEN NEW.operation = 'Doomed' BEGIN SELECT RAISE(ABORT, 'no entry'); END"
        ]
    else:
        trigger = [
            "CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'no entry'; END $$",
            "CREATE TRIGGER refuse_doomed BEFORE INSERT ON audit_entry FOR EACH ROW "
            "WHEN (NEW.operation = 'Doomed') EXECUTE FUNCTION refuse_doomed()",
        ]
    run(db_settings, trigger)
    doomed = COMPANY.replace("mutation Company", "mutation Doomed")
    company = {"name": "Doomed KK", "prefecture": "Osaka", "jobCategory": "Welding"}
    before = snapshot(db_settings)
    body = post(api, doomed, {"i": company}).json()
    # Refused either way: SQLite's trigger error is an integrity error (a conflict to the
    # client), PostgreSQL's an unexpected one.
    payload = (body["data"] or {}).get("createHostCompany") or {}
    assert payload.get("hostCompany") is None
    assert payload.get("errors") or body["errors"][0]["message"].startswith("Unexpected error")
    assert snapshot(db_settings) == before  # the company was not written without its entry
    assert "Doomed" not in [entry[1] for entry in entries(db_settings)]
    payload = post(api, COMPANY, {"i": company}).json()["data"]["createHostCompany"]
    assert payload["errors"] == [] and payload["hostCompany"]["id"]
