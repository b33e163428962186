"""Vietnam's country plugin (entry point ``vietnam``)."""

from pathlib import Path

from core.plugin_api import StaticCountry
from countries.vietnam import data, details, screening

plugin = StaticCountry(
    profile=data.PROFILE,
    agencies=data.AGENCIES,
    embassy=data.EMBASSY,
    screening_rules=data.SCREENING_RULES,
    pre_entry_training=data.PRE_ENTRY_TRAINING,
    employment_programmes=data.EMPLOYMENT_PROGRAMMES,
    custom_rules=screening.RULES,
    rule_parameters=screening.PARAMETERS,
    # Vietnamese (the language of MOLISA, now the Ministry of Home Affairs) and
    # Japanese for the reasons of the custom rules.
    locales=Path(__file__).parent / "locales",
    details_model=details.VietnamDetails,
    esd=data.ESD,
)
