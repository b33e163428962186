"""The associations' mutations and their payloads: joining, recording a business."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.associations.inputs import JoinAssociationInput, RecordFoundedBusinessInput
from core.schema.associations.types import AssociationMember, FoundedBusiness
from core.schema.base import Info, UserError, mutate
from core.schema.permissions import CASEWORK
from core.services import association_members, associations


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
class AssociationsMutation:
    @strawberry.mutation(
        description="A returned intern joins an association of presidents.",
        permission_classes=CASEWORK,
    )
    async def join_association(
        self, info: Info, input: JoinAssociationInput
    ) -> JoinAssociationPayload | None:
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
    ) -> RecordFoundedBusinessPayload | None:
        return await mutate(
            info,
            associations.RecordFoundedBusinessInput,
            input,
            association_members.record_business,
            RecordFoundedBusinessPayload,
        )
