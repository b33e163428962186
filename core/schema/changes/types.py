"""The change log's types: an entry, its edge and the connection of a page."""

from __future__ import annotations

from datetime import datetime

import strawberry

from core.schema.connections import PageInfo
from core.schema.ids import global_id
from core.schema.lifecycle.types import CandidateStatus
from core.schema.permissions import PERSONAL
from core.services.changes import Change, ChangePage


@strawberry.type(
    description=(
        "A candidate's status change, as the change log serves it: committed with the "
        "change itself, to those who may see the candidate."
    )
)
class CandidateStatusChange:
    candidate_id: strawberry.ID
    country_code: str = strawberry.field(description="The candidate's sending country.")
    from_status: CandidateStatus | None = strawberry.field(
        description="Null for the first status of a newly registered candidate."
    )
    to_status: CandidateStatus
    changed_at: datetime
    actor: str | None = strawberry.field(
        description="Who made the change, as Candidate.history names it to the reader."
    )
    reason: str | None = strawberry.field(
        permission_classes=PERSONAL,
        description="Why, as given; for IM Japan and the sending ministry, like the history.",
    )

    @classmethod
    def of(cls, change: Change) -> CandidateStatusChange:
        row = change.row
        return cls(
            candidate_id=global_id("Candidate", row.candidate_id),
            country_code=change.country_code,
            from_status=CandidateStatus(row.from_status) if row.from_status else None,
            to_status=CandidateStatus(row.to_status),
            changed_at=row.changed_at,
            actor=change.actor,
            reason=row.reason,
        )


@strawberry.type
class CandidateStatusChangeEdge:
    cursor: str = strawberry.field(
        description="This entry's place in the log: pass it as `after` to continue from here."
    )
    node: CandidateStatusChange

    @classmethod
    def of(cls, change: Change) -> CandidateStatusChangeEdge:
        return cls(cursor=change.cursor, node=CandidateStatusChange.of(change))


@strawberry.type
class CandidateStatusChangeConnection:
    edges: list[CandidateStatusChangeEdge]
    page_info: PageInfo

    @classmethod
    def of(cls, page: ChangePage) -> CandidateStatusChangeConnection:
        edges = [CandidateStatusChangeEdge.of(change) for change in page.changes]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None
            ),
        )
