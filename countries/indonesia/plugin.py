"""Indonesia's country plugin (entry point ``indonesia``)."""

from pathlib import Path

from core.plugin_api import StaticCountry
from countries.indonesia import data, details, schema, screening

plugin = StaticCountry(
    profile=data.PROFILE,
    agencies=data.AGENCIES,
    embassy=data.EMBASSY,
    screening_rules=data.SCREENING_RULES,
    pre_entry_training=data.PRE_ENTRY_TRAINING,
    returnee_associations=data.RETURNEE_ASSOCIATIONS,
    employment_programmes=data.EMPLOYMENT_PROGRAMMES,
    graphql=schema.CONTRIBUTION,
    custom_rules=screening.RULES,
    rule_parameters=screening.PARAMETERS,
    locales=Path(__file__).parent / "locales",
    details_model=details.IndonesiaDetails,
    esd=data.ESD,
)
