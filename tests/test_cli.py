"""The imjapan command: serve, export-schema, check-plugins."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_export_schema_prints_the_committed_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export-schema"])
    assert result.exit_code == 0, result.output
    assert result.output == (ROOT / "schema.graphql").read_text(encoding="utf-8")
    out = tmp_path / "schema.graphql"
    assert CliRunner().invoke(main, ["export-schema", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.output


def test_check_plugins_lists_the_countries() -> None:
    result = CliRunner().invoke(main, ["check-plugins"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[:2] for line in lines[:-1]] == [
        ["bangladesh", "BD"],
        ["indonesia", "ID"],
        ["srilanka", "LK"],
        ["thailand", "TH"],
        ["vietnam", "VN"],
    ]
    assert lines[-1] == "5 plugin(s) OK"


@pytest.mark.parametrize("command", [["serve"], ["check-plugins"], ["export-schema"]])
def test_a_broken_configuration_stops_with_one_line(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMJAPAN_COUNTRIES", "indonesia,atlantis")
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2
    assert result.output == (
        "imjapan: cannot start: country plugin 'atlantis': enabled in IMJAPAN_COUNTRIES but "
        "not installed (installed: bangladesh, indonesia, srilanka, thailand, vietnam)\n"
    )


def test_bad_database_url_stops_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://localhost/imjapan")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert result.output == (
        "imjapan: cannot start: DATABASE_URL names backend 'mysql'; use sqlite or postgresql\n"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``imjapan serve`` in a process of its own, on a free loopback port."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "core", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stderr.read().decode()) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        assert process.stderr is not None
        process.stderr.close()


def test_serve_answers_over_http(server: str, tmp_path: Path) -> None:
    request = urllib.request.Request(
        f"{server}/graphql",
        data=json.dumps({"query": "{ countries { code } }"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        body = json.load(response)
    assert [c["code"] for c in body["data"]["countries"]] == ["BD", "ID", "LK", "TH", "VN"]

    page = urllib.request.Request(f"{server}/graphql", headers={"Accept": "text/html"})
    with urllib.request.urlopen(page, timeout=5) as response:
        assert "graphiql" in response.read().decode().lower()

    with urllib.request.urlopen(f"{server}/-/plugins", timeout=5) as response:
        assert len(json.load(response)) == 5
    assert (tmp_path / "imjapan.sqlite3").exists()
