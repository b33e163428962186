"""The route to SSW (i)'s mutations: a skills sitting, the change to SSW (i)."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.lifecycle.mutations import CandidatePayload
from core.schema.permissions import IM_JAPAN
from core.schema.ssw import inputs
from core.schema.ssw.types import EsdSkillsSitting
from core.services import esd_sittings, ssw


@strawberry.type
class EsdSkillsSittingPayload:
    sitting: EsdSkillsSitting | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.EsdSkillsSitting) -> EsdSkillsSittingPayload:
        return cls(sitting=EsdSkillsSitting.from_row(row))


@strawberry.type
class SswMutation:
    @strawberry.mutation(
        description=(
            "Record a skills test sitting of a worker under ESD, passed or failed; every "
            "sitting is kept. Refused for a person not under ESD."
        ),
        permission_classes=IM_JAPAN,
    )
    async def record_esd_skills_sitting(
        self, info: Info, input: inputs.RecordEsdSkillsSittingInput
    ) -> EsdSkillsSittingPayload | None:
        return await mutate(
            info,
            esd_sittings.RecordEsdSittingInput,
            input,
            esd_sittings.record_sitting,
            EsdSkillsSittingPayload,
        )

    @strawberry.mutation(
        description=(
            "Change an ESD worker to Specified Skilled Worker (i): needs a passed grade 3 or "
            "SSW (i) skills test (esd.ssw.skills_grades) and a passed Japanese test at A2 or "
            "above (esd.ssw.cefr), both on or before changedOn; each missing one is refused "
            "on its own field (skillsTest, japaneseTest). TITP's exemption for good "
            "completion does not apply. Ends the open employment on changedOn."
        ),
        permission_classes=IM_JAPAN,
    )
    async def move_to_specified_skilled_worker(
        self, info: Info, input: inputs.MoveToSpecifiedSkilledWorkerInput
    ) -> CandidatePayload | None:
        return await mutate(info, ssw.MoveToSswInput, input, ssw.move_to_ssw, CandidatePayload)
