"""Associations of presidents in GraphQL: members, their businesses, joining, recording.

Members are listed through their candidates, so the actor's scope (a
ministry its own country) applies in the SQL query; a member's businesses are
fetched for the whole list in one query.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db import models
from core.schema.errors import UserError
from core.schema.lifecycle.inputs import ISO_DATE
from core.schema.lifecycle.mutations import run
from core.schema.lifecycle.types import Info
from core.schema.permissions import CASEWORK
from core.schema.types.returnees import AssociationBoard
from core.services import associations


def _id(row_id: int | None) -> strawberry.ID:
    return strawberry.ID(str(row_id))


@strawberry.type(description="A business a member of an association founded after returning.")
class FoundedBusiness:
    id: strawberry.ID
    name: str
    sector: str
    region: str
    founded_year: int
    employees: int

    @classmethod
    def from_row(cls, row: models.FoundedBusiness) -> FoundedBusiness:
        return cls(
            id=_id(row.id),
            name=row.name,
            sector=row.sector,
            region=row.region,
            founded_year=row.founded_year,
            employees=row.employees,
        )


@strawberry.type(
    description=(
        "A returnee's membership of an association of presidents: a catalogued board "
        "(board) or a regional board known only by its region (region)."
    )
)
class AssociationMember:
    id: strawberry.ID
    candidate_id: strawberry.ID
    full_name: str
    country_code: str
    association_id: str
    board_id: str | None
    region: str | None = strawberry.field(
        description="The region of a regional board the catalogue does not name."
    )
    joined_on: date
    businesses: list[FoundedBusiness]

    @strawberry.field(description="The catalogued board, when the membership names one.")
    def board(self, info: Info) -> AssociationBoard | None:
        if self.board_id is None:
            return None
        found = associations.find_association(
            info.context.registry, self.country_code, self.association_id
        )
        for board in found.boards if found else ():
            if board.id == self.board_id:
                return AssociationBoard(
                    id=board.id,
                    level=board.level,
                    name=board.name,
                    local_name=board.local_name,
                    region=board.region,
                    source=board.source,
                )
        return None

    @classmethod
    def from_rows(
        cls,
        membership: models.AssociationMembership,
        candidate: models.Candidate,
        businesses: list[models.FoundedBusiness],
    ) -> AssociationMember:
        return cls(
            id=_id(membership.id),
            candidate_id=_id(candidate.id),
            full_name=candidate.full_name,
            country_code=membership.country_code,
            association_id=membership.association_id,
            board_id=membership.board_id,
            region=membership.region,
            joined_on=membership.joined_on,
            businesses=[FoundedBusiness.from_row(row) for row in businesses],
        )


async def _member(
    session: AsyncSession, membership: models.AssociationMembership, candidate: models.Candidate
) -> AssociationMember:
    assert membership.id is not None
    businesses = await associations.businesses_of(session, [membership.id])
    return AssociationMember.from_rows(membership, candidate, businesses[membership.id])


@strawberry.input(
    description=(
        "A returned intern joins one of their country's associations: give boardId for a "
        "catalogued board, or region for a regional board the catalogue does not name."
    )
)
class JoinAssociationInput:
    candidate_id: strawberry.ID | None = None
    association_id: str | None = strawberry.field(default=None, description="e.g. 'ikapeksi'.")
    board_id: str | None = None
    region: str | None = None
    joined_on: str | None = strawberry.field(default=None, description=ISO_DATE)


@strawberry.input(description="A business a member founded after returning.")
class RecordFoundedBusinessInput:
    membership_id: strawberry.ID | None = None
    name: str | None = None
    sector: str | None = None
    region: str | None = None
    founded_year: int | None = None
    employees: int | None = None


@strawberry.type
class JoinAssociationPayload:
    member: AssociationMember | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RecordFoundedBusinessPayload:
    business: FoundedBusiness | None = None
    member: AssociationMember | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AssociationsQuery:
    @strawberry.field(
        description="The members of an association (those the account may see), oldest first.",
        permission_classes=CASEWORK,
    )
    async def association_members(
        self, info: Info, country_code: str, association_id: str
    ) -> list[AssociationMember]:
        async with info.context.db.session() as session:
            rows = await associations.list_members(
                session,
                scope=info.context.scope,
                country_code=country_code.upper(),
                association_id=association_id,
            )
            businesses = await associations.businesses_of(
                session, [membership.id for membership, _ in rows if membership.id is not None]
            )
        return [
            AssociationMember.from_rows(membership, candidate, businesses[membership.id or 0])
            for membership, candidate in rows
        ]


@strawberry.type
class AssociationsMutation:
    @strawberry.mutation(
        description="A returned intern joins an association of presidents.",
        permission_classes=CASEWORK,
    )
    async def join_association(
        self, info: Info, input: JoinAssociationInput
    ) -> JoinAssociationPayload:
        async def operation(session: AsyncSession, data: associations.JoinAssociationInput) -> Any:
            membership, candidate = await associations.join_association(
                session=session,
                registry=info.context.registry,
                scope=info.context.scope,
                data=data,
            )
            return await _member(session, membership, candidate)

        member, errors = await run(info, associations.JoinAssociationInput, input, operation)
        return JoinAssociationPayload(member=member, errors=errors)

    @strawberry.mutation(
        description="Record a business a member founded.", permission_classes=CASEWORK
    )
    async def record_founded_business(
        self, info: Info, input: RecordFoundedBusinessInput
    ) -> RecordFoundedBusinessPayload:
        async def operation(
            session: AsyncSession, data: associations.RecordFoundedBusinessInput
        ) -> Any:
            business, membership, candidate = await associations.record_founded_business(
                session=session, scope=info.context.scope, data=data
            )
            return FoundedBusiness.from_row(business), await _member(session, membership, candidate)

        result, errors = await run(info, associations.RecordFoundedBusinessInput, input, operation)
        if result is None:
            return RecordFoundedBusinessPayload(errors=errors)
        business, member = result
        return RecordFoundedBusinessPayload(business=business, member=member)
