"""Thailand's country plugin (entry point ``thailand``)."""

from core.plugin_api import StaticCountry
from countries.thailand import data, details

plugin = StaticCountry(
    profile=data.PROFILE,
    agencies=data.AGENCIES,
    embassy=data.EMBASSY,
    screening_rules=data.SCREENING_RULES,
    pre_entry_training=data.PRE_ENTRY_TRAINING,
    employment_programmes=data.EMPLOYMENT_PROGRAMMES,
    details_model=details.ThailandDetails,
    esd=data.ESD,
)
