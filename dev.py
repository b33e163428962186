#!/usr/bin/env python3
"""Set up and run imjapan-api with nothing but Python 3.11+.

    python3 dev.py serve [--host H] [--port P]   # run the service
    python3 dev.py test [pytest args]            # run the whole test suite

Both create ``.venv`` on first use and install the locked, hash-checked
dependencies from ``requirements-dev.lock`` plus the project itself (editable,
so its country plugins' entry points exist). They reinstall only when the lock
file or ``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".imjapan-installed"
INPUTS = (ROOT / "requirements-dev.lock", ROOT / "pyproject.toml")


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script may run on any Python)
        print("imjapan-api needs Python 3.11 or newer", file=sys.stderr)
        return 2
    if not argv or argv[0] not in {"serve", "test", "setup"}:
        print(__doc__, file=sys.stderr)
        return 2
    setup()
    command, rest = argv[0], argv[1:]
    if command == "serve":
        return run([str(BIN / "imjapan"), "serve", *rest])
    if command == "test":
        return run([str(PYTHON), "-m", "pytest", *rest])
    return 0


def setup() -> None:
    """Create the virtual environment, install what changed since last time and
    fetch GraphiQL's pinned files when they are missing or changed."""
    install()
    fetch_assets()


def install() -> None:
    fingerprint = hashlib.sha256(b"".join(path.read_bytes() for path in INPUTS)).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == fingerprint:
        return
    if not PYTHON.exists():
        print("creating .venv", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
    print("installing locked dependencies", file=sys.stderr)
    # The lock is complete, so pip resolves nothing: with --no-deps a package
    # published after the lock was made can never be asked for, and the result
    # does not depend on what the registry serves on the day. `pip check` then
    # proves that the locked set satisfies every requirement.
    lock = str(ROOT / "requirements-dev.lock")
    check([*pip, "--no-deps", "--require-hashes", "-r", lock])
    check([*pip, "--no-deps", "--no-build-isolation", "--editable", str(ROOT)])
    check([str(PYTHON), "-m", "pip", "check", "--disable-pip-version-check"])
    STAMP.write_text(fingerprint + "\n")


def fetch_assets() -> None:
    """Fetch GraphiQL's files from the npm registry, verified against their pinned
    checksums (core/http/graphiql_assets.py); a no-op when they are in place.
    Without network the service still runs and /graphql says what to do."""
    command = [str(PYTHON), "-m", "core.http.graphiql_assets", "--quiet"]
    if subprocess.run(command, cwd=ROOT).returncode != 0:
        print(
            "continuing without GraphiQL; run `.venv/bin/imjapan assets fetch` later",
            file=sys.stderr,
        )


def check(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(result.returncode)


def run(command: list[str]) -> int:
    try:
        return subprocess.run(command, cwd=ROOT).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
