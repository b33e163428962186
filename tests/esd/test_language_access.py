"""Who reads and writes the language results, the ESD skills sittings, the obligations
and the change to SSW (i), per role, on SQLite and PostgreSQL: IM Japan everything; the
ministry and the embassy of the worker's country and the worker's host company the
worker's records; another country's ministry and another host company nothing of them;
the test levels for everyone signed in, extended by an administrator only; the move to
SSW (i) and the sittings written by IM Japan; anonymous nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.services import clock
from core.settings import Settings
from tests import factories
from tests.accounts import signed_in
from tests.client import global_id, mutation, post
from tests.esd.language_helpers import SELECTIONS, esd_sitting, esd_worker, language_result
from tests.lifecycle.helpers import snapshot

pytestmark = pytest.mark.database


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with clock.frozen_at(date(2030, 7, 1)):
        yield


def build_world(session: Session) -> dict[str, int]:
    """A Vietnamese ESD worker at company A (two results, two sittings, passes enough
    for SSW (i)), a Thai one at company B (one result, one sitting)."""
    vn = esd_worker(session, "VN")
    th = esd_worker(session, "TH")
    result = language_result(session, vn["candidate"], level="N4", cefr="A2")
    language_result(session, vn["candidate"], taken_on=date(2027, 3, 1))
    language_result(session, th["candidate"])
    sitting = esd_sitting(session, vn["candidate"], "grade_3", sat_on=date(2030, 3, 1))
    esd_sitting(session, vn["candidate"], "basic", passed=False)
    esd_sitting(session, th["candidate"], "basic")
    return {
        "vn": vn["candidate"],
        "th": th["candidate"],
        "A": vn["company"],
        "B": th["company"],
        "result": result.id or 0,
        "sitting": sitting.id or 0,
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


LISTS = """{ languageResults(first: 50) { totalCount }
  esdSkillsSittings(first: 50) { totalCount }
  esdObligations(first: 50) { totalCount } }"""
NODES = """query($result: ID!, $sitting: ID!) {
  result: node(id: $result) { id ... on LanguageResult { level } }
  sitting: node(id: $sitting) { id ... on EsdSkillsSitting { grade } } }"""
LEVELS = "{ languageTestLevels { test level } }"
SSW = "query($id: ID!) { sswChange(candidateId: $id) { changedOn } }"

LISTED = {
    "staff": (3, 3, 6),
    "vn_ministry": (2, 2, 3),
    "id_ministry": (0, 0, 0),
    "vn_embassy": (2, 2, 3),
    "company_a": (2, 2, 3),
    "company_b": (1, 1, 3),
}
"""Results, sittings and obligation rows each role's lists hold: those of the workers it sees."""
SEES_THE_VN_WORKER = {"staff", "vn_ministry", "vn_embassy", "company_a"}


def ask(api: TestClient, headers: dict[str, str], query: str, **variables: Any) -> dict[str, Any]:
    """``query`` as the reader of ``headers`` (none: anonymous)."""
    if headers:
        return post(api, query, variables, headers=headers)
    authorization = api.headers.pop("Authorization")
    try:
        return post(api, query, variables)
    finally:
        api.headers["Authorization"] = authorization


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


def test_each_role_reads_the_records_of_the_workers_it_sees(
    api: TestClient, db_settings: Settings
) -> None:
    world = factories.build(db_settings, build_world)
    ids = {
        "result": global_id("LanguageResult", world["result"]),
        "sitting": global_id("EsdSkillsSitting", world["sitting"]),
    }
    for role, headers in readers(api, world).items():
        listed = ask(api, headers, LISTS)
        levels = ask(api, headers, LEVELS)
        if role == "anonymous":
            assert set(codes(listed)) == {"UNAUTHENTICATED"}
            assert codes(levels) == ["UNAUTHENTICATED"]
            continue
        data = listed["data"]
        assert (
            data["languageResults"]["totalCount"],
            data["esdSkillsSittings"]["totalCount"],
            data["esdObligations"]["totalCount"],
        ) == LISTED[role], role
        assert len(levels["data"]["languageTestLevels"]) == 2
        nodes = ask(api, headers, NODES, **ids)["data"]
        if role in SEES_THE_VN_WORKER:
            assert nodes == {
                "result": {"id": ids["result"], "level": "N4"},
                "sitting": {"id": ids["sitting"], "grade": "GRADE_3"},
            }, role
        else:
            assert nodes == {"result": None, "sitting": None}, role


def move(api: TestClient, world: dict[str, int], headers: dict[str, str]) -> dict[str, Any]:
    selection = SELECTIONS["moveToSpecifiedSkilledWorker"]
    return post(
        api,
        "mutation($input: MoveToSpecifiedSkilledWorkerInput!) { "
        f"moveToSpecifiedSkilledWorker(input: $input) {{ {selection} }} }}",
        {"input": {"candidateId": global_id("Candidate", world["vn"]), "changedOn": "2030-06-01"}},
        headers=headers,
    )


def test_only_im_japan_moves_a_worker_to_ssw_and_the_change_is_read_in_scope(
    api: TestClient, db_settings: Settings
) -> None:
    world = factories.build(db_settings, build_world)
    people = readers(api, world)
    before = snapshot(db_settings)
    for role in ("vn_ministry", "vn_embassy", "company_a"):
        assert codes(move(api, world, people[role])) == ["FORBIDDEN"], role
    assert snapshot(db_settings) == before
    done = move(api, world, people["staff"])
    assert done["data"]["moveToSpecifiedSkilledWorker"]["errors"] == []
    vn = global_id("Candidate", world["vn"])
    for role, headers in people.items():
        body = ask(api, headers, SSW, id=vn)
        if role == "anonymous":
            assert codes(body) == ["UNAUTHENTICATED"]
            continue
        # The embassy sees its nationals in Japan under a programme: not once in SSW (i).
        sees = role in {"staff", "vn_ministry", "company_a"}
        change = body["data"]["sswChange"]
        assert (change == {"changedOn": "2030-06-01"}) if sees else change is None, role


def test_writes_per_role(api: TestClient, db_settings: Settings) -> None:
    """Results: IM Japan and the worker's ministry (another ministry does not find the
    worker); sittings: IM Japan; test levels: administrators."""
    world = factories.build(db_settings, build_world)
    people = readers(api, world)
    vn = global_id("Candidate", world["vn"])
    result = {
        "candidateId": vn,
        "kind": "TEST",
        "test": "jlpt",
        "level": "N5",
        "passed": True,
        "takenOn": "2028-01-01",
    }
    sitting = {"candidateId": vn, "grade": "BASIC", "satOn": "2028-03-01", "passed": True}
    level = {
        "test": "jft_basic",
        "level": "A2",
        "cefr": "A2",
        "sourceUrl": "https://example.org",
        "tag": "SECONDARY",
    }
    for role, headers in people.items():
        if role == "anonymous":
            continue
        name = "recordLanguageResult"
        body = post(
            api,
            f"mutation($input: RecordLanguageResultInput!) {{ {name}(input: $input) "
            f"{{ {SELECTIONS[name]} }} }}",
            {"input": result},
            headers=headers,
        )
        if role in {"staff", "vn_ministry"}:
            assert body["data"][name]["errors"] == [], role
        elif role == "id_ministry":
            assert [e["code"] for e in body["data"][name]["errors"]] == ["NOT_FOUND"]
        else:
            assert codes(body) == ["FORBIDDEN"], role
        name = "recordEsdSkillsSitting"
        body = post(
            api,
            f"mutation($input: RecordEsdSkillsSittingInput!) {{ {name}(input: $input) "
            f"{{ {SELECTIONS[name]} }} }}",
            {"input": {**sitting, "satOn": "2028-03-01"}},
            headers=headers,
        )
        if role == "staff":
            assert body["data"][name]["errors"] == []
        else:
            assert codes(body) == ["FORBIDDEN"], role
        name = "recordLanguageTestLevel"
        body = post(
            api,
            f"mutation($input: RecordLanguageTestLevelInput!) {{ {name}(input: $input) "
            f"{{ {SELECTIONS[name]} }} }}",
            {"input": level},
            headers=headers,
        )
        assert codes(body) == ["FORBIDDEN"], role
    added = mutation(api, "recordLanguageTestLevel", SELECTIONS["recordLanguageTestLevel"], level)
    assert added["errors"] == []
