"""Bangladesh's country plugin (entry point ``bangladesh``)."""

from core import hookimpl
from core.plugins.static import StaticCountry
from core.screening.custom import evaluate_own_rule
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome
from countries.bangladesh import data, screening


class BangladeshCountry(StaticCountry):
    """The constant catalogue plus Bangladesh's ``custom`` screening rule."""

    @hookimpl
    def screening_evaluate_rule(
        self, rule: Criterion, candidate: CandidateFacts
    ) -> RuleOutcome | None:
        return evaluate_own_rule(data.CODE, screening.RULES, rule, candidate)


plugin = BangladeshCountry(
    profile=data.PROFILE,
    agencies=data.AGENCIES,
    embassy=data.EMBASSY,
    screening_rules=data.SCREENING_RULES,
    pre_entry_training=data.PRE_ENTRY_TRAINING,
    employment_programmes=data.EMPLOYMENT_PROGRAMMES,
)
