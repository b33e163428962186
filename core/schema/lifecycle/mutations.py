"""Lifecycle mutations: each is one call of the mutation runner (:func:`core.schema.base.mutate`).

Each mutation is one transaction. A refused request (bad input, a step the
candidate's status does not allow) rolls it back and answers with field-level
errors; nothing is half-written.
"""

from __future__ import annotations

import strawberry

from core.schema.base import Info, mutate
from core.schema.lifecycle import inputs
from core.schema.lifecycle.payloads import (
    CallCriteriaPayload,
    CandidatePayload,
    HostCompanyPayload,
    ImportCandidatesPayload,
    RecruitmentCallPayload,
    ScreeningPayload,
    TestResultPayload,
    TrainingCohortPayload,
    TrainingResultPayload,
)
from core.schema.permissions import CASEWORK, IM_JAPAN
from core.services import calls, candidates, csv_import, dispatch, screening, training


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(description="Open a recruitment call.", permission_classes=CASEWORK)
    async def create_recruitment_call(
        self, info: Info, input: inputs.CreateRecruitmentCallInput
    ) -> RecruitmentCallPayload:
        return await mutate(
            info, calls.CreateCallInput, input, calls.create_call, RecruitmentCallPayload
        )

    @strawberry.mutation(
        description="Change a call's criteria (a new version).", permission_classes=CASEWORK
    )
    async def update_call_criteria(
        self, info: Info, input: inputs.UpdateCallCriteriaInput
    ) -> CallCriteriaPayload:
        return await mutate(
            info, calls.UpdateCriteriaInput, input, calls.update_criteria, CallCriteriaPayload
        )

    @strawberry.mutation(
        description="Register one candidate to a call.", permission_classes=CASEWORK
    )
    async def register_candidate(
        self, info: Info, input: inputs.RegisterCandidateInput
    ) -> CandidatePayload:
        return await mutate(
            info,
            candidates.RegisterCandidateInput,
            input,
            candidates.register_candidate,
            CandidatePayload,
        )

    @strawberry.mutation(
        description="Register many candidates from a CSV file.", permission_classes=CASEWORK
    )
    async def import_candidates(
        self, info: Info, input: inputs.ImportCandidatesInput
    ) -> ImportCandidatesPayload:
        return await mutate(
            info,
            csv_import.ImportRequest,
            input,
            csv_import.import_request,
            ImportCandidatesPayload,
        )

    @strawberry.mutation(
        description="Record the result of a selection test.", permission_classes=CASEWORK
    )
    async def record_test_result(
        self, info: Info, input: inputs.RecordTestResultInput
    ) -> TestResultPayload:
        return await mutate(
            info,
            screening.RecordTestResultInput,
            input,
            screening.record_test_result,
            TestResultPayload,
        )

    @strawberry.mutation(
        description="Screen a candidate against the call's criteria.", permission_classes=CASEWORK
    )
    async def screen_candidate(
        self, info: Info, input: inputs.ScreenCandidateInput
    ) -> ScreeningPayload:
        return await mutate(
            info,
            screening.ScreenCandidateInput,
            input,
            screening.screen_candidate,
            ScreeningPayload,
        )

    @strawberry.mutation(
        description="Create a pre-entry training cohort.", permission_classes=CASEWORK
    )
    async def create_training_cohort(
        self, info: Info, input: inputs.CreateTrainingCohortInput
    ) -> TrainingCohortPayload:
        return await mutate(
            info, training.CreateCohortInput, input, training.create_cohort, TrainingCohortPayload
        )

    @strawberry.mutation(
        description="Enrol a candidate who passed screening in a cohort.",
        permission_classes=CASEWORK,
    )
    async def enrol_candidate(
        self, info: Info, input: inputs.EnrolCandidateInput
    ) -> CandidatePayload:
        return await mutate(info, training.EnrolInput, input, training.enrol, CandidatePayload)

    @strawberry.mutation(
        description="Record attendance and assessment in a training phase.",
        permission_classes=CASEWORK,
    )
    async def record_training_result(
        self, info: Info, input: inputs.RecordTrainingResultInput
    ) -> TrainingResultPayload:
        return await mutate(
            info,
            training.RecordTrainingResultInput,
            input,
            training.record_training_result,
            TrainingResultPayload,
        )

    @strawberry.mutation(
        description="Complete training: every phase passed, the cohort ended.",
        permission_classes=CASEWORK,
    )
    async def complete_training(
        self, info: Info, input: inputs.CompleteTrainingInput
    ) -> CandidatePayload:
        return await mutate(
            info,
            training.CompleteTrainingInput,
            input,
            training.complete_training,
            CandidatePayload,
        )

    @strawberry.mutation(
        description="Register a host company in Japan.", permission_classes=IM_JAPAN
    )
    async def create_host_company(
        self, info: Info, input: inputs.CreateHostCompanyInput
    ) -> HostCompanyPayload:
        return await mutate(
            info,
            dispatch.CreateHostCompanyInput,
            input,
            dispatch.create_host_company,
            HostCompanyPayload,
        )

    @strawberry.mutation(
        description="Dispatch a trained candidate to a host company: stage (i).",
        permission_classes=IM_JAPAN,
    )
    async def dispatch_candidate(
        self, info: Info, input: inputs.DispatchCandidateInput
    ) -> CandidatePayload:
        return await mutate(
            info, dispatch.DispatchInput, input, dispatch.dispatch, CandidatePayload
        )

    @strawberry.mutation(
        description="Move an intern to the next stage after its skills test.",
        permission_classes=IM_JAPAN,
    )
    async def advance_stage(self, info: Info, input: inputs.AdvanceStageInput) -> CandidatePayload:
        return await mutate(
            info, dispatch.AdvanceStageInput, input, dispatch.advance_stage, CandidatePayload
        )

    @strawberry.mutation(description="Record an intern's return home.", permission_classes=IM_JAPAN)
    async def record_return(self, info: Info, input: inputs.RecordReturnInput) -> CandidatePayload:
        return await mutate(
            info, dispatch.RecordReturnInput, input, dispatch.record_return, CandidatePayload
        )

    @strawberry.mutation(
        description="Withdraw a candidate before dispatch.", permission_classes=CASEWORK
    )
    async def withdraw_candidate(
        self, info: Info, input: inputs.WithdrawCandidateInput
    ) -> CandidatePayload:
        return await mutate(
            info, dispatch.WithdrawInput, input, dispatch.withdraw, CandidatePayload
        )
