"""Interns who cannot continue: reporting, form 18's due date, filing, resolving,
the list and its filters, and refusals that write nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import global_id, gql, key_of, mutation
from tests.factories import build, call, candidate, stage
from tests.lifecycle.helpers import snapshot

FIELDS = """difficulty { id kind occurredOn companyReportedOn dueOn filedOn resolvedOn
  details outcome open overdue filedLate candidate { fullName } }
errors { field message code }"""


def _world(session: Session) -> dict[str, int]:
    vn = call(session, "VN")
    intern = candidate(session, vn, "in_japan_i", full_name="Tran Thi Binh")
    stage(session, intern, "i", started_on=date(2026, 1, 10))
    waiting = candidate(session, vn, "registered", full_name="Le Van Chau")
    return {"intern": intern.id or 0, "waiting": waiting.id or 0}


def report(api: TestClient, person: int, **given: Any) -> dict[str, Any]:
    data = {
        "candidateId": global_id("Candidate", person),
        "kind": "MISSING",
        "occurredOn": "2026-10-01",
        "companyReportedOn": "2026-10-02",
        "details": "Did not come to work; room empty.",
        **given,
    }
    return mutation(api, "reportDifficulty", FIELDS, data)


def test_reporting_sets_the_due_date_from_the_rule(api: TestClient, db_settings: Settings) -> None:
    world = build(db_settings, _world)
    payload = report(api, world["intern"])
    assert payload["errors"] == []
    found = payload["difficulty"]
    assert found["kind"] == "MISSING"
    # 14 days of the rule titp.difficulty.report_days after 1 October.
    assert found["dueOn"] == "2026-10-15"
    assert found["filedOn"] is None and found["open"] is True
    assert found["overdue"] is True  # today (December 2026) is past the due date
    assert found["candidate"] == {"fullName": "Tran Thi Binh"}

    key = found["id"]
    filed = mutation(
        api,
        "fileDifficultyReport",
        FIELDS,
        {"difficultyId": key, "filedOn": "2026-10-20"},
    )
    assert filed["errors"] == []
    assert filed["difficulty"]["filedOn"] == "2026-10-20"
    assert filed["difficulty"]["overdue"] is False
    assert filed["difficulty"]["filedLate"] is True

    again = mutation(
        api, "fileDifficultyReport", FIELDS, {"difficultyId": key, "filedOn": "2026-10-21"}
    )
    assert again["difficulty"] is None
    assert [(e["field"], e["code"]) for e in again["errors"]] == [
        ("difficultyId", "NOT_ALLOWED_STATE")
    ]

    resolved = mutation(
        api,
        "resolveDifficulty",
        FIELDS,
        {"difficultyId": key, "resolvedOn": "2026-11-02", "outcome": "Found again; back at work."},
    )
    assert resolved["errors"] == []
    assert resolved["difficulty"]["open"] is False
    assert resolved["difficulty"]["outcome"] == "Found again; back at work."


def test_candidate_shows_the_open_difficulty(api: TestClient, db_settings: Settings) -> None:
    world = build(db_settings, _world)
    first = report(api, world["intern"], occurredOn="2026-09-01", companyReportedOn="2026-09-01")
    report(api, world["intern"], kind="ILLNESS_OR_INJURY")
    query = """query($id: ID!) { candidate(id: $id) { status
      openDifficulty { kind occurredOn } difficulties { kind occurredOn open } } }"""
    found = gql(api, query, {"id": global_id("Candidate", world["intern"])})["candidate"]
    # No status of its own: the intern stays in stage (i).
    assert found["status"] == "IN_JAPAN_I"
    assert found["openDifficulty"] == {"kind": "MISSING", "occurredOn": "2026-09-01"}
    assert [d["kind"] for d in found["difficulties"]] == ["MISSING", "ILLNESS_OR_INJURY"]
    mutation(
        api,
        "resolveDifficulty",
        FIELDS,
        {
            "difficultyId": first["difficulty"]["id"],
            "resolvedOn": "2026-09-20",
            "outcome": "Returned home.",
        },
    )
    found = gql(api, query, {"id": global_id("Candidate", world["intern"])})["candidate"]
    assert found["openDifficulty"] == {"kind": "ILLNESS_OR_INJURY", "occurredOn": "2026-10-01"}


def test_refusals_write_nothing(api: TestClient, db_settings: Settings) -> None:
    world = build(db_settings, _world)
    before = snapshot(db_settings)
    not_in_japan = report(api, world["waiting"])
    assert not_in_japan["difficulty"] is None
    assert [(e["field"], e["code"]) for e in not_in_japan["errors"]] == [
        ("candidateId", "NOT_ALLOWED_STATE")
    ]
    early = report(api, world["intern"], companyReportedOn="2026-09-30")
    assert [(e["field"], e["code"]) for e in early["errors"]] == [("companyReportedOn", "INVALID")]
    assert "occurredOn" in early["errors"][0]["message"]
    future = (date.today() + timedelta(days=30)).isoformat()
    later = report(api, world["intern"], occurredOn=future, companyReportedOn=future)
    assert {e["field"] for e in later["errors"]} == {"occurredOn", "companyReportedOn"}
    unknown = report(api, 10_000_000)
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("candidateId", "NOT_FOUND")]
    assert snapshot(db_settings) == before

    made = report(api, world["intern"])["difficulty"]["id"]
    before = snapshot(db_settings)
    too_soon = mutation(
        api, "fileDifficultyReport", FIELDS, {"difficultyId": made, "filedOn": "2026-09-30"}
    )
    assert [(e["field"], e["code"]) for e in too_soon["errors"]] == [("filedOn", "INVALID")]
    no_outcome = mutation(
        api, "resolveDifficulty", FIELDS, {"difficultyId": made, "resolvedOn": "2026-10-05"}
    )
    assert [(e["field"], e["code"]) for e in no_outcome["errors"]] == [("outcome", "REQUIRED")]
    assert snapshot(db_settings) == before


def test_the_list_filters_by_kind_open_and_overdue(api: TestClient, db_settings: Settings) -> None:
    world = build(db_settings, _world)
    missing = report(api, world["intern"], occurredOn="2026-10-01")["difficulty"]["id"]
    ill = report(
        api,
        world["intern"],
        kind="ILLNESS_OR_INJURY",
        occurredOn="2026-10-10",
        companyReportedOn="2026-10-10",
    )["difficulty"]["id"]
    mutation(api, "fileDifficultyReport", FIELDS, {"difficultyId": ill, "filedOn": "2026-10-12"})
    query = """query($kind: DifficultyKind, $open: Boolean, $on: Date) {
      difficulties(kind: $kind, open: $open, overdueOn: $on, first: 10) {
        totalCount edges { node { id } } } }"""

    def listed(**given: Any) -> list[int]:
        found = gql(api, query, given)["difficulties"]
        keys = [key_of(edge["node"]["id"], "Difficulty") for edge in found["edges"]]
        assert found["totalCount"] == len(keys)
        return keys

    both = [key_of(missing), key_of(ill)]
    assert listed() == both
    assert listed(kind="MISSING") == [key_of(missing)]
    assert listed(open=True) == both
    assert listed(open=False) == []
    # Due 15 October: not overdue on the 15th, overdue on the 16th while unfiled.
    assert listed(on="2026-10-15") == []
    assert listed(on="2026-10-16") == [key_of(missing)]
    mutation(
        api, "fileDifficultyReport", FIELDS, {"difficultyId": missing, "filedOn": "2026-10-18"}
    )
    assert listed(on="2026-10-17") == [key_of(missing)]  # not filed yet on the 17th
    assert listed(on="2026-10-18") == []


def test_a_page_past_the_first(api: TestClient, db_settings: Settings) -> None:
    world = build(db_settings, _world)
    for day in ("2026-10-01", "2026-10-02", "2026-10-03"):
        report(api, world["intern"], occurredOn=day, companyReportedOn=day)
    query = """query($after: String) { difficulties(first: 2, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { occurredOn } } } }"""
    first = gql(api, query)["difficulties"]
    assert [e["node"]["occurredOn"] for e in first["edges"]] == ["2026-10-01", "2026-10-02"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = gql(api, query, {"after": first["pageInfo"]["endCursor"]})["difficulties"]
    assert [e["node"]["occurredOn"] for e in rest["edges"]] == ["2026-10-03"]
