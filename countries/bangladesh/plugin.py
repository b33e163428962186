"""Bangladesh's country plugin (entry point ``bangladesh``)."""

from pathlib import Path

from core.plugin_api import StaticCountry
from countries.bangladesh import data, details, screening

plugin = StaticCountry(
    profile=data.PROFILE,
    agencies=data.AGENCIES,
    embassy=data.EMBASSY,
    screening_rules=data.SCREENING_RULES,
    pre_entry_training=data.PRE_ENTRY_TRAINING,
    employment_programmes=data.EMPLOYMENT_PROGRAMMES,
    custom_rules=screening.RULES,
    locales=Path(__file__).parent / "locales",
    details_model=details.BangladeshDetails,
    esd=data.ESD,
)
