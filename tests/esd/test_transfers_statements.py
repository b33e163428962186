"""The transfers' list and a worker's employment history cost the same number of SQL
statements whatever the page size or the length of the history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import Employment, Transfer
from core.settings import Settings
from tests.client import global_id
from tests.esd.transfer_helpers import CATEGORY, STARTED, esd_worker
from tests.factories import build, call, host_company
from tests.sql import statements

pytestmark = pytest.mark.database


PAGE = """query($first: Int!) { transfers(first: $first) { totalCount edges { node {
  id reason transfersOn fromHostCompany { name } toHostCompany { name }
  candidate { fullName } checks { check passed } repayment { amount shareNumerator } } } } }"""
HISTORY = """query($c: ID!) { employmentHistory(candidateId: $c) {
  startedOn endedOn transferId hostCompany { name } } }"""


def _world(session: Session) -> dict[str, Any]:
    """12 workers, each moved through 4 companies in turn (3 transfers each, 4 employments)."""
    vn = call(session, "VN")
    companies = [host_company(session, f"Company {n}", prefecture="Gifu") for n in range(4)]
    workers = []
    for n in range(12):
        worker = esd_worker(session, vn, companies[0], name=f"Worker {n}")
        assert worker.id is not None
        day = STARTED
        for step in range(1, 4):
            moved_on = day + timedelta(days=400)
            row = Transfer(
                candidate_id=worker.id,
                from_host_company_id=companies[step - 1].id or 0,
                to_host_company_id=companies[step].id or 0,
                reason="worker_wish",
                arranged_by="hello_work",
                transfers_on=moved_on,
                served_from=day,
                checks=[
                    {"kind": "check", "check": "arranger", "passed": True},
                    {
                        "kind": "repayment",
                        "actualCosts": "0.00",
                        "amount": None,
                        "shareNumerator": 5,
                        "shareDenominator": 6,
                        "stepsServed": 2,
                    },
                ],
            )
            session.add(row)
            session.flush()
            session.add(
                Employment(
                    candidate_id=worker.id,
                    host_company_id=companies[step].id or 0,
                    work_category_code=CATEGORY,
                    started_on=moved_on,
                    transfer_id=row.id,
                )
            )
            day = moved_on
        workers.append(worker.id)
    session.flush()
    return {"workers": workers, "first_started": STARTED}


def _count(api: TestClient, query: str, variables: dict[str, Any]) -> tuple[int, Any]:
    with statements(api) as seen:
        response = api.post("/graphql", json={"query": query, "variables": variables})

    body = response.json()
    assert "errors" not in body, body
    return len(seen), body["data"]


def test_the_transfers_page_costs_the_same_at_2_and_10(
    api: TestClient, db_settings: Settings
) -> None:
    build(db_settings, _world)
    counts = {}
    for size in (2, 10):
        counts[size], data = _count(api, PAGE, {"first": size})
        edges = data["transfers"]["edges"]
        assert len(edges) == size and data["transfers"]["totalCount"] == 36
        assert all(edge["node"]["candidate"] and edge["node"]["toHostCompany"] for edge in edges)
    # The request's rate counter and account, then the page, its COUNT, the candidates'
    # loader and the host companies' loader.
    assert counts == {2: 6, 10: 6}


def test_a_long_history_costs_what_a_short_one_does(api: TestClient, db_settings: Settings) -> None:
    made = build(db_settings, _world)

    def short(session: Session) -> int:
        vn = call(session, "VN", label="VN-2")
        company = host_company(session, "Single Employer", prefecture="Gifu")
        return esd_worker(session, vn, company, started_on=date(2027, 6, 1)).id or 0

    alone = build(db_settings, short)
    long_count, long_data = _count(api, HISTORY, {"c": global_id("Candidate", made["workers"][0])})
    short_count, short_data = _count(api, HISTORY, {"c": global_id("Candidate", alone)})
    assert len(long_data["employmentHistory"]) == 4
    assert len(short_data["employmentHistory"]) == 1
    # The request's rate counter and account, the employments, the host companies' loader.
    assert long_count == short_count == 4
