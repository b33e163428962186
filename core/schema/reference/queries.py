"""The reference data's root query fields: for every signed-in role."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from core.schema.base import Info, services
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.permissions import SIGNED_IN
from core.schema.reference.types import Occupation, RuleValue
from core.services import occupations, rule_values


@strawberry.type
class ReferenceQuery:
    @strawberry.field(
        description=(
            "The versions of the rules' values (all, or of one key; with inForceOn only "
            "those in force that day), by key then validFrom (the oldest first). A plain "
            "list: it grows only by an administrator's setRuleValue."
        ),
        permission_classes=SIGNED_IN,
    )
    async def rule_values(
        self, info: Info, key: str | None = None, in_force_on: date | None = None
    ) -> list[RuleValue]:
        rows = await services(info).read(rule_values.rule_values, key=key, in_force_on=in_force_on)
        return [RuleValue.from_row(row) for row in rows]

    @strawberry.field(
        description=(
            "OTIT's occupations and operations by code (in the natural order of its "
            "numbers), a page at a time. search: a code's beginning or part of a name; "
            "stageIIIAllowed: only those known to allow (or not) stage (iii)."
        ),
        permission_classes=SIGNED_IN,
    )
    async def occupations(
        self,
        info: Info,
        search: str | None = None,
        stage_iii_allowed: Annotated[
            bool | None, strawberry.argument(name="stageIIIAllowed")
        ] = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Occupation]:
        listing = occupations.occupations_listing(
            search=search, stage_iii_allowed=stage_iii_allowed
        )
        return await connection(
            info, listing, Occupation.from_row, first=first, after=after, last=last, before=before
        )

    @strawberry.field(
        description="One occupation by OTIT's code; null when the list has none.",
        permission_classes=SIGNED_IN,
    )
    async def occupation(self, info: Info, code: str) -> Occupation | None:
        row = await info.context.loaders.occupation_by_code.load(code)
        return Occupation.from_row(row) if row else None
