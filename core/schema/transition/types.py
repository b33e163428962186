"""The transition check's types: the steps, one outcome per rule of each step, the check."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import strawberry

from core.domain import supervision
from core.i18n import localized
from core.schema.catalogue.types import SourceTag
from core.schema.ids import global_id
from core.schema.lifecycle.types import Programme
from core.services import transition

if TYPE_CHECKING:
    TransitionStep = transition.TransitionStep
else:
    TransitionStep = strawberry.enum(
        transition.TransitionStep,
        name="TransitionStep",
        description="A step whose opening the rules of the transition from TITP to ESD decide.",
    )

__all__ = ["Programme", "SourceTag", "TransitionCheck", "TransitionOutcome", "TransitionStep"]


@strawberry.type(
    description=(
        "One rule's result for one step: the values compared (with the relation that holds "
        "between them), an explanation, and the rule's source and tag."
    )
)
class TransitionOutcome:
    rule: str = strawberry.field(
        description=(
            "The key of the dated rule value compared, or programme.one_only for the rule "
            "that a person is under one programme only."
        )
    )
    step: TransitionStep
    passed: bool
    compared: str
    message: str
    source_url: str | None
    tag: supervision.SourceTag
    provisional: bool

    @classmethod
    def of(cls, outcome: transition.Outcome) -> TransitionOutcome:
        return cls(
            rule=outcome.rule,
            step=outcome.step,
            passed=outcome.passed,
            compared=outcome.compared,
            message=localized(outcome.message),
            source_url=outcome.source_url,
            tag=outcome.tag,
            provisional=outcome.provisional,
        )


@strawberry.type(
    description=(
        "Which programme a person is under on a day and which steps the transition rules "
        "leave open, with one outcome per rule of each step (the programme first). A step "
        "is open when all its outcomes passed; a step already taken is judged by its "
        "recorded date. The step's other conditions are checked by its own mutation."
    )
)
class TransitionCheck:
    candidate_id: strawberry.ID
    on: date
    programme: Programme | None = strawberry.field(
        description="The programme the person is under; null before any plan."
    )
    open_steps: list[TransitionStep] = strawberry.field(
        description="The steps whose outcomes all passed, in the order of the steps."
    )
    outcomes: list[TransitionOutcome] = strawberry.field(
        description="Two per step (a plain list of fixed length): the programme, the date rule."
    )

    @classmethod
    def of(cls, check: transition.TransitionCheck) -> TransitionCheck:
        return cls(
            candidate_id=global_id("Candidate", check.candidate_id),
            on=check.on,
            programme=Programme(check.programme) if check.programme else None,
            open_steps=check.open_steps,
            outcomes=[TransitionOutcome.of(outcome) for outcome in check.outcomes],
        )
