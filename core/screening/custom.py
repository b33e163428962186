"""``custom`` rules: asked of the country plugins, answered by the owning one.

The service calls :func:`evaluate_custom` (through :func:`plugin_evaluator`)
for each ``custom`` criterion; a country plugin answers through
:func:`evaluate_own_rule`, which returns ``None`` for candidates of other
countries and for rule ids it does not know, as the hook requires.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pluggy

from core.domain.rules import RuleKind
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome
from core.settings import Settings

RuleCheck = Callable[[Criterion, CandidateFacts], RuleOutcome]
"""A plugin's check of one ``custom`` rule: ``(rule, candidate) -> RuleOutcome``."""


def evaluate_custom(
    pm: pluggy.PluginManager, settings: Settings, criterion: Criterion, candidate: CandidateFacts
) -> RuleOutcome | None:
    """The first plugin outcome for ``criterion``, or ``None`` if no plugin owns it."""
    result: RuleOutcome | None = pm.hook.screening_evaluate_rule(
        rule=criterion, candidate=candidate, settings=settings
    )
    return result


def plugin_evaluator(
    pm: pluggy.PluginManager, settings: Settings
) -> Callable[[Criterion, CandidateFacts], RuleOutcome | None]:
    """``evaluate_custom`` bound to ``pm``, as ``engine.evaluate(custom=...)`` takes it."""

    def evaluator(criterion: Criterion, candidate: CandidateFacts) -> RuleOutcome | None:
        return evaluate_custom(pm, settings, criterion, candidate)

    return evaluator


def evaluate_own_rule(
    country_code: str, rules: Mapping[str, RuleCheck], rule: Criterion, candidate: CandidateFacts
) -> RuleOutcome | None:
    """For a plugin's hook: run ``rules[rule.id]`` if the rule and candidate are its own."""
    if candidate.country_code.upper() != country_code.upper() or rule.kind != RuleKind.CUSTOM:
        return None
    check = rules.get(rule.id)
    return None if check is None else check(rule, candidate)
