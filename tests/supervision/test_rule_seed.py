"""A new database holds the rule values and occupations the reference gives, with
their sources, and the version in force is read by date."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.engine import create_engine
from core.domain.esd_rules import ALL_RULES as RULES
from core.domain.occupations import EXAMPLES, PARTIAL_LIST
from core.services import rules
from core.settings import Settings
from tests.sql import run_sql


def read_rule(settings: Settings, key: str, day: date) -> int:
    async def read() -> int:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            async with AsyncSession(engine) as session:
                return await rules.whole(session, key, day)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_the_migration_writes_every_rule_with_its_source(db_settings: Settings) -> None:
    rows = run_sql(
        db_settings, "SELECT key, source_url, tag, provisional, valid_from FROM rule_value"
    )
    stored = {row[0]: row[1:] for row in rows}
    assert set(stored) == {fact.key for fact in RULES}
    for fact in RULES:
        source_url, tag, provisional, valid_from = stored[fact.key]
        assert (source_url, tag, bool(provisional), valid_from) == (
            fact.source_url,
            fact.tag.value,
            fact.provisional,
            None,
        )


def test_the_shipped_occupations_are_marked_partial(db_settings: Settings) -> None:
    rows = run_sql(
        db_settings, "SELECT code, partial, source_list, stage_iii_allowed FROM occupation"
    )
    assert {row[0] for row in rows} == {fact.code for fact in EXAMPLES}
    assert all(row[1] and row[2] == PARTIAL_LIST for row in rows)
    unknown = {row[0] for row in rows if row[3] is None}
    assert unknown == {fact.code for fact in EXAMPLES if fact.stage_iii_allowed is None}


def test_a_later_version_applies_from_its_date_only(db_settings: Settings) -> None:
    key = "titp.difficulty.report_days"
    run_sql(
        db_settings,
        f"UPDATE rule_value SET valid_to = '2027-01-01' WHERE key = '{key}'",
        "INSERT INTO rule_value (key, value, description, valid_from, tag, provisional,"
        f" recorded_at) VALUES ('{key}', '7', 'test', '2027-01-01', 'primary', false,"
        " CURRENT_TIMESTAMP)",
        "SELECT 1",
    )
    assert read_rule(db_settings, key, date(2026, 12, 31)) == 14
    assert read_rule(db_settings, key, date(2027, 1, 1)) == 7


def test_a_rule_with_no_version_in_force_is_an_error(db_settings: Settings) -> None:
    with pytest.raises(rules.RuleMissing):
        read_rule(db_settings, "no.such.rule", date(2026, 1, 1))
