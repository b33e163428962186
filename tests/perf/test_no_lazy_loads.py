"""No statement runs behind a resolver's back: there is nothing to load lazily.

Rows reference each other by id only (no ORM relationships, no deferred
columns), sessions do not expire what they committed, and an attribute that
would need the database anyway refuses under asyncio instead of querying.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import MissingGreenlet
from sqlalchemy.orm import Mapper
from sqlmodel import SQLModel, select

import core.db.models
from core.db.migrate import upgrade
from core.db.models import HostCompany
from core.db.session import Database
from tests.sql import recorded_statements


def mappers() -> list[Mapper[object]]:
    return [
        mapper
        for mapper in SQLModel._sa_registry.mappers
        if mapper.class_.__module__.startswith("core.db.models")
    ]


def test_every_table_is_a_model_without_relationships() -> None:
    found = mappers()
    tables = {table.name for mapper in found for table in mapper.tables}
    assert tables == set(core.db.models.metadata.tables)
    for mapper in found:
        assert list(mapper.relationships) == [], mapper.class_.__name__
        deferred = [prop.key for prop in mapper.column_attrs if prop.deferred]
        assert deferred == [], mapper.class_.__name__


def test_rows_stay_readable_after_commit_without_a_statement(sqlite_url: str) -> None:
    upgrade(sqlite_url)

    async def run() -> None:
        db = Database.connect(sqlite_url)
        try:
            async with db.transaction() as session:
                company = HostCompany(name="Lazy KK", prefecture="Aichi", job_category="Welding")
                session.add(company)
            with recorded_statements(db.engine) as seen:
                # Committed and closed: every attribute is still there, no refresh.
                values = (company.id, company.name, company.created_at)
            assert seen == []
            assert values[0] is not None and values[1] == "Lazy KK"

            async with db.session() as session:
                row = (await session.exec(select(HostCompany))).one()
                session.expire(row)
                # An expired attribute would need a query: under asyncio that is an
                # error, never a silent statement.
                with pytest.raises(MissingGreenlet):
                    _ = row.name
        finally:
            await db.dispose()

    asyncio.run(run())
