"""Paging through every connection added in 0.2.0, forwards and backwards, on both
databases: every row once, in the list's order, totalCount, no cap (120 rows
where the old lists stopped at 100), and a page larger than the maximum refused
naming the argument. Statement counts: tests/perf/test_statement_counts.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import (
    Account,
    AssociationMembership,
    AuditEntry,
    Event,
    EventRegistration,
    InterviewCompany,
    InterviewRegistration,
    InterviewSession,
)
from core.settings import Settings
from tests.client import post
from tests.factories import build, call, candidate, cohort, host_company

pytestmark = pytest.mark.database

ROWS = 120
"""More than a page may hold (100): the lists that stopped at 100 now go on."""
PAGE = 50
ORDER = list(range(ROWS))


def seed(session: Session) -> None:
    """120 rows of every list, made in the order ``i``; sort keys with ties, so
    the id has to break them."""
    for i in ORDER:
        call(session, "ID", label=f"L{i:03d}")
        cohort(session, "ID", name=f"C{i:03d}")
        host_company(session, f"Paging {(ROWS - 1 - i) // 2:03d}", prefecture=f"P{i:03d}")
        session.add(
            Account(
                email=f"page{ROWS - 1 - i:03d}@example.invalid", password_hash="x", role="staff"
            )
        )
        session.add(AuditEntry(operation=f"Op{i:03d}", succeeded=True))
        session.add(
            Event(
                type_code="host_company_conference",
                title=f"E{i:03d}",
                held_on=date(2027, 1, 1) + timedelta(days=(ROWS - 1 - i) // 3),
                venue="Tokyo",
                capacity=10,
            )
        )
        session.add(
            InterviewSession(
                country_code="ID",
                programme_id="p",
                held_on=date(2026, 1, 1) + timedelta(days=i % 40),
                city=f"S{i:03d}",
            )
        )
    id_call = call(session, "ID", label="returnees")
    th_call = call(session, "TH", label="returnees")
    event = Event(
        type_code="host_company_conference",
        title="Big",
        held_on=date(2030, 1, 1),
        venue="Tokyo",
        capacity=10,
    )
    big = InterviewSession(country_code="TH", programme_id="p", held_on=date(2026, 1, 1), city="B")
    session.add_all([event, big])
    session.flush()
    for i in ORDER:
        returnee = candidate(session, id_call, "returned", full_name=f"M{i:03d}")
        session.add(
            AssociationMembership(
                candidate_id=returnee.id or 0,
                country_code="ID",
                association_id="ikapeksi",
                region="Jakarta",
                joined_on=date(2026, 1, 1),
            )
        )
        session.add(
            EventRegistration(
                event_id=event.id or 0,
                participant_role="intern",
                name=f"R{i:03d}",
                status="confirmed",
            )
        )
        session.add(
            InterviewCompany(
                session_id=big.id or 0, name=f"K{i:03d}", origin="local", open_positions=1
            )
        )
        thai = candidate(session, th_call, "returned", full_name=f"T{i:03d}")
        session.add(InterviewRegistration(session_id=big.id or 0, candidate_id=thai.id or 0))


@dataclass(frozen=True)
class Case:
    """A connection, where it sits in the answer, and its rows' order by a field."""

    name: str
    field: str
    """The connection's field with its arguments, ``{page}`` standing for the page's
    (never empty)."""
    node: str
    """The node field the order is checked by."""
    expected: Callable[[list[str]], list[str]]
    """The values in the list's order, given those served."""
    outer: str = "{inner}"
    """The connection's parents, for a nested one."""
    path: tuple[str, ...] = ()


def _in_order(prefix: str, keys: Callable[[int], Any], reverse: bool = False) -> list[str]:
    return [f"{prefix}{i:03d}" for i in sorted(ORDER, key=keys, reverse=reverse)]


CASES = [
    Case(
        "recruitment calls, newest first",
        'recruitmentCalls(countryCode: "ID", {page})',
        "label",
        lambda seen: ["returnees", *_in_order("L", lambda i: i, reverse=True)],
    ),
    Case(
        "training cohorts, newest first",
        'trainingCohorts(countryCode: "ID", {page})',
        "name",
        lambda seen: _in_order("C", lambda i: i, reverse=True),
    ),
    Case(
        "host companies by name, then id",
        'hostCompanies(name: "Paging", {page})',
        "prefecture",
        lambda seen: _in_order("P", lambda i: ((ROWS - 1 - i) // 2, i)),
    ),
    Case(
        "accounts by email",
        "accounts({page})",
        "email",
        lambda seen: sorted(seen),
    ),
    Case(
        "the audit log, newest first",
        "auditLog({page})",
        "operation",
        # The entries of signing in were written before the seeded ones.
        lambda seen: _in_order("Op", lambda i: i, reverse=True) + seen[ROWS:],
    ),
    Case(
        "events, soonest first, then by id",
        'events(fromDate: "2027-01-01", {page})',
        "title",
        lambda seen: [*_in_order("E", lambda i: ((ROWS - 1 - i) // 3, i)), "Big"],
    ),
    Case(
        "interview sessions, latest first, then by id descending",
        'interviewSessions(countryCode: "ID", {page})',
        "city",
        lambda seen: _in_order("S", lambda i: (i % 40, i), reverse=True),
    ),
    Case(
        "association members, oldest first",
        'associationMembers(countryCode: "ID", associationId: "ikapeksi", {page})',
        "fullName",
        lambda seen: _in_order("M", lambda i: i),
    ),
    Case(
        "an event's registrations, in the order they were made",
        "registrations({page})",
        "name",
        lambda seen: _in_order("R", lambda i: i),
        outer='events(fromDate: "2030-01-01") { edges { node { {inner} } } }',
        path=("events",),
    ),
    Case(
        "a session's companies, in the order they were added",
        "companies({page})",
        "name",
        lambda seen: _in_order("K", lambda i: i),
        outer='interviewSessions(countryCode: "TH") { edges { node { {inner} } } }',
        path=("interviewSessions",),
    ),
    Case(
        "a session's registrations, in the order they were made",
        "registrations({page})",
        "candidateName",
        lambda seen: _in_order("T", lambda i: i),
        outer='interviewSessions(countryCode: "TH") { edges { node { {inner} } } }',
        path=("interviewSessions",),
    ),
]


@pytest.fixture
def seeded(api: TestClient, db_settings: Settings) -> TestClient:
    build(db_settings, seed)
    return api


def _query(case: Case, page: dict[str, Any]) -> str:
    arguments = ", ".join(f"{name}: {_literal(value)}" for name, value in page.items())
    connection = case.field.replace("{page}", arguments)
    selection = (
        f"{connection} {{ totalCount edges {{ cursor node {{ {case.node} }} }} "
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }"
    )
    return "{ " + case.outer.replace("{inner}", selection) + " }"


def _literal(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _connection(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    for step in case.path:
        (edge,) = data[step]["edges"]
        data = edge["node"]
    found: dict[str, Any] = next(iter(data.values()))
    return found


def _page(api: TestClient, case: Case, page: dict[str, Any]) -> dict[str, Any]:
    body = post(api, _query(case, page))
    assert "errors" not in body, body["errors"]
    return _connection(case, body["data"])


def _walk(api: TestClient, case: Case, *, forward: bool) -> tuple[list[str], int]:
    seen: list[str] = []
    cursor: str | None = None
    while True:
        if forward:
            page = {"first": PAGE} | ({"after": cursor} if cursor else {})
        else:
            page = {"last": PAGE} | ({"before": cursor} if cursor else {})
        found = _page(api, case, page)
        values = [edge["node"][case.node] for edge in found["edges"]]
        info = found["pageInfo"]
        assert [info["startCursor"], info["endCursor"]] == [
            found["edges"][0]["cursor"],
            found["edges"][-1]["cursor"],
        ]
        seen = seen + values if forward else values + seen
        more = info["hasNextPage"] if forward else info["hasPreviousPage"]
        if not more:
            return seen, found["totalCount"]
        assert len(values) == PAGE
        cursor = info["endCursor"] if forward else info["startCursor"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_row_once_in_order_forwards_and_backwards(seeded: TestClient, case: Case) -> None:
    forwards, total = _walk(seeded, case, forward=True)
    backwards, total_again = _walk(seeded, case, forward=False)
    assert len(forwards) >= ROWS
    assert len(set(forwards)) == len(forwards) == total == total_again
    assert forwards == case.expected(forwards)
    assert backwards == forwards


def test_a_page_over_the_maximum_is_refused_naming_the_argument(seeded: TestClient) -> None:
    for case in CASES:
        for argument in ("first", "last"):
            body = post(seeded, _query(case, {argument: 101}))
            (error,) = body["errors"]
            assert error["message"] == f"{argument}: must be between 1 and 100, got 101", case
            assert error["extensions"]["code"] == "INVALID"
            full = post(seeded, _query(case, {argument: 100}))
            assert "errors" not in full, case


def test_a_cursor_of_another_list_is_refused(seeded: TestClient) -> None:
    calls, cohorts = CASES[0], CASES[1]
    cursor = _page(seeded, calls, {"first": 1})["edges"][0]["cursor"]
    body = post(seeded, _query(cohorts, {"first": 1, "after": cursor}))
    assert body["errors"][0]["message"] == "after: not a cursor of this list"


def test_a_cursor_of_one_event_is_refused_for_another(seeded: TestClient) -> None:
    """Each parent's list has its own cursors: another event's one fails that field."""
    query = """query($after: String) { events(fromDate: "2027-01-01", first: 1) { edges { node {
        title registrations(first: 1, after: $after) { edges { node { name } } } } } } }"""
    big = CASES[8]
    cursor = _page(seeded, big, {"first": 1})["edges"][0]["cursor"]
    assert _page(seeded, big, {"first": 1, "after": cursor})["edges"][0]["node"] == {"name": "R001"}
    body = post(seeded, query, {"after": cursor})
    (error,) = body["errors"]
    assert error["message"] == "after: not a cursor of this list"
    assert error["path"] == ["events", "edges", 0, "node", "registrations"]
