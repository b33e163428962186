"""The screening decision for one candidate: its outcomes, status and history text.

:func:`decide` is pure: it reads no database, holds no session and keeps no
state, so the ``screenCandidate`` mutation (one candidate, through the ORM) and
the batch command (``imjapan candidates screen``, thousands of Core rows at a
time) cannot drift apart. Both read the rows, call it, and write what it
returns; neither evaluates a rule, words a reason or picks a status itself.
It is as pure as the ``custom`` evaluator it is given, which asks the country
plugins' ``screening_evaluate_rule`` hook (itself a pure function of its rule
and candidate).

It sits beside the screening service rather than in :mod:`core.screening`
because the status it decides is the lifecycle's (:mod:`core.domain.states`),
which :mod:`core.screening` does not import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.domain.rules import RuleKind
from core.domain.states import Status
from core.i18n import Message, to_json
from core.screening.engine import CustomEvaluator, evaluate
from core.screening.facts import Columns, Criterion, RuleOutcome, candidate_facts


class CriteriaNotEvaluable(ValueError):
    """The call's criteria cannot be evaluated for the candidate.

    A ``custom`` rule's parameters are only checked by its plugin, at screening,
    and a plugin may answer for another rule; the criteria need correcting
    (``updateCallCriteria``), the candidate does not.
    """


@dataclass(frozen=True)
class Verdict:
    """What screening decides for one candidate."""

    passed: bool
    """Whether every rule passed."""
    status: Status
    """The status the candidate moves to."""
    reason: str
    """The history's reason for the move."""
    outcomes: tuple[RuleOutcome, ...]
    """One outcome per criterion, in the criteria's order."""

    def outcome_columns(self) -> list[dict[str, Any]]:
        """The outcomes as ``screening_outcome`` columns, without ``decision_id``.

        Texts are cut to their column's length. The reason is stored twice: as
        English text (the history's language, read by the audit and exports)
        and, when it is a :class:`~core.i18n.Message`, as its template and
        parameters, from which the API renders it in the reader's language.
        """
        return [
            {
                "position": position,
                "rule_id": outcome.rule_id,
                "kind": outcome.kind.value,
                "passed": outcome.passed,
                "expected": outcome.expected[:500],
                "actual": outcome.actual[:500],
                "reason": outcome.reason[:1000],
                "reason_message": stored_message(outcome.reason),
            }
            for position, outcome in enumerate(self.outcomes)
        ]


def stored_message(text: str) -> Any:
    """``text`` as the ``reason_message`` column keeps it: its message, or None for plain text."""
    if isinstance(text, Message) and len(text) <= 1000:
        return to_json(text)
    return None


def parse_criteria(items: Sequence[Mapping[str, Any]]) -> list[Criterion]:
    """A criteria version's stored criteria (its ``criteria`` JSON) as the engine takes them."""
    return [
        Criterion(
            id=item["id"],
            kind=RuleKind(item["kind"]),
            title=item["title"],
            parameters=item["parameters"],
        )
        for item in items
    ]


def decide(
    candidate: Columns,
    tests: Iterable[Columns],
    criteria: Sequence[Criterion],
    *,
    screened_on: date,
    custom: CustomEvaluator,
) -> Verdict:
    """Screen one candidate against ``criteria`` (their call's current version).

    ``candidate`` and ``tests`` are column values by name, as
    :func:`core.screening.facts.candidate_facts` reads them. A candidate who
    fails a rule, or whose facts are missing, is a verdict, not an error.

    Raises:
        CriteriaNotEvaluable: the engine refused the criteria.
        KeyError, ValueError: the stored columns are incomplete or hold an
            unknown enumeration value (raised before any rule is evaluated).
    """
    facts = candidate_facts(candidate, tests, screened_on)
    try:
        outcomes = tuple(evaluate(criteria, facts, custom=custom))
    except ValueError as exc:
        raise CriteriaNotEvaluable(str(exc)) from exc
    failed = [outcome.rule_id for outcome in outcomes if not outcome.passed]
    return Verdict(
        passed=not failed,
        status=Status.SCREENING_FAILED if failed else Status.SCREENING_PASSED,
        reason=f"failed {', '.join(failed)}" if failed else "passed every rule",
        outcomes=outcomes,
    )
