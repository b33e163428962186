"""Dispatch mutations and their payloads: host companies, dispatch to Japan, moves
between stages, return home, withdrawal."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.dispatch import inputs
from core.schema.lifecycle.mutations import CandidatePayload
from core.schema.lifecycle.types import HostCompany
from core.schema.permissions import CASEWORK, IM_JAPAN
from core.services import dispatch


@strawberry.type
class HostCompanyPayload:
    host_company: HostCompany | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.HostCompany) -> HostCompanyPayload:
        return cls(host_company=HostCompany.from_row(row))


@strawberry.type
class DispatchMutation:
    @strawberry.mutation(
        description="Register a host company in Japan.", permission_classes=IM_JAPAN
    )
    async def create_host_company(
        self, info: Info, input: inputs.CreateHostCompanyInput
    ) -> HostCompanyPayload | None:
        return await mutate(
            info,
            dispatch.CreateHostCompanyInput,
            input,
            dispatch.create_host_company,
            HostCompanyPayload,
        )

    @strawberry.mutation(
        description=(
            "Change a host company's name, prefecture or job category, "
            "checked as when it was registered."
        ),
        permission_classes=IM_JAPAN,
    )
    async def update_host_company(
        self, info: Info, input: inputs.UpdateHostCompanyInput
    ) -> HostCompanyPayload | None:
        return await mutate(
            info,
            dispatch.UpdateHostCompanyInput,
            input,
            dispatch.update_host_company,
            HostCompanyPayload,
        )

    @strawberry.mutation(
        description="Dispatch a trained candidate to a host company: stage (i).",
        permission_classes=IM_JAPAN,
    )
    async def dispatch_candidate(
        self, info: Info, input: inputs.DispatchCandidateInput
    ) -> CandidatePayload | None:
        return await mutate(
            info, dispatch.DispatchInput, input, dispatch.dispatch, CandidatePayload
        )

    @strawberry.mutation(
        description="Move an intern to the next stage after its skills test.",
        permission_classes=IM_JAPAN,
    )
    async def advance_stage(
        self, info: Info, input: inputs.AdvanceStageInput
    ) -> CandidatePayload | None:
        return await mutate(
            info, dispatch.AdvanceStageInput, input, dispatch.advance_stage, CandidatePayload
        )

    @strawberry.mutation(description="Record an intern's return home.", permission_classes=IM_JAPAN)
    async def record_return(
        self, info: Info, input: inputs.RecordReturnInput
    ) -> CandidatePayload | None:
        return await mutate(
            info, dispatch.RecordReturnInput, input, dispatch.record_return, CandidatePayload
        )

    @strawberry.mutation(
        description="Withdraw a candidate before dispatch.", permission_classes=CASEWORK
    )
    async def withdraw_candidate(
        self, info: Info, input: inputs.WithdrawCandidateInput
    ) -> CandidatePayload | None:
        return await mutate(
            info, dispatch.WithdrawInput, input, dispatch.withdraw, CandidatePayload
        )
