"""The interviews' root query fields, for IM Japan and the ministries."""

from __future__ import annotations

import strawberry

from core.schema.base import Info, lookup_id, services
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
)
from core.schema.interviews.types import CountryInterviewPlacement, InterviewSession
from core.schema.permissions import CASEWORK
from core.services import interview_listings, interviews


@strawberry.type
class InterviewsQuery:
    @strawberry.field(
        description="One group job interview session by id; null when there is none "
        "(or out of scope).",
        permission_classes=CASEWORK,
    )
    async def interview_session(self, info: Info, id: strawberry.ID) -> InterviewSession | None:
        key = lookup_id(id, "id", "InterviewSession")
        return None if key is None else await InterviewSession.load(info, key)

    @strawberry.field(
        description=(
            "A country's group job interview sessions, latest first (then by id), a page at a time."
        ),
        permission_classes=CASEWORK,
    )
    async def interview_sessions(
        self,
        info: Info,
        country_code: str,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[InterviewSession] | None:
        listing = interview_listings.country_sessions(info.context.scope, country_code.upper())
        return await connection(
            info, listing, InterviewSession.of, first=first, after=after, last=last, before=before
        )

    @strawberry.field(
        description="Placement of returnees at group job interviews, per country "
        "(every country in your scope if none).",
        permission_classes=CASEWORK,
    )
    async def interview_placement(
        self, info: Info, country_code: str | None = None
    ) -> list[CountryInterviewPlacement] | None:
        known = list(info.context.registry.by_code)
        codes = [country_code.upper()] if country_code else known
        scope = info.context.scope
        codes = [code for code in codes if code in known and scope.allows_country(code)]
        figures = await services(info).read(interviews.placement_by_country, codes=codes)
        return [
            CountryInterviewPlacement(
                country_code=code,
                registered=placement.registered,
                hired=placement.hired,
                rate=placement.rate,
            )
            for code in codes
            for placement in [figures.get(code, interviews.NO_PLACEMENT)]
        ]
