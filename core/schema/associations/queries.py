"""The associations' root query fields.

Members are listed through their candidates, so the actor's scope (a
ministry its own country) applies in the SQL query; a member's businesses are
fetched for the whole list in one query (:mod:`core.services.association_members`).
"""

from __future__ import annotations

import strawberry

from core.schema.associations.types import AssociationMember
from core.schema.base import Info
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.permissions import CASEWORK
from core.services import association_members


@strawberry.type
class AssociationsQuery:
    @strawberry.field(
        description=(
            "The members of an association (those the account may see), oldest first "
            "(by membership), a page at a time."
        ),
        permission_classes=CASEWORK,
    )
    async def association_members(
        self,
        info: Info,
        country_code: str,
        association_id: str,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[AssociationMember] | None:
        listing = association_members.members(
            info.context.scope, country_code.upper(), association_id
        )
        return await connection(
            info, listing, AssociationMember.of, first=first, after=after, last=last, before=before
        )
