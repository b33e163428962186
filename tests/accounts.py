"""Accounts for tests: created straight in the database, signed in over HTTP."""

from __future__ import annotations

import asyncio
import itertools

from starlette.testclient import TestClient

from core.auth.roles import Role
from core.services.accounts import CreateAccountInput, create_account
from tests.sql import database

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def add_account(
    client: TestClient,
    role: Role,
    *,
    country_code: str | None = None,
    host_company_id: int | None = None,
    email: str | None = None,
) -> str:
    """Create an account in the app's database; returns its email."""
    app = client.app
    settings = app.state.settings  # type: ignore[attr-defined]
    email = email or f"{role.value}.{next(_numbers)}@example.org"
    data = CreateAccountInput(
        email=email,
        password=PASSWORD,
        role=role,
        country_code=country_code,
        host_company_id=host_company_id,
    )

    async def run() -> None:
        db = database(settings)
        try:
            async with db.transaction() as session:
                await create_account(
                    session=session,
                    registry=app.state.registry,  # type: ignore[attr-defined]
                    data=data,
                )
        finally:
            await db.dispose()

    asyncio.run(run())
    return email


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    """The Authorization header of a new session for ``email``."""
    response = client.post(
        "/graphql",
        json={
            "query": "mutation($e: String, $p: String) { login(input: {email: $e, password: $p})"
            " { accessToken errors { message } } }",
            "variables": {"e": email, "p": password},
        },
    )
    payload = response.json()["data"]["login"]
    assert payload["errors"] == [], payload
    return {"Authorization": f"Bearer {payload['accessToken']}"}


def signed_in(client: TestClient, role: Role, **scope: object) -> dict[str, str]:
    return sign_in(client, add_account(client, role, **scope))  # type: ignore[arg-type]
