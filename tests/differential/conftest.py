"""Fixtures of the differential test, and the line each run adds to pytest's summary."""

from __future__ import annotations

import pytest
from _pytest.terminal import TerminalReporter
from starlette.applications import Starlette

from tests.differential import generated

SUMMARY: list[str] = []
"""One line per database run: how many documents each role ran on both paths."""


@pytest.fixture(scope="session")
def generated_documents(installed_app: Starlette) -> list[str]:
    """The generated corpus, made once per session from the schema the app serves."""
    return generated.documents(str(installed_app.state.schema))


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    if SUMMARY:
        terminalreporter.write_sep("-", "differential test: documents per role")
        for line in SUMMARY:
            terminalreporter.write_line(line)
