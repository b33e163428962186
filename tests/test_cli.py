"""The imjapan command: every command in process, serve in a process of its own."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from dateutil.relativedelta import relativedelta
from sqlalchemy import text
from starlette.testclient import TestClient

from core.app import create_app
from core.auth.roles import Role
from core.cli import main
from core.db.engine import create_engine
from core.demo import WAVE_MONTHS_AGO, WEIGHTS, Stop, allocate
from core.settings import Settings
from tests.accounts import PASSWORD, sign_in, signed_in
from tests.lifecycle.helpers import ok
from tests.server import running_service

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
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["NAME", "CODE", "DISTRIBUTION", "VERSION", "ENABLED", "HOOKS"]
    assert [line.split()[:5] for line in lines[1:-1]] == [
        [name, code, "imjapan-api", "0.2.0", "yes"]
        for name, code in [
            ("bangladesh", "BD"),
            ("indonesia", "ID"),
            ("srilanka", "LK"),
            ("thailand", "TH"),
            ("vietnam", "VN"),
        ]
    ]
    indonesia = lines[2]
    assert "country_profile" in indonesia and "country_returnee_associations" in indonesia
    assert "country_returnee_associations" not in lines[3]
    assert lines[-1] == "5 plugin(s) OK"


def test_check_plugins_shows_the_plugins_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMJAPAN_COUNTRIES", "vietnam")
    result = CliRunner().invoke(main, ["check-plugins"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:5] for line in result.stdout.splitlines()[1:-1]}
    assert rows["vietnam"] == ["VN", "imjapan-api", "0.2.0", "yes"]
    assert rows["thailand"] == ["-", "imjapan-api", "0.2.0", "no"]
    assert result.stdout.splitlines()[-1] == "1 plugin(s) OK"


def _install_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, code: str) -> None:
    """Install a distribution with one country plugin where entry points are found."""
    (tmp_path / f"{name}_plugin.py").write_text(code, encoding="utf-8")
    info = tmp_path / f"imjapan_{name}-0.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: imjapan-{name}\nVersion: 0.3\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[imjapan.countries]\n{name} = {name}_plugin\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, f"{name}_plugin", raising=False)


def test_check_plugins_refuses_an_invalid_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_plugin(
        tmp_path,
        monkeypatch,
        "brokenland",
        "from core import hookimpl\n\n\n@hookimpl\ndef country_agencies():\n    return []\n",
    )
    result = CliRunner().invoke(main, ["check-plugins"])
    assert result.exit_code == 2
    assert result.stderr == (
        "imjapan: cannot start: country plugin 'brokenland': "
        "country_profile is required and returned nothing\n"
    )
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()[1:]}
    assert rows["brokenland"] == ["-", "imjapan-brokenland", "0.3", "yes", "-"]
    assert len(rows) == 6
    assert "Traceback" not in result.output


def test_check_plugins_refuses_a_misspelt_hook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_plugin(
        tmp_path,
        monkeypatch,
        "typoland",
        "from core import hookimpl\n\n\n@hookimpl\ndef country_profiel():\n    return None\n",
    )
    result = CliRunner().invoke(main, ["check-plugins"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "imjapan: cannot start: country plugin 'typoland': implements unknown hook(s) "
        "country_profiel (misspelled?)"
    )


@pytest.mark.parametrize("command", [["serve"], ["check-plugins"], ["export-schema"]])
def test_a_broken_configuration_stops_with_one_line(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMJAPAN_COUNTRIES", "indonesia,atlantis")
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2
    assert result.stderr == (
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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``imjapan serve`` in a process of its own, on a free loopback port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
    env.pop("DATABASE_URL", None)
    log = tmp_path.parent / f"{tmp_path.name}-server.log"  # outside the served folder
    with running_service(["--host", "127.0.0.1"], env=env, log=log, cwd=tmp_path) as base:
        yield base


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


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_a_one_line_description() -> None:
    runner = CliRunner()
    paths = list(_commands(main))
    assert {("migrate", "status"), ("users", "set-password"), ("seed-demo",)} <= set(paths)
    for path in paths:
        result = runner.invoke(main, [*path, "--help"], prog_name="imjapan")
        assert result.exit_code == 0, (path, result.output)
        usage, _blank, description = result.stdout.splitlines()[:3]
        assert usage.startswith(f"Usage: imjapan {' '.join(path)}"), path
        assert description.strip() and not description.strip().endswith("..."), path
        listing = result.stdout.partition("Commands:")[2]
        assert not [line for line in listing.splitlines() if line.endswith("...")], path


def test_every_command_has_an_example_in_the_cli_guide() -> None:
    guide = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [
        path
        for path in _commands(main)
        if f"$ imjapan {' '.join(path)}" not in guide and f"\nimjapan {' '.join(path)}" not in guide
    ]
    assert missing == []


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """DATABASE_URL of a SQLite file that does not exist yet."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_migrate_status_history_and_downgrade(database: str) -> None:
    runner = CliRunner()
    revisions = [
        line.split()[0] for line in runner.invoke(main, ["migrate", "history"]).stdout.splitlines()
    ]
    assert revisions[:4] == ["0001", "0002", "0003", "0004"]
    head = revisions[-1]

    nothing = runner.invoke(main, ["migrate", "downgrade", "--to", "base", "--yes"])
    assert nothing.stdout == "nothing to undo: the database is at base\n"
    empty = runner.invoke(main, ["migrate", "status", "--check"])
    assert empty.exit_code == 1
    assert "current:  none (empty database)" in empty.stdout
    assert f"pending:  {', '.join(revisions)}" in empty.stdout

    assert runner.invoke(main, ["migrate", "--revision", "0002"]).stdout == "database at 0002\n"
    partial = runner.invoke(main, ["migrate", "status"])
    assert partial.exit_code == 0
    assert "current:  0002 Accounts" in partial.stdout
    assert f"pending:  {', '.join(revisions[2:])}" in partial.stdout

    assert runner.invoke(main, ["migrate"]).stdout == f"database at {head} (head)\n"
    done = runner.invoke(main, ["migrate", "status", "--check"])
    assert done.exit_code == 0 and "up to date" in done.stdout

    unconfirmed = runner.invoke(main, ["migrate", "downgrade", "--to", "0003"])
    assert unconfirmed.exit_code == 1
    assert "repeat with --yes" in unconfirmed.stderr
    assert f"current:  {head}" in runner.invoke(main, ["migrate", "status"]).stdout

    confirmed = runner.invoke(main, ["migrate", "downgrade", "--to", "0003", "--yes"])
    assert confirmed.exit_code == 0, confirmed.output
    assert confirmed.stdout.startswith("database at 0003; undone: ")
    assert "current:  0003" in runner.invoke(main, ["migrate", "status"]).stdout
    again = runner.invoke(main, ["migrate", "downgrade", "--to", "0003", "--yes"])
    assert again.stdout == "nothing to undo: the database is at 0003\n"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["migrate", "--revision", "0099"], "Invalid value for --revision: no migration '0099'"),
        (["migrate", "downgrade", "--to", "x1", "--yes"], "Invalid value for --to: no migration"),
        (["migrate", "downgrade", "--yes"], "Missing option '--to'"),
        (["migrate", "--revision", "0001", "status"], "--revision is for the upgrade"),
        (["users", "create", "--email", "a@example.org", "--role", "king"], "'king' is not one of"),
        (["seed-demo", "--candidates", "-1"], "Invalid value for '--candidates'"),
    ],
)
def test_bad_arguments_are_usage_errors(database: str, arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql://postgres@127.0.0.1:1/test", "Connect call failed"),
        ("sqlite:////nonexistent-directory/imjapan.sqlite3", "no directory /nonexistent-directory"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ["migrate"],
        ["migrate", "status"],
        ["users", "list"],
        ["users", "deactivate", "a@example.org"],
        ["candidates", "screen", "--call", "1"],
        ["seed-demo", "--candidates", "0"],
    ],
)
def test_an_unreachable_database_is_one_line(url: str, reason: str, command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--database-url", url])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(f"imjapan: cannot use the database at {url}: ")
    assert reason in result.stderr and len(result.stderr.splitlines()) == 1


def test_database_url_option_hides_the_password() -> None:
    url = "postgresql://postgres:hunter2-secret@127.0.0.1:1/test"
    result = CliRunner().invoke(main, ["migrate", "status", "--database-url", url])
    assert result.exit_code == 2
    assert "hunter2-secret" not in result.output and "postgres:***@" in result.stderr


def test_production_refuses_pending_migrations(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMJAPAN_PROFILE", "production")
    monkeypatch.setenv("IMJAPAN_SECRET_KEY", "k" * 40)
    result = CliRunner().invoke(main, ["users", "list"])
    assert result.exit_code == 2
    assert "pending migrations" in result.stderr and "imjapan migrate" in result.stderr
    assert CliRunner().invoke(main, ["migrate"]).exit_code == 0
    assert CliRunner().invoke(main, ["users", "list"]).stdout == "no accounts\n"


def test_users_create_list_deactivate_and_set_password(database: str) -> None:
    runner = CliRunner()

    def run(*arguments: str, input: str | None = None) -> Result:
        return runner.invoke(main, list(arguments), input=input)

    assert run("users", "list").stdout == "no accounts\n"
    made = run(
        "users",
        "create",
        "--email",
        "Officer@Example.org",
        "--role",
        "MINISTRY_OFFICER",
        "--country",
        "vn",
        "--password",
        PASSWORD,
    )
    assert made.exit_code == 0, made.output
    assert made.stdout == "ministry_officer officer@example.org created (VN)\n"
    prompted = run(
        "users",
        "create",
        "--email",
        "staff@example.org",
        "--role",
        "staff",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert prompted.exit_code == 0, prompted.output
    assert PASSWORD not in prompted.output

    no_country = run(
        "users",
        "create",
        "--email",
        "e@example.org",
        "--role",
        "embassy_officer",
        "--password",
        PASSWORD,
    )
    assert no_country.exit_code == 1
    assert no_country.stderr == (
        "error: --country: --country is required for ministry and embassy officers\n"
    )
    unknown = run(
        "users",
        "create",
        "--email",
        "e@example.org",
        "--role",
        "embassy_officer",
        "--country",
        "FR",
        "--password",
        PASSWORD,
    )
    assert unknown.exit_code == 1 and unknown.stderr.startswith(
        "error: --country: no sending country 'FR'"
    )
    no_company = run(
        "users",
        "create",
        "--email",
        "h@example.org",
        "--role",
        "host_company",
        "--host-company",
        "42",
        "--password",
        PASSWORD,
    )
    assert no_company.exit_code == 1
    assert no_company.stderr == "error: --host-company: no host company with id 42\n"
    twice = run(
        "users", "create", "--email", "staff@example.org", "--role", "staff", "--password", PASSWORD
    )
    assert twice.exit_code == 1 and "exists" in twice.stderr

    listed = run("users", "list").stdout.splitlines()
    assert [line.split() for line in listed] == [
        ["EMAIL", "ROLE", "SCOPE", "ACTIVE"],
        ["officer@example.org", "ministry_officer", "VN", "yes"],
        ["staff@example.org", "staff", "all", "countries", "yes"],
    ]
    assert run("users", "list", "--role", "admin").stdout == "no accounts with role admin\n"

    with TestClient(create_app(Settings(database_url=database))) as client:
        session = sign_in(client, "staff@example.org")
        assert _me(client, session) == "staff@example.org"

        changed = run(
            "users",
            "set-password",
            "STAFF@example.org",
            input="a new password, long\na new password, long\n",
        )
        assert changed.exit_code == 0, changed.output
        assert changed.stdout.endswith(
            "password of staff@example.org changed; its sessions have ended\n"
        )
        assert _me(client, session) is None  # the old session ended
        sign_in(client, "staff@example.org", "a new password, long")
        assert _login_error(client, "staff@example.org", PASSWORD)

        short = run("users", "set-password", "staff@example.org", "--password", "short")
        assert short.exit_code == 1 and short.stderr.startswith("error: password: must have 12")
        missing = run("users", "set-password", "nobody@example.org", "--password", PASSWORD)
        assert missing.exit_code == 1
        assert missing.stderr == "error: email: no account with email 'nobody@example.org'\n"

        officer = sign_in(client, "officer@example.org")
        gone = run("users", "deactivate", "officer@example.org")
        assert gone.stdout == "account officer@example.org deactivated; its sessions have ended\n"
        assert _me(client, officer) is None
        assert _login_error(client, "officer@example.org", PASSWORD)
        again = run("users", "deactivate", "officer@example.org")
        assert again.exit_code == 0 and "already deactivated" in again.stdout
        assert run("users", "deactivate", "nobody@example.org").exit_code == 1
    assert ["officer@example.org", "ministry_officer", "VN", "no"] in [
        line.split() for line in run("users", "list").stdout.splitlines()
    ]


def _me(client: TestClient, headers: dict[str, str]) -> str | None:
    response = client.post("/graphql", json={"query": "{ me { email } }"}, headers=headers)
    me = (response.json().get("data") or {}).get("me")
    return None if me is None else str(me["email"])


def _login_error(client: TestClient, email: str, password: str) -> bool:
    response = client.post(
        "/graphql",
        json={
            "query": "mutation($e: String, $p: String) { login(input: {email: $e, password: $p})"
            " { accessToken errors { message } } }",
            "variables": {"e": email, "p": password},
        },
    )
    return response.json()["data"]["login"]["accessToken"] is None


def test_export_schema_check(tmp_path: Path) -> None:
    runner = CliRunner()
    committed = ROOT / "schema.graphql"
    same = runner.invoke(main, ["export-schema", "--check", str(committed)])
    assert same.exit_code == 0, same.output
    assert same.stdout == f"{committed} matches the schema\n"

    stale = tmp_path / "schema.graphql"
    text = committed.read_text(encoding="utf-8")
    stale.write_text(
        text.replace("  me: Account\n", "  me: Account\n  retired: Int\n", 1), encoding="utf-8"
    )
    assert stale.read_text(encoding="utf-8") != text
    differs = runner.invoke(main, ["export-schema", "--check", str(stale)])
    assert differs.exit_code == 1
    assert "-  retired: Int" in differs.stdout.splitlines()
    assert differs.stderr == (
        f"imjapan: {stale} differs from the schema: 0 line(s) added, 1 removed; "
        f"update it with `imjapan export-schema -o {stale}`\n"
    )
    both = runner.invoke(main, ["export-schema", "-o", str(stale), "--check", str(stale)])
    assert both.exit_code == 2 and "either --output or --check" in both.stderr
    stale.write_text(text.rstrip("\n"), encoding="utf-8")
    ending = runner.invoke(main, ["export-schema", "--check", str(stale)])
    assert ending.exit_code == 1 and ending.stdout == ""
    assert ending.stderr == f"imjapan: {stale} differs from the schema in line endings only\n"
    stale.write_text("\n".join(text.splitlines()[100:]) + "\n", encoding="utf-8")
    long = runner.invoke(main, ["export-schema", "--check", str(stale)])
    assert long.exit_code == 1
    assert len(long.stdout.splitlines()) == 61
    assert re.fullmatch(r"\.\.\. \(\d+ more diff lines\)", long.stdout.splitlines()[-1])
    assert "100 line(s) added, 0 removed" in long.stderr
    absent = runner.invoke(main, ["export-schema", "--check", str(tmp_path / "none.graphql")])
    assert absent.exit_code == 2 and "does not exist" in absent.stderr


@pytest.mark.parametrize("command", [["migrate", "status"], ["users", "list"], ["migrate"]])
def test_a_database_file_that_cannot_be_opened_is_one_line(
    tmp_path: Path, command: list[str]
) -> None:
    url = f"sqlite:///{tmp_path}"  # a directory, not a file
    result = CliRunner().invoke(main, [*command, "--database-url", url])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"imjapan: cannot use the database at {url}: unable to open database file\n"
    )


DEMO_PASSWORD = "demo password 2026"
ALL_STATUSES = [
    "REGISTERED",
    "SCREENING_PASSED",
    "SCREENING_FAILED",
    "IN_TRAINING",
    "TRAINING_COMPLETED",
    "IN_JAPAN_I",
    "IN_JAPAN_II",
    "IN_JAPAN_III",
    "RETURNED",
    "WITHDRAWN",
]
# Every table a demo data set writes to, with the condition a row that is not
# recognisably demo would meet.
NOT_DEMO = {
    "recruitment_call": "label NOT LIKE 'DEMO-%'",
    "training_cohort": "name NOT LIKE 'DEMO %'",
    "candidate": "applicant_number NOT LIKE 'DEMO-%'",
    "status_change": "actor NOT LIKE 'demo data%'",
    "host_company": "name NOT LIKE '%(demo)'",
    "interview_session": "city NOT LIKE '%(demo)'",
    "interview_company": "name NOT LIKE '%(demo)'",
    "interview_outcome": "follow_up NOT LIKE 'DEMO:%'",
    "founded_business": "name NOT LIKE '%(demo)'",
    "event": "title NOT LIKE 'DEMO %' OR venue NOT LIKE '%(demo)'",
    "event_registration": "name NOT LIKE '%(demo)'",
    "account": "email NOT LIKE 'demo-%@example.invalid'",
    "training_plan": "goals NOT LIKE 'DEMO:%' OR certificate_number NOT LIKE 'DEMO-%'",
    "entry_record": "coe_number NOT LIKE 'DEMO-%'",
    "lecture_course": "name NOT LIKE 'DEMO %' OR centre NOT LIKE '%(demo)'",
    "lecture_attendance": "taught_by NOT LIKE '%(demo)'",
}


def _seed(*arguments: str) -> Result:
    return CliRunner().invoke(main, ["seed-demo", "--password", DEMO_PASSWORD, *arguments])


def _use(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    if settings.database_schema:
        monkeypatch.setenv("IMJAPAN_DATABASE_SCHEMA", settings.database_schema)


def _rows(settings: Settings, statement: str) -> list[tuple[object, ...]]:
    async def run() -> list[tuple[object, ...]]:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            async with engine.begin() as connection:
                result = await connection.execute(text(statement))
                return [tuple(row) for row in result] if result.returns_rows else []
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_demo_stops_are_allocated_in_proportion() -> None:
    assert sorted(allocate(count=11), key=list(Stop).index) == list(Stop)
    big = allocate(count=200)
    assert len(big) == 200
    for stop, percent in WEIGHTS.items():
        assert abs(big.count(stop) - 2 * percent) <= 2, stop
    assert len(allocate(count=3)) == 3 and allocate(count=0) == []


@pytest.mark.database
def test_seed_demo_gives_every_query_data(
    db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use(db_settings, monkeypatch)
    result = _seed("--candidates", "55", "--seed", "7")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("demo data made (seed 7, 55 candidates):\n")
    assert f"demo accounts, all with the password {DEMO_PASSWORD}:" in result.stdout

    for table, condition in NOT_DEMO.items():
        assert _rows(db_settings, f"SELECT count(*) FROM {table}")[0][0] > 0, table
        assert _rows(db_settings, f"SELECT count(*) FROM {table} WHERE {condition}") == [(0,)]
    numbers = _rows(db_settings, "SELECT applicant_number FROM candidate")
    assert all(row[0].startswith("DEMO-") for row in numbers)

    with TestClient(create_app(db_settings)) as client:
        admin = sign_in(client, "demo-admin@example.invalid", DEMO_PASSWORD)
        recent_call = date.today() - relativedelta(months=WAVE_MONTHS_AGO["D"])
        data = _query(client, admin, DEMO_QUERY, {"year": recent_call.year})
        assert data["candidates"]["totalCount"] == 55
        assert {row["countryCode"]: row["applied"] for row in data["pipeline"]} == dict.fromkeys(
            ["BD", "ID", "LK", "TH", "VN"], 11
        )
        for status in ALL_STATUSES:
            found = _query(client, admin, COUNT, {"status": status})["candidates"]["totalCount"]
            assert found >= 5, status  # in each of the five countries
        assert len(data["statistics"]) == 5
        assert all(row["applicants"] for row in data["statistics"])
        sessions = [edge["node"] for edge in data["interviewSessions"]["edges"]]
        assert sessions and sessions[0]["city"].endswith("(demo)")
        assert sessions[0]["placement"]["registered"] > 0
        members = [edge["node"] for edge in data["associationMembers"]["edges"]]
        assert members and members[0]["businesses"]
        events = [edge["node"] for edge in data["events"]["edges"]]
        assert {event["title"][:5] for event in events} == {"DEMO "}
        assert any(event["waitlistCount"] for event in events)
        assert data["accounts"]["totalCount"] == 13

        ministry = sign_in(client, "demo-ministry-vn@example.invalid", DEMO_PASSWORD)
        seen = _query(client, ministry, CODES)["candidates"]
        assert seen["totalCount"] == 11 and {e["node"]["countryCode"] for e in seen["edges"]} == {
            "VN"
        }
        embassy = sign_in(client, "demo-embassy-th@example.invalid", DEMO_PASSWORD)
        abroad = _query(client, embassy, CODES)["candidates"]["edges"]
        assert abroad and {e["node"]["status"] for e in abroad} <= {
            "IN_JAPAN_I",
            "IN_JAPAN_II",
            "IN_JAPAN_III",
        }


DEMO_QUERY = """
query($year: Int!) {
  candidates(first: 1) { totalCount }
  pipeline { countryCode applied }
  statistics(year: $year) { countryCode applicants returned }
  interviewSessions(countryCode: "ID") {
    edges { node { city placement { registered hired } } }
  }
  associationMembers(countryCode: "ID", associationId: "ikapeksi") {
    edges { node { businesses { name } } }
  }
  events { edges { node { title waitlistCount } } }
  accounts { totalCount edges { node { email } } }
}
"""
COUNT = """query($status: CandidateStatus) {
  candidates(filter: { status: $status }) { totalCount } }"""
CODES = "{ candidates(first: 100) { totalCount edges { node { countryCode status } } } }"


def _query(
    client: TestClient,
    headers: dict[str, str],
    query: str,
    variables: dict[str, object] | None = None,
) -> dict[str, Any]:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def test_seed_demo_guards_real_data_and_replaces_only_demo_rows(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(database_url=database)
    assert CliRunner().invoke(main, ["migrate"]).exit_code == 0
    with TestClient(create_app(settings)) as client:
        client.headers.update(signed_in(client, Role.ADMIN))
        ok(
            client,
            "createHostCompany",
            {"name": "Real KK", "prefecture": "Aichi", "jobCategory": "Machining"},
        )

    refused = _seed("--candidates", "11")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "imjapan: the database holds data that is not demo data (1 host companies); demo data "
        "goes into a database of its own (add --force to add it anyway)\n"
    )
    assert _rows(settings, "SELECT count(*) FROM candidate") == [(0,)]

    assert _seed("--candidates", "11", "--force").exit_code == 0
    again = _seed("--candidates", "11", "--force")
    assert again.exit_code == 1 and "already holds demo data" in again.stderr
    assert "add --reset to replace it" in again.stderr
    first = _rows(settings, "SELECT full_name FROM candidate ORDER BY id")
    [(company_id, company)] = _rows(
        settings, "SELECT id, name FROM host_company WHERE name LIKE '%(demo)' ORDER BY id LIMIT 1"
    )
    bound = CliRunner().invoke(
        main,
        [
            "users",
            "create",
            "--email",
            "kk@example.org",
            "--role",
            "host_company",
            "--host-company",
            str(company_id),
            "--password",
            PASSWORD,
        ],
    )
    assert bound.stdout == f"host_company kk@example.org created (host company {company_id})\n"
    listed = CliRunner().invoke(main, ["users", "list", "--role", "host_company"]).stdout
    assert ["kk@example.org", "host_company", f"host company {company_id} ({company})", "yes"] in [
        re.split(r"\s{2,}", line) for line in listed.splitlines()
    ]
    stuck = _seed("--candidates", "11", "--force", "--reset")
    assert stuck.exit_code == 1
    assert stuck.stderr == (
        "imjapan: the demo data cannot be removed: rows that are not demo data refer to it\n"
    )
    assert _rows(settings, "SELECT full_name FROM candidate ORDER BY id") == first  # unchanged
    _rows(settings, "DELETE FROM account WHERE email = 'kk@example.org'")

    replaced = _seed("--candidates", "11", "--force", "--reset")
    assert replaced.exit_code == 0, replaced.output
    assert replaced.stdout.startswith("removed the earlier demo data (")
    assert _rows(settings, "SELECT full_name FROM candidate ORDER BY id") == first  # same seed

    cleared = CliRunner().invoke(main, ["seed-demo", "--clear"])
    assert cleared.exit_code == 0 and cleared.stdout.startswith("removed ")
    assert _rows(settings, "SELECT name FROM host_company") == [("Real KK",)]
    assert _rows(settings, "SELECT count(*) FROM candidate") == [(0,)]
    assert [row[0] for row in _rows(settings, "SELECT role FROM account")] == ["admin"]


def test_seed_demo_refuses_production_and_short_passwords(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    short = CliRunner().invoke(main, ["seed-demo", "--candidates", "0", "--password", "short"])
    assert short.exit_code == 1
    assert short.stderr == "error: password: String should have at least 12 characters\n"
    monkeypatch.setenv("IMJAPAN_PROFILE", "production")
    monkeypatch.setenv("IMJAPAN_SECRET_KEY", "k" * 40)
    refused = _seed("--candidates", "0")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("imjapan: refusing to touch demo data in the production")
    forced = _seed("--candidates", "0", "--force")
    assert forced.exit_code == 0, forced.output
    assert "demo-admin@example.invalid" in forced.stdout
