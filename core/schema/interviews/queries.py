"""The interviews' root query fields, for IM Japan and the ministries."""

from __future__ import annotations

import strawberry

from core.schema.base import Info, lookup_id, services
from core.schema.interviews.types import CountryInterviewPlacement, InterviewSession
from core.schema.permissions import CASEWORK
from core.services import interview_listings, interviews

MAX_SESSIONS = 100


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
        description="A country's group job interview sessions, latest first; at most 100.",
        permission_classes=CASEWORK,
    )
    async def interview_sessions(self, info: Info, country_code: str) -> list[InterviewSession]:
        listings = await services(info).read(
            interview_listings.country_sessions,
            country_code=country_code.upper(),
            limit=MAX_SESSIONS,
        )
        return [InterviewSession.of(listing) for listing in listings]

    @strawberry.field(
        description="Placement of returnees at group job interviews, per country "
        "(every country in your scope if none).",
        permission_classes=CASEWORK,
    )
    async def interview_placement(
        self, info: Info, country_code: str | None = None
    ) -> list[CountryInterviewPlacement]:
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
