"""The way of an intern into Japan (reference B2-B3): a certified training plan, then
the Certificate of Eligibility applied for and issued, the visa, the entry.

Each step needs the one before it; the messages here say which one is missing,
for the refusals of the services and for a candidate's ``nextSteps`` alike.
"""

from __future__ import annotations

from enum import StrEnum

from core.domain.states import Status
from core.domain.titp import Stage, stage_label
from core.i18n import Message


class EntryStep(StrEnum):
    """The steps of the entry chain, in order; each names its date's column."""

    COE_APPLIED = "coe_applied_on"
    COE_ISSUED = "coe_issued_on"
    VISA_ISSUED = "visa_issued_on"
    ENTERED = "entered_on"


ENTRY_STEPS = tuple(EntryStep)
"""The steps in the order they must happen."""

BEFORE_DISPATCH = (Status.SCREENING_PASSED, Status.IN_TRAINING, Status.TRAINING_COMPLETED)
"""The statuses in which the entry chain is recorded: after screening, before dispatch."""


def step_field(step: EntryStep) -> str:
    """The step as a refusal's field names it (``coeIssuedOn``)."""
    head, *rest = step.value.split("_")
    return head + "".join(part.title() for part in rest)


def step_missing(step: EntryStep) -> Message:
    """Why a step that needs ``step`` cannot be taken yet."""
    return {
        EntryStep.COE_APPLIED: Message(
            "the Certificate of Eligibility has not been applied for (recordCoeApplication)"
        ),
        EntryStep.COE_ISSUED: Message(
            "the Certificate of Eligibility has not been issued (recordCoeIssued)"
        ),
        EntryStep.VISA_ISSUED: Message("the visa has not been issued (recordVisaIssued)"),
        EntryStep.ENTERED: Message("the entry into Japan has not been recorded (recordEntry)"),
    }[step]


def step_recorded(step: EntryStep, on: str) -> Message:
    """Why a step cannot be recorded twice."""
    return {
        EntryStep.COE_APPLIED: Message(
            "the Certificate of Eligibility was already applied for on {date}", date=on
        ),
        EntryStep.COE_ISSUED: Message(
            "the Certificate of Eligibility was already issued on {date}", date=on
        ),
        EntryStep.VISA_ISSUED: Message("the visa was already issued on {date}", date=on),
        EntryStep.ENTERED: Message("the entry into Japan was already recorded on {date}", date=on),
    }[step]


def plan_missing(stage: Stage, host_company: str | None = None) -> Message:
    """Why a step that needs a certified plan for ``stage`` (with ``host_company``)
    cannot be taken."""
    if host_company is None:
        return Message(
            "no certified training plan for stage ({stage}): draft, apply for and certify "
            "one first",
            stage=stage_label(stage),
        )
    return Message(
        "no certified training plan for stage ({stage}) with {company}: draft, apply for "
        "and certify one first",
        stage=stage_label(stage),
        company=host_company,
    )
