"""Bangladesh's catalogue. Each record names its source; README.md lists them.

The year the first technical interns arrived is not on IM Japan's page, so it
stays null.
"""

from __future__ import annotations

from datetime import date

from core.plugin_api import (
    IM_JAPAN_AGREEMENTS,
    MINIMUM_TRAINING_MONTHS,
    STANDARD_MODULES,
    AgencyRole,
    CohortTerm,
    CountryProfile,
    Duration,
    Embassy,
    EmploymentProgramme,
    EsdNote,
    Evidence,
    EvidenceNote,
    GovernmentAgency,
    LocalizedName,
    PreEntryTraining,
    ProgrammeKind,
    RepresentativeOffice,
    RuleKind,
    ScreeningRuleTemplate,
    SourceTag,
    TrainingCentre,
    TrainingPhase,
    esd_not_found,
    group_job_interviews,
    interview_rule,
    medical_check_rule,
)
from countries.bangladesh import sources

CODE = "BD"

PROFILE = CountryProfile(
    code=CODE,
    name="Bangladesh",
    local_names=(LocalizedName(language="bn", name="বাংলাদেশ"),),
    agreement_year=2017,
    first_arrival_year=None,
    first_cohort_term=CohortTerm.TECHNICAL_INTERNS,
    representative_office=RepresentativeOffice(city="Dhaka", source=sources.OFFICES),
    sources=(IM_JAPAN_AGREEMENTS, sources.MOU_2017, sources.LOCAL_NAME),
)

AGENCIES = (
    GovernmentAgency(
        country_code=CODE,
        id="moewoe",
        name="Ministry of Expatriates' Welfare and Overseas Employment",
        local_name="প্রবাসী কল্যাণ ও বৈদেশিক কর্মসংস্থান মন্ত্রণালয়",
        acronym="MoEWOE",
        roles=(AgencyRole.MINISTRY,),
        notes="Written MEWOE in the 2017 MoU with IM Japan.",
        source=sources.MOEWOE,
    ),
    GovernmentAgency(
        country_code=CODE,
        id="bmet",
        name="Bureau of Manpower, Employment and Training",
        local_name="জনশক্তি কর্মসংস্থান ও প্রশিক্ষণ ব্যুরো",
        acronym="BMET",
        roles=(AgencyRole.SELECTING_AGENCY, AgencyRole.TRAINING_AGENCY),
        website="https://www.bmet.gov.bd",
        notes="Signed its own 2017 MoU with IM Japan on training technical interns; "
        "publishes IM Japan's demand letters as newspaper notices.",
        source=f"{sources.BMET_PORTAL}; {sources.MOU_SUMMARY}",
    ),
)

EMBASSY = Embassy(
    country_code=CODE,
    name="Embassy of Bangladesh in Japan",
    source=IM_JAPAN_AGREEMENTS,
)

SCREENING_RULES = (
    ScreeningRuleTemplate(
        country_code=CODE,
        id="age",
        kind=RuleKind.AGE_RANGE,
        title="Aged 18 to 30",
        description="18 to 30 on the BMET portal; the 2019 MoEWOE notice asked 20 to 28.",
        parameters={"min_years": 18, "max_years": 30},
        source=f"{sources.BMET_PORTAL}; {sources.NOTICE_2019}",
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="education",
        kind=RuleKind.EDUCATION_MIN,
        title="Secondary School Certificate",
        description="SSC on the BMET portal; the 2019 MoEWOE notice asked HSC or equivalent.",
        parameters={"level": "secondary", "accepted_qualifications": ["SSC", "HSC"]},
        source=f"{sources.BMET_PORTAL}; {sources.NOTICE_2019}",
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="height",
        kind=RuleKind.HEIGHT_MIN,
        title="Minimum height",
        description="At least 160 on the BMET portal, whose unit is garbled (centimetres "
        "assumed); the 2019 notice asked 5'4\" (162.56 cm) for men and 5'0\" (152.4 cm) "
        "for women.",
        parameters={"male": 160},
        source=f"{sources.BMET_PORTAL}; {sources.NOTICE_2019}",
        evidence_notes=(
            EvidenceNote(
                evidence=Evidence.INFERRED,
                fields=("parameters",),
                note="The BMET portal gives 160 with a garbled unit; centimetres are inferred "
                "(the 2019 notice's 162.56 cm for men is close).",
            ),
        ),
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="japanese",
        kind=RuleKind.JAPANESE_LEVEL,
        title="Japanese at N5",
        description="JLPT N5 or adequate Japanese.",
        parameters={"min_level": "N5", "required": True},
        source=sources.BMET_PORTAL,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="no-prior-work-in-japan",
        kind=RuleKind.NO_PRIOR_WORK_IN_JAPAN,
        title="Never worked in Japan",
        description="People who previously worked in Japan may not apply.",
        parameters={"scope": "any_work"},
        source=sources.BMET_PORTAL,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="im-japan-exam",
        kind=RuleKind.CUSTOM,
        title="IM Japan exam",
        description="An exam of language and physical ability, held in Dhaka or divisional cities.",
        source=f"{sources.NOTICE_2019}; {sources.PROCESS_2025}",
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
            id="manikganj-ttc",
            name="Manikganj Technical Training Centre",
            city="Manikganj",
            operator_agency_id="bmet",
            source=sources.TTC,
        ),
    ),
    modules=STANDARD_MODULES,
    phases=(
        TrainingPhase(
            id="n5-course",
            order=1,
            name="Japanese N5 course at a Technical Training Centre",
            duration=Duration(months=6),
            module_ids=("japanese-language",),
            notes="Free in 2025; the 2019 notice charged a course fee of 1,000 taka. Japanese "
            "courses ran at 32 TTCs in 2019-2020.",
            source=f"{sources.PROCESS_2025}; {sources.NOTICE_2019}",
        ),
        TrainingPhase(
            id="pre-departure-training",
            order=2,
            name="Japanese, culture and rules",
            duration=Duration(months=6),
            module_ids=("japanese-language", "culture-and-customs", "working-styles"),
            notes="With free meals. The MoU asks for at least four months of pre-departure "
            "training run by the ministry.",
            source=f"{sources.PROCESS_2025}; {sources.MOU_SUMMARY}",
        ),
    ),
    source=f"{sources.MOU_SUMMARY}; {sources.PROCESS_2025}",
)

EMPLOYMENT_PROGRAMMES = (
    group_job_interviews(
        CODE,
        organiser_agency_id="moewoe",
        organiser_inferred="IM Japan says each country's Ministry of Labor holds the group "
        "job interviews; no Bangladeshi source names the organiser, so the ministry in charge "
        "of overseas employment, which signed the MoU with IM Japan (MoEWOE), is inferred.",
    ),
    EmploymentProgramme(
        country_code=CODE,
        id="ssw-priority",
        kind=ProgrammeKind.REMIGRATION_PRIORITY,
        name="Priority for return to Japan as Specified Skilled Workers",
        description="Returnees from the 3-year internship get priority to go back to Japan "
        "as Specified Skilled Workers.",
        organiser_agency_id="moewoe",
        source=sources.SSW_PRIORITY,
    ),
)

ESD = esd_not_found(
    CODE,
    EsdNote(
        id="ssw-moc-signed",
        text="The Specified Skilled Worker memorandum of cooperation was signed.",
        on=date(2019, 8, 27),
        source=sources.ESD_SSW_MOC,
        tag=SourceTag.SECONDARY,
    ),
    EsdNote(
        id="bmet-private-mous",
        text="BMET signed memoranda of understanding with private Japanese partners.",
        on=date(2025, 5, 29),
        source=sources.ESD_BMET_MOUS,
        tag=SourceTag.SECONDARY,
    ),
)
"""An ESD memorandum with Japan and the agency sending under ESD: not found (null)."""
