"""A screened demo candidate's way on: training, the certified stage (i) plan and the
entry into Japan, post-entry lectures, dispatch, stages (ii) and (iii), return, each on
a date in the past; or a withdrawal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from core.auth.scope import EVERYTHING
from core.db.models import Candidate, CohortPhase, HostCompany, Occupation, TrainingCohort
from core.demo.lectures import PLANNED_HOURS, take_lectures
from core.demo.markers import ACTOR, DEMO_PREFIX
from core.demo.planning import Stop
from core.demo.run import DemoRun
from core.domain.occupations import EXAMPLES
from core.domain.supervision import LicenceKind, SourceTag, TestGrade, TestPart
from core.domain.titp import STAGE_YEARS, ReturnOutcome, Stage
from core.services import dispatch, entry, plans, skills_tests, stage_conditions, training
from core.services.inputs import Input, validate

DEMO_OCCUPATION = "99-99-99"
"""A made-up occupation of the demo data, eligible for stage (iii): no occupation the
service ships is known to allow stage (iii) (its list is partial), and the demo's
interns reach it through the real checks. Not an OTIT code."""
SHIPPED_OCCUPATION = "1-1-1"
"""A shipped occupation (耕種農業 / 施設園芸) for the demo's stage (ii) plans."""
GATE_PASSES = {
    Stage.II: ((TestGrade.BASIC, TestPart.WRITTEN), (TestGrade.BASIC, TestPart.PRACTICAL)),
    Stage.III: ((TestGrade.GRADE_3, TestPart.PRACTICAL),),
}
"""The passes the demo records for each move (the seeded gate rules' values)."""


async def prepare_supervision(run: DemoRun, companies: Sequence[HostCompany]) -> None:
    """What the demo's moves to stage (iii) need besides each intern's own records: a
    made-up eligible occupation, each demo company excellent and IM Japan's general
    licence, from six years back to a year ahead, recorded through the services."""
    today = run.plan.today
    valid_from, valid_to = today - relativedelta(years=6), today + relativedelta(years=1)
    run.session.add(
        Occupation(
            code=DEMO_OCCUPATION,
            occupation_ja="デモ職種 (demo)",
            occupation_en="Demo occupation (demo data, not an OTIT occupation)",
            stage_iii_allowed=True,
            source="demo data (imjapan seed-demo): made up",
            source_list=DEMO_PREFIX,
            partial=True,
            tag=SourceTag.INFERRED.value,
        )
    )
    for company in companies:
        await stage_conditions.record_excellence(
            session=run.session,
            data=validate(
                stage_conditions.RecordExcellenceInput,
                {"host_company_id": company.id, "valid_from": valid_from, "valid_to": valid_to},
            ),
        )
    licence = await stage_conditions.record_licence(
        session=run.session,
        data=validate(
            stage_conditions.RecordLicenceInput,
            {"kind": LicenceKind.TITP_GENERAL, "valid_from": valid_from, "valid_to": valid_to},
        ),
    )
    licence.note = f"{DEMO_PREFIX}: demo data (imjapan seed-demo)"
    run.session.add(licence)
    await run.session.flush()


async def withdraw(run: DemoRun, candidate: Candidate) -> Candidate:
    return await dispatch.withdraw(
        session=run.session,
        scope=EVERYTHING,
        data=validate(
            dispatch.WithdrawInput,
            {"candidate_id": candidate.id, "reason": "DEMO: withdrew (demo data)"},
        ),
        actor=ACTOR,
    )


async def train_and_dispatch(
    run: DemoRun,
    candidate: Candidate,
    stop: Stop,
    cohort: tuple[TrainingCohort, list[CohortPhase]],
    companies: Sequence[HostCompany],
) -> Candidate:
    """Enrol, train, dispatch, advance and return, each on a date in the past."""
    session, plan = run.session, run.plan
    rng, today = plan.rng, plan.today
    row, phases = cohort
    candidate_id = candidate.id
    candidate = await training.enrol(
        session=session,
        scope=EVERYTHING,
        data=validate(training.EnrolInput, {"candidate_id": candidate_id, "cohort_id": row.id}),
        actor=ACTOR,
    )
    for phase in phases:
        if phase.ends_on > today:
            break
        await training.record_training_result(
            session=session,
            scope=EVERYTHING,
            data=validate(
                training.RecordTrainingResultInput,
                {
                    "candidate_id": candidate_id,
                    "phase_id": phase.id,
                    "attendance_percent": rng.randint(85, 100),
                    "assessment_score": rng.randint(60, 98),
                    "passed": True,
                },
            ),
        )
    if stop is Stop.IN_TRAINING or row.ends_on > today:
        return candidate
    candidate = await training.complete_training(
        session=session,
        scope=EVERYTHING,
        data=validate(
            training.CompleteTrainingInput,
            {"candidate_id": candidate_id, "completed_on": row.ends_on},
        ),
        actor=ACTOR,
    )
    entry_date = row.ends_on + plan.days(20, 60)
    if stop is Stop.TRAINING_COMPLETED or entry_date > today:
        return candidate
    company = rng.choice(companies)
    await _enter_japan(run, candidate, company, entry_date)
    # Post-entry lectures first: dispatch needs them complete.
    if not await take_lectures(run, candidate, company, entry_date):
        return candidate
    candidate = await dispatch.dispatch(
        session=session,
        scope=EVERYTHING,
        data=validate(
            dispatch.DispatchInput,
            {"candidate_id": candidate_id, "host_company_id": company.id, "entry_date": entry_date},
        ),
        actor=ACTOR,
    )
    if stop is Stop.IN_JAPAN_I:
        return candidate
    if stop is Stop.RETURNED and rng.random() < 0.25:
        return await _record_return(
            run,
            candidate,
            min(entry_date + plan.days(90, 300), today),
            ReturnOutcome.EARLY_RETURN,
        )
    second = entry_date + relativedelta(years=1)
    if second > today:
        return candidate
    candidate = await _advance(run, candidate, Stage.II, entry_date, second)
    third = second + relativedelta(years=2)
    if stop is Stop.RETURNED:
        back = third - timedelta(days=1)
        if back > today:
            return candidate
        return await _record_return(run, candidate, back, ReturnOutcome.COMPLETED)
    if stop is Stop.IN_JAPAN_II or third > today:
        return candidate
    return await _advance(run, candidate, Stage.III, second, third)


async def _enter_japan(
    run: DemoRun, candidate: Candidate, company: HostCompany, entered_on: date
) -> None:
    """What dispatch needs: a stage (i) plan with ``company`` applied for five months and
    certified four months before the entry, then the Certificate of Eligibility, the visa
    and the entry, each through its service."""
    session, rng = run.session, run.plan.rng
    number = f"{DEMO_PREFIX}-{candidate.country_code}-{candidate.id}"
    await _certified_plan(
        run,
        candidate,
        company_id=company.id,
        stage=Stage.I,
        occupation_code=rng.choice([fact.code for fact in EXAMPLES]),
        starts_on=entered_on,
        number=number,
    )
    steps: list[tuple[Any, type[Input], dict[str, Any]]] = [
        (
            entry.record_coe_application,
            entry.RecordCoeApplicationInput,
            {"applied_on": entered_on - relativedelta(months=3)},
        ),
        (
            entry.record_coe_issued,
            entry.RecordCoeIssuedInput,
            {"issued_on": entered_on - relativedelta(months=2), "coe_number": number},
        ),
        (
            entry.record_visa_issued,
            entry.RecordVisaIssuedInput,
            {"issued_on": entered_on - relativedelta(months=1)},
        ),
        (entry.record_entry, entry.RecordEntryInput, {"entered_on": entered_on}),
    ]
    for service, model, values in steps:
        await service(
            session=session,
            scope=EVERYTHING,
            data=validate(model, {"candidate_id": candidate.id, **values}),
        )


async def _certified_plan(
    run: DemoRun,
    candidate: Candidate,
    *,
    company_id: int | None,
    stage: Stage,
    occupation_code: str,
    starts_on: date,
    number: str,
) -> None:
    """A plan for ``stage`` drafted, applied for five months and certified four months
    before ``starts_on``, through the plans' service (its rules checked as for anyone)."""
    session, rng = run.session, run.plan.rng
    years = STAGE_YEARS[stage]
    drafted = await plans.draft_plan(
        session=session,
        scope=EVERYTHING,
        data=validate(
            plans.DraftTrainingPlanInput,
            {
                "candidate_id": candidate.id,
                "host_company_id": company_id,
                "stage": stage,
                "occupation_code": occupation_code,
                "goals": f"{DEMO_PREFIX}: the skills of the stage's test (demo data)",
                "planned_start": starts_on,
                "planned_end": starts_on + relativedelta(years=years, days=-1),
                "planned_hours": PLANNED_HOURS * years,
                "monthly_wage": rng.randrange(170_000, 210_000, 1000),
                "weekly_hours": 40,
                "housing": "Company dormitory (demo)",
                "intern_costs": "Utilities (demo)",
                "intern_costs_monthly": rng.randrange(10_000, 20_000, 1000),
            },
        ),
    )
    plan_id = drafted.listing.plan.id
    await plans.apply_for_plan(
        session=session,
        scope=EVERYTHING,
        data=validate(
            plans.ApplyForTrainingPlanInput,
            {"plan_id": plan_id, "applied_on": starts_on - relativedelta(months=5)},
        ),
    )
    await plans.certify_plan(
        session=session,
        scope=EVERYTHING,
        data=validate(
            plans.CertifyTrainingPlanInput,
            {
                "plan_id": plan_id,
                "certified_on": starts_on - relativedelta(months=4),
                "certificate_number": number,
            },
        ),
    )


async def _advance(
    run: DemoRun, candidate: Candidate, following: Stage, began: date, starts_on: date
) -> Candidate:
    """Record what the move to ``following`` needs (the gate's passes, the plan and, for
    (iii), the home stay), then advance through the real checks."""
    session, current = run.session, {Stage.II: Stage.I, Stage.III: Stage.II}[following]
    assert candidate.id is not None and candidate.host_company_id is not None
    sat_on = starts_on - relativedelta(months=3) - run.plan.days(20, 60)
    for grade, part in GATE_PASSES[following]:
        await skills_tests.record_sitting(
            session=session,
            scope=EVERYTHING,
            data=validate(
                skills_tests.RecordSittingInput,
                {
                    "candidate_id": candidate.id,
                    "stage": current,
                    "grade": grade,
                    "part": part,
                    "sat_on": sat_on,
                    "passed": True,
                },
            ),
        )
    await _certified_plan(
        run,
        candidate,
        company_id=candidate.host_company_id,
        stage=following,
        occupation_code=DEMO_OCCUPATION if following is Stage.III else SHIPPED_OCCUPATION,
        starts_on=starts_on,
        number=f"{DEMO_PREFIX}-{candidate.country_code}-{candidate.id}-{following.value}",
    )
    if following is Stage.III:
        await stage_conditions.record_home_stay(
            session=session,
            scope=EVERYTHING,
            data=validate(
                stage_conditions.RecordHomeStayInput,
                {
                    "candidate_id": candidate.id,
                    "left_japan_on": starts_on - relativedelta(months=2),
                    "returned_on": starts_on - timedelta(days=7),
                },
            ),
        )
    assert began < sat_on
    return await dispatch.advance_stage(
        session=session,
        scope=EVERYTHING,
        data=validate(
            dispatch.AdvanceStageInput, {"candidate_id": candidate.id, "starts_on": starts_on}
        ),
        actor=ACTOR,
    )


async def _record_return(
    run: DemoRun, candidate: Candidate, returned_on: date, outcome: ReturnOutcome
) -> Candidate:
    reason = (
        "DEMO: returned early for family reasons (demo data)"
        if outcome is ReturnOutcome.EARLY_RETURN
        else None
    )
    return await dispatch.record_return(
        session=run.session,
        scope=EVERYTHING,
        data=validate(
            dispatch.RecordReturnInput,
            {
                "candidate_id": candidate.id,
                "returned_on": returned_on,
                "outcome": outcome,
                "reason": reason,
            },
        ),
        actor=ACTOR,
    )
