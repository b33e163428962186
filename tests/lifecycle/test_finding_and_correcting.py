"""Over HTTP on SQLite and PostgreSQL: a misspelt name corrected and then found
by its accent-free spelling, the candidate list sorted and paged backwards, the
new filters, and the refusals of a correction (nothing written)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.settings import Settings
from tests.client import gql, mutation, post
from tests.factories import signed_in_as
from tests.lifecycle.helpers import ERRORS, ok, passing_candidate, snapshot
from tests.lifecycle.test_import import vietnam_call

PAGE = """query($filter: CandidateFilterInput, $first: Int! = 20, $last: Int, $before: String,
              $after: String, $orderBy: CandidateOrderInput) {
  candidates(filter: $filter, first: $first, last: $last, before: $before, after: $after,
             orderBy: $orderBy) {
    totalCount
    edges { cursor node { fullName status } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""

CORRECT = f"candidate {{ id fullName heightCm history {{ fromStatus toStatus reason }} }} {ERRORS}"


def page(api: TestClient, **variables: Any) -> dict[str, Any]:
    found: dict[str, Any] = gql(api, PAGE, variables)["candidates"]
    return found


def names(found: dict[str, Any]) -> list[str]:
    return [edge["node"]["fullName"] for edge in found["edges"]]


def _register(api: TestClient) -> dict[str, str]:
    call_id = vietnam_call(api)
    made = {}
    for number, name in [("V-1", "Dang Thi Anh"), ("V-2", "Nguyễn Văn Bình"), ("V-3", "Bùi Lan")]:
        data = {**passing_candidate(call_id, "VN", number), "fullName": name}
        made[name] = ok(api, "registerCandidate", data)["candidate"]["id"]
    return made


@pytest.mark.database
def test_a_corrected_name_is_found_and_kept_in_the_history(api: TestClient) -> None:
    made = _register(api)
    corrected = mutation(
        api,
        "correctCandidate",
        CORRECT,
        {"candidateId": made["Dang Thi Anh"], "fullName": "Đặng Thị Ánh", "reason": "passport"},
    )
    assert corrected["errors"] == []
    assert corrected["candidate"]["fullName"] == "Đặng Thị Ánh"
    assert corrected["candidate"]["history"][-1] == {
        "fromStatus": "REGISTERED",
        "toStatus": "REGISTERED",
        "reason": "corrected fullName: passport",
    }
    for search in ("dang", "Đặng", "ánh"):
        assert names(page(api, filter={"name": search})) == ["Đặng Thị Ánh"], search


@pytest.mark.database
def test_refused_corrections_write_nothing(api: TestClient, db_settings: Settings) -> None:
    made = _register(api)
    before = snapshot(db_settings)
    refused = mutation(
        api,
        "correctCandidate",
        CORRECT,
        {"candidateId": made["Bùi Lan"], "heightCm": 900, "fullName": "", "reason": "x"},
    )
    assert refused["candidate"] is None
    assert sorted(e["field"] for e in refused["errors"]) == ["fullName", "heightCm"]
    missing_reason = mutation(
        api, "correctCandidate", CORRECT, {"candidateId": made["Bùi Lan"], "heightCm": 171}
    )
    assert [(e["field"], e["code"]) for e in missing_reason["errors"]] == [("reason", "REQUIRED")]
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_only_an_administrator_reopens_a_screening(api: TestClient) -> None:
    made = _register(api)
    staff = signed_in_as(api, staff=(Role.STAFF, {}))["staff"]
    body = post(
        api,
        "mutation($i: ReopenScreeningInput!) { reopenScreening(input: $i) { errors { code } } }",
        {"i": {"candidateId": made["Bùi Lan"], "reason": "x"}},
        staff,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # The administrator may, but only from a screened status.
    payload = mutation(
        api,
        "reopenScreening",
        f"candidate {{ status }} {ERRORS}",
        {"candidateId": made["Bùi Lan"], "reason": "x"},
    )
    assert [e["code"] for e in payload["errors"]] == ["NOT_ALLOWED_STATE"]


@pytest.mark.database
def test_sorted_pages_forwards_and_backwards(api: TestClient) -> None:
    _register(api)
    by_name = {"field": "NAME", "direction": "ASC"}
    forwards = page(api, orderBy=by_name, first=2)
    assert names(forwards) == ["Bùi Lan", "Dang Thi Anh"]
    assert forwards["pageInfo"]["hasNextPage"] is True
    rest = page(api, orderBy=by_name, first=2, after=forwards["pageInfo"]["endCursor"])
    assert names(rest) == ["Nguyễn Văn Bình"]

    backwards = page(api, orderBy=by_name, last=2)
    assert names(backwards) == ["Dang Thi Anh", "Nguyễn Văn Bình"]
    assert backwards["pageInfo"]["hasPreviousPage"] is True
    earlier = page(api, orderBy=by_name, last=2, before=backwards["pageInfo"]["startCursor"])
    assert names(earlier) == ["Bùi Lan"]

    descending = page(api, orderBy={"field": "NAME", "direction": "DESC"})
    assert names(descending) == list(reversed(names(page(api, orderBy=by_name))))

    # A cursor of one order is refused by another, naming the argument.
    body = post(api, PAGE, {"after": forwards["pageInfo"]["endCursor"]})
    assert body["errors"][0]["message"] == "after: not a cursor of this list"


@pytest.mark.database
def test_new_filters(api: TestClient) -> None:
    _register(api)
    assert page(api, filter={"statuses": ["REGISTERED", "WITHDRAWN"]})["totalCount"] == 3
    assert page(api, filter={"phase": "TRAINING"})["totalCount"] == 0
    assert page(api, filter={"phase": "APPLICATION"})["totalCount"] == 3
    assert page(api, filter={"stage": "I"})["totalCount"] == 0
    assert page(api, filter={"registeredFrom": "2000-01-01"})["totalCount"] == 3
    assert page(api, filter={"registeredTo": "2000-01-01"})["totalCount"] == 0
    # A date that is not ISO is refused before execution (400), naming the field.
    response = api.post(
        "/graphql", json={"query": PAGE, "variables": {"filter": {"registeredFrom": "1/2/2026"}}}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        'Variable $filter.registeredFrom: "1/2/2026" is not a date: '
        "write it as YYYY-MM-DD, for example 2026-04-01"
    )
