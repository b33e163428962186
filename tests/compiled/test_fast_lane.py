"""The endpoint's fast lane (core.http.fast_reads): a document the compiled path answered
once is answered again without Strawberry's pipeline, with the same response; what
depends on the request is checked again, and whatever the lane does not take is
answered by the normal path exactly as before."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import global_id
from tests.compiled.paths import both_paths
from tests.compiled.test_same_bytes import BY_ID, CALLS
from tests.compiled.world import World, build_world
from tests.sql import run_sql, statements

PERSONAL = """query Personal($id: ID!) { candidate(id: $id) { id fullName dateOfBirth } }"""
TWO_OPERATIONS = """query A($id: ID!) { candidate(id: $id) { id } }
query B($code: String!) { recruitmentCalls(countryCode: $code, first: 1) { totalCount } }"""
PER_REQUEST = frozenset({"x-request-id", "date", "server-timing"})
"""Response headers that differ from one request to the next on any path."""


@pytest.fixture
def world(db_settings: Settings) -> Iterator[World]:
    with both_paths(db_settings) as paths:
        yield build_world(db_settings, paths)


def fast_answers(world: World) -> int:
    return int(world.paths.compiled.app.state.compiled_plans.answered_fast)  # type: ignore[attr-defined]


def post(
    client: TestClient,
    query: str,
    variables: dict[str, Any] | None,
    headers: dict[str, str],
    operation_name: str | None = None,
    extensions: dict[str, Any] | None = None,
) -> Any:
    body: dict[str, Any] = {"query": query, "variables": variables}
    if operation_name is not None:
        body["operationName"] = operation_name
    if extensions is not None:
        body["extensions"] = extensions
    return client.post("/graphql", json=body, headers=headers)


def lasting_headers(response: Any) -> list[tuple[str, str]]:
    """The response's headers in their order, those of :data:`PER_REQUEST` left out."""
    return [(k, v) for k, v in response.headers.multi_items() if k not in PER_REQUEST]


@pytest.mark.parametrize("role", ["admin", "staff", "ministry", "company"])
def test_the_fast_lanes_answers_are_the_same_response(world: World, role: str) -> None:
    client, headers = world.paths.compiled, world.headers[role]
    variables = {"id": global_id("Candidate", world.ids["full"])}
    first = post(client, BY_ID, variables, headers)  # the whole pipeline
    before = fast_answers(world)
    with statements(client) as checked_first:
        second = post(client, BY_ID, variables, headers)  # the lane: the check, then the read
    with statements(client) as checked_within:
        third = post(client, BY_ID, variables, headers)  # the lane: both in one statement
    assert fast_answers(world) == before + 2
    for again in (second, third):
        assert (again.status_code, again.content) == (first.status_code, first.content)
        assert lasting_headers(again) == lasting_headers(first)
        assert "x-imjapan-operation" not in again.headers  # read and removed, as before
    assert len(checked_first) == 2, checked_first
    assert len(checked_within) == 1, checked_within
    assert "auth_session" in checked_within[0]


def test_a_single_operation_is_known_with_its_name_given_or_not(world: World) -> None:
    client, headers = world.paths.compiled, world.headers["admin"]
    variables = {"code": "VN"}
    post(client, CALLS, variables, headers)
    before = fast_answers(world)
    named = post(client, CALLS, variables, headers, operation_name="Calls")
    unnamed = post(client, CALLS, variables, headers)
    assert fast_answers(world) == before + 2
    assert named.content == unnamed.content


def test_of_several_operations_only_the_one_named_is_known(world: World) -> None:
    client, headers = world.paths.compiled, world.headers["admin"]
    variables = {"id": global_id("Candidate", world.ids["full"]), "code": "VN"}
    post(client, TWO_OPERATIONS, variables, headers, operation_name="A")
    before = fast_answers(world)
    assert post(client, TWO_OPERATIONS, variables, headers, operation_name="A").status_code == 200
    assert fast_answers(world) == before + 1
    unnamed = post(client, TWO_OPERATIONS, variables, headers)  # refused: name the one to run
    assert unnamed.status_code == 400
    assert fast_answers(world) == before + 1


@dataclass(frozen=True)
class Case:
    """A request the lane must leave to the normal path, after the document is known."""

    role: str
    variables: Callable[[World], dict[str, Any] | None]
    headers: Callable[[World], dict[str, str]] | None = None
    query: str = PERSONAL
    extensions: dict[str, Any] | None = None


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def full(world: World) -> dict[str, Any]:
    return {"id": global_id("Candidate", world.ids["full"])}


REFUSED = {
    "a role that may not read a selected field": Case("embassy", full),
    "anonymous, for a guarded field": Case("anonymous", full),
    "a variable that does not coerce": Case("admin", lambda w: {"id": None}),
    "no variables for a required one": Case("admin", lambda w: None),
    "a NUL character in a variable": Case("admin", lambda w: {"id": "Q2FuZGlkYXRlOjE=\x00"}),
    "an id of another type": Case("admin", lambda w: {"id": global_id("HostCompany", 1)}),
    "a malformed id": Case("admin", lambda w: {"id": "not an id"}),
    "a cursor the SQL does not take": Case(
        "admin", lambda w: {"code": "VN", "after": "bogus"}, query=CALLS
    ),
    "an authorization header of another scheme": Case(
        "admin", full, headers=lambda w: {"authorization": "Basic YWRtaW46YWRtaW4="}
    ),
    "a persisted query's hash beside the document (registered by the normal path)": Case(
        "admin",
        full,
        extensions={"persistedQuery": {"version": 1, "sha256Hash": sha256(PERSONAL)}},
    ),
    "a malformed persisted-query extension": Case(
        "admin", full, extensions={"persistedQuery": {"version": 2}}
    ),
    "a forged token": Case(
        "admin", full, headers=lambda w: {"authorization": "Bearer e30.e30.forged"}
    ),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_what_the_lane_does_not_take_is_answered_as_before(world: World, case: Case) -> None:
    paths = world.paths
    known = {"code": "VN"} if case.query == CALLS else full(world)
    post(paths.compiled, case.query, known, world.headers["admin"])  # now the lane knows it
    headers = case.headers(world) if case.headers else world.headers[case.role]
    variables = case.variables(world)
    before = fast_answers(world)
    compiled = post(paths.compiled, case.query, variables, headers, extensions=case.extensions)
    resolver = post(paths.resolver, case.query, variables, headers, extensions=case.extensions)
    assert fast_answers(world) == before
    assert (compiled.status_code, compiled.content) == (resolver.status_code, resolver.content)


STAFF = "WHERE email LIKE 'staff.%'"
ELSEWHERE = {
    "the session ended": ("UPDATE auth_session SET revoked_at = CURRENT_TIMESTAMP", 401),
    "the account deactivated": (f"UPDATE account SET active = false {STAFF}", 401),
    "the role changed": (
        f"UPDATE account SET role = 'embassy_officer', country_code = 'VN' {STAFF}",
        200,
    ),
}


@pytest.mark.parametrize(("change", "status"), ELSEWHERE.values(), ids=ELSEWHERE.keys())
def test_a_change_made_elsewhere_counts_at_the_next_request(
    world: World, db_settings: Settings, change: str, status: int
) -> None:
    """Another process (here plain SQL) changes the session or the account after the
    lane has read with this token's actor (its guess for the next request, checked
    in the same statement): the next request is answered as the normal path answers
    the changed account (401, or the embassy's refusal of the personal field)."""
    client, headers = world.paths.compiled, world.headers["staff"]
    variables = full(world)
    for _ in range(3):
        assert post(client, PERSONAL, variables, headers).status_code == 200
    run_sql(db_settings, change, "SELECT 1")
    before = fast_answers(world)
    changed = post(client, PERSONAL, variables, headers)
    assert fast_answers(world) == before
    assert changed.status_code == status
    resolver = post(world.paths.resolver, PERSONAL, variables, headers)
    assert (changed.status_code, changed.content) == (resolver.status_code, resolver.content)
    if status == 200:
        assert changed.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
