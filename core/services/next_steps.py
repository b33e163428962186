"""What blocks a candidate's next steps, read through the request's loaders.

The blockers are the facts the step's service checks before it moves the
candidate (:mod:`core.domain.next_steps` holds the checks both use). They are
read through the request's DataLoaders, so a page of candidates costs the
same few statements whatever its size.
"""

from __future__ import annotations

from datetime import date

from core.db.models import Candidate
from core.domain.next_steps import (
    cohort_not_ended,
    dispatch_blocked,
    missing_phases,
    training_incomplete,
)
from core.domain.states import Status, Step
from core.domain.supervision import PlanStatus
from core.domain.titp import Stage
from core.services import lectures
from core.services.loaders import Loaders


async def data_blockers(
    loaders: Loaders, candidate: Candidate, *, today: date
) -> dict[Step, str | None]:
    """The step each blocking fact stops, with the reason, for ``candidate`` as of ``today``."""
    assert candidate.id is not None
    if Status(candidate.status) is Status.TRAINING_COMPLETED:
        return await _dispatch_blockers(loaders, candidate)
    if Status(candidate.status) is not Status.IN_TRAINING or candidate.cohort_id is None:
        return {}
    cohort = await loaders.cohort.load(candidate.cohort_id)
    if cohort is None:  # outside the reader's scope: the service would say so
        return {}
    phases = await loaders.phases.load(candidate.cohort_id)
    results = await loaders.training_results.load(candidate.id)
    missing = missing_phases(
        [(phase.id or 0, phase.name) for phase in phases],
        (result.phase_id for result in results if result.passed),
    )
    reason = training_incomplete(missing) or cohort_not_ended(cohort.ends_on, today)
    return {Step.COMPLETE_TRAINING: reason}


async def _dispatch_blockers(loaders: Loaders, candidate: Candidate) -> dict[Step, str | None]:
    """Dispatch waits for a certified stage (i) plan (with some host company: the step
    names none), the recorded entry into Japan, then the completed post-entry lectures
    (the order in which :func:`core.services.dispatch.dispatch` checks them)."""
    assert candidate.id is not None
    plans = await loaders.training_plans.load(candidate.id)
    entry = await loaders.entry.load(candidate.id)
    certified = any(
        item.plan.stage == Stage.I.value and item.plan.status == PlanStatus.CERTIFIED.value
        for item in plans
    )
    reason = dispatch_blocked(
        certified_plan=certified, entered=entry is not None and entry.entered_on is not None
    )
    if reason is None:
        progress = await loaders.lecture_progress.load(candidate.id)
        reason = lectures.not_complete(progress)
    return {Step.DISPATCH: reason}
