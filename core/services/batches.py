"""The by-id DataLoader every by-id path uses (:mod:`core.services.loaders`,
:mod:`core.services.node_loaders`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import SQLModel, col, select
from strawberry.dataloader import DataLoader

from core.db.session import Database

RowT = TypeVar("RowT", bound=SQLModel)


def by_id(
    db: Database, model: type[RowT], *conditions: ColumnElement[bool]
) -> DataLoader[int, RowT | None]:
    """Rows by id; ``conditions`` (an actor's scope) go into the same query."""

    async def load(ids: list[int]) -> Sequence[RowT | None]:
        statement = select(model).where(col(model.id).in_(ids), *conditions)  # type: ignore[attr-defined]
        async with db.session() as session:
            rows = (await session.exec(statement)).all()
        found = {row.id: row for row in rows}  # type: ignore[attr-defined]
        return [found.get(key) for key in ids]

    return DataLoader(load_fn=load)
