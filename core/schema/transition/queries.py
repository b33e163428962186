"""The transition's root query field: the explained check of one person."""

from __future__ import annotations

from datetime import date

import strawberry

from core.schema.base import Info, lookup_id, services
from core.schema.permissions import SIGNED_IN
from core.schema.transition.types import TransitionCheck
from core.services import clock, transition


@strawberry.type
class TransitionQuery:
    @strawberry.field(
        description=(
            "Which programme (TITP or ESD) a candidate is under and which steps the "
            "transition rules leave open on a day (default: today), explained rule by rule; "
            "null when there is no such candidate or the account does not see them."
        ),
        permission_classes=SIGNED_IN,
    )
    async def transition_check(
        self, info: Info, candidate_id: strawberry.ID, on: date | None = None
    ) -> TransitionCheck | None:
        key = lookup_id(candidate_id, "candidateId", "Candidate")
        if key is None:
            return None
        check = await services(info).read(
            transition.transition_check, candidate_id=key, on=on or clock.today()
        )
        return TransitionCheck.of(check) if check is not None else None
