"""``imjapan occupations import``: the official list replaces the shipped partial one,
all or nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.orm import Session
from sqlmodel import select

from core.cli import main
from core.db.models import Occupation
from core.settings import Settings
from tests.factories import build
from tests.lifecycle.helpers import snapshot

pytestmark = pytest.mark.database

HEADER = (
    "code,occupation_ja,operation_ja,occupation_en,operation_en,stage_ii_allowed,"
    "stage_iii_allowed,valid_from,valid_to,source\n"
)
JITCO = "https://www.jitco.or.jp/ja/regulation/occupation.html"
GOOD = HEADER + (
    f"1-1-1,耕種農業,施設園芸,,,yes,yes,2017-11-01,,{JITCO}\n"
    f"2-1-9,漁船漁業,棒受網漁業,,,yes,no,,,{JITCO}\n"
    f"7-12-1,試験職種,試験作業,Test occupation,Test operation,true,unknown,,,{JITCO}\n"
    "\n"
)
"""Three rows: 1-1-1 changes, 2-1-9 stays as shipped but for its list, 7-12-1 is new."""


def rows(settings: Settings) -> dict[str, Occupation]:
    def read(session: Session) -> dict[str, Occupation]:
        found = session.execute(select(Occupation)).scalars().all()
        for row in found:
            session.expunge(row)
        return {row.code: row for row in found}

    return build(settings, read)


def run(settings: Settings, monkeypatch: pytest.MonkeyPatch, path: Path, *options: str) -> Result:
    if settings.database_schema:
        monkeypatch.setenv("IMJAPAN_DATABASE_SCHEMA", settings.database_schema)
    arguments = ["occupations", "import", *options, str(path), "--database-url"]
    return CliRunner().invoke(main, [*arguments, settings.database_url])


def test_the_official_list_replaces_the_partial_one(
    db_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "occupations.csv"
    path.write_text(GOOD, encoding="utf-8")
    before = snapshot(db_settings)
    dry = run(db_settings, monkeypatch, path, "--source-list", "OTIT 2026", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[0] == (
        "dry run, nothing written: 3 row(s) read; would be 1 added, 2 updated, 3 closed"
    )
    assert snapshot(db_settings) == before

    done = run(db_settings, monkeypatch, path, "--source-list", "OTIT 2026")
    assert done.exit_code == 0, done.output
    assert done.stdout == (
        "3 row(s) read: 1 added, 2 updated, 3 closed\n"
        "closed (not in the file): 1-2-1, 3-7-1, 4-10-1\n"
    )
    found = rows(db_settings)
    assert sorted(found) == ["1-1-1", "1-2-1", "2-1-9", "3-7-1", "4-10-1", "7-12-1"]
    first = found["1-1-1"]
    assert (first.stage_iii_allowed, first.valid_from, first.valid_to) == (
        True,
        date(2017, 11, 1),
        None,
    )
    assert (first.partial, first.source_list, first.tag, first.source) == (
        False,
        "OTIT 2026",
        "primary",
        JITCO,
    )
    new = found["7-12-1"]
    assert (new.occupation_en, new.operation_en, new.stage_iii_allowed) == (
        "Test occupation",
        "Test operation",
        None,
    )
    assert new.sort_key == "07-12-01"
    closed = found["4-10-1"]
    assert (closed.valid_to, closed.partial) == (date.today(), True)

    again = run(db_settings, monkeypatch, path, "--source-list", "OTIT 2026")
    assert again.stdout == "3 row(s) read: 0 added, 0 updated, 0 closed\n"


def test_one_bad_row_and_nothing_is_written(
    db_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "occupations.csv"
    path.write_text(
        HEADER
        + f"1-1-1,耕種農業,施設園芸,,,yes,maybe,,,{JITCO}\n"
        + f"farming,耕種農業,,,,yes,,,,{JITCO}\n"
        + f"3-7-1,,鉄筋組立て,,,yes,,2026-04-01,2026-03-01,{JITCO}\n"
        + "1-2-1,畜産農業,養豚,,,yes,,,,\n"
        + f"1-1-1,耕種農業,施設園芸,,,yes,,,,{JITCO}\n"
        + f"4-10-1,農産物漬物製造業,,,,yes,no,2026-13-01,,{JITCO},extra\n",
        encoding="utf-8",
    )
    before = snapshot(db_settings)
    result = run(db_settings, monkeypatch, path, "--source-list", "OTIT 2026")
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("line 2: stage_iii_allowed: 'maybe' is not yes or no")
    assert lines[1].startswith("line 2: code: code 1-1-1 appears more than once")
    assert lines[2] == "line 3: code: 'farming' is not an OTIT code such as 1-1-1 or 4-10-1"
    assert lines[3:5] == ["line 4: occupation_ja: is required", lines[4]]
    assert (
        lines[4].startswith("line 4: valid_to: ") and "valid_to is not after valid_from" in lines[4]
    )
    assert lines[5] == "line 5: source: is required"
    assert lines[6].startswith("line 6: code: code 1-1-1 appears more than once")
    assert lines[7] == "line 7: -: more cells than columns"
    assert lines[8] == "nothing imported: 6 of 6 row(s) are bad"
    assert snapshot(db_settings) == before


def test_an_unreadable_file_is_one_line(
    db_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "occupations.csv"
    path.write_text("code,name\n1-1-1,x\n", encoding="utf-8")
    result = run(db_settings, monkeypatch, path, "--source-list", "OTIT 2026")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: file: unknown columns name; missing columns occupation_ja, source "
        "(the columns: code, occupation_ja, operation_ja, occupation_en, operation_en, "
        "stage_ii_allowed, stage_iii_allowed, valid_from, valid_to, source)\n"
    )
