"""The transfers' mutation, for IM Japan, and its payload."""

from __future__ import annotations

import strawberry

from core.db import models
from core.schema.base import Info, UserError, mutate
from core.schema.permissions import IM_JAPAN
from core.schema.transfers.inputs import TransferWorkerInput
from core.schema.transfers.types import Transfer
from core.services import transfers


@strawberry.type
class TransferPayload:
    transfer: Transfer | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: models.Transfer) -> TransferPayload:
        return cls(transfer=Transfer.from_row(row))


@strawberry.type
class TransfersMutation:
    @strawberry.mutation(
        description=(
            "Move an ESD worker (in_japan_esd) to another employer. At the worker's wish every "
            "check of transferCheck must pass; for an unavoidable reason only the arranger "
            "and the reason (allowed at any time). Refused on the first failing check's "
            "input field with its explanation, nothing written. Accepted: the current "
            "employment ends on transfersOn, a new one begins with the receiving company, "
            "and the transfer keeps its checks with the rule versions read and the "
            "repayment. For IM Japan."
        ),
        permission_classes=IM_JAPAN,
    )
    async def transfer_worker(
        self, info: Info, input: TransferWorkerInput
    ) -> TransferPayload | None:
        return await mutate(
            info, transfers.TransferWorkerInput, input, transfers.transfer_worker, TransferPayload
        )
