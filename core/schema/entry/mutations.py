"""The entry chain's mutations, for IM Japan staff, and their payload."""

from __future__ import annotations

import strawberry

from core.schema.base import Info, UserError, mutate
from core.schema.entry import inputs
from core.schema.lifecycle.types import Candidate, EntryRecord
from core.schema.permissions import IM_JAPAN
from core.services import entry as chain


@strawberry.type
class EntryPayload:
    candidate: Candidate | None = None
    entry: EntryRecord | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, result: chain.EntryResult) -> EntryPayload:
        return cls(
            candidate=Candidate.from_row(result.candidate),
            entry=EntryRecord.from_row(result.entry),
        )


@strawberry.type
class EntryMutation:
    @strawberry.mutation(
        description=(
            "Record the application for the Certificate of Eligibility; it needs a certified "
            "stage (i) plan, and follows its certification."
        ),
        permission_classes=IM_JAPAN,
    )
    async def record_coe_application(
        self, info: Info, input: inputs.RecordCoeApplicationInput
    ) -> EntryPayload | None:
        return await mutate(
            info,
            chain.RecordCoeApplicationInput,
            input,
            chain.record_coe_application,
            EntryPayload,
        )

    @strawberry.mutation(
        description="Record the Certificate of Eligibility issued, after its application.",
        permission_classes=IM_JAPAN,
    )
    async def record_coe_issued(
        self, info: Info, input: inputs.RecordCoeIssuedInput
    ) -> EntryPayload | None:
        return await mutate(
            info, chain.RecordCoeIssuedInput, input, chain.record_coe_issued, EntryPayload
        )

    @strawberry.mutation(
        description="Record the visa issued, after the Certificate of Eligibility.",
        permission_classes=IM_JAPAN,
    )
    async def record_visa_issued(
        self, info: Info, input: inputs.RecordVisaIssuedInput
    ) -> EntryPayload | None:
        return await mutate(
            info, chain.RecordVisaIssuedInput, input, chain.record_visa_issued, EntryPayload
        )

    @strawberry.mutation(
        description=(
            "Record the entry into Japan, after the visa: the candidate's enteredJapanOn and "
            "the date dispatch starts stage (i) on. The status does not change."
        ),
        permission_classes=IM_JAPAN,
    )
    async def record_entry(self, info: Info, input: inputs.RecordEntryInput) -> EntryPayload | None:
        return await mutate(info, chain.RecordEntryInput, input, chain.record_entry, EntryPayload)
