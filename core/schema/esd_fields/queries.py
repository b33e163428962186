"""The ESD fields' root query fields: for every signed-in role."""

from __future__ import annotations

from datetime import date

import strawberry

from core.schema.base import Info, services
from core.schema.esd_fields.types import EsdField
from core.schema.permissions import SIGNED_IN
from core.services import esd_fields


@strawberry.type
class EsdFieldsQuery:
    @strawberry.field(
        description=(
            "The 17 ESD fields valid on `on` (default today), in the reference's order, each "
            "with the transfer period in force that day. A plain list: fixed by law."
        ),
        permission_classes=SIGNED_IN,
    )
    async def esd_fields(self, info: Info, on: date | None = None) -> list[EsdField]:
        listed = await services(info).read(esd_fields.esd_fields, on=on)
        return [EsdField.of(item) for item in listed]

    @strawberry.field(
        description="One ESD field by code (its period in force today); null when none.",
        permission_classes=SIGNED_IN,
    )
    async def esd_field(self, info: Info, code: str) -> EsdField | None:
        found = await services(info).read(esd_fields.esd_field, code=code)
        return EsdField.of(found) if found else None
