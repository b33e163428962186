"""Run one document on both read paths over the same database and compare the bytes.

Reusable by any test (the differential test of issue 15 among them)::

    with both_paths(db_settings) as paths:
        headers = paths.sign_in(Role.MINISTRY_OFFICER, country_code="VN")
        body = paths.same(QUERY, {"after": None}, headers=headers)

:func:`both_paths` starts two apps over one database, one with
``compiled_reads=True`` and one without, sharing the token key so a sign-in
works on both. :meth:`Paths.run` answers with both responses,
:meth:`Paths.same` asserts they are identical (status, content type, bytes)
and returns the body, :meth:`Paths.compiled_answered` counts the operations
the compiled path answered (to tell it from a fallback), and :func:`statements`
records the SQL an app sends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in

SECRET = "compiled-paths-test-key-" + "x" * 40


@dataclass
class Paths:
    compiled: TestClient
    resolver: TestClient

    def sign_in(self, role: Role, **scope: Any) -> dict[str, str]:
        """A new account of ``role`` (and scope), signed in: its headers work on both apps."""
        return signed_in(self.compiled, role, **scope)

    def compiled_answered(self) -> int:
        plans = self.compiled.app.state.compiled_plans  # type: ignore[attr-defined]
        return int(plans.answered)

    def run(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
        operation_name: str | None = None,
    ) -> tuple[Any, Any]:
        """The compiled app's response and the resolver app's, to the same request."""
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation_name is not None:
            body["operationName"] = operation_name
        return (
            self.compiled.post("/graphql", json=body, headers=headers),
            self.resolver.post("/graphql", json=body, headers=headers),
        )

    def same(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
        operation_name: str | None = None,
    ) -> bytes:
        """Assert both paths answer with the same status, type and bytes; return them."""
        compiled, resolver = self.run(
            query, variables, headers=headers, operation_name=operation_name
        )
        assert compiled.content == resolver.content, (compiled.content, resolver.content)
        assert compiled.status_code == resolver.status_code
        assert compiled.headers["content-type"] == resolver.headers["content-type"]
        return compiled.content


@contextmanager
def both_paths(settings: Settings, **overrides: Any) -> Iterator[Paths]:
    """Two apps over the database of ``settings`` (and ``overrides``): compiled reads
    on, and off."""
    shared = {"secret_key": SecretStr(SECRET), "rate_limits": False, **overrides}
    on = settings.model_copy(update={"compiled_reads": True, **shared})
    off = settings.model_copy(update={"compiled_reads": False, **shared})
    with TestClient(create_app(on)) as compiled, TestClient(create_app(off)) as resolver:
        yield Paths(compiled=compiled, resolver=resolver)
