"""``changes``: the change log for clients that poll."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from core.i18n import message_of
from core.schema.base import Info, services
from core.schema.changes.types import CandidateStatusChangeConnection
from core.schema.permissions import SIGNED_IN
from core.services.changes import MAX_PAGE_SIZE, change_page
from core.services.queries import QueryInputError

DEFAULT_PAGE_SIZE = 20


def invalid(error: QueryInputError) -> GraphQLError:
    return GraphQLError(message_of(error), extensions={"code": "INVALID"})


@strawberry.type
class ChangesQuery:
    @strawberry.field(
        description=(
            "Candidates' status changes in the order of the change log, a page at a time "
            f"(at most {MAX_PAGE_SIZE}), for the candidates `candidates` shows the reader. "
            "Keep `pageInfo.endCursor` and ask again with it as `after`: the log only "
            "grows at its end, so nothing is skipped or repeated. Without `after`, from "
            "the beginning."
        ),
        permission_classes=SIGNED_IN,
    )
    async def changes(
        self, info: Info, after: str | None = None, first: int = DEFAULT_PAGE_SIZE
    ) -> CandidateStatusChangeConnection:
        try:
            page = await services(info).read(change_page, first=first, after=after)
        except QueryInputError as exc:
            raise invalid(exc) from None
        return CandidateStatusChangeConnection.of(page)
