"""The reference data's mutations, for administrators."""

from __future__ import annotations

import strawberry

from core.schema.base import Info, UserError, mutate
from core.schema.permissions import ADMIN
from core.schema.reference.inputs import SetRuleValueInput
from core.schema.reference.types import RuleValue
from core.services import rule_values


@strawberry.type
class RuleValuePayload:
    rule_value: RuleValue | None = strawberry.field(default=None, description="The new version.")
    ended: RuleValue | None = strawberry.field(
        default=None, description="The version in force until then, now ending that day."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, change: rule_values.RuleChange) -> RuleValuePayload:
        return cls(
            rule_value=RuleValue.from_row(change.added), ended=RuleValue.from_row(change.ended)
        )


@strawberry.type
class ReferenceMutation:
    @strawberry.mutation(
        description=(
            "Add a version of a rule's value, in force from validFrom; the version in force "
            "until then ends that day. Versions only go forward (validFrom after the newest "
            "version's), only existing rules get versions, and the value keeps its shape."
        ),
        permission_classes=ADMIN,
    )
    async def set_rule_value(self, info: Info, input: SetRuleValueInput) -> RuleValuePayload | None:
        return await mutate(
            info,
            rule_values.SetRuleValueInput,
            input,
            rule_values.set_rule_value,
            RuleValuePayload,
        )
