"""Candidate statuses and the steps allowed from each.

::

    registered --screen--> screening_passed --enrol--> in_training
               \\--screen--> screening_failed
    in_training --complete_training--> training_completed --dispatch--> in_japan_i
    in_japan_i --advance_stage--> in_japan_ii --advance_stage--> in_japan_iii
    in_japan_* --record_return--> returned
    training_completed --dispatch--> in_japan_esd   (a worker under ESD, by the plan's programme)
    in_japan_esd --move_to_ssw--> ssw_i             (Specified Skilled Worker (i))
    registered, screening_passed, in_training, training_completed --withdraw--> withdrawn
    screening_passed, screening_failed --reopen_screening--> registered (an administrator)

Recording test results and training results changes no status but is only
allowed where it makes sense (tests before screening, training results while
in training).
"""

from __future__ import annotations

from enum import StrEnum

from core.domain.titp import Stage
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Joined, Message


class Status(StrEnum):
    REGISTERED = "registered"
    SCREENING_PASSED = "screening_passed"
    SCREENING_FAILED = "screening_failed"
    IN_TRAINING = "in_training"
    TRAINING_COMPLETED = "training_completed"
    IN_JAPAN_I = "in_japan_i"
    IN_JAPAN_II = "in_japan_ii"
    IN_JAPAN_III = "in_japan_iii"
    IN_JAPAN_ESD = "in_japan_esd"
    SSW_I = "ssw_i"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


class Step(StrEnum):
    RECORD_TEST_RESULT = "record_test_result"
    SCREEN = "screen"
    ENROL = "enrol"
    RECORD_TRAINING_RESULT = "record_training_result"
    COMPLETE_TRAINING = "complete_training"
    DISPATCH = "dispatch"
    ADVANCE_STAGE = "advance_stage"
    RECORD_RETURN = "record_return"
    WITHDRAW = "withdraw"
    REOPEN_SCREENING = "reopen_screening"
    TRANSFER = "transfer"
    MOVE_TO_SSW = "move_to_ssw"


TITP_STAGES = (Status.IN_JAPAN_I, Status.IN_JAPAN_II, Status.IN_JAPAN_III)
"""The statuses of the three TITP stages, in order."""
IN_JAPAN = (*TITP_STAGES, Status.IN_JAPAN_ESD)
"""In Japan in the programme: a TITP stage, or employment for skill development (ESD)."""


class Phase(StrEnum):
    """Where in the programme a candidate is, grouping the statuses."""

    APPLICATION = "application"
    TRAINING = "training"
    IN_JAPAN = "in_japan"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"
    MOVED_ON = "moved_on"


PHASES: dict[Phase, tuple[Status, ...]] = {
    Phase.APPLICATION: (Status.REGISTERED, Status.SCREENING_PASSED, Status.SCREENING_FAILED),
    Phase.TRAINING: (Status.IN_TRAINING, Status.TRAINING_COMPLETED),
    Phase.IN_JAPAN: IN_JAPAN,
    Phase.RETURNED: (Status.RETURNED,),
    Phase.WITHDRAWN: (Status.WITHDRAWN,),
    Phase.MOVED_ON: (Status.SSW_I,),
}
"""Each status is in exactly one phase (a test checks it)."""

STAGE_OF_STATUS: dict[Status, Stage] = dict(zip(TITP_STAGES, Stage, strict=True))
"""The stage of the technical intern training each status in Japan stands for."""
STATUS_OF_STAGE: dict[Stage, Status] = {stage: status for status, stage in STAGE_OF_STATUS.items()}

# For each status, the steps allowed and the status each leads to (None: no change;
# screening's outcome is decided by the rules, so it lists both results).
ALLOWED: dict[Status, dict[Step, tuple[Status, ...]]] = {
    Status.REGISTERED: {
        Step.RECORD_TEST_RESULT: (),
        Step.SCREEN: (Status.SCREENING_PASSED, Status.SCREENING_FAILED),
        Step.WITHDRAW: (Status.WITHDRAWN,),
    },
    Status.SCREENING_PASSED: {
        Step.ENROL: (Status.IN_TRAINING,),
        Step.WITHDRAW: (Status.WITHDRAWN,),
        Step.REOPEN_SCREENING: (Status.REGISTERED,),
    },
    Status.SCREENING_FAILED: {Step.REOPEN_SCREENING: (Status.REGISTERED,)},
    Status.IN_TRAINING: {
        Step.RECORD_TRAINING_RESULT: (),
        Step.COMPLETE_TRAINING: (Status.TRAINING_COMPLETED,),
        Step.WITHDRAW: (Status.WITHDRAWN,),
    },
    Status.TRAINING_COMPLETED: {
        Step.DISPATCH: (Status.IN_JAPAN_I, Status.IN_JAPAN_ESD),
        Step.WITHDRAW: (Status.WITHDRAWN,),
    },
    Status.IN_JAPAN_I: {
        Step.ADVANCE_STAGE: (Status.IN_JAPAN_II,),
        Step.RECORD_RETURN: (Status.RETURNED,),
    },
    Status.IN_JAPAN_II: {
        Step.ADVANCE_STAGE: (Status.IN_JAPAN_III,),
        Step.RECORD_RETURN: (Status.RETURNED,),
    },
    Status.IN_JAPAN_III: {Step.RECORD_RETURN: (Status.RETURNED,)},
    Status.IN_JAPAN_ESD: {
        Step.TRANSFER: (),
        Step.MOVE_TO_SSW: (Status.SSW_I,),
        Step.RECORD_RETURN: (Status.RETURNED,),
    },
    Status.SSW_I: {},
    Status.RETURNED: {},
    Status.WITHDRAWN: {},
}


def allowed_steps(status: Status) -> list[Step]:
    return list(ALLOWED[status])


def require_step(status: str, step: Step, *, field: str = "candidateId") -> Status:
    """Return ``status`` as a Status if ``step`` is allowed from it, else refuse.

    The error names the current status and the steps that are allowed.
    """
    current = Status(status)
    if step in ALLOWED[current]:
        return current
    allowed = allowed_steps(current)
    steps = Joined(", ", [s.value for s in allowed]) if allowed else Message("none")
    raise DomainValidationError.single(
        field,
        Message(
            "cannot {step}: the candidate is {status}; allowed steps: {steps}",
            step=step_label(step),
            status=status_label(current),
            steps=steps,
        ),
        ErrorCode.NOT_ALLOWED_STATE,
    )


def step_label(step: Step) -> Message:
    """A step as a refusal names it (``record test result``), translatable."""
    return Message(step.value.replace("_", " "), context="Step")


def status_label(status: Status) -> Message:
    """A status as a refusal names it (its value, ``in_training``), translatable."""
    return Message(status.value, context="CandidateStatus")
