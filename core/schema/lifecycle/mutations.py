"""Lifecycle mutations: validate the input, run one transaction, return a payload.

Each mutation is one transaction. A refused request (bad input, a step the
candidate's status does not allow) rolls it back and answers with field-level
errors; nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from core.errors import DomainValidationError, ErrorCode
from core.schema.errors import UserError, user_errors
from core.schema.lifecycle import inputs
from core.schema.lifecycle.candidate import Candidate
from core.schema.lifecycle.inputs import as_data
from core.schema.lifecycle.payloads import (
    CallCriteriaPayload,
    CandidatePayload,
    HostCompanyPayload,
    ImportCandidatesPayload,
    ImportRowError,
    RecruitmentCallPayload,
    ScreeningPayload,
    TestResultPayload,
    TrainingCohortPayload,
    TrainingResultPayload,
)
from core.schema.lifecycle.types import (
    CriteriaVersion,
    HostCompany,
    Info,
    RecruitmentCall,
    ScreeningDecision,
    TestResult,
    TrainingCohort,
    TrainingResult,
)
from core.schema.permissions import CASEWORK, IM_JAPAN
from core.screening.custom import plugin_evaluator
from core.services import calls, candidates, csv_import, dispatch, screening, training
from core.services.inputs import validate

ModelT = TypeVar("ModelT", bound=BaseModel)
ResultT = TypeVar("ResultT")

CONFLICT = UserError(
    field=None,
    message="the request conflicts with a change made at the same time; try again",
    code=ErrorCode.DUPLICATE,
)


async def run(
    info: Info,
    model: type[ModelT],
    raw: object,
    operation: Callable[[AsyncSession, ModelT], Awaitable[ResultT]],
) -> tuple[ResultT | None, list[UserError]]:
    """Validate ``raw`` into ``model`` and run ``operation`` in one transaction."""
    try:
        data = validate(model, as_data(raw))
        async with info.context.db.transaction() as session:
            return await operation(session, data), []
    except DomainValidationError as exc:
        return None, user_errors(exc)
    except IntegrityError:
        return None, [CONFLICT]


def _candidate(row: Any) -> Candidate | None:
    return Candidate.from_row(row) if row is not None else None


@strawberry.type
class LifecycleMutation:
    @strawberry.mutation(description="Open a recruitment call.", permission_classes=CASEWORK)
    async def create_recruitment_call(
        self, info: Info, input: inputs.CreateRecruitmentCallInput
    ) -> RecruitmentCallPayload:
        async def operation(session: AsyncSession, data: calls.CreateCallInput) -> Any:
            return await calls.create_call(
                session=session,
                registry=info.context.registry,
                scope=info.context.scope,
                data=data,
            )

        row, errors = await run(info, calls.CreateCallInput, input, operation)
        return RecruitmentCallPayload(
            call=RecruitmentCall.from_row(row) if row else None, errors=errors
        )

    @strawberry.mutation(
        description="Change a call's criteria (a new version).", permission_classes=CASEWORK
    )
    async def update_call_criteria(
        self, info: Info, input: inputs.UpdateCallCriteriaInput
    ) -> CallCriteriaPayload:
        async def operation(session: AsyncSession, data: calls.UpdateCriteriaInput) -> Any:
            return await calls.update_criteria(session=session, scope=info.context.scope, data=data)

        result, errors = await run(info, calls.UpdateCriteriaInput, input, operation)
        if result is None:
            return CallCriteriaPayload(errors=errors)
        call, version = result
        return CallCriteriaPayload(
            call=RecruitmentCall.from_row(call), criteria=CriteriaVersion.from_row(version)
        )

    @strawberry.mutation(
        description="Register one candidate to a call.", permission_classes=CASEWORK
    )
    async def register_candidate(
        self, info: Info, input: inputs.RegisterCandidateInput
    ) -> CandidatePayload:
        async def operation(session: AsyncSession, data: candidates.RegisterCandidateInput) -> Any:
            return await candidates.register_candidate(
                session=session, scope=info.context.scope, data=data, actor=info.context.actor_label
            )

        row, errors = await run(info, candidates.RegisterCandidateInput, input, operation)
        return CandidatePayload(candidate=_candidate(row), errors=errors)

    @strawberry.mutation(
        description="Register many candidates from a CSV file.", permission_classes=CASEWORK
    )
    async def import_candidates(
        self, info: Info, input: inputs.ImportCandidatesInput
    ) -> ImportCandidatesPayload:
        async def operation(session: AsyncSession, data: csv_import.ImportRequest) -> Any:
            return await csv_import.import_candidates(
                session=session,
                scope=info.context.scope,
                call_id=data.call_id,
                text=data.csv,
                mode=data.mode,
                actor=info.context.actor_label,
            )

        report, errors = await run(info, csv_import.ImportRequest, input, operation)
        if report is None:
            return ImportCandidatesPayload(errors=errors)
        return ImportCandidatesPayload(
            row_count=report.rows,
            imported_count=len(report.imported),
            candidates=[Candidate.from_row(row) for row in report.imported],
            row_errors=[
                ImportRowError(line=e.line, column=e.column, message=e.message, code=e.code)
                for e in report.row_errors
            ],
        )

    @strawberry.mutation(
        description="Record the result of a selection test.", permission_classes=CASEWORK
    )
    async def record_test_result(
        self, info: Info, input: inputs.RecordTestResultInput
    ) -> TestResultPayload:
        async def operation(session: AsyncSession, data: screening.RecordTestResultInput) -> Any:
            return await screening.record_test_result(
                session=session, scope=info.context.scope, data=data
            )

        row, errors = await run(info, screening.RecordTestResultInput, input, operation)
        return TestResultPayload(
            test_result=TestResult.from_row(row) if row else None, errors=errors
        )

    @strawberry.mutation(
        description="Screen a candidate against the call's criteria.", permission_classes=CASEWORK
    )
    async def screen_candidate(
        self, info: Info, input: inputs.ScreenCandidateInput
    ) -> ScreeningPayload:
        context = info.context

        async def operation(session: AsyncSession, data: screening.ScreenCandidateInput) -> Any:
            return await screening.screen_candidate(
                session=session,
                scope=context.scope,
                data=data,
                custom=plugin_evaluator(context.plugin_manager, context.settings),
                actor=context.actor_label,
            )

        result, errors = await run(info, screening.ScreenCandidateInput, input, operation)
        if result is None:
            return ScreeningPayload(errors=errors)
        row, decision, _outcomes = result
        return ScreeningPayload(
            candidate=Candidate.from_row(row), decision=ScreeningDecision.from_row(decision)
        )

    @strawberry.mutation(
        description="Create a pre-entry training cohort.", permission_classes=CASEWORK
    )
    async def create_training_cohort(
        self, info: Info, input: inputs.CreateTrainingCohortInput
    ) -> TrainingCohortPayload:
        async def operation(session: AsyncSession, data: training.CreateCohortInput) -> Any:
            cohort, _phases = await training.create_cohort(
                session=session,
                registry=info.context.registry,
                scope=info.context.scope,
                data=data,
            )
            return cohort

        row, errors = await run(info, training.CreateCohortInput, input, operation)
        return TrainingCohortPayload(
            cohort=TrainingCohort.from_row(row) if row else None, errors=errors
        )

    @strawberry.mutation(
        description="Enrol a candidate who passed screening in a cohort.",
        permission_classes=CASEWORK,
    )
    async def enrol_candidate(
        self, info: Info, input: inputs.EnrolCandidateInput
    ) -> CandidatePayload:
        async def operation(session: AsyncSession, data: training.EnrolInput) -> Any:
            return await training.enrol(
                session=session, scope=info.context.scope, data=data, actor=info.context.actor_label
            )

        row, errors = await run(info, training.EnrolInput, input, operation)
        return CandidatePayload(candidate=_candidate(row), errors=errors)

    @strawberry.mutation(
        description="Record attendance and assessment in a training phase.",
        permission_classes=CASEWORK,
    )
    async def record_training_result(
        self, info: Info, input: inputs.RecordTrainingResultInput
    ) -> TrainingResultPayload:
        async def operation(session: AsyncSession, data: training.RecordTrainingResultInput) -> Any:
            return await training.record_training_result(
                session=session, scope=info.context.scope, data=data
            )

        row, errors = await run(info, training.RecordTrainingResultInput, input, operation)
        return TrainingResultPayload(
            training_result=TrainingResult.from_row(row) if row else None, errors=errors
        )

    @strawberry.mutation(
        description="Complete training: every phase passed, the cohort ended.",
        permission_classes=CASEWORK,
    )
    async def complete_training(
        self, info: Info, input: inputs.CompleteTrainingInput
    ) -> CandidatePayload:
        async def operation(session: AsyncSession, data: training.CompleteTrainingInput) -> Any:
            return await training.complete_training(
                session=session, scope=info.context.scope, data=data, actor=info.context.actor_label
            )

        row, errors = await run(info, training.CompleteTrainingInput, input, operation)
        return CandidatePayload(candidate=_candidate(row), errors=errors)

    @strawberry.mutation(
        description="Register a host company in Japan.", permission_classes=IM_JAPAN
    )
    async def create_host_company(
        self, info: Info, input: inputs.CreateHostCompanyInput
    ) -> HostCompanyPayload:
        async def operation(session: AsyncSession, data: dispatch.CreateHostCompanyInput) -> Any:
            return await dispatch.create_host_company(session=session, data=data)

        row, errors = await run(info, dispatch.CreateHostCompanyInput, input, operation)
        return HostCompanyPayload(
            host_company=HostCompany.from_row(row) if row else None, errors=errors
        )

    @strawberry.mutation(
        description="Dispatch a trained candidate to a host company: stage (i).",
        permission_classes=IM_JAPAN,
    )
    async def dispatch_candidate(
        self, info: Info, input: inputs.DispatchCandidateInput
    ) -> CandidatePayload:
        async def operation(session: AsyncSession, data: dispatch.DispatchInput) -> Any:
            return await dispatch.dispatch(
                session=session, scope=info.context.scope, data=data, actor=info.context.actor_label
            )

        row, errors = await run(info, dispatch.DispatchInput, input, operation)
        return CandidatePayload(candidate=_candidate(row), errors=errors)

    @strawberry.mutation(
        description="Move an intern to the next stage after its skills test.",
        permission_classes=IM_JAPAN,
    )
    async def advance_stage(self, info: Info, input: inputs.AdvanceStageInput) -> CandidatePayload:
        async def operation(session: AsyncSession, data: dispatch.AdvanceStageInput) -> Any:
            return await dispatch.advance_stage(
                session=session, scope=info.context.scope, data=data, actor=info.context.actor_label
            )

        row, errors = await run(info, dispatch.AdvanceStageInput, input, operation)
        return CandidatePayload(candidate=_candidate(row), errors=errors)

    @strawberry.mutation(description="Record an intern's return home.", permission_classes=IM_JAPAN)
    async def record_return(self, info: Info, input: inputs.RecordReturnInput) -> CandidatePayload:
        async def operation(session: AsyncSession, data: dispatch.RecordReturnInput) -> Any:
            return await dispatch.record_return(
                session=session, scope=info.context.scope, data=data, actor=info.context.actor_label
            )

        row, errors = await run(info, dispatch.RecordReturnInput, input, operation)
        return CandidatePayload(candidate=_candidate(row), errors=errors)

    @strawberry.mutation(
        description="Withdraw a candidate before dispatch.", permission_classes=CASEWORK
    )
    async def withdraw_candidate(
        self, info: Info, input: inputs.WithdrawCandidateInput
    ) -> CandidatePayload:
        async def operation(session: AsyncSession, data: dispatch.WithdrawInput) -> Any:
            return await dispatch.withdraw(
                session=session, scope=info.context.scope, data=data, actor=info.context.actor_label
            )

        row, errors = await run(info, dispatch.WithdrawInput, input, operation)
        return CandidatePayload(candidate=_candidate(row), errors=errors)
