"""What surrounds the demo candidates: returnees' group job interviews and
associations, events with a waiting list, and one account per role."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlmodel import col, select

from core.auth.scope import EVERYTHING
from core.db.models import Candidate, EventType, HostCompany, InterviewCompany
from core.demo.markers import DEMO_PREFIX, DEMO_SUFFIX
from core.demo.planning import BUSINESS_SECTORS, account_plans, account_values, event_plans
from core.demo.run import DemoAccount, DemoRun
from core.errors import DomainValidationError, ErrorCode
from core.plugins.registry import CountryEntry
from core.services import associations as associations_service
from core.services import events as events_service
from core.services import interviews as interviews_service
from core.services.accounts import CreateAccountInput, create_account
from core.services.inputs import validate


async def interviews(run: DemoRun, entry: CountryEntry, returned: Sequence[Candidate]) -> None:
    """A group job interview a month ago for the country's returnees."""
    if not returned or not interviews_service.interview_programmes(entry):
        return
    session, plan = run.session, run.plan
    fake = plan.faker(entry.code)
    office = entry.profile.representative_office
    held_on = plan.today - timedelta(days=30)
    interview = await interviews_service.create_session(
        session=session,
        registry=run.registry,
        scope=EVERYTHING,
        data=validate(
            interviews_service.CreateSessionInput,
            {
                "country_code": entry.code,
                "held_on": held_on,
                "city": f"{office.city if office else fake.city()} {DEMO_SUFFIX}",
            },
        ),
    )
    names = plan.interview_company_names(entry.code)
    origins = [interviews_service.CompanyOrigin.JAPANESE] * 2 + [
        interviews_service.CompanyOrigin.LOCAL
    ]
    companies: list[InterviewCompany] = []
    for index, (name, origin) in enumerate(zip(names, origins, strict=True)):
        companies.append(
            await interviews_service.add_company(
                session=session,
                scope=EVERYTHING,
                data=validate(
                    interviews_service.AddCompanyInput,
                    {
                        "session_id": interview.id,
                        "name": f"{name} {index + 1} {DEMO_SUFFIX}",
                        "origin": origin,
                        "open_positions": plan.rng.randint(2, 10),
                    },
                ),
            )
        )
    results = list(interviews_service.InterviewResult)
    for candidate in returned[:12]:
        registration = await interviews_service.register(
            session=session,
            scope=EVERYTHING,
            data=validate(
                interviews_service.RegisterInput,
                {"session_id": interview.id, "candidate_id": candidate.id},
            ),
        )
        await interviews_service.record_outcome(
            session=session,
            scope=EVERYTHING,
            data=validate(
                interviews_service.RecordOutcomeInput,
                {
                    "registration_id": registration.id,
                    "company_id": plan.rng.choice(companies).id,
                    "result": plan.rng.choices(results, weights=[3, 4, 3])[0],
                    "decided_on": held_on + plan.days(3, 20),
                    "follow_up": "DEMO: follow-up call with the returnee (demo data)",
                },
            ),
        )
        run.report.created["interview outcomes"] += 1
    run.report.created["interview sessions"] += 1
    run.report.created["interview companies"] += len(companies)


async def associations(run: DemoRun, entry: CountryEntry, returned: Sequence[Candidate]) -> None:
    """Some returnees join the country's association on a catalogued board and
    found businesses."""
    plan = run.plan
    fake, rng = plan.faker(entry.code), plan.rng
    for association in entry.returnee_associations:
        if not association.boards:
            continue  # a region would have to be made up
        for index, candidate in enumerate(returned):
            # The first returnee always joins and founds a business, so that
            # the association queries have something to show.
            if (index and rng.random() >= 0.6) or candidate.returned_on is None:
                continue
            joined = min(candidate.returned_on + plan.days(30, 365), plan.today)
            membership, _ = await associations_service.join_association(
                session=run.session,
                registry=run.registry,
                scope=EVERYTHING,
                data=validate(
                    associations_service.JoinAssociationInput,
                    {
                        "candidate_id": candidate.id,
                        "association_id": association.id,
                        "board_id": rng.choice(association.boards).id,
                        "joined_on": joined,
                    },
                ),
            )
            run.report.created["association memberships"] += 1
            if index and rng.random() < 0.4:
                continue
            await associations_service.record_founded_business(
                session=run.session,
                scope=EVERYTHING,
                data=validate(
                    associations_service.RecordFoundedBusinessInput,
                    {
                        "membership_id": membership.id,
                        "name": f"{fake.company()} {DEMO_SUFFIX}",
                        "sector": rng.choice(BUSINESS_SECTORS),
                        "region": fake.city(),
                        "founded_year": rng.randint(candidate.returned_on.year, plan.today.year),
                        "employees": rng.randint(1, 30),
                    },
                ),
            )
            run.report.created["founded businesses"] += 1


async def events(run: DemoRun, companies: Sequence[HostCompany]) -> None:
    """An upcoming event with a waiting list (and one cancellation) and a past one."""
    kinds = (await run.session.exec(select(EventType).order_by(col(EventType.code)))).all()
    if not kinds:
        return
    codes = [entry.code for entry in run.registry.countries]
    for kind, held_on, capacity, participants in event_plans(kinds, run.plan.today):
        event = await events_service.create_event(
            session=run.session,
            data=validate(
                events_service.CreateEventInput,
                {
                    "type_code": kind.code,
                    "title": f"{DEMO_PREFIX} {kind.name} {held_on.year}",
                    "held_on": held_on,
                    "venue": f"Demo venue {DEMO_SUFFIX}",
                    "capacity": capacity,
                },
            ),
        )
        registrations = []
        for index in range(participants):
            data = validate(
                events_service.RegisterInput,
                run.plan.participant(event.id, index, companies, codes),
            )
            try:
                registration = await events_service.register(
                    session=run.session, registry=run.registry, data=data
                )
            except DomainValidationError as refused:
                # A participant drawn twice (the same host company) is registered once.
                if refused.errors[0].code is not ErrorCode.DUPLICATE:
                    raise
                continue
            registrations.append(registration)
        if len(registrations) > capacity:
            await events_service.cancel(
                session=run.session,
                data=validate(events_service.CancelInput, {"registration_id": registrations[0].id}),
            )
        run.report.created["events"] += 1
        run.report.created["event registrations"] += len(registrations)


async def accounts(run: DemoRun, *, password: str, company: HostCompany) -> None:
    """One account per role: IM Japan, each country's ministry and embassy, a company."""
    plans = account_plans(run.registry.countries, company)
    for name, role, country, company_id, scope in plans:
        data = validate(
            CreateAccountInput,
            account_values(name, role, password, country=country, company=company_id),
        )
        await create_account(session=run.session, registry=run.registry, data=data)
        run.report.accounts.append(DemoAccount(email=data.email, role=role, scope=scope))
    run.report.created["accounts"] += len(plans)
