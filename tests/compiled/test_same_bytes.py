"""The compiled path answers with the resolver path's bytes, for every role, on both
databases; whatever it does not know (or a role may not read) takes the resolver
path, with the same answer and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bench.queries import CANDIDATE_PAGE
from core.settings import Settings
from tests.client import global_id
from tests.compiled.paths import both_paths
from tests.compiled.world import World, build_world

SCREENERS = frozenset({"admin", "staff", "ministry"})
SIGNED_IN = frozenset({"admin", "staff", "ministry", "embassy", "company"})
ROLES = ("admin", "staff", "ministry", "embassy", "company", "anonymous")

PUBLIC_NODE = """query Public($first: Int!, $after: String) {
  candidates(first: $first, after: $after) {
    __typename
    totalCount
    pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      __typename cursor
      node {
        __typename id fullName status countryCode jobField trainingCompletedOn
        enteredJapanOn returnedOn returnOutcome programme
        hostCompany { __typename id name prefecture jobCategory }
      }
    }
  }
}"""

EVERY_FIELD = """query Every {
  candidates(first: 100) {
    edges { node {
      id countryCode applicantNumber fullName dateOfBirth sex educationLevel educationTrack
      jobField heightCm weightKg japaneseLevel priorInternshipInJapan priorWorkInJapan
      militaryServiceCompleted criminalRecord status trainingCompletedOn enteredJapanOn
      returnedOn returnOutcome returnReason programme
      call { id countryCode label jobFields places opensOn closesOn }
      cohort { id countryCode name centreId startsOn endsOn }
      hostCompany { id name prefecture jobCategory }
      latestScreeningDecision { id passed screenedOn }
    } }
    totalCount
  }
}"""

FRAGMENTS = """query Fragments($filter: CandidateFilterInput) {
  page: candidates(filter: $filter, first: 3) {
    count: totalCount
    ...Info
    edges { at: cursor node { ...Person ... on Node { nodeId: id } ... on Candidate { status } } }
    edges { node { name: fullName } }
  }
}
fragment Info on CandidateConnection { pageInfo { more: hasNextPage end: endCursor } }
fragment Person on Candidate { id fullName company: hostCompany { name ...Named } }
fragment Named on HostCompany { name id }
"""

LITERAL_FILTER = """{
  candidates(filter: {countryCode: "vn", status: IN_TRAINING}, first: 2) {
    totalCount edges { cursor node { id fullName status } } pageInfo { hasNextPage endCursor }
  }
}"""

TWO_ROOTS = """query Two($id: ID!) {
  one: candidate(id: $id) { id fullName status hostCompany { name } }
  candidates(first: 1) { edges { node { id } } }
}"""

BY_ID = """query ById($id: ID!) { candidate(id: $id) {
  __typename id fullName status hostCompany { id name }
} }"""

CALLS = """query Calls($code: String!, $after: String) {
  recruitmentCalls(countryCode: $code, first: 1, after: $after) {
    totalCount
    edges { cursor node { id countryCode label jobFields places opensOn closesOn } }
    pageInfo { hasNextPage endCursor startCursor hasPreviousPage }
  }
}"""


@pytest.fixture
def world(db_settings: Settings) -> Iterator[World]:
    with both_paths(db_settings) as paths:
        yield build_world(db_settings, paths)


def check(
    world: World,
    role: str,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    compiled: bool,
) -> dict[str, Any]:
    """Assert identical bytes on both paths, and whether the compiled path answered."""
    before = world.paths.compiled_answered()
    body = world.paths.same(query, variables, headers=world.headers[role])
    assert world.paths.compiled_answered() - before == (1 if compiled else 0), (role, body)
    found: dict[str, Any] = json.loads(body)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_pages_are_the_same_bytes(world: World, role: str) -> None:
    body = check(world, role, CANDIDATE_PAGE, {"after": None}, compiled=role in SCREENERS)
    if role == "ministry":  # the scope: its country alone
        edges = body["data"]["candidates"]["edges"]
        assert {edge["node"]["countryCode"] for edge in edges} == {"VN"}
    check(world, role, EVERY_FIELD, compiled=role in SCREENERS)
    check(world, role, LITERAL_FILTER, compiled=role in SIGNED_IN)
    check(world, role, FRAGMENTS, {"filter": {"status": "IN_TRAINING"}}, compiled=role in SIGNED_IN)
    check(world, role, FRAGMENTS, {"filter": {"countryCode": "id"}}, compiled=role in SIGNED_IN)
    check(world, role, FRAGMENTS, {}, compiled=role in SIGNED_IN)


@pytest.mark.parametrize("role", ROLES)
def test_cursors_walk_the_same_pages(world: World, role: str) -> None:
    after = None
    pages = 0
    while True:
        body = check(
            world, role, PUBLIC_NODE, {"first": 2, "after": after}, compiled=role in SIGNED_IN
        )
        if role == "anonymous":
            return
        page = body["data"]["candidates"]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # Past the end: an empty page, null cursors.
    body = check(world, role, PUBLIC_NODE, {"first": 2, "after": after}, compiled=True)
    if after is not None:
        last = check(
            world,
            role,
            PUBLIC_NODE,
            {"first": 100, "after": body["data"]["candidates"]["pageInfo"]["endCursor"] or after},
            compiled=True,
        )
        assert last["data"]["candidates"]["edges"] == []
    assert pages >= 1


@pytest.mark.parametrize("role", ROLES)
def test_by_id_and_calls_are_the_same_bytes(world: World, role: str) -> None:
    for key in ("full", "indonesian", "bare"):
        check(
            world,
            role,
            BY_ID,
            {"id": global_id("Candidate", world.ids[key])},
            compiled=role in SIGNED_IN,
        )
    check(
        world,
        role,
        TWO_ROOTS,
        {"id": global_id("Candidate", world.ids["returned"])},
        compiled=role in SIGNED_IN,
    )
    for code in ("ID", "id", "VN", "TH"):
        body = check(world, role, CALLS, {"code": code}, compiled=role in SCREENERS)
        page = (body.get("data") or {}).get("recruitmentCalls")
        if page and page["pageInfo"]["hasNextPage"]:
            check(
                world,
                role,
                CALLS,
                {"code": code, "after": page["pageInfo"]["endCursor"]},
                compiled=True,
            )


FALLBACKS = [
    # Directives, fields and arguments the compiler leaves to the resolver path.
    "{ candidates(first: 2) { edges { node { id @skip(if: true) fullName } } } }",
    "{ candidates(first: 2) { edges { node { id history { toStatus } } } } }",
    "{ candidates(last: 2) { edges { node { id } } } }",
    "{ candidates(first: 2, orderBy: {field: NAME}) { edges { node { id } } } }",
    '{ candidates(filter: {name: "VN"}) { edges { node { id } } } }',
    "{ candidates(first: 2) { edges { node { id } } } me { email } }",
    "{ __typename candidates(first: 1) { totalCount } }",
    # Errors: the resolver path reports them.
    "{ candidates(first: 0) { edges { node { id } } } }",
    "{ candidates(first: 101) { edges { node { id } } } }",
    '{ candidates(after: "bm90IGEgY3Vyc29y") { edges { node { id } } } }',
    '{ candidate(id: "not an id") { id } }',
    '{ candidate(id: "UmVjcnVpdG1lbnRDYWxsOjE=") { id } }',
    "query($f: Int!) { candidates(first: $f) { totalCount } }",
    "{ candidates(first: 2) { edges { node { id nope } } } }",
]


@pytest.mark.parametrize("role", ["admin", "embassy", "anonymous"])
def test_what_it_does_not_know_takes_the_resolver_path(world: World, role: str) -> None:
    for query in FALLBACKS:
        check(world, role, query, compiled=False)


def test_a_field_the_role_may_not_read_takes_the_resolver_path(world: World) -> None:
    query = "{ candidates(first: 5) { edges { node { id fullName dateOfBirth } } } }"
    body = check(world, "embassy", query, compiled=False)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    check(world, "company", "{ candidates { edges { node { call { label } } } } }", compiled=False)
    body = check(world, "anonymous", "{ candidates { totalCount } }", compiled=False)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_read_past_the_time_limit_takes_the_resolver_path(world: World) -> None:
    """The compiled read has the operation's time limit; past it the resolver path
    answers (here it runs out of time too, and says so as always)."""
    settings = world.paths.compiled.app.state.settings  # type: ignore[attr-defined]
    with both_paths(settings, request_time_limit=1e-9) as paths:
        hurried = World(paths=paths, ids=world.ids, headers=world.headers)
        body = check(hurried, "admin", CANDIDATE_PAGE, {"after": None}, compiled=False)
        assert body["errors"][0]["extensions"]["code"] == "TIME_LIMIT_EXCEEDED"
