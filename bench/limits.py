"""The limit each GraphQL operation is measured against: plain Starlette handlers.

Each handler does what the GraphQL endpoint does for its operation with the
GraphQL machinery taken away. It authenticates the same bearer token with the
same statement, reads through the same service functions and the same
DataLoaders (so the database sees the same statements, batched the same
way), writes the same audit entry for the mutation, and returns the same JSON
bytes (compact ``json.dumps``, non-ASCII as UTF-8, as the endpoint encodes), built by hand
from the same rows and catalogue objects. The benchmark checks the bytes are
equal before measuring. Nothing is cached between requests.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.alias_generators import to_camel
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.queries import RECRUITMENT_CALLS_COUNTRY, RECRUITMENT_CALLS_FIRST, SCREENED_ON
from core.auth.roles import Actor, Role
from core.auth.scope import scope_for
from core.auth.tokens import InvalidToken
from core.db.models import AuditEntry
from core.db.models import Candidate as CandidateRow
from core.domain.states import Status
from core.errors import DomainValidationError
from core.schema.catalogue.types import Country, GovernmentAgency, TrainingCentre, TrainingModule
from core.schema.catalogue.view import Catalogue
from core.schema.country_details import pascal
from core.schema.ids import decode_as, global_id
from core.schema.scalars import serialize_datetime
from core.screening.custom import plugin_evaluator
from core.screening.details import TEST_DETAILS, readable_details
from core.screening.facts import TestKind
from core.services import listings, pages, screening
from core.services.accounts import authenticate
from core.services.inputs import validate
from core.services.loaders import Loaders
from core.services.queries import CandidateFilter, candidate_page, encode_cursor, pipeline_counts

CASEWORK = {Role.ADMIN, Role.STAFF, Role.MINISTRY_OFFICER}
STATUS = {status.value: status.name for status in Status}


def encode(data: Any) -> bytes:
    """A JSON answer as Strawberry encodes it (the one place to change if that changes):
    the benchmark compares these bytes with the GraphQL endpoint's."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def respond(data: Any) -> Response:
    return Response(encode({"data": data}), media_type="application/json")


def refuse(status: int, message: str) -> Response:
    return Response(message, status_code=status, media_type="text/plain")


def upper(value: str | None) -> str | None:
    """A stored enum value as the GraphQL enum name (``in_japan_i`` -> ``IN_JAPAN_I``)."""
    return value.upper() if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def moment(value: datetime | None) -> str | None:
    """As the ``DateTime`` scalar answers: in UTC with its offset."""
    return serialize_datetime(value) if value is not None else None


async def actor_of(request: Request) -> Actor | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    _, _, token = header.partition(" ")
    async with request.app.state.db.session() as session:
        return await authenticate(session, token.strip(), secret=request.app.state.bench_secret)


async def signed_in(request: Request) -> Actor | Response:
    try:
        actor = await actor_of(request)
    except InvalidToken:
        return refuse(401, "the access token is not valid; refresh it or sign in")
    if actor is None or actor.role not in CASEWORK:
        return refuse(403, "this needs a casework role")
    return actor


# -- the catalogue ----------------------------------------------------------------


def agency(a: GovernmentAgency | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "id": a.id,
        "name": a.name,
        "localName": a.local_name,
        "acronym": a.acronym,
        "roles": [role.name for role in a.roles],
        "website": a.website,
        "parentId": a.parent_id,
        "validFromYear": a.valid_from_year,
        "validToYear": a.valid_to_year,
        "formerNames": list(a.former_names),
        "notes": a.notes,
        "source": a.source,
    }


def centre(c: TrainingCentre | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "id": c.id,
        "name": c.name,
        "localName": c.local_name,
        "city": c.city,
        "operatorAgencyId": c.operator_agency_id,
        "source": c.source,
    }


def module(m: TrainingModule) -> dict[str, Any]:
    return {"id": m.id, "title": m.title, "description": m.description}


def country(c: Country) -> dict[str, Any]:
    office, embassy, training = c.representative_office, c.embassy, c.pre_entry_training
    return {
        "code": c.code,
        "name": c.name,
        "localName": c.local_name,
        "localNames": [{"language": n.language, "name": n.name} for n in c.local_names],
        "agreementYear": c.agreement_year,
        "firstArrivalYear": c.first_arrival_year,
        "firstCohortTerm": c.first_cohort_term.name,
        "representativeOffice": {
            "city": office.city,
            "locality": office.locality,
            "source": office.source,
        }
        if office
        else None,
        "embassy": {
            "name": embassy.name,
            "localName": embassy.local_name,
            "website": embassy.website,
            "labourOffice": agency(embassy.labour_office),
            "source": embassy.source,
        }
        if embassy
        else None,
        "screeningRules": [
            {
                "id": r.id,
                "kind": r.kind.name,
                "title": r.title,
                "description": r.description,
                "parameters": r.parameters,
                "source": r.source,
            }
            for r in c.screening_rules
        ],
        "preEntryTraining": {
            "minimumMonths": training.minimum_months,
            "phases": [
                {
                    "id": p.id,
                    "order": p.order,
                    "name": p.name,
                    "centre": centre(p.centre),
                    "duration": {"months": p.duration.months, "days": p.duration.days}
                    if p.duration
                    else None,
                    "paidBy": p.paid_by.name if p.paid_by else None,
                    "modules": [module(m) for m in p.modules],
                    "notes": p.notes,
                    "source": p.source,
                }
                for p in training.phases
            ],
            "centres": [centre(x) for x in training.centres],
            "modules": [module(m) for m in training.modules],
            "source": training.source,
        }
        if training
        else None,
        "returneeAssociations": [
            {
                "id": a.id,
                "name": a.name,
                "localName": a.local_name,
                "acronym": a.acronym,
                "description": a.description,
                "foundedYear": a.founded_year,
                "website": a.website,
                "boards": [
                    {
                        "id": b.id,
                        "level": b.level.name,
                        "name": b.name,
                        "localName": b.local_name,
                        "region": b.region,
                        "source": b.source,
                    }
                    for b in a.boards
                ],
                "regionalBoardCount": a.regional_board_count,
                "source": a.source,
            }
            for a in c.returnee_associations
        ],
        "employmentProgrammes": [
            {
                "id": p.id,
                "kind": p.kind.name,
                "name": p.name,
                "description": p.description,
                "organiser": agency(p.organiser),
                "organiserName": p.organiser_name,
                "amount": {"amount": str(p.amount.amount), "currency": p.amount.currency}
                if p.amount
                else None,
                "source": p.source,
            }
            for p in c.employment_programmes
        ],
        "sources": list(c.sources),
        "plugin": c.plugin,
        "agencies": [agency(a) for a in c.agencies()],
    }


async def catalogue(request: Request) -> Response:
    found: Catalogue = request.app.state.bench_catalogue
    return respond({"countries": [country(c) for c in found.countries]})


# -- a page of candidates ---------------------------------------------------------


def node(
    row: CandidateRow,
    call: Any,
    cohort: Any,
    host: Any,
    decisions: Sequence[Any],
) -> dict[str, Any]:
    latest = decisions[-1] if decisions else None
    return {
        "id": global_id("Candidate", row.id or 0),
        "countryCode": row.country_code,
        "applicantNumber": row.applicant_number,
        "fullName": row.full_name,
        "dateOfBirth": day(row.date_of_birth),
        "sex": upper(row.sex),
        "educationLevel": upper(row.education_level),
        "jobField": row.job_field,
        "heightCm": row.height_cm,
        "weightKg": row.weight_kg,
        "japaneseLevel": upper(row.japanese_level),
        "status": STATUS[row.status],
        "trainingCompletedOn": day(row.training_completed_on),
        "enteredJapanOn": day(row.entered_japan_on),
        "returnedOn": day(row.returned_on),
        "returnOutcome": upper(row.return_outcome),
        "call": {"id": global_id("RecruitmentCall", call.id or 0), "label": call.label},
        "cohort": {
            "id": global_id("TrainingCohort", cohort.id or 0),
            "name": cohort.name,
            "startsOn": day(cohort.starts_on),
            "endsOn": day(cohort.ends_on),
        }
        if cohort
        else None,
        "hostCompany": {
            "id": global_id("HostCompany", host.id or 0),
            "name": host.name,
            "prefecture": host.prefecture,
        }
        if host
        else None,
        "latestScreeningDecision": {
            "id": global_id("ScreeningDecision", latest.id or 0),
            "passed": latest.passed,
            "screenedOn": day(latest.screened_on),
        }
        if latest
        else None,
    }


async def candidates(request: Request) -> Response:
    actor = await signed_in(request)
    if isinstance(actor, Response):
        return actor
    after = (json.loads(await request.body()).get("variables") or {}).get("after")
    db = request.app.state.db
    scope = scope_for(actor)
    async with db.session() as session:
        page = await candidate_page(
            session, CandidateFilter(scope=tuple(scope.candidates())), first=100, after=after
        )
    rows, has_next = page.rows, page.has_next
    loaders = Loaders.create(db, scope)
    cohort_ids = [r.cohort_id for r in rows if r.cohort_id is not None]
    host_ids = [r.host_company_id for r in rows if r.host_company_id is not None]
    calls, cohorts, hosts, decisions = await asyncio.gather(
        loaders.call.load_many([r.call_id for r in rows]),
        loaders.cohort.load_many(cohort_ids),
        loaders.host_company.load_many(host_ids),
        loaders.decisions.load_many([r.id or 0 for r in rows]),
    )
    cohort_of = dict(zip(cohort_ids, cohorts, strict=True))
    host_of = dict(zip(host_ids, hosts, strict=True))
    edges = [
        {
            "cursor": encode_cursor(row.id or 0),
            "node": node(
                row,
                call,
                cohort_of.get(row.cohort_id) if row.cohort_id is not None else None,
                host_of.get(row.host_company_id) if row.host_company_id is not None else None,
                row_decisions,
            ),
        }
        for row, call, row_decisions in zip(rows, calls, decisions, strict=True)
    ]
    return respond(
        {
            "candidates": {
                "edges": edges,
                "pageInfo": {
                    "hasNextPage": has_next,
                    "endCursor": edges[-1]["cursor"] if edges else None,
                },
            }
        }
    )


# -- one candidate by id, with the page's fields ------------------------------------


async def lookup(request: Request) -> Response:
    """``candidate(id:)`` with a page's node fields (:data:`bench.queries.CANDIDATE_BY_ID`)."""
    actor = await signed_in(request)
    if isinstance(actor, Response):
        return actor
    key = decode_as(json.loads(await request.body())["variables"]["id"], "Candidate") or 0
    loaders = Loaders.create(request.app.state.db, scope_for(actor))
    row = await loaders.candidate.load(key)
    if row is None:
        return respond({"candidate": None})
    call, cohort, host, decisions = await asyncio.gather(
        loaders.call.load(row.call_id),
        loaders.cohort.load(row.cohort_id) if row.cohort_id is not None else _none(),
        loaders.host_company.load(row.host_company_id)
        if row.host_company_id is not None
        else _none(),
        loaders.decisions.load(key),
    )
    return respond({"candidate": node(row, call, cohort, host, decisions)})


# -- a country's recruitment calls ---------------------------------------------------


async def calls(request: Request) -> Response:
    """``recruitmentCalls(countryCode:, first:)`` (:data:`bench.queries.RECRUITMENT_CALLS`)."""
    actor = await signed_in(request)
    if isinstance(actor, Response):
        return actor
    listing = listings.recruitment_calls(scope_for(actor), RECRUITMENT_CALLS_COUNTRY)
    async with request.app.state.db.session() as session:
        page = await pages.listing_page(session, listing=listing, first=RECRUITMENT_CALLS_FIRST)
    edges = [
        {
            "cursor": cursor,
            "node": {
                "id": global_id("RecruitmentCall", row.id or 0),
                "countryCode": row.country_code,
                "label": row.label,
                "jobFields": list(row.job_fields),
                "places": row.places,
                "opensOn": day(row.opens_on),
                "closesOn": day(row.closes_on),
            },
        }
        for row, cursor in zip(page.rows, page.cursors, strict=True)
    ]
    return respond(
        {
            "recruitmentCalls": {
                "edges": edges,
                "pageInfo": {
                    "hasNextPage": page.has_next,
                    "endCursor": edges[-1]["cursor"] if edges else None,
                },
            }
        }
    )


# -- one candidate with everything --------------------------------------------------


async def candidate(request: Request) -> Response:
    actor = await signed_in(request)
    if isinstance(actor, Response):
        return actor
    key = decode_as(json.loads(await request.body())["variables"]["id"], "Candidate") or 0
    loaders = Loaders.create(request.app.state.db, scope_for(actor))
    row = await loaders.candidate.load(key)
    if row is None:
        return respond({"candidate": None})
    call, cohort, host, history, tests, decisions, stages, results = await asyncio.gather(
        loaders.call.load(row.call_id),
        loaders.cohort.load(row.cohort_id) if row.cohort_id is not None else _none(),
        loaders.host_company.load(row.host_company_id)
        if row.host_company_id is not None
        else _none(),
        loaders.history.load(key),
        loaders.tests.load(key),
        loaders.decisions.load(key),
        loaders.stages.load(key),
        loaders.training_results.load(key),
    )
    assert call is not None and call.id is not None
    criteria, phases, outcomes, versions = await asyncio.gather(
        loaders.current_criteria.load(call.id),
        loaders.phases.load(cohort.id or 0) if cohort is not None else _empty(),
        loaders.outcomes.load_many([d.id or 0 for d in decisions]),
        loaders.criteria_version.load_many([d.criteria_version_id for d in decisions]),
    )
    data = {
        "id": global_id("Candidate", row.id or 0),
        "countryCode": row.country_code,
        "applicantNumber": row.applicant_number,
        "fullName": row.full_name,
        "dateOfBirth": day(row.date_of_birth),
        "sex": upper(row.sex),
        "educationLevel": upper(row.education_level),
        "educationTrack": row.education_track,
        "jobField": row.job_field,
        "heightCm": row.height_cm,
        "weightKg": row.weight_kg,
        "japaneseLevel": upper(row.japanese_level),
        "priorInternshipInJapan": row.prior_internship_in_japan,
        "priorWorkInJapan": row.prior_work_in_japan,
        "militaryServiceCompleted": row.military_service_completed,
        "criminalRecord": row.criminal_record,
        "countryDetails": _country_details(request, row),
        "status": STATUS[row.status],
        "trainingCompletedOn": day(row.training_completed_on),
        "enteredJapanOn": day(row.entered_japan_on),
        "returnedOn": day(row.returned_on),
        "returnOutcome": upper(row.return_outcome),
        "returnReason": row.return_reason,
        "call": {
            "id": global_id("RecruitmentCall", call.id or 0),
            "countryCode": call.country_code,
            "label": call.label,
            "jobFields": list(call.job_fields),
            "places": call.places,
            "opensOn": day(call.opens_on),
            "closesOn": day(call.closes_on),
            "criteria": {
                "id": global_id("CriteriaVersion", criteria.id or 0),
                "version": criteria.version,
                "reason": criteria.reason,
                "createdAt": moment(criteria.created_at),
                "criteria": [
                    {
                        "id": item["id"],
                        "kind": item["kind"].upper(),
                        "title": item["title"],
                        "parameters": item["parameters"],
                    }
                    for item in criteria.criteria
                ],
            }
            if criteria
            else None,
        },
        "cohort": {
            "id": global_id("TrainingCohort", cohort.id or 0),
            "countryCode": cohort.country_code,
            "name": cohort.name,
            "centreId": cohort.centre_id,
            "startsOn": day(cohort.starts_on),
            "endsOn": day(cohort.ends_on),
            "phases": [
                {
                    "id": global_id("CohortPhase", p.id or 0),
                    "position": p.position,
                    "name": p.name,
                    "startsOn": day(p.starts_on),
                    "endsOn": day(p.ends_on),
                    "paidBy": upper(p.paid_by),
                }
                for p in phases
            ],
        }
        if cohort
        else None,
        "hostCompany": {
            "id": global_id("HostCompany", host.id or 0),
            "name": host.name,
            "prefecture": host.prefecture,
            "jobCategory": host.job_category,
        }
        if host
        else None,
        "history": [
            {
                "fromStatus": STATUS[h.from_status] if h.from_status else None,
                "toStatus": STATUS[h.to_status],
                "reason": h.reason,
                "actor": actor,
                "changedAt": moment(h.changed_at),
            }
            for h, actor in history
        ],
        "testResults": [
            {
                "kind": t.kind.upper(),
                "passed": t.passed,
                "score": t.score,
                "details": _test_details(t.kind, t.details),
                "takenOn": day(t.taken_on),
            }
            for t in tests
        ],
        "screeningDecisions": [
            {
                "id": global_id("ScreeningDecision", d.id or 0),
                "passed": d.passed,
                "screenedOn": day(d.screened_on),
                "decidedAt": moment(d.decided_at),
                "outcomes": [_outcome(o) for o in decision_outcomes],
                "criteria": {
                    "id": global_id("CriteriaVersion", version.id or 0),
                    "version": version.version,
                },
            }
            for d, decision_outcomes, version in zip(decisions, outcomes, versions, strict=True)
        ],
        "stages": [
            {
                "stage": s.stage.upper(),
                "startedOn": day(s.started_on),
                "skillsTest": upper(s.skills_test),
                "skillsTestPassedOn": day(s.skills_test_passed_on),
            }
            for s in stages
        ],
        "trainingResults": [
            {
                "phaseId": global_id("CohortPhase", r.phase_id),
                "attendancePercent": r.attendance_percent,
                "assessmentScore": r.assessment_score,
                "passed": r.passed,
            }
            for r in results
        ],
    }
    return respond({"candidate": data})


async def _none() -> None:
    return None


async def _empty() -> list[Any]:
    return []


def _outcome(o: Any) -> dict[str, Any]:
    return {
        "ruleId": o.rule_id,
        "kind": o.kind.upper(),
        "passed": o.passed,
        "expected": o.expected,
        "actual": o.actual,
        "reason": o.reason,
    }


# -- pipeline counts ----------------------------------------------------------------


async def pipeline(request: Request) -> Response:
    actor = await signed_in(request)
    if isinstance(actor, Response):
        return actor
    scope = scope_for(actor)
    codes = [code for code in request.app.state.registry.by_code if scope.allows_country(code)]
    async with request.app.state.db.session() as session:
        figures = await pipeline_counts(session, codes)
    return respond(
        {
            "pipeline": [
                {
                    "countryCode": f.country_code,
                    "applied": f.applied,
                    "passedScreening": f.passed_screening,
                    "failedScreening": f.by_status.get(Status.SCREENING_FAILED, 0),
                    "inTraining": f.by_status.get(Status.IN_TRAINING, 0),
                    "trainingCompleted": f.by_status.get(Status.TRAINING_COMPLETED, 0),
                    "inJapanI": f.by_status.get(Status.IN_JAPAN_I, 0),
                    "inJapanII": f.by_status.get(Status.IN_JAPAN_II, 0),
                    "inJapanIII": f.by_status.get(Status.IN_JAPAN_III, 0),
                    "returned": f.by_status.get(Status.RETURNED, 0),
                    "withdrawn": f.by_status.get(Status.WITHDRAWN, 0),
                }
                for f in figures
            ]
        }
    )


# -- the screening mutation ---------------------------------------------------------


async def screen(request: Request) -> Response:
    actor = await signed_in(request)
    if isinstance(actor, Response):
        return actor
    state = request.app.state
    variables = json.loads(await request.body())["variables"]
    scope = scope_for(actor)
    payload: dict[str, Any]
    try:
        data = validate(
            screening.ScreenCandidateInput,
            {"candidateId": decode_as(variables["id"], "Candidate"), "screenedOn": SCREENED_ON},
        )
        async with state.db.transaction() as session:
            row, decision, _ = await screening.screen_candidate(
                session=session,
                scope=scope,
                data=data,
                custom=plugin_evaluator(state.plugin_manager, state.settings),
                actor=actor.email,
            )
        outcomes = await Loaders.create(state.db, scope).outcomes.load(decision.id or 0)
        payload = {
            "candidate": {"status": STATUS[row.status]},
            "decision": {
                "passed": decision.passed,
                "screenedOn": day(decision.screened_on),
                "outcomes": [_outcome(o) for o in outcomes],
            },
            "errors": [],
        }
    except DomainValidationError as exc:
        payload = {
            "candidate": None,
            "decision": None,
            "errors": [
                {"field": e.field, "message": e.message, "code": e.code.name} for e in exc.errors
            ],
        }
    async with state.db.transaction() as session:
        session.add(
            AuditEntry(
                account_id=actor.account_id,
                actor=actor.email,
                client_address=request.client.host if request.client else None,
                operation="Screen",
                fields=["screenCandidate"],
                variables=dict(variables),
                succeeded=not payload["errors"],
            )
        )
    return respond({"screenCandidate": payload})


async def ping(request: Request) -> Response:
    """The trivial route: what the load generator can reach at most."""
    return Response(b'{"data":{"ping":true}}', media_type="application/json")


ROUTES = {
    "catalogue": catalogue,
    "candidates": candidates,
    "candidate": candidate,
    "lookup": lookup,
    "calls": calls,
    "pipeline": pipeline,
    "screen": screen,
}


def limit_routes() -> list[Route]:
    return [
        Route("/limit/ping", ping, methods=["GET", "POST"]),
        *(Route(f"/limit/{name}", handler, methods=["POST"]) for name, handler in ROUTES.items()),
    ]


def _country_details(request: Request, row: CandidateRow) -> dict[str, Any] | None:
    """``Candidate.countryDetails``: the country's typed details, as GraphQL answers them."""
    entry = request.app.state.registry.get(row.country_code)
    model = entry.details_model if entry is not None else None
    if model is None or not model.model_fields:
        return None
    typename = f"{pascal(entry.plugin)}CandidateDetails"
    return _typed(model, row.country_details, typename, countryCode=entry.code)


def _test_details(kind: str, stored: dict[str, Any]) -> dict[str, Any] | None:
    """``TestResult.details``: the kind's typed details; null when it records none."""
    model = TEST_DETAILS[TestKind(kind)]
    if not model.model_fields or not stored:
        return None
    return _typed(model, stored, model.__name__)


def _typed(
    model: type[BaseModel], stored: dict[str, Any], typename: str, **first: Any
) -> dict[str, Any]:
    value = readable_details(model, stored)
    fields = {to_camel(name): _graphql(getattr(value, name)) for name in model.model_fields}
    return {"__typename": typename, **first, **fields}


def _graphql(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_graphql(item) for item in value]
    return value.name if isinstance(value, Enum) else value
