"""Vietnam's country plugin (entry point ``vietnam``)."""

from core import hookimpl
from core.plugins.static import StaticCountry
from core.screening.custom import evaluate_own_rule
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome
from countries.vietnam import data, screening


class VietnamCountry(StaticCountry):
    """The constant catalogue plus Vietnam's ``custom`` screening rules."""

    @hookimpl
    def screening_evaluate_rule(
        self, rule: Criterion, candidate: CandidateFacts
    ) -> RuleOutcome | None:
        return evaluate_own_rule(data.CODE, screening.RULES, rule, candidate)


plugin = VietnamCountry(
    profile=data.PROFILE,
    agencies=data.AGENCIES,
    embassy=data.EMBASSY,
    screening_rules=data.SCREENING_RULES,
    pre_entry_training=data.PRE_ENTRY_TRAINING,
    employment_programmes=data.EMPLOYMENT_PROGRAMMES,
)
