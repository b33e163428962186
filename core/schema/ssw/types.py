"""The route to SSW (i)'s types: a skills sitting, an obligation row, the change."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import strawberry
from strawberry.relay import NodeID

from core.db import models
from core.domain import esd
from core.schema.base import Info
from core.schema.ids import global_id
from core.schema.language.types import LanguageResult
from core.schema.nodes import GatedNode
from core.services import esd_obligations, ssw

if TYPE_CHECKING:
    EsdTestGrade = esd.EsdTestGrade
    EsdObligationKind = esd_obligations.EsdObligation
else:
    EsdTestGrade = strawberry.enum(
        esd.EsdTestGrade, name="EsdTestGrade", description="A skills test an ESD worker sits."
    )
    EsdObligationKind = strawberry.enum(
        esd_obligations.EsdObligation,
        name="EsdObligationKind",
        description="What the employer of an ESD worker must see done, by a due day.",
    )


@strawberry.type(
    description=(
        "One sitting of a skills test by an ESD worker, kept whatever the result: a failed "
        "attempt stays, and a later sitting never replaces it."
    )
)
class EsdSkillsSitting(GatedNode):
    id: NodeID[int]
    candidate_id: strawberry.ID
    grade: EsdTestGrade
    sat_on: date
    passed: bool
    score: int | None

    GATE = ("Query", "esdSkillsSittings")

    @classmethod
    async def load(cls, info: Info, key: int) -> EsdSkillsSitting | None:
        row = await info.context.loaders.nodes.esd_skills_sitting.load(key)
        return cls.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.EsdSkillsSitting) -> EsdSkillsSitting:
        assert row.id is not None
        return cls(
            id=row.id,
            candidate_id=global_id("Candidate", row.candidate_id),
            grade=esd.EsdTestGrade(row.grade),
            sat_on=row.sat_on,
            passed=row.passed,
            score=row.score,
        )


@strawberry.type(
    description=(
        "One obligation of an ESD worker's employer: when it is due, when it was met, and "
        "whether it is overdue on the day asked."
    )
)
class EsdObligation:
    candidate_id: strawberry.ID
    obligation: EsdObligationKind
    due_on: date | None = strawberry.field(
        description=(
            "Null when unknown: no employment recorded (year one), or no certified plan "
            "(the course)."
        )
    )
    met_on: date | None = strawberry.field(
        description="The first day a record met it, among those up to the day asked."
    )
    overdue: bool = strawberry.field(
        description="Due before the day asked and not met; never when the due day is unknown."
    )

    @classmethod
    def of(cls, row: esd_obligations.ObligationRow) -> EsdObligation:
        return cls(
            candidate_id=global_id("Candidate", row.candidate_id),
            obligation=row.obligation,
            due_on=row.due_on,
            met_on=row.met_on,
            overdue=row.overdue,
        )


@strawberry.type(
    description=(
        "The change of an ESD worker to Specified Skilled Worker (i), with the passes it used."
    )
)
class SswChange:
    candidate_id: strawberry.ID
    changed_on: date
    skills_sitting: EsdSkillsSitting = strawberry.field(
        description="The passed grade 3 or SSW (i) skills sitting."
    )
    language_result: LanguageResult = strawberry.field(
        description="The passed Japanese test at the level the rule asks (A2)."
    )

    @classmethod
    def of(cls, listing: ssw.SswChangeListing) -> SswChange:
        return cls(
            candidate_id=global_id("Candidate", listing.change.candidate_id),
            changed_on=listing.change.changed_on,
            skills_sitting=EsdSkillsSitting.from_row(listing.sitting),
            language_result=LanguageResult.from_row(listing.result),
        )
