"""Lifecycle root query fields: candidates, calls, the cohorts and host companies
listed with them, and the pipeline."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from core.domain.states import Status
from core.schema.base import Info, filter_id, lookup_id, services
from core.schema.lifecycle.inputs import CandidateFilterInput
from core.schema.lifecycle.types import (
    Candidate,
    CandidateConnection,
    CandidateEdge,
    HostCompany,
    PageInfo,
    PipelineCounts,
    RecruitmentCall,
    TrainingCohort,
)
from core.schema.permissions import CASEWORK, IM_JAPAN, SIGNED_IN
from core.services import listings
from core.services.queries import (
    CandidateFilter,
    QueryInputError,
    candidate_page,
    count_candidates,
    pipeline_counts,
)

DEFAULT_PAGE_SIZE = 20


def _filter(where: CandidateFilterInput | None, info: Info) -> CandidateFilter:
    scope = tuple(info.context.scope.candidates())
    if where is None:
        return CandidateFilter(scope=scope)
    return CandidateFilter(
        scope=scope,
        country_code=where.country_code,
        call_id=filter_id(where.call_id, "filter.callId"),
        status=Status(where.status) if where.status else None,
        cohort_id=filter_id(where.cohort_id, "filter.cohortId"),
        host_company_id=filter_id(where.host_company_id, "filter.hostCompanyId"),
        name=where.name,
    )


def _refuse_casework_filters(where: CandidateFilterInput | None, info: Info) -> None:
    """Calls and cohorts are casework (``core.auth.scope``): a role that may not read
    ``Candidate.call`` or ``Candidate.cohort`` may not filter by them either."""
    if where is None or info.context.scope.casework:
        return
    for argument, value in (("callId", where.call_id), ("cohortId", where.cohort_id)):
        if value is not None:
            raise GraphQLError(
                f"filter.{argument}: this account may not see recruitment calls or cohorts",
                extensions={"code": "FORBIDDEN"},
            )


@strawberry.type
class LifecycleQuery:
    @strawberry.field(
        description="One candidate by id; null when there is none.", permission_classes=SIGNED_IN
    )
    async def candidate(self, info: Info, id: strawberry.ID) -> Candidate | None:
        key = lookup_id(id, "id")
        if key is None:
            return None
        row = await info.context.loaders.candidate.load(key)
        return Candidate.from_row(row) if row else None

    @strawberry.field(
        description="Candidates by id, a page at a time (at most 100).",
        permission_classes=SIGNED_IN,
    )
    async def candidates(
        self,
        info: Info,
        filter: CandidateFilterInput | None = None,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
    ) -> CandidateConnection:
        _refuse_casework_filters(filter, info)
        where = _filter(filter, info)
        context = services(info)
        try:
            page = await context.read(candidate_page, where=where, first=first, after=after)
        except QueryInputError as exc:
            raise GraphQLError(str(exc), extensions={"code": "INVALID"}) from None

        async def count() -> int:
            return await context.read(count_candidates, where=where)

        edges = [
            CandidateEdge(cursor=cursor, node=Candidate.from_row(row))
            for row, cursor in zip(page.rows, page.cursors, strict=True)
        ]
        return CandidateConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None
            ),
            count=count,
        )

    @strawberry.field(permission_classes=CASEWORK)
    async def recruitment_call(self, info: Info, id: strawberry.ID) -> RecruitmentCall | None:
        key = lookup_id(id, "id")
        if key is None:
            return None
        row = await services(info).read(listings.recruitment_call, call_id=key)
        return RecruitmentCall.from_row(row) if row else None

    @strawberry.field(
        description="A country's recruitment calls, newest first.", permission_classes=CASEWORK
    )
    async def recruitment_calls(self, info: Info, country_code: str) -> list[RecruitmentCall]:
        rows = await services(info).read(
            listings.recruitment_calls, country_code=country_code.upper()
        )
        return [RecruitmentCall.from_row(row) for row in rows]

    @strawberry.field(
        description="A country's training cohorts, newest first.", permission_classes=CASEWORK
    )
    async def training_cohorts(self, info: Info, country_code: str) -> list[TrainingCohort]:
        rows = await services(info).read(
            listings.training_cohorts, country_code=country_code.upper()
        )
        return [TrainingCohort.from_row(row) for row in rows]

    @strawberry.field(
        description="Host companies whose name contains the given text.",
        permission_classes=IM_JAPAN,
    )
    async def host_companies(self, info: Info, name: str = "") -> list[HostCompany]:
        rows = await services(info).read(listings.host_companies, name=name)
        return [HostCompany.from_row(row) for row in rows]

    @strawberry.field(
        description="Candidates at each step, per country (every country if none).",
        permission_classes=CASEWORK,
    )
    async def pipeline(self, info: Info, country_code: str | None = None) -> list[PipelineCounts]:
        codes = [country_code.upper()] if country_code else list(info.context.registry.by_code)
        codes = [code for code in codes if info.context.scope.allows_country(code)]
        figures = await services(info).read(pipeline_counts, country_codes=codes)
        return [
            PipelineCounts(
                country_code=f.country_code,
                applied=f.applied,
                passed_screening=f.passed_screening,
                failed_screening=f.by_status.get(Status.SCREENING_FAILED, 0),
                in_training=f.by_status.get(Status.IN_TRAINING, 0),
                training_completed=f.by_status.get(Status.TRAINING_COMPLETED, 0),
                in_japan_i=f.by_status.get(Status.IN_JAPAN_I, 0),
                in_japan_ii=f.by_status.get(Status.IN_JAPAN_II, 0),
                in_japan_iii=f.by_status.get(Status.IN_JAPAN_III, 0),
                returned=f.by_status.get(Status.RETURNED, 0),
                withdrawn=f.by_status.get(Status.WITHDRAWN, 0),
            )
            for f in figures
        ]
