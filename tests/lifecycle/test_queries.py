"""Candidate lists: cursors, filters, the page size cap (statements per request: tests/perf)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import gql, key_of
from tests.factories import build, call, candidate, cohort, host_company

PAGE = """query($first: Int!, $after: String, $filter: CandidateFilterInput) {
  candidates(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id fullName call { label } cohort { name } hostCompany { name } } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def seed(settings: Settings, count: int) -> None:
    """Candidates spread over two calls, two cohorts and two host companies."""

    def make(session: Session) -> None:
        calls = [call(session, "ID", label=f"call {i}", places=10) for i in range(2)]
        cohorts = [cohort(session, "ID", name=f"cohort {i}") for i in range(2)]
        companies = [
            host_company(session, f"Company {i}", prefecture="Aichi", job_category="Welding")
            for i in range(2)
        ]
        for i in range(count):
            candidate(
                session,
                calls[i % 2],
                "in_japan_i",
                full_name=f"Candidate {i:04d}" + (" Sari" if i % 10 == 0 else ""),
                cohort_id=cohorts[i % 2].id,
                host_company_id=companies[(i // 2) % 2].id,
            )

    build(settings, make)


@pytest.fixture
def seeded(api: TestClient, db_settings: Settings) -> TestClient:
    seed(db_settings, 120)
    return api


@pytest.mark.database
def test_cursors_walk_the_whole_list_once(seeded: TestClient) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = gql(seeded, PAGE, {"first": 50, "after": after})["candidates"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 120 == len(set(seen))
    assert seen == sorted(seen, key=key_of)


@pytest.mark.database
def test_filters_and_total_count(seeded: TestClient) -> None:
    query = """query($filter: CandidateFilterInput) { candidates(first: 100, filter: $filter) {
        totalCount edges { node { fullName cohort { name } hostCompany { name } } } } }"""
    by_name = gql(seeded, query, {"filter": {"name": "sari"}})["candidates"]
    assert by_name["totalCount"] == 12
    assert all("Sari" in e["node"]["fullName"] for e in by_name["edges"])
    cohorts = [
        edge["node"]
        for edge in gql(
            seeded, '{ trainingCohorts(countryCode: "ID") { edges { node { id name } } } }'
        )["trainingCohorts"]["edges"]
    ]
    first_cohort = next(c for c in cohorts if c["name"] == "cohort 0")
    in_cohort = gql(seeded, query, {"filter": {"cohortId": first_cohort["id"]}})["candidates"]
    assert in_cohort["totalCount"] == 60
    assert {e["node"]["cohort"]["name"] for e in in_cohort["edges"]} == {"cohort 0"}
    combined = gql(
        seeded,
        query,
        {"filter": {"cohortId": first_cohort["id"], "status": "IN_JAPAN_I", "countryCode": "id"}},
    )["candidates"]
    assert combined["totalCount"] == 60
    assert gql(seeded, query, {"filter": {"countryCode": "TH"}})["candidates"]["totalCount"] == 0


@pytest.mark.database
def test_page_size_is_capped_at_100(seeded: TestClient) -> None:
    response = seeded.post("/graphql", json={"query": PAGE, "variables": {"first": 101}})
    assert response.json()["errors"][0]["message"] == "first: must be between 1 and 100, got 101"
    response = seeded.post(
        "/graphql", json={"query": PAGE, "variables": {"first": 10, "after": "bogus"}}
    )
    assert response.json()["errors"][0]["message"] == "after: not a cursor of this list"


@pytest.mark.database
def test_pipeline_counts_by_country(seeded: TestClient) -> None:
    data = gql(seeded, "{ pipeline { countryCode applied inJapanI passedScreening } }")["pipeline"]
    by_code = {row["countryCode"]: row for row in data}
    assert by_code["ID"] == {
        "countryCode": "ID",
        "applied": 120,
        "inJapanI": 120,
        "passedScreening": 0,
    }
    assert by_code["TH"]["applied"] == 0
    assert set(by_code) == {"BD", "ID", "LK", "TH", "VN"}
