"""The guides in docs/ say what the service does.

Every GraphQL block in docs/*.md is valid against the schema the code builds;
the frontend guide's operations run, in the order a frontend uses them, with
the variables and answers the guide shows; and every ``IMJAPAN_*`` variable
the docs (and the README) name is a setting the service reads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLScalarType,
    GraphQLSchema,
    build_schema,
    is_specified_scalar_type,
    parse,
    validate,
)
from pydantic import AliasChoices
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.docs import rulesdoc
from core.settings import Settings
from tests.accounts import PASSWORD, add_account
from tests.lifecycle.helpers import ok, passing_candidate

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted((ROOT / "docs").glob("*.md"))
FRONTEND = (ROOT / "docs" / "frontend.md").read_text(encoding="utf-8")

TEST_ONLY_VARIABLES = {"IMJAPAN_TEST_POSTGRES_URL"}
"""Read by tests/conftest.py (the PostgreSQL of the test suite), not by the service."""


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.DOTALL)


def operations(text: str) -> dict[str, str]:
    """The named operations of a page's GraphQL blocks, by name."""
    found: dict[str, str] = {}
    for block in blocks(text, "graphql"):
        match = re.match(r"\s*(?:query|mutation) (\w+)", block)
        if match:
            found[match.group(1)] = block
    return found


GRAPHQL_BLOCKS = [
    (path.name, number, block)
    for path in DOCS
    for number, block in enumerate(blocks(path.read_text(encoding="utf-8"), "graphql"), start=1)
]


@pytest.fixture
def live_schema(app: Starlette) -> GraphQLSchema:
    """The schema the service serves (not the committed file, which could be stale)."""
    return build_schema(str(app.state.schema))


# ---------------------------------------------------------------------------
# GraphQL in the docs
# ---------------------------------------------------------------------------


def test_the_frontend_guide_has_its_operations() -> None:
    assert sorted(operations(FRONTEND)) == [
        "CandidatesByName",
        "CandidatesPage",
        "ChangePassword",
        "Changes",
        "Countries",
        "Login",
        "Logout",
        "Me",
        "NextSteps",
        "Occupations",
        "Refresh",
        "RegisterCandidate",
        "Rules",
        "SetRule",
    ]


@pytest.mark.parametrize(
    ("page", "number", "block"), GRAPHQL_BLOCKS, ids=[f"{p}-{n}" for p, n, _ in GRAPHQL_BLOCKS]
)
def test_graphql_in_the_docs_is_valid_against_the_schema(
    live_schema: GraphQLSchema, page: str, number: int, block: str
) -> None:
    errors = validate(live_schema, parse(block))
    assert [error.message for error in errors] == [], f"docs/{page}, GraphQL block {number}"


def post(client: TestClient, name: str, variables: dict[str, Any] | None = None) -> Any:
    """Run the guide's operation ``name``; the whole response body."""
    response = client.post(
        "/graphql",
        json={"query": operations(FRONTEND)[name], "variables": variables or {}},
    )
    assert response.status_code == 200, response.text
    return response.json()


def data(client: TestClient, name: str, variables: dict[str, Any] | None = None) -> Any:
    body = post(client, name, variables)
    assert "errors" not in body, body
    return body["data"]


def test_the_frontend_guide_operations_run_as_described(client: TestClient) -> None:
    page_variables, register_variables, register_response = (
        json.loads(block) for block in blocks(FRONTEND, "json")
    )
    email = add_account(client, Role.STAFF)

    # The catalogue needs no account.
    countries = data(client, "Countries")["countries"]
    assert "TH" in {country["code"] for country in countries}

    # Signing in; a wrong password is an INVALID error with no tokens.
    wrong = data(client, "Login", {"email": email, "password": "not the password"})["login"]
    assert wrong["accessToken"] is None
    assert [error["code"] for error in wrong["errors"]] == ["INVALID"]
    login = data(client, "Login", {"email": email, "password": PASSWORD})["login"]
    assert login["errors"] == []
    assert login["account"]["role"] == "STAFF"
    client.headers["Authorization"] = f"Bearer {login['accessToken']}"
    assert data(client, "Me")["me"]["email"] == email

    # Changing the password: a wrong current one is refused on its field; the
    # session that made the change goes on.
    change = {"currentPassword": "not the password", "newPassword": "a new passphrase"}
    refused = data(client, "ChangePassword", {"input": change})["changePassword"]
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("currentPassword", "INVALID")]
    changed = data(client, "ChangePassword", {"input": {**change, "currentPassword": PASSWORD}})
    assert changed["changePassword"] == {"account": {"email": email}, "errors": []}
    assert data(client, "Me")["me"]["email"] == email

    # A mutation refused field by field, exactly as the guide shows it.
    call = ok(
        client,
        "createRecruitmentCall",
        {
            "countryCode": "TH",
            "label": "26-01",
            "jobFields": ["manufacturing"],
            "places": 20,
            "opensOn": "2026-01-05",
            "closesOn": "2026-01-30",
        },
    )["call"]
    register_variables["input"]["callId"] = call["id"]
    assert post(client, "RegisterCandidate", register_variables) == register_response

    # Pages of candidates, following endCursor.
    for number in ("1", "2", "3"):
        registered = data(
            client, "RegisterCandidate", {"input": passing_candidate(call["id"], "TH", number)}
        )["registerCandidate"]
        assert registered["errors"] == []
    first = data(client, "CandidatesPage", page_variables)["candidates"]
    assert first["totalCount"] == 3
    assert len(first["edges"]) == 3
    seen: list[str] = []
    after = None
    while True:
        page = data(client, "CandidatesPage", {**page_variables, "first": 2, "after": after})
        connection = page["candidates"]
        seen += [edge["node"]["id"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == [edge["node"]["id"] for edge in first["edges"]]

    # The same list by name, read backwards from its end, two at a time.
    backwards: list[str] = []
    before = None
    while True:
        by_name = data(client, "CandidatesByName", {"last": 2, "before": before})["candidates"]
        backwards = [edge["node"]["fullName"] for edge in by_name["edges"]] + backwards
        if not by_name["pageInfo"]["hasPreviousPage"]:
            break
        before = by_name["pageInfo"]["startCursor"]
    assert backwards == sorted(backwards) and len(backwards) == 3

    # What can be done next: staff may screen a registered candidate.
    steps = data(client, "NextSteps", {"id": seen[0]})["candidate"]
    assert steps["status"] == "REGISTERED"
    assert {(s["mutation"], s["allowed"]) for s in steps["nextSteps"]} == {
        ("recordTestResult", True),
        ("screenCandidate", True),
        ("withdrawCandidate", True),
    }

    # Refreshing: new tokens; the old pair stops working (the old access token
    # with 401, the old refresh token with an INVALID error).
    refreshed = data(client, "Refresh", {"refreshToken": login["refreshToken"]})["refreshToken"]
    assert refreshed["errors"] == []
    assert client.post("/graphql", json={"query": operations(FRONTEND)["Me"]}).status_code == 401
    del client.headers["Authorization"]
    again = data(client, "Refresh", {"refreshToken": login["refreshToken"]})["refreshToken"]
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("refreshToken", "INVALID")]

    # Signing out ends the session: its token is then refused with 401.
    client.headers["Authorization"] = f"Bearer {refreshed['accessToken']}"
    assert data(client, "Me")["me"]["email"] == email
    assert data(client, "Logout")["logout"] == {"ok": True, "errors": []}
    response = client.post("/graphql", json={"query": operations(FRONTEND)["Me"]})
    assert response.status_code == 401


def test_the_frontend_guide_lists_every_error_code(live_schema: GraphQLSchema) -> None:
    codes = live_schema.type_map["ErrorCode"]
    assert isinstance(codes, GraphQLEnumType)
    assert [code for code in codes.values if f"| `{code}` |" not in FRONTEND] == []


def test_the_codegen_example_maps_every_custom_scalar(live_schema: GraphQLSchema) -> None:
    [codegen, client] = blocks(FRONTEND, "ts")
    # The guide shows the set-up CI compiles (tests/test_typescript_client.py), as it is.
    typescript = ROOT / "clients" / "typescript"
    assert codegen == (typescript / "codegen.ts").read_text(encoding="utf-8")
    assert client in (typescript / "src" / "client.ts").read_text(encoding="utf-8")
    custom = [
        name
        for name, kind in live_schema.type_map.items()
        if isinstance(kind, GraphQLScalarType) and not is_specified_scalar_type(kind)
    ]
    assert custom
    assert [name for name in custom if f"  {name}: " not in codegen] == []


# ---------------------------------------------------------------------------
# Settings named in the docs
# ---------------------------------------------------------------------------


def settings_variables() -> set[str]:
    """Every environment variable Settings reads."""
    names: set[str] = set()
    prefix = str(Settings.model_config.get("env_prefix", ""))
    for name, field in Settings.model_fields.items():
        names.add(f"{prefix}{name}".upper())
        if isinstance(field.validation_alias, AliasChoices):
            names.update(str(choice).upper() for choice in field.validation_alias.choices)
    return names


def named_variables(text: str) -> set[str]:
    """``IMJAPAN_*`` names in ``text``; a trailing ``*`` (``IMJAPAN_RATE_LIMIT_*``)
    stands for every variable with that prefix."""
    return set(re.findall(r"IMJAPAN_[A-Z0-9_]*\*|IMJAPAN_[A-Z0-9_]*[A-Z0-9]", text))


def unknown_variables(text: str) -> list[str]:
    known = settings_variables() | TEST_ONLY_VARIABLES
    unknown = []
    for name in sorted(named_variables(text)):
        if name.endswith("*"):
            if not any(variable.startswith(name[:-1]) for variable in known):
                unknown.append(name)
        elif name not in known:
            unknown.append(name)
    return unknown


def test_settings_variables_are_found_in_text() -> None:
    assert "IMJAPAN_SECRET_KEY" in settings_variables()
    assert "DATABASE_URL" in settings_variables()
    text = "`IMJAPAN_PROFILE`, IMJAPAN_RATE_LIMIT_*, IMJAPAN_SECRET_KEYS and IMJAPAN_NOPE_*"
    assert unknown_variables(text) == ["IMJAPAN_NOPE_*", "IMJAPAN_SECRET_KEYS"]


@pytest.mark.parametrize("path", [*DOCS, ROOT / "README.md"], ids=lambda path: path.name)
def test_every_variable_the_docs_name_is_a_setting(path: Path) -> None:
    assert unknown_variables(path.read_text(encoding="utf-8")) == [], (
        f"{path.name} names variables that core/settings.py does not read"
    )


def test_the_rules_reference_is_current() -> None:
    """docs/rules.md lists the rule values and occupations a new database starts with."""
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rulesdoc.render(), "regenerate: imjapan docs rules -o docs/rules.md"
