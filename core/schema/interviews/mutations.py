"""The interviews' mutations and their payloads."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.interviews.inputs import (
    AddInterviewCompanyInput,
    CreateInterviewSessionInput,
    RecordInterviewOutcomeInput,
    RegisterForInterviewInput,
)
from core.schema.interviews.types import (
    InterviewCompany,
    InterviewOutcome,
    InterviewRegistration,
    InterviewSession,
)
from core.schema.permissions import CASEWORK
from core.services import interview_listings, interviews


@strawberry.type
class InterviewSessionPayload:
    session: InterviewSession | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: interview_listings.SessionListing) -> InterviewSessionPayload:
        return cls(session=InterviewSession.of(result))


@strawberry.type
class InterviewCompanyPayload:
    company: InterviewCompany | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: models.InterviewCompany) -> InterviewCompanyPayload:
        return cls(company=InterviewCompany.from_row(result))


@strawberry.type
class InterviewRegistrationPayload:
    registration: InterviewRegistration | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: interview_listings.RegistrationListing) -> InterviewRegistrationPayload:
        return cls(registration=InterviewRegistration.of(result))


@strawberry.type
class InterviewOutcomePayload:
    outcome: InterviewOutcome | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: models.InterviewOutcome) -> InterviewOutcomePayload:
        return cls(outcome=InterviewOutcome.from_row(result))


@strawberry.type
class InterviewsMutation:
    @strawberry.mutation(
        description="Schedule a group job interview for returnees.", permission_classes=CASEWORK
    )
    async def create_interview_session(
        self, info: Info, input: CreateInterviewSessionInput
    ) -> InterviewSessionPayload | None:
        return await mutate(
            info,
            interviews.CreateSessionInput,
            input,
            interview_listings.schedule_session,
            InterviewSessionPayload,
        )

    @strawberry.mutation(
        description="Add a company recruiting at a session.", permission_classes=CASEWORK
    )
    async def add_interview_company(
        self, info: Info, input: AddInterviewCompanyInput
    ) -> InterviewCompanyPayload | None:
        return await mutate(
            info, interviews.AddCompanyInput, input, interviews.add_company, InterviewCompanyPayload
        )

    @strawberry.mutation(
        description="Register a returnee of the session's country.", permission_classes=CASEWORK
    )
    async def register_for_interview(
        self, info: Info, input: RegisterForInterviewInput
    ) -> InterviewRegistrationPayload | None:
        return await mutate(
            info,
            interviews.RegisterInput,
            input,
            interview_listings.register_returnee,
            InterviewRegistrationPayload,
        )

    @strawberry.mutation(
        description="Record the outcome of a returnee's interview with a company.",
        permission_classes=CASEWORK,
    )
    async def record_interview_outcome(
        self, info: Info, input: RecordInterviewOutcomeInput
    ) -> InterviewOutcomePayload | None:
        return await mutate(
            info,
            interviews.RecordOutcomeInput,
            input,
            interviews.record_outcome,
            InterviewOutcomePayload,
        )
