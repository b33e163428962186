"""A screened demo candidate's way on: training, post-entry lectures, dispatch, stages
(ii) and (iii), return, each on a date in the past; or a withdrawal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from core.auth.scope import EVERYTHING
from core.db.models import Candidate, CohortPhase, HostCompany, TrainingCohort
from core.demo.lectures import take_lectures
from core.demo.markers import ACTOR
from core.demo.planning import Stop
from core.demo.run import DemoRun
from core.domain.titp import ReturnOutcome, SkillsTest
from core.services import dispatch, training
from core.services.inputs import validate


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
    candidate = await _advance(run, candidate, second, rng.choice(list(SkillsTest)[:2]))
    third = second + relativedelta(years=2)
    if stop is Stop.RETURNED:
        back = third - timedelta(days=1)
        if back > today:
            return candidate
        return await _record_return(run, candidate, back, ReturnOutcome.COMPLETED)
    if stop is Stop.IN_JAPAN_II or third > today:
        return candidate
    return await _advance(run, candidate, third, rng.choice(list(SkillsTest)[2:]))


async def _advance(
    run: DemoRun, candidate: Candidate, starts_on: date, test: SkillsTest
) -> Candidate:
    return await dispatch.advance_stage(
        session=run.session,
        scope=EVERYTHING,
        data=validate(
            dispatch.AdvanceStageInput,
            {
                "candidate_id": candidate.id,
                "skills_test": test,
                "passed_on": starts_on - run.plan.days(20, 60),
                "starts_on": starts_on,
            },
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
