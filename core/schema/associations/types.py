"""Associations of presidents: members, with the businesses they founded."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.relay import NodeID

from core.db import models
from core.schema.base import Info
from core.schema.catalogue.types import AssociationBoard
from core.schema.ids import global_id
from core.schema.nodes import GatedNode
from core.services import association_members, associations


def _key(row_id: int | None) -> int:
    assert row_id is not None
    return row_id


@strawberry.type(description="A business a member of an association founded after returning.")
class FoundedBusiness(GatedNode):
    id: NodeID[int]
    name: str
    sector: str
    region: str
    founded_year: int
    employees: int

    GATE = ("Query", "associationMembers")

    @classmethod
    async def load(cls, info: Info, key: int) -> FoundedBusiness | None:
        row = await info.context.loaders.nodes.founded_business.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.FoundedBusiness) -> FoundedBusiness:
        return cls(
            id=_key(row.id),
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
class AssociationMember(GatedNode):
    id: NodeID[int]
    candidate_id: strawberry.ID
    full_name: str
    country_code: str
    association_id: str
    board_id: str | None
    region: str | None = strawberry.field(
        description="The region of a regional board the catalogue does not name."
    )
    joined_on: date
    businesses: list[FoundedBusiness] = strawberry.field(
        description="The businesses this returnee founded (a plain list: a few per returnee)."
    )

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

    GATE = ("Query", "associationMembers")

    @classmethod
    async def load(cls, info: Info, key: int) -> AssociationMember | None:
        member = await info.context.loaders.nodes.association_member.load(key)
        return cls.of(member) if member else None

    @classmethod
    def of(cls, member: association_members.Member) -> AssociationMember:
        membership, candidate = member.membership, member.candidate
        return cls(
            id=_key(membership.id),
            candidate_id=global_id("Candidate", _key(candidate.id)),
            full_name=candidate.full_name,
            country_code=membership.country_code,
            association_id=membership.association_id,
            board_id=membership.board_id,
            region=membership.region,
            joined_on=membership.joined_on,
            businesses=[FoundedBusiness.from_row(row) for row in member.businesses],
        )
