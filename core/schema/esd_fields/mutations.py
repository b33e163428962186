"""The ESD fields' mutations, for administrators."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.esd_fields import inputs
from core.schema.esd_fields.types import EsdWorkCategory
from core.schema.permissions import ADMIN
from core.services import esd_fields


@strawberry.type
class EsdWorkCategoryPayload:
    work_category: EsdWorkCategory | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.EsdWorkCategory) -> EsdWorkCategoryPayload:
        return cls(work_category=EsdWorkCategory.from_row(row))


@strawberry.type
class EsdFieldsMutation:
    @strawberry.mutation(
        description=(
            "Record a work category (業務区分) of an ESD field, with its source and tag: the "
            "reference lists none. Refused for an unknown field, and on code when the field "
            "has that code already."
        ),
        permission_classes=ADMIN,
    )
    async def record_work_category(
        self, info: Info, input: inputs.RecordWorkCategoryInput
    ) -> EsdWorkCategoryPayload | None:
        return await mutate(
            info,
            esd_fields.RecordWorkCategoryInput,
            input,
            esd_fields.record_work_category,
            EsdWorkCategoryPayload,
        )
