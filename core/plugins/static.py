"""A ready-made country plugin for catalogues that are constant data.

Most countries only return records from a data module. ``StaticCountry``
implements the catalogue hooks for exactly the records it is given, so a
plugin module can be a single assignment::

    plugin = StaticCountry(profile=data.PROFILE, agencies=data.AGENCIES, ...)

and the entry point names it: ``mycountry = "mypackage.plugin:plugin"``. Hooks
whose record is not given stay unimplemented, so ``plugins { hooks }`` shows
what the country really supplies. ``custom_rules`` maps the ids of the
country's ``custom`` screening rules to the functions that evaluate them
(``screening_evaluate_rule``); ``details_model`` is the model of its
candidates' ``countryDetails`` (``country_details_model``); ``rule_parameters``
maps the ids of those of its ``custom`` rules a call may adjust to the models of
their parameters (``screening_rule_parameters``); ``locales`` is
the directory of its message catalogues (``country_locales``); ``esd`` what is
known of it under ESD (``country_esd_specifics``). A plugin with
other behaviour writes its own ``@hookimpl`` functions instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel

from core.domain.contracts import (
    CountryProfile,
    Embassy,
    EmploymentProgramme,
    EsdSpecifics,
    GovernmentAgency,
    GraphQLContribution,
    PreEntryTraining,
    ReturneeAssociation,
    ScreeningRuleTemplate,
)
from core.plugins.hookspecs import hookimpl
from core.screening.custom import RuleCheck, evaluate_own_rule
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome


class StaticCountry:
    """A country plugin that implements the catalogue hooks for the records it is given."""

    def __init__(
        self,
        *,
        profile: CountryProfile,
        agencies: Sequence[GovernmentAgency] | None = None,
        embassy: Embassy | None = None,
        screening_rules: Sequence[ScreeningRuleTemplate] | None = None,
        pre_entry_training: PreEntryTraining | None = None,
        returnee_associations: Sequence[ReturneeAssociation] | None = None,
        employment_programmes: Sequence[EmploymentProgramme] | None = None,
        graphql: GraphQLContribution | None = None,
        custom_rules: Mapping[str, RuleCheck] | None = None,
        locales: Path | None = None,
        details_model: type[BaseModel] | None = None,
        rule_parameters: Mapping[str, type[BaseModel]] | None = None,
        esd: EsdSpecifics | None = None,
    ) -> None:
        supplied: dict[str, object] = {
            "country_profile": profile,
            "country_agencies": agencies,
            "country_embassy": embassy,
            "country_screening_rules": screening_rules,
            "country_pre_entry_training": pre_entry_training,
            "country_returnee_associations": returnee_associations,
            "country_employment_programmes": employment_programmes,
            "country_graphql": graphql,
            "country_locales": locales,
            "country_details_model": details_model,
            "screening_rule_parameters": rule_parameters,
            "country_esd_specifics": esd,
        }
        for hook, value in supplied.items():
            if value is not None:
                setattr(self, hook, _returning(value))
        if custom_rules:
            self.screening_evaluate_rule = _evaluating(profile.code, custom_rules)

    def __repr__(self) -> str:
        profile: CountryProfile = self.country_profile()  # type: ignore[attr-defined]
        return f"StaticCountry({profile.code})"


def _evaluating(
    code: str, rules: Mapping[str, RuleCheck]
) -> Callable[[Criterion, CandidateFacts], RuleOutcome | None]:
    """``screening_evaluate_rule`` answering the country's own ``custom`` rules by id."""

    @hookimpl
    def screening_evaluate_rule(rule: Criterion, candidate: CandidateFacts) -> RuleOutcome | None:
        return evaluate_own_rule(code, rules, rule, candidate)

    return screening_evaluate_rule


def _returning(value: object) -> Callable[[], object]:
    @hookimpl
    def implementation() -> object:
        return value

    return implementation
