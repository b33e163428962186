"""Fuzzing: generated queries and mutations, valid and invalid, over HTTP, for every role.

hypothesis-graphql builds operations from the committed ``schema.graphql``
(half of them valid, half not); the same operations are posted to the
service once per role (administrator, staff, ministry officer, embassy
officer, host company, anonymous), so that the resolvers behind every
permission run. Only the mutations that would end the session are left out.
Every answer is counted: a 5xx, or an error message that shows a traceback, a
file path, SQL or an exception class, is a failure, and there must be none. An
unexpected error reads "Unexpected error." in production and names only the
request in development; half of the roles run in each profile. Mutations
write to the test's throw-away database.

The operations are generated once per run, derandomized (the same ones every
time), and then sent without hypothesis in the way; ``FUZZ_EXAMPLES`` sets
how many (1,000 by default) and ``FUZZ_POSTGRES_EXAMPLES`` how many of them
also run on PostgreSQL (100 by default, administrator and anonymous).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
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
from pydantic import SecretStr
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import key_of
from tests.hardening.clean import leaks

SCHEMA = (Path(__file__).resolve().parents[2] / "schema.graphql").read_text(encoding="utf-8")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1000"))
POSTGRES_EXAMPLES = int(os.environ.get("FUZZ_POSTGRES_EXAMPLES", "100"))
SESSION_ENDING = {"logout", "deactivateAccount"}
ANONYMOUS = "anonymous"
DEVELOPMENT = {Role.STAFF.value, Role.EMBASSY_OFFICER.value, ANONYMOUS}
"""The roles fuzzed in the development profile; the others run in production."""

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
    "ID": st.one_of(
        st.integers(-1, 5),
        st.sampled_from([2**31 - 1, 2**31, 2**63, 2**64, -(2**63)]),
    )
    .map(str)
    .map(nodes.String),
}
"""Ids near the rows that exist and beyond what either database can store."""


def root_fields() -> list[str]:
    schema = build_schema(SCHEMA)
    roots = (schema.query_type, schema.mutation_type)
    return [name for root in roots if root for name in root.fields if name not in SESSION_ENDING]


FIELDS = root_fields()


@pytest.fixture(scope="module")
def operations() -> list[str]:
    """``EXAMPLES`` generated documents, valid and invalid, the same on every run."""
    found: list[str] = []

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        query=st.one_of(
            from_schema(SCHEMA, fields=FIELDS, custom_scalars=SCALARS, mode=Mode.POSITIVE),
            from_schema(SCHEMA, fields=FIELDS, custom_scalars=SCALARS, mode=Mode.NEGATIVE),
        )
    )
    def collect(query: str) -> None:
        found.append(query)

    collect()
    assert len(found) >= EXAMPLES * 9 // 10
    return found


def fuzz_settings(database_url: str, schema: str | None, role: str) -> Settings:
    return Settings(
        database_url=database_url,
        database_schema=schema,
        profile="development" if role in DEVELOPMENT else "production",
        secret_key=SecretStr("fuzzing-key-" + "k" * 32),
        migrate_on_start=True,
        rate_limits=False,  # one client sends every example
    )


def client_as(settings: Settings, role: str) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        if role != ANONYMOUS:
            scope: dict[str, Any] = {}
            if role in (Role.MINISTRY_OFFICER.value, Role.EMBASSY_OFFICER.value):
                scope["country_code"] = "ID"
            if role == Role.HOST_COMPANY.value:
                admin = signed_in(client, Role.ADMIN)
                company = client.post(
                    "/graphql",
                    json={
                        "query": 'mutation { createHostCompany(input: {name: "Fuzz KK", '
                        'prefecture: "Tokyo", jobCategory: "Welding"}) { hostCompany { id } } }'
                    },
                    headers=admin,
                ).json()
                scope["host_company_id"] = key_of(
                    company["data"]["createHostCompany"]["hostCompany"]["id"], "HostCompany"
                )
            client.headers.update(signed_in(client, Role(role), **scope))
        yield client


def problems(client: TestClient, query: str, *, production: bool) -> list[str]:
    """What is wrong with the answer to ``query``: nothing, for a clean one."""
    response = client.post("/graphql", json={"query": query})
    found = []
    if response.status_code >= 500:
        found.append(f"status {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        return [*found, f"not JSON: {response.text[:200]}"]
    for error in body.get("errors") or ():
        message = error.get("message", "")
        found.extend(f"leak {leak!r} in {message[:300]!r}" for leak in leaks(message))
        if not set(error) <= {"message", "locations", "path", "extensions"}:
            found.append(f"unexpected keys {sorted(error)}")
        if {"exception", "stacktrace", "traceback"} & set(error.get("extensions") or {}):
            found.append("exception details in extensions")
        if production and "Did you mean" in message:
            found.append("a suggestion in production")
    return found


def fuzz(client: TestClient, documents: list[str], *, production: bool) -> None:
    counts: Counter[str] = Counter()
    failures: list[tuple[str, list[str]]] = []
    for document in documents:
        found = problems(client, document, production=production)
        counts["operations"] += 1
        counts["5xx"] += any(problem.startswith("status") for problem in found)
        counts["unmasked"] += any(not problem.startswith("status") for problem in found)
        if found and len(failures) < 5:
            failures.append((document, found))
    assert counts["operations"] == len(documents)
    assert (counts["5xx"], counts["unmasked"]) == (0, 0), failures


ROLES = [role.value for role in Role] + [ANONYMOUS]


def test_every_role_is_fuzzed() -> None:
    assert {Role(role) for role in ROLES if role != ANONYMOUS} == set(Role)
    assert len(ROLES) == 6


@pytest.mark.parametrize("role", ROLES)
def test_generated_operations_on_sqlite(sqlite_url: str, operations: list[str], role: str) -> None:
    settings = fuzz_settings(sqlite_url, None, role)
    for client in client_as(settings, role):
        fuzz(client, operations, production=settings.masks_errors)


@pytest.mark.database
@pytest.mark.parametrize("role", [Role.ADMIN.value, ANONYMOUS])
def test_generated_operations_on_postgresql(
    db_settings: Settings, operations: list[str], role: str
) -> None:
    if db_settings.database_url.startswith("sqlite"):
        pytest.skip("the SQLite run is test_generated_operations_on_sqlite")
    settings = fuzz_settings(db_settings.database_url, db_settings.database_schema, role)
    for client in client_as(settings, role):
        fuzz(client, operations[:POSTGRES_EXAMPLES], production=settings.masks_errors)
