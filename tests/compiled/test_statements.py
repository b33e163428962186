"""The compiled path costs one statement per root field, whatever the page size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bench.queries import CANDIDATE_PAGE
from core.auth.roles import Role
from core.settings import Settings
from tests.client import global_id
from tests.compiled.paths import Paths, both_paths
from tests.compiled.test_same_bytes import CALLS, PUBLIC_NODE, TWO_ROOTS
from tests.factories import build, call, candidate, cohort, host_company
from tests.sql import statements


def _world(session: Session) -> int:
    vn = call(session, "VN")
    group = cohort(session, "VN")
    company = host_company(session)
    rows = [
        candidate(session, vn, "in_training", cohort_id=group.id, host_company_id=company.id)
        for _ in range(120)
    ]
    return rows[0].id or 0


@pytest.fixture
def paths(db_settings: Settings) -> Iterator[tuple[Paths, int]]:
    with both_paths(db_settings) as both:
        yield both, build(db_settings, _world)


SIGN_IN = "JOIN auth_session"
"""The bearer token's check, one statement per request (tests/auth counts it)."""


def count(paths: Paths, headers: dict[str, str], query: str, variables: dict[str, Any]) -> int:
    """Statements the compiled path sent to answer ``query``, besides the sign-in's one."""
    before = paths.compiled_answered()
    with statements(paths.compiled) as seen:
        response = paths.compiled.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
    assert response.status_code == 200 and "errors" not in response.json(), response.text
    assert paths.compiled_answered() == before + 1
    assert sum(SIGN_IN in statement for statement in seen) == 1
    return len(seen) - 1


def test_one_statement_per_root_field(paths: tuple[Paths, int]) -> None:
    both, first_id = paths
    headers = both.sign_in(Role.ADMIN)
    assert count(both, headers, CANDIDATE_PAGE, {"after": None}) == 1
    for size in (1, 20, 100):
        query = CANDIDATE_PAGE.replace("first: 100", f"first: {size}")
        assert count(both, headers, query, {"after": None}) == 1
    assert count(both, headers, PUBLIC_NODE, {"first": 100, "after": None}) == 1
    two = {"id": global_id("Candidate", first_id)}
    assert count(both, headers, TWO_ROOTS, two) == 2
    assert count(both, headers, CALLS, {"code": "VN"}) == 1
