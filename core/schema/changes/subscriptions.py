"""``candidateStatusChanged``: the change log pushed over a websocket.

The subscription polls the log with the service ``changes`` reads, every
``IMJAPAN_CHANGES_POLL_SECONDS``; each poll is one short read of its own, so no
database connection is held while it waits. A poll that finds the database
busy or down is retried at the next interval instead of ending the
subscription.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from core.db.errors import DatabaseBusy, DatabaseUnavailable
from core.schema.base import Info, services
from core.schema.changes.queries import invalid
from core.schema.changes.types import CandidateStatusChangeEdge
from core.schema.permissions import SIGNED_IN
from core.services.changes import MAX_PAGE_SIZE, change_page, decode_cursor, log_end
from core.services.queries import QueryInputError


@strawberry.type
class ChangesSubscription:
    @strawberry.subscription(
        description=(
            "Each new status change of a candidate the subscriber may see, as it is "
            "committed (within IMJAPAN_CHANGES_POLL_SECONDS). Without `after`, from the "
            "moment of subscribing; with a cursor (of `changes` or of an edge received "
            "before), everything after it first: reconnect with the last cursor received "
            "and nothing is lost."
        ),
        permission_classes=SIGNED_IN,
    )
    async def candidate_status_changed(
        self, info: Info, after: str | None = None
    ) -> AsyncGenerator[CandidateStatusChangeEdge, None]:
        context = services(info)
        interval = info.context.settings.changes_poll_seconds
        if after is not None:
            try:
                decode_cursor(after)
            except QueryInputError as exc:
                raise invalid(exc) from None
        cursor = after
        started = after is not None
        while True:
            try:
                if not started:
                    cursor, started = await context.read(log_end), True
                page = await context.read(change_page, first=MAX_PAGE_SIZE, after=cursor)
            except (DatabaseBusy, DatabaseUnavailable):
                await asyncio.sleep(interval)
                continue
            for change in page.changes:
                cursor = change.cursor
                yield CandidateStatusChangeEdge.of(change)
            if not page.has_next:
                await asyncio.sleep(interval)
