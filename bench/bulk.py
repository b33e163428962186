"""Bulk writing for the seeder: COPY on PostgreSQL, executemany on SQLite.

Rows are tuples in the column order given. On SQLite each value goes through
the column type's own bind processor, so dates, timestamps and JSON are
stored exactly as the service stores them; on PostgreSQL asyncpg encodes the
Python values itself (JSON columns are sent as text).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import JSON, Table, text
from sqlalchemy.ext.asyncio import AsyncConnection

Row = tuple[Any, ...]


class BulkWriter:
    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self.postgres = self.dialect.name == "postgresql"
        self.written: dict[str, int] = {}
        self._next_ids: dict[str, int] = {}

    async def start(self) -> None:
        """On PostgreSQL, skip the foreign-key triggers for this transaction when
        allowed (a superuser): the seeder writes consistent rows into a schema of
        its own, and checking each reference row by row triples the load time."""
        if not self.postgres:
            return
        superuser = await self.connection.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        )
        if superuser.scalar():
            await self.connection.execute(text("SET LOCAL session_replication_role = replica"))

    async def next_ids(self, table: Table, count: int) -> int:
        """Reserve ``count`` ids of ``table``; the first one is returned."""
        name = table.name
        if name not in self._next_ids:
            result = await self.connection.execute(text(f"SELECT max(id) FROM {name}"))
            self._next_ids[name] = int(result.scalar() or 0) + 1
        first = self._next_ids[name]
        self._next_ids[name] = first + count
        return first

    async def insert(self, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return
        self.written[table.name] = self.written.get(table.name, 0) + len(rows)
        if self.postgres:
            await self._copy(table, columns, rows)
        else:
            await self._executemany(table, columns, rows)

    async def _copy(self, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
        json_at = [
            (i, Memo(json.dumps))
            for i, column in enumerate(columns)
            if isinstance(table.c[column].type, JSON)
        ]
        if json_at:
            rows = [_processed(row, json_at) for row in rows]
        raw = await self.connection.get_raw_connection()
        driver: Any = raw.driver_connection
        await driver.copy_records_to_table(table.name, records=rows, columns=list(columns))

    async def _executemany(self, table: Table, columns: Sequence[str], rows: Sequence[Row]) -> None:
        processors: list[tuple[int, Callable[[Any], Any]]] = []
        for index, column in enumerate(columns):
            processor = table.c[column].type._cached_bind_processor(self.dialect)
            if processor is not None:
                processors.append((index, Memo(processor)))
        if processors:
            rows = [_processed(row, processors) for row in rows]
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        await self.connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({marks})", list(rows)
        )

    async def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids written, and refresh statistics."""
        if self.postgres:
            for name in self._next_ids:
                await self.connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {name}))"
                    )
                )
        await self.connection.execute(text("ANALYZE"))


class Memo:
    """A value processor that remembers its answers: seeded rows repeat a few
    hundred dates, timestamps and JSON documents many thousand times. Lists and
    dicts are remembered by identity (the seeder reuses the same objects) and
    kept alive here, so an identity is never reused for another object."""

    def __init__(self, processor: Callable[[Any], Any]) -> None:
        self.processor = processor
        self.by_value: dict[Any, Any] = {}
        self.by_identity: dict[int, tuple[Any, Any]] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, (dict, list)):
            known = self.by_identity.get(id(value))
            if known is None:
                known = self.by_identity[id(value)] = (value, self.processor(value))
            return known[1]
        found = self.by_value.get(value, self)
        if found is self:
            found = self.by_value[value] = self.processor(value)
        return found


def _processed(row: Row, processors: list[tuple[int, Callable[[Any], Any]]]) -> Row:
    values = list(row)
    for index, processor in processors:
        value = values[index]
        if value is not None:
            values[index] = processor(value)
    return tuple(values)
