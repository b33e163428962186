"""Sri Lanka's catalogue. Each record names its source; README.md lists them.

No Sri Lanka-specific selection criteria were found, so the screening rules are
the ones IM Japan states for every sending country.
"""

from __future__ import annotations

from datetime import date

from core.plugin_api import (
    IM_JAPAN_AGREEMENTS,
    IM_JAPAN_SELECTION,
    MINIMUM_TRAINING_MONTHS,
    STANDARD_MODULES,
    AgencyRole,
    CohortTerm,
    CountryProfile,
    Embassy,
    EsdNote,
    GovernmentAgency,
    LocalizedName,
    PreEntryTraining,
    RepresentativeOffice,
    RuleKind,
    ScreeningRuleTemplate,
    SourceTag,
    TrainingCentre,
    esd_not_found,
    group_job_interviews,
    interview_rule,
    medical_check_rule,
)
from countries.srilanka import sources

CODE = "LK"

PROFILE = CountryProfile(
    code=CODE,
    name="Sri Lanka",
    local_names=(
        LocalizedName(language="si", name="ශ්‍රී ලංකාව"),
        LocalizedName(language="ta", name="இலங்கை"),
    ),
    agreement_year=2017,
    first_arrival_year=2018,
    first_cohort_term=CohortTerm.TECHNICAL_INTERNS,
    representative_office=RepresentativeOffice(
        city="Colombo", locality="Battaramulla", source=sources.OFFICES
    ),
    sources=(IM_JAPAN_AGREEMENTS, sources.AGREEMENT_2017, sources.LOCAL_NAMES),
)

AGENCIES = (
    GovernmentAgency(
        country_code=CODE,
        id="ministry",
        name="Ministry of Labour and Foreign Employment",
        roles=(AgencyRole.MINISTRY,),
        valid_to_year=2024,
        former_names=("Ministry of Telecommunication, Foreign Employment and Sports (2019)",),
        notes="The parent ministry of SLBFE is renamed with each government; this is its "
        "2023 name. Since November 2024 SLBFE is under the Ministry of Foreign Affairs, "
        "Foreign Employment and Tourism.",
        source=f"{sources.MINISTRY}; {sources.MINISTRY_2024}",
    ),
    GovernmentAgency(
        country_code=CODE,
        id="foreign-affairs-ministry",
        name="Ministry of Foreign Affairs, Foreign Employment and Tourism",
        roles=(AgencyRole.MINISTRY,),
        valid_from_year=2024,
        notes="The parent ministry of SLBFE since November 2024.",
        source=sources.MINISTRY_2024,
    ),
    GovernmentAgency(
        country_code=CODE,
        id="slbfe",
        name="Sri Lanka Bureau of Foreign Employment",
        acronym="SLBFE",
        roles=(
            AgencyRole.SELECTING_AGENCY,
            AgencyRole.TRAINING_AGENCY,
            AgencyRole.OVERSEAS_EMPLOYMENT_AGENCY,
        ),
        website="https://www.slbfe.lk",
        parent_id="foreign-affairs-ministry",
        notes="Signed a further agreement with IM Japan on 2023-10-11 covering three sectors, "
        "including care and agriculture, on five-year contracts; also cooperates with IM "
        "Japan on Specified Skilled Worker testing.",
        source=f"{sources.SLBFE}; {sources.AGREEMENT_2023}; {sources.MINISTRY_2024} (parent)",
    ),
)

EMBASSY = Embassy(
    country_code=CODE,
    name="Embassy of Sri Lanka in Japan",
    source=IM_JAPAN_AGREEMENTS,
)

SCREENING_RULES = (
    ScreeningRuleTemplate(
        country_code=CODE,
        id="age",
        kind=RuleKind.AGE_RANGE,
        title="Aged 18 to about 30",
        description="IM Japan's range for every sending country except Thailand.",
        parameters={"min_years": 18, "max_years": 30},
        source=IM_JAPAN_SELECTION,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="education",
        kind=RuleKind.EDUCATION_MIN,
        title="High school or higher",
        description="IM Japan asks for high-school education or higher.",
        parameters={"level": "upper_secondary"},
        source=IM_JAPAN_SELECTION,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="physical-fitness",
        kind=RuleKind.PHYSICAL_FITNESS,
        title="Physical fitness test",
        description="Long-distance run and push-ups; the standards are set per call.",
        source=IM_JAPAN_SELECTION,
    ),
    interview_rule(CODE),
    medical_check_rule(CODE),
)

PRE_ENTRY_TRAINING = PreEntryTraining(
    country_code=CODE,
    minimum_months=MINIMUM_TRAINING_MONTHS,
    centres=(
        TrainingCentre(
            country_code=CODE,
            id="mrc-tangalle",
            name="SLBFE Migrant Resources Centre, Tangalle",
            city="Tangalle",
            operator_agency_id="slbfe",
            source=sources.TANGALLE,
        ),
    ),
    modules=STANDARD_MODULES,
    source=f"{IM_JAPAN_AGREEMENTS}; {sources.TANGALLE}",
)

EMPLOYMENT_PROGRAMMES = (
    group_job_interviews(
        CODE,
        organiser_agency_id="foreign-affairs-ministry",
        organiser_inferred="IM Japan says each country's Ministry of Labor holds the group "
        "job interviews; no Sri Lankan source names the organiser, so SLBFE's parent "
        "ministry (since November 2024 the Ministry of Foreign Affairs, Foreign Employment "
        "and Tourism) is inferred.",
    ),
)

ESD = esd_not_found(
    CODE,
    EsdNote(
        id="ssw-moc-signed",
        text="The Specified Skilled Worker memorandum of cooperation was signed.",
        on=date(2019, 6, 19),
        source=sources.ESD_SSW_MOC,
        tag=SourceTag.SECONDARY,
    ),
    EsdNote(
        id="slbfe-im-japan",
        text="SLBFE signed an agreement with IM Japan.",
        on=date(2023, 10, 11),
        source=sources.ESD_SLBFE_IM_JAPAN,
        tag=SourceTag.SECONDARY,
    ),
    EsdNote(
        id="slfea-euc",
        text=(
            "The cabinet approved a memorandum of understanding between SLFEA and a Japanese "
            "body (EUC) in December 2025."
        ),
        on=None,
        source=sources.ESD_SLFEA_EUC,
        tag=SourceTag.SECONDARY,
    ),
)
"""An ESD memorandum with Japan and the agency sending under ESD: not found (null)."""
