"""Sri Lanka's country plugin (entry point ``srilanka``)."""

from core.plugin_api import StaticCountry
from countries.srilanka import data, details

plugin = StaticCountry(
    profile=data.PROFILE,
    agencies=data.AGENCIES,
    embassy=data.EMBASSY,
    screening_rules=data.SCREENING_RULES,
    pre_entry_training=data.PRE_ENTRY_TRAINING,
    employment_programmes=data.EMPLOYMENT_PROGRAMMES,
    details_model=details.SriLankaDetails,
    esd=data.ESD,
)
