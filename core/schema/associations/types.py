"""Associations of presidents in GraphQL: members, their businesses, joining, recording.

Members are listed through their candidates, so the actor's scope (a
ministry its own country) applies in the SQL query; a member's businesses are
fetched for the whole list in one query (:mod:`core.services.association_members`).
"""

from __future__ import annotations

from datetime import date

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate, services
from core.schema.catalogue.types import AssociationBoard
from core.schema.derive import input_from
from core.schema.permissions import CASEWORK
from core.services import association_members, associations


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
    def of(cls, member: association_members.Member) -> AssociationMember:
        membership, candidate = member.membership, member.candidate
        return cls(
            id=_id(membership.id),
            candidate_id=_id(candidate.id),
            full_name=candidate.full_name,
            country_code=membership.country_code,
            association_id=membership.association_id,
            board_id=membership.board_id,
            region=membership.region,
            joined_on=membership.joined_on,
            businesses=[FoundedBusiness.from_row(row) for row in member.businesses],
        )


@input_from(
    associations.JoinAssociationInput,
    description=(
        "A returned intern joins one of their country's associations: give boardId for a "
        "catalogued board, or region for a regional board the catalogue does not name."
    ),
)
class JoinAssociationInput:
    pass


@input_from(associations.RecordFoundedBusinessInput)
class RecordFoundedBusinessInput:
    """A business a member founded after returning."""


@strawberry.type
class JoinAssociationPayload:
    member: AssociationMember | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, member: association_members.Member) -> JoinAssociationPayload:
        return cls(member=AssociationMember.of(member))


@strawberry.type
class RecordFoundedBusinessPayload:
    business: FoundedBusiness | None = None
    member: AssociationMember | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(
        cls, result: tuple[models.FoundedBusiness, association_members.Member]
    ) -> RecordFoundedBusinessPayload:
        business, member = result
        return cls(business=FoundedBusiness.from_row(business), member=AssociationMember.of(member))


@strawberry.type
class AssociationsQuery:
    @strawberry.field(
        description="The members of an association (those the account may see), oldest first.",
        permission_classes=CASEWORK,
    )
    async def association_members(
        self, info: Info, country_code: str, association_id: str
    ) -> list[AssociationMember]:
        found = await services(info).read(
            association_members.members,
            country_code=country_code.upper(),
            association_id=association_id,
        )
        return [AssociationMember.of(member) for member in found]


@strawberry.type
class AssociationsMutation:
    @strawberry.mutation(
        description="A returned intern joins an association of presidents.",
        permission_classes=CASEWORK,
    )
    async def join_association(
        self, info: Info, input: JoinAssociationInput
    ) -> JoinAssociationPayload:
        return await mutate(
            info,
            associations.JoinAssociationInput,
            input,
            association_members.join,
            JoinAssociationPayload,
        )

    @strawberry.mutation(
        description="Record a business a member founded.", permission_classes=CASEWORK
    )
    async def record_founded_business(
        self, info: Info, input: RecordFoundedBusinessInput
    ) -> RecordFoundedBusinessPayload:
        return await mutate(
            info,
            associations.RecordFoundedBusinessInput,
            input,
            association_members.record_business,
            RecordFoundedBusinessPayload,
        )
