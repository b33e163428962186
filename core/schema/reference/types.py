"""The reference data's types: a rule value's version, an occupation of OTIT's list."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.relay import NodeID

# Registers the GraphQL enum SourceTag over supervision.SourceTag, shared with the catalogue.
import core.schema.catalogue.types  # noqa: F401
from core.db import models
from core.domain import supervision
from core.schema.base import Info
from core.schema.nodes import GatedNode
from core.schema.permissions import IM_JAPAN
from core.services import rule_values

RuleValueShape = strawberry.enum(
    rule_values.ValueShape,
    name="RuleValueShape",
    description="The shape of a rule's value; every version of a rule keeps it.",
)


@strawberry.type(description="A fraction, such as 1/6.")
class RuleFraction:
    numerator: int
    denominator: int


@strawberry.type(
    description=(
        "One version of a rule's number, in force from validFrom (null: since before the "
        "service's records) until validTo (null: still in force). The services read the "
        "version in force on the day that matters to each decision."
    )
)
class RuleValue(GatedNode):
    id: NodeID[int]
    key: str = strawberry.field(description="The rule, e.g. 'titp.plan.lead_months.i'.")
    value: str = strawberry.field(
        description=(
            "The value as JSON text: a whole number (4), a fraction "
            '({"numerator":1,"denominator":6}), a list or a text. setRuleValue takes it so.'
        )
    )
    shape: rule_values.ValueShape | None = strawberry.field(
        description="The value's shape; null for a value of none of the four."
    )
    whole: int | None = strawberry.field(description="The value when it is a whole number.")
    fraction: RuleFraction | None = strawberry.field(description="The value when it is a fraction.")
    description: str
    valid_from: date | None
    valid_to: date | None = strawberry.field(
        description="The first day the version is no longer in force; null while it is."
    )
    source_url: str | None
    tag: supervision.SourceTag
    provisional: bool = strawberry.field(
        description=(
            "Given by secondary sources that disagree or only as a proposal: to be replaced "
            "when a primary source confirms it."
        )
    )
    recorded_by: str | None = strawberry.field(
        description=(
            "Who recorded the version (the migration for the shipped ones); for IM Japan "
            "staff and administrators, null for the other roles."
        ),
        permission_classes=IM_JAPAN,
    )
    recorded_at: datetime

    GATE = ("Query", "ruleValues")

    @classmethod
    async def load(cls, info: Info, key: int) -> RuleValue | None:
        row = await info.context.loaders.nodes.rule_value.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.RuleValue) -> RuleValue:
        assert row.id is not None
        shape = rule_values.shape_of(row.value)
        return cls(
            id=row.id,
            key=row.key,
            value=rule_values.as_text(row.value),
            shape=shape,
            whole=row.value if shape is rule_values.ValueShape.WHOLE else None,
            fraction=(
                RuleFraction(numerator=row.value["numerator"], denominator=row.value["denominator"])
                if shape is rule_values.ValueShape.FRACTION
                else None
            ),
            description=row.description,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            source_url=row.source_url,
            tag=supervision.SourceTag(row.tag),
            provisional=row.provisional,
            recorded_by=row.recorded_by,
            recorded_at=row.recorded_at,
        )


@strawberry.type(
    description=(
        "An occupation and operation of OTIT's list (移行対象職種・作業), by its code. The "
        "service ships a partial list (partial: true) until the official one is imported."
    )
)
class Occupation(GatedNode):
    id: NodeID[int]
    code: str = strawberry.field(description="OTIT's code, such as '1-1-1'.")
    occupation_ja: str
    operation_ja: str | None
    occupation_en: str | None = strawberry.field(
        description="No official English name was found: null unless the list gives one."
    )
    operation_en: str | None
    stage_ii_allowed: bool = strawberry.field(
        name="stageIIAllowed", description="Whether stage (ii) is allowed (移行対象)."
    )
    stage_iii_allowed: bool | None = strawberry.field(
        name="stageIIIAllowed",
        description="Whether stage (iii) is allowed; null while unknown (the partial list).",
    )
    valid_from: date | None
    valid_to: date | None = strawberry.field(
        description="The first day the code is no longer in the list; null while it is."
    )
    source: str = strawberry.field(description="Where the row's facts come from.")
    source_list: str = strawberry.field(description="The list the row came from.")
    partial: bool = strawberry.field(description="Whether that list is known to be incomplete.")
    tag: supervision.SourceTag

    GATE = ("Query", "occupation")

    @classmethod
    async def load(cls, info: Info, key: int) -> Occupation | None:
        row = await info.context.loaders.nodes.occupation.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.Occupation) -> Occupation:
        assert row.id is not None
        return cls(
            id=row.id,
            code=row.code,
            occupation_ja=row.occupation_ja,
            operation_ja=row.operation_ja,
            occupation_en=row.occupation_en,
            operation_en=row.operation_en,
            stage_ii_allowed=row.stage_ii_allowed,
            stage_iii_allowed=row.stage_iii_allowed,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            source=row.source,
            source_list=row.source_list,
            partial=row.partial,
            tag=supervision.SourceTag(row.tag),
        )
