"""The TypeScript types a frontend generates from the committed schema compile.

``clients/typescript`` is a frontend's view of the API: the operations of the
scenario test (``tests/lifecycle/test_scenario.py`` runs every one of them over
HTTP) and a small typed client. GraphQL Code Generator writes their types from
``schema.graphql`` and ``tsc --strict`` compiles them with the client, so an
operation that no longer fits the schema, or a schema change that breaks the
client's use of a generated type, fails here. The npm packages come from
``package-lock.json`` (``npm ci``: exact versions, checked by their integrity
hashes). Without npm the test is skipped, except in CI (``CI=true``), where a
missing toolchain is a broken build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CLIENT = Path(__file__).resolve().parents[1] / "clients" / "typescript"


def _npm() -> str:
    found = shutil.which("npm")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("npm is not installed: CI checks the generated TypeScript types")
        pytest.skip("npm is not installed")
    return found


def _run(*command: str) -> None:
    result = subprocess.run(
        command, cwd=CLIENT, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"


def test_generated_types_of_the_client_operations_compile_under_strict() -> None:
    npm = _npm()
    _run(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
    generated = CLIENT / "src" / "generated"
    shutil.rmtree(generated, ignore_errors=True)
    _run(npm, "run", "--silent", "codegen")
    assert (generated / "operations.ts").stat().st_size > 0
    _run(npm, "run", "--silent", "typecheck")
