"""The associations' root query fields.

Members are listed through their candidates, so the actor's scope (a
ministry its own country) applies in the SQL query; a member's businesses are
fetched for the whole list in one query (:mod:`core.services.association_members`).
"""

from __future__ import annotations

import strawberry

from core.schema.associations.types import AssociationMember
from core.schema.base import Info, services
from core.schema.permissions import CASEWORK
from core.services import association_members


@strawberry.type
class AssociationsQuery:
    @strawberry.field(
        description="The members of an association (those the account may see), oldest first.",
        permission_classes=CASEWORK,
    )
    async def association_members(
        self, info: Info, country_code: str, association_id: str
    ) -> list[AssociationMember] | None:
        found = await services(info).read(
            association_members.members,
            country_code=country_code.upper(),
            association_id=association_id,
        )
        return [AssociationMember.of(member) for member in found]
