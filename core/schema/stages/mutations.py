"""The stages' mutations and their payloads: sittings, excellence, licences, home stays."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.permissions import ADMIN, IM_JAPAN
from core.schema.stages import inputs
from core.schema.stages.types import (
    HomeStay,
    HostCompanyExcellence,
    SkillsTestSitting,
    SupervisionLicence,
)
from core.services import skills_tests, stage_conditions


@strawberry.type
class SkillsTestSittingPayload:
    sitting: SkillsTestSitting | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.SkillsTestSitting) -> SkillsTestSittingPayload:
        return cls(sitting=SkillsTestSitting.from_row(row))


@strawberry.type
class HostCompanyExcellencePayload:
    excellence: HostCompanyExcellence | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.HostCompanyExcellence) -> HostCompanyExcellencePayload:
        return cls(excellence=HostCompanyExcellence.from_row(row))


@strawberry.type
class SupervisionLicencePayload:
    licence: SupervisionLicence | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.SupervisionLicence) -> SupervisionLicencePayload:
        return cls(licence=SupervisionLicence.from_row(row))


@strawberry.type
class HomeStayPayload:
    home_stay: HomeStay | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.HomeStay) -> HomeStayPayload:
        return cls(home_stay=HomeStay.from_row(row))


@strawberry.type
class StagesMutation:
    @strawberry.mutation(
        description=(
            "Record a sitting of a skills test, passed or failed; every sitting is kept. "
            "It falls within a stage the intern has begun, and the grade must have the part "
            "(grades 3 and 2 are practical only)."
        ),
        permission_classes=IM_JAPAN,
    )
    async def record_skills_test_sitting(
        self, info: Info, input: inputs.RecordSkillsTestSittingInput
    ) -> SkillsTestSittingPayload | None:
        return await mutate(
            info,
            skills_tests.RecordSittingInput,
            input,
            skills_tests.record_sitting,
            SkillsTestSittingPayload,
        )

    @strawberry.mutation(
        description=(
            "Record a period in which a host company is excellent; a score below the rule's "
            "share of 150 points is refused."
        ),
        permission_classes=IM_JAPAN,
    )
    async def record_host_company_excellence(
        self, info: Info, input: inputs.RecordHostCompanyExcellenceInput
    ) -> HostCompanyExcellencePayload | None:
        return await mutate(
            info,
            stage_conditions.RecordExcellenceInput,
            input,
            stage_conditions.record_excellence,
            HostCompanyExcellencePayload,
        )

    @strawberry.mutation(
        description="Record a licence IM Japan holds as the supervising organisation.",
        permission_classes=ADMIN,
    )
    async def record_supervision_licence(
        self, info: Info, input: inputs.RecordSupervisionLicenceInput
    ) -> SupervisionLicencePayload | None:
        return await mutate(
            info,
            stage_conditions.RecordLicenceInput,
            input,
            stage_conditions.record_licence,
            SupervisionLicencePayload,
        )

    @strawberry.mutation(
        description=(
            "Record an intern's time at home between stages (ii) and (iii): the intern is in "
            "stage (ii) and left Japan after it began."
        ),
        permission_classes=IM_JAPAN,
    )
    async def record_home_stay(
        self, info: Info, input: inputs.RecordHomeStayInput
    ) -> HomeStayPayload | None:
        return await mutate(
            info,
            stage_conditions.RecordHomeStayInput,
            input,
            stage_conditions.record_home_stay,
            HomeStayPayload,
        )
