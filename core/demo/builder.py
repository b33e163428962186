"""Writing the demo data set: each row through the service function its mutation uses.

Candidates are registered to a call, tested and screened against its
criteria here; :mod:`core.demo.career` takes the screened ones on (training,
dispatch, stages, return) and :mod:`core.demo.activities` adds what surrounds
them (job interviews, associations, events, accounts).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.roles import Role
from core.auth.scope import EVERYTHING
from core.db.models import Candidate, CohortPhase, HostCompany, RecruitmentCall, TrainingCohort
from core.demo import activities, career
from core.demo.markers import ACTOR, DEMO_PREFIX, refuse_unsuitable
from core.demo.planning import JOB_FIELDS, TRAINED, WAVE_OF, Plan, Stop, Wave, account_values
from core.demo.planning import allocate as allocate_stops
from core.demo.planning import wave as wave_dates
from core.demo.removal import remove_demo_data
from core.demo.run import DemoReport, DemoRun
from core.domain.states import Status
from core.plugins.registry import CountryEntry, CountryRegistry
from core.screening.engine import CustomEvaluator
from core.services import calls, candidates, dispatch, screening, training
from core.services.accounts import CreateAccountInput
from core.services.inputs import validate


async def seed_demo(
    *,
    session: AsyncSession,
    registry: CountryRegistry,
    custom: CustomEvaluator,
    candidates: int,
    seed: int,
    today: date,
    password: str,
    reset: bool = False,
    force: bool = False,
) -> DemoReport:
    """Write a demo data set within the caller's transaction and say what it made.

    ``candidates`` are spread over the registry's countries and, in each, over
    every stop of the pipeline (see ``WEIGHTS``). The demo accounts (one per
    role and scope) all get ``password``.

    Raises:
        DemoRefused: the database holds rows that are not demo (unless
            ``force``), or demo rows already (unless ``reset``, which deletes
            them first).
        DomainValidationError: a service refused a step (``password`` too short).
    """
    validate(CreateAccountInput, account_values("admin", Role.ADMIN, password))
    has_demo = await refuse_unsuitable(session=session, reset=reset, force=force)
    report = DemoReport()
    if has_demo:
        report.removed = await remove_demo_data(session=session)
    run = DemoRun(
        session=session,
        registry=registry,
        custom=custom,
        plan=Plan(seed=seed, today=today),
        report=report,
    )
    await _build(run, candidates=candidates, password=password)
    return report


async def _build(run: DemoRun, *, candidates: int, password: str) -> None:
    companies = await _host_companies(run, count=max(3, min(20, candidates // 15)))
    await career.prepare_supervision(run, companies)
    countries = run.registry.countries
    returned: dict[str, list[Candidate]] = {}
    for index, entry in enumerate(countries):
        share = candidates // len(countries) + (index < candidates % len(countries))
        returned[entry.code] = await _country(run, entry, count=share, companies=companies)
    for entry in countries:
        await activities.interviews(run, entry, returned[entry.code])
        await activities.associations(run, entry, returned[entry.code])
    await activities.events(run, companies)
    await activities.accounts(run, password=password, company=companies[0])


async def _host_companies(run: DemoRun, *, count: int) -> list[HostCompany]:
    made = [
        await dispatch.create_host_company(
            session=run.session, data=validate(dispatch.CreateHostCompanyInput, values)
        )
        for values in run.plan.host_companies(count)
    ]
    run.report.created["host companies"] += len(made)
    return made


async def _country(
    run: DemoRun, entry: CountryEntry, *, count: int, companies: Sequence[HostCompany]
) -> list[Candidate]:
    """Recruit ``count`` candidates of one country in waves; the ones who returned."""
    waves: dict[str, list[Stop]] = {}
    for stop in allocate_stops(count=count):
        waves.setdefault(WAVE_OF[stop], []).append(stop)
    returned: list[Candidate] = []
    number = 0
    for wave_name in sorted(waves):
        stops = waves[wave_name]
        wave = wave_dates(entry, wave_name, run.plan.today)
        call = await _call(run, entry, wave, places=max(10, 2 * len(stops)))
        cohort: tuple[TrainingCohort, list[CohortPhase]] | None = None
        if any(stop in TRAINED for stop in stops):
            cohort = await _cohort(run, entry, wave)
        for stop in stops:
            number += 1
            candidate = await _candidate(
                run, entry, call, wave, stop, number=number, cohort=cohort, companies=companies
            )
            run.report.statuses[candidate.status] += 1
            if candidate.status == Status.RETURNED:
                returned.append(candidate)
    run.report.created["candidates"] += number
    return returned


async def _call(run: DemoRun, entry: CountryEntry, wave: Wave, *, places: int) -> RecruitmentCall:
    data = validate(
        calls.CreateCallInput,
        {
            "country_code": entry.code,
            "label": f"{DEMO_PREFIX}-{wave.opens_on:%Y-%m}",
            "job_fields": list(JOB_FIELDS),
            "places": places,
            "opens_on": wave.opens_on,
            "closes_on": wave.closes_on,
        },
    )
    call = await calls.create_call(
        session=run.session, registry=run.registry, scope=EVERYTHING, data=data
    )
    run.report.created["recruitment calls"] += 1
    return call


async def _cohort(
    run: DemoRun, entry: CountryEntry, wave: Wave
) -> tuple[TrainingCohort, list[CohortPhase]]:
    data = validate(
        training.CreateCohortInput,
        {
            "country_code": entry.code,
            "name": f"{DEMO_PREFIX} {entry.code} cohort {wave.cohort_starts_on:%Y-%m}",
            "starts_on": wave.cohort_starts_on,
            "ends_on": wave.cohort_ends_on,
        },
    )
    made = await training.create_cohort(
        session=run.session, registry=run.registry, scope=EVERYTHING, data=data
    )
    run.report.created["training cohorts"] += 1
    return made


async def _candidate(
    run: DemoRun,
    entry: CountryEntry,
    call: RecruitmentCall,
    wave: Wave,
    stop: Stop,
    *,
    number: int,
    cohort: tuple[TrainingCohort, list[CohortPhase]] | None,
    companies: Sequence[HostCompany],
) -> Candidate:
    """Register one candidate and take them as far as ``stop`` (or as far as the
    services and today's date allow)."""
    session, plan = run.session, run.plan
    candidate = await candidates.register_candidate(
        session=session,
        scope=EVERYTHING,
        registry=run.registry,
        data=validate(
            candidates.RegisterCandidateInput, plan.personal_data(entry, call.id, wave, number)
        ),
        actor=ACTOR,
    )
    assert candidate.id is not None
    if stop is Stop.REGISTERED:
        return candidate
    if stop is Stop.WITHDRAWN and plan.rng.random() < 0.5:
        return await career.withdraw(run, candidate)
    for test in plan.tests(entry.code, wave, failing=stop is Stop.SCREENING_FAILED):
        await screening.record_test_result(
            session=session,
            scope=EVERYTHING,
            data=validate(screening.RecordTestResultInput, {"candidate_id": candidate.id, **test}),
        )
    if stop is Stop.TESTED:
        return candidate
    candidate, _decision, _outcomes = await screening.screen_candidate(
        session=session,
        scope=EVERYTHING,
        data=validate(
            screening.ScreenCandidateInput,
            {"candidate_id": candidate.id, "screened_on": wave.screened_on},
        ),
        custom=run.custom,
        actor=ACTOR,
    )
    if candidate.status != Status.SCREENING_PASSED or stop is Stop.SCREENING_PASSED:
        return candidate
    if stop is Stop.WITHDRAWN:
        return await career.withdraw(run, candidate)
    assert cohort is not None
    return await career.train_and_dispatch(run, candidate, stop, cohort, companies)
