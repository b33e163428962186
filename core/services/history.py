"""Moving a candidate to a new status, and keeping the step in the history."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import Candidate, StatusChange
from core.domain.states import Status


async def move(
    session: AsyncSession,
    candidate: Candidate,
    to: Status,
    *,
    actor: str | None,
    reason: str | None = None,
) -> None:
    """Set the candidate's status and record who moved them, from what, and why."""
    session.add(
        StatusChange(
            candidate_id=_id(candidate),
            from_status=candidate.status,
            to_status=to.value,
            reason=reason,
            actor=actor,
        )
    )
    candidate.status = to.value
    session.add(candidate)


async def start(session: AsyncSession, candidate: Candidate, *, actor: str | None) -> None:
    """Record the first status of a newly registered candidate."""
    session.add(
        StatusChange(
            candidate_id=_id(candidate),
            from_status=None,
            to_status=candidate.status,
            reason="registered",
            actor=actor,
        )
    )


def _id(candidate: Candidate) -> int:
    if candidate.id is None:
        raise ValueError("the candidate must be flushed before its history is written")
    return candidate.id
