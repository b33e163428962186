"""Lifecycle root query fields: candidates, calls, the cohorts and host companies
listed with them, and the pipeline."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from core.domain.states import Phase, Status
from core.domain.titp import Stage as TitpStage
from core.i18n import Message
from core.schema.base import Info, filter_id, lookup_id, services
from core.schema.connections import (
    DEFAULT_PAGE_SIZE,
    After,
    Before,
    Connection,
    First,
    Last,
    connection,
    invalid,
    sizes,
)
from core.schema.lifecycle.inputs import CandidateFilterInput, CandidateOrderInput, SortDirection
from core.schema.lifecycle.prefetch import prefetch
from core.schema.lifecycle.types import (
    Candidate,
    HostCompany,
    PipelineCounts,
    RecruitmentCall,
    TrainingCohort,
)
from core.schema.permissions import CASEWORK, IM_JAPAN, SIGNED_IN
from core.services import listings
from core.services.pages import Order
from core.services.queries import (
    CandidateFilter,
    CandidateSort,
    QueryInputError,
    candidate_order,
    candidate_page,
    count_candidates,
    pipeline_counts,
)


def _filter(where: CandidateFilterInput | None, info: Info) -> CandidateFilter:
    scope = info.context.scope
    if where is None:
        return CandidateFilter(access=scope)
    return CandidateFilter(
        access=scope,
        country_code=where.country_code,
        call_id=filter_id(where.call_id, "filter.callId", "RecruitmentCall"),
        status=Status(where.status) if where.status else None,
        cohort_id=filter_id(where.cohort_id, "filter.cohortId", "TrainingCohort"),
        host_company_id=filter_id(where.host_company_id, "filter.hostCompanyId", "HostCompany"),
        name=where.name,
        statuses=tuple(Status(status) for status in where.statuses or ()),
        phase=Phase(where.phase) if where.phase else None,
        stage=TitpStage(where.stage) if where.stage else None,
        registered_from=where.registered_from,
        registered_to=where.registered_to,
        entered_japan_from=where.entered_japan_from,
        entered_japan_to=where.entered_japan_to,
    )


def _order(order_by: CandidateOrderInput | None) -> Order:
    if order_by is None:
        return candidate_order()
    return candidate_order(
        CandidateSort(order_by.field), descending=order_by.direction is SortDirection.DESC
    )


def _refuse_casework_filters(where: CandidateFilterInput | None, info: Info) -> None:
    """Calls and cohorts are casework (``core.auth.scope``): a role that may not read
    ``Candidate.call`` or ``Candidate.cohort`` may not filter by them either."""
    if where is None or info.context.scope.casework:
        return
    for argument, value in (("callId", where.call_id), ("cohortId", where.cohort_id)):
        if value is not None:
            raise GraphQLError(
                Message(
                    "filter.{argument}: this account may not see recruitment calls or cohorts",
                    argument=argument,
                ),
                extensions={"code": "FORBIDDEN"},
            )


@strawberry.type
class LifecycleQuery:
    @strawberry.field(
        description="One candidate by id; null when there is none.", permission_classes=SIGNED_IN
    )
    async def candidate(self, info: Info, id: strawberry.ID) -> Candidate | None:
        key = lookup_id(id, "id", "Candidate")
        return None if key is None else await Candidate.load(info, key)

    @strawberry.field(
        description=(
            "Candidates a page at a time (at most 100): by id unless orderBy says otherwise; "
            "last and before page backwards."
        ),
        permission_classes=SIGNED_IN,
    )
    async def candidates(
        self,
        info: Info,
        filter: CandidateFilterInput | None = None,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: CandidateOrderInput | None = None,
    ) -> Connection[Candidate]:
        _refuse_casework_filters(filter, info)
        where = _filter(filter, info)
        context = services(info)
        try:
            page = await context.read(
                candidate_page,
                where=where,
                order=_order(order_by),
                **sizes(first, after, last, before),
            )
        except QueryInputError as exc:
            raise invalid(exc) from None

        async def count() -> int:
            return await context.read(count_candidates, where=where)

        found = Connection.of(page, Candidate.from_row, count)
        await prefetch(info, [edge.node for edge in found.edges])
        return found

    @strawberry.field(permission_classes=CASEWORK)
    async def recruitment_call(self, info: Info, id: strawberry.ID) -> RecruitmentCall | None:
        key = lookup_id(id, "id", "RecruitmentCall")
        if key is None:
            return None
        row = await services(info).read(listings.recruitment_call, call_id=key)
        return RecruitmentCall.from_row(row) if row else None

    @strawberry.field(
        description="A country's recruitment calls, newest first (by id).",
        permission_classes=CASEWORK,
    )
    async def recruitment_calls(
        self,
        info: Info,
        country_code: str,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[RecruitmentCall] | None:
        listing = listings.recruitment_calls(info.context.scope, country_code.upper())
        return await connection(
            info,
            listing,
            RecruitmentCall.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description="One training cohort by id; null when there is none (or out of scope).",
        permission_classes=CASEWORK,
    )
    async def training_cohort(self, info: Info, id: strawberry.ID) -> TrainingCohort | None:
        key = lookup_id(id, "id", "TrainingCohort")
        return None if key is None else await TrainingCohort.load(info, key)

    @strawberry.field(
        description="A country's training cohorts, newest first (by id).",
        permission_classes=CASEWORK,
    )
    async def training_cohorts(
        self,
        info: Info,
        country_code: str,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TrainingCohort] | None:
        listing = listings.training_cohorts(info.context.scope, country_code.upper())
        return await connection(
            info,
            listing,
            TrainingCohort.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description=(
            "One host company by id; null when there is none or the account does not see "
            "it. IM Japan sees every company, a host company its own, a ministry or an "
            "embassy those of the candidates it sees (as Candidate.hostCompany)."
        ),
        permission_classes=SIGNED_IN,
    )
    async def host_company(self, info: Info, id: strawberry.ID) -> HostCompany | None:
        key = lookup_id(id, "id", "HostCompany")
        return None if key is None else await HostCompany.load(info, key)

    @strawberry.field(
        description="Host companies whose name contains the given text, by name.",
        permission_classes=IM_JAPAN,
    )
    async def host_companies(
        self,
        info: Info,
        name: str = "",
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[HostCompany] | None:
        return await connection(
            info,
            listings.host_companies(name),
            HostCompany.from_row,
            first=first,
            after=after,
            last=last,
            before=before,
        )

    @strawberry.field(
        description="Candidates at each step, per country (every country if none).",
        permission_classes=CASEWORK,
    )
    async def pipeline(
        self, info: Info, country_code: str | None = None
    ) -> list[PipelineCounts] | None:
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
                in_japan_esd=f.by_status.get(Status.IN_JAPAN_ESD, 0),
                moved_to_ssw=f.by_status.get(Status.SSW_I, 0),
            )
            for f in figures
        ]
