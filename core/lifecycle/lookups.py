"""Fetching rows by id for a mutation, with a field-level error when absent."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import DomainValidationError, ErrorCode
from core.plugins.registry import CountryEntry, CountryRegistry

RowT = TypeVar("RowT", bound=SQLModel)


async def get_or_refuse(
    session: AsyncSession, model: type[RowT], row_id: int, *, field: str, label: str
) -> RowT:
    """The row, or a ``not_found`` error on ``field`` naming what was looked for."""
    row = await session.get(model, row_id)
    if row is None:
        raise DomainValidationError.single(
            field, f"no {label} with id {row_id}", ErrorCode.NOT_FOUND
        )
    return row


async def get_for_update_or_refuse(
    session: AsyncSession, model: type[RowT], row_id: int, *, field: str, label: str
) -> RowT:
    """As :func:`get_or_refuse`, locking the row (PostgreSQL) against a concurrent step."""
    row = await session.get(model, row_id, with_for_update=True)
    if row is None:
        raise DomainValidationError.single(
            field, f"no {label} with id {row_id}", ErrorCode.NOT_FOUND
        )
    return row


def country_or_refuse(registry: CountryRegistry, code: str, *, field: str) -> CountryEntry:
    entry = registry.get(code)
    if entry is None:
        known = ", ".join(registry.by_code)
        raise DomainValidationError.single(
            field, f"no sending country {code!r} (known: {known})", ErrorCode.UNKNOWN_COUNTRY
        )
    return entry
