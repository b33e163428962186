"""Fuzzing (S6): generated queries and mutations, valid and invalid, over HTTP.

hypothesis-graphql builds operations from the committed ``schema.graphql``;
each one is posted to the service in the production profile, signed in as an
administrator so that the resolvers behind the permissions run too (only the
mutations that would end that session are left out). Whatever comes back must
not be a 5xx, and no error message may show a traceback, a file path, SQL or
an exception class: an unexpected error reads "Unexpected error." and nothing
else. Mutations write to the test's throw-away database.

The runs are derandomized (the same examples every time) and small, so the
suite stays fast; ``FUZZ_EXAMPLES=1000`` runs more of them locally.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from graphql import build_schema
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in

SCHEMA = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
SESSION_ENDING = {"logout", "deactivateAccount"}

SCALARS = {
    "Date": st.dates(date(1950, 1, 1), date(2100, 12, 31)).map(nodes.String),
    "DateTime": st.datetimes(datetime(1950, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))
    .map(datetime.isoformat)
    .map(nodes.String),
    "Decimal": st.decimals(Decimal(-1000), Decimal(1000), places=2).map(nodes.String),
    "JSON": st.one_of(
        st.integers(-1000, 1000).map(nodes.Int),
        st.text(max_size=10).map(nodes.String),
        st.booleans().map(nodes.Boolean),
    ),
}

LEAK = re.compile(
    r"Traceback|File \"|line \d+, in|\.py\b|sqlalchemy|sqlite|asyncpg|aiosqlite"
    r"|\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b|\[SQL:|\b\w+(Error|Exception)\b"
    r"|<class |object at 0x",
)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
"""Values the client sent come back quoted; they are the client's own text."""

FUZZ = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(
        database_url=sqlite_url,
        profile="production",
        secret_key="fuzzing-key-" + "k" * 32,
        migrate_on_start=True,
        rate_limits=False,  # one client sends every example
    )


def root_fields() -> list[str]:
    schema = build_schema(SCHEMA)
    roots = (schema.query_type, schema.mutation_type)
    return [name for root in roots if root for name in root.fields if name not in SESSION_ENDING]


FIELDS = root_fields()


@pytest.fixture
def admin(client: TestClient) -> TestClient:
    client.headers.update(signed_in(client, Role.ADMIN))
    return client


def check(client: TestClient, query: str) -> None:
    response = client.post("/graphql", json={"query": query})
    assert response.status_code < 500, (query, response.text)
    if response.headers.get("content-type", "").startswith(
        ("application/json", "application/graphql-response+json")
    ):
        for error in response.json().get("errors") or ():
            assert_clean(error, query)
    else:
        assert LEAK.search(QUOTED.sub("", response.text)) is None, (query, response.text)
    assert "Did you mean" not in response.text


def assert_clean(error: dict[str, Any], query: str) -> None:
    message = error["message"]
    assert LEAK.search(QUOTED.sub("", message)) is None, (query, message)
    assert set(error) <= {"message", "locations", "path", "extensions"}, error
    assert not {"exception", "stacktrace", "traceback"} & set(error.get("extensions") or {})


@FUZZ
@given(query=from_schema(SCHEMA, fields=FIELDS, custom_scalars=SCALARS, mode=Mode.POSITIVE))
def test_valid_operations(admin: TestClient, query: str) -> None:
    check(admin, query)


@FUZZ
@given(query=from_schema(SCHEMA, fields=FIELDS, custom_scalars=SCALARS, mode=Mode.NEGATIVE))
def test_invalid_operations(admin: TestClient, query: str) -> None:
    check(admin, query)
