"""What the GraphiQL tests need: the fetched assets, Chromium, a running service.

A missing prerequisite skips the tests on a developer's machine and fails them
in CI (``CI=true``), where it means a broken build.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.http import graphiql_assets
from tests.server import running_service

CHROMIUM = Path("/usr/bin/chromium")


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def installed_assets() -> Path:
    directory = graphiql_assets.assets_directory()
    require(
        graphiql_assets.installed(directory),
        "GraphiQL assets are not installed; run `imjapan assets fetch`",
    )
    return directory


@pytest.fixture
def server(tmp_path: Path, installed_assets: Path) -> Iterator[str]:
    """The real service (development profile, GraphiQL on) on a free port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'imjapan.sqlite3'}"
    with running_service([], env=env, log=tmp_path / "server.log") as base:
        yield base
