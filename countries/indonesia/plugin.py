"""Indonesia's country plugin (entry point ``indonesia``)."""

from core import hookimpl
from core.plugins.static import StaticCountry
from core.screening.custom import evaluate_own_rule
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome
from countries.indonesia import data, schema, screening


class IndonesiaCountry(StaticCountry):
    """The constant catalogue plus Indonesia's ``custom`` screening rules."""

    @hookimpl
    def screening_evaluate_rule(
        self, rule: Criterion, candidate: CandidateFacts
    ) -> RuleOutcome | None:
        return evaluate_own_rule(data.CODE, screening.RULES, rule, candidate)


plugin = IndonesiaCountry(
    profile=data.PROFILE,
    agencies=data.AGENCIES,
    embassy=data.EMBASSY,
    screening_rules=data.SCREENING_RULES,
    pre_entry_training=data.PRE_ENTRY_TRAINING,
    returnee_associations=data.RETURNEE_ASSOCIATIONS,
    employment_programmes=data.EMPLOYMENT_PROGRAMMES,
    graphql=schema.CONTRIBUTION,
)
