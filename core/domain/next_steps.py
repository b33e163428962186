"""A candidate's next steps: what the state machine allows from the current
status, and, for a step it allows, what blocks it now.

The blockers are the same checks that refuse the step's mutation: the
caller's role (the mutation's permission), and the facts the service checks
before it moves the candidate (:func:`missing_phases` for completing
training). A client shows the allowed steps as actions and the blocked ones
with their reasons, instead of learning them from a refusal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from core.domain.entry import EntryStep, plan_missing, step_missing
from core.domain.states import ALLOWED, Status, Step
from core.domain.titp import Stage
from core.i18n import Message

MUTATIONS: dict[Step, str] = {
    Step.RECORD_TEST_RESULT: "recordTestResult",
    Step.SCREEN: "screenCandidate",
    Step.ENROL: "enrolCandidate",
    Step.RECORD_TRAINING_RESULT: "recordTrainingResult",
    Step.COMPLETE_TRAINING: "completeTraining",
    Step.DISPATCH: "dispatchCandidate",
    Step.ADVANCE_STAGE: "advanceStage",
    Step.RECORD_RETURN: "recordReturn",
    Step.WITHDRAW: "withdrawCandidate",
    Step.REOPEN_SCREENING: "reopenScreening",
    Step.MOVE_TO_SSW: "moveToSpecifiedSkilledWorker",
    Step.TRANSFER: "transferWorker",
}
"""The mutation that takes each step (a test checks each is a mutation of the schema)."""


@dataclass(frozen=True)
class NextStep:
    """One step allowed from the current status; ``blocked_by`` says why it cannot
    be taken now (None: it can)."""

    step: Step
    mutation: str
    leads_to: tuple[Status, ...]
    blocked_by: str | None = None

    @property
    def allowed(self) -> bool:
        return self.blocked_by is None


def missing_phases(phases: Sequence[tuple[int, str]], passed: Iterable[int]) -> list[str]:
    """The names of a cohort's phases (``(id, name)`` in the cohort's order) that
    have no passing result among the phase ids ``passed``."""
    done = set(passed)
    return [name for phase_id, name in phases if phase_id not in done]


def training_incomplete(missing: Sequence[str]) -> str | None:
    """Why training cannot be completed yet, or None when every phase is passed."""
    return (
        Message("no passing result yet for: {missing}", missing=", ".join(missing))
        if missing
        else None
    )


def cohort_not_ended(ends_on: date, on: date) -> str | None:
    """Why training cannot be complete on ``on``: the cohort has not ended."""
    if on < ends_on:
        return Message(
            "the cohort runs until {ends}; training cannot be complete before", ends=str(ends_on)
        )
    return None


def dispatch_blocked(*, certified_plan: bool, entered: bool) -> str | None:
    """Why a trained candidate cannot be dispatched yet: no certified stage (i) plan, or
    no recorded entry into Japan (the checks of ``dispatchCandidate``); None when both are."""
    if not certified_plan:
        return plan_missing(Stage.I)
    if not entered:
        return step_missing(EntryStep.ENTERED)
    return None


def next_steps(status: Status, blockers: Mapping[Step, str | None]) -> list[NextStep]:
    """The steps :data:`~core.domain.states.ALLOWED` from ``status``, in the state
    machine's order, each with its blocker from ``blockers`` (absent: none)."""
    return [
        NextStep(
            step=step, mutation=MUTATIONS[step], leads_to=leads_to, blocked_by=blockers.get(step)
        )
        for step, leads_to in ALLOWED[status].items()
    ]
