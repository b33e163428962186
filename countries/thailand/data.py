"""Thailand's catalogue. Each record names its source; README.md lists them."""

from __future__ import annotations

from decimal import Decimal

from core.plugin_api import (
    IM_JAPAN_AGREEMENTS,
    IM_JAPAN_SELECTION,
    MINIMUM_TRAINING_MONTHS,
    STANDARD_MODULES,
    AgencyRole,
    CohortTerm,
    CountryProfile,
    Duration,
    Embassy,
    EmploymentProgramme,
    EsdNote,
    GovernmentAgency,
    LocalizedName,
    Money,
    PreEntryTraining,
    ProgrammeKind,
    RepresentativeOffice,
    RuleKind,
    ScreeningRuleTemplate,
    SourceTag,
    TrainingCentre,
    TrainingModule,
    TrainingPhase,
    esd_not_found,
    group_job_interviews,
    interview_rule,
    medical_check_rule,
)
from countries.thailand import sources

CODE = "TH"

PROFILE = CountryProfile(
    code=CODE,
    name="Thailand",
    local_names=(LocalizedName(language="th", name="ไทย"),),
    agreement_year=1999,
    first_arrival_year=2000,
    first_cohort_term=CohortTerm.TRAINEES,
    representative_office=RepresentativeOffice(city="Bangkok", source=sources.OFFICES),
    sources=(IM_JAPAN_AGREEMENTS, sources.LOCAL_NAME),
)

AGENCIES = (
    GovernmentAgency(
        country_code=CODE,
        id="mol",
        name="Ministry of Labour",
        local_name="กระทรวงแรงงาน",
        acronym="MOL",
        roles=(AgencyRole.MINISTRY,),
        website="https://mol.go.th",
        source=sources.MOL_NEWS,
    ),
    GovernmentAgency(
        country_code=CODE,
        id="doe",
        name="Department of Employment",
        local_name="กรมการจัดหางาน",
        acronym="DOE",
        roles=(AgencyRole.SELECTING_AGENCY,),
        website="https://doe.go.th",
        parent_id="mol",
        notes="Selects a batch every month; also prepares soldiers leaving conscript "
        "service in Japanese, maths and technical skills.",
        source=sources.DOE,
    ),
    GovernmentAgency(
        country_code=CODE,
        id="toea",
        name="Thailand Overseas Employment Administration",
        acronym="TOEA",
        roles=(AgencyRole.OVERSEAS_EMPLOYMENT_AGENCY,),
        notes="Took part in IM Japan promotion events (2011).",
        source=sources.MOL_NEWS,
    ),
    GovernmentAgency(
        country_code=CODE,
        id="dsd",
        name="Department of Skill Development",
        local_name="กรมพัฒนาฝีมือแรงงาน",
        acronym="DSD",
        roles=(AgencyRole.TRAINING_AGENCY,),
        parent_id="mol",
        notes="Runs the four-month pre-departure course.",
        source=sources.DSD_TRAINING,
    ),
    GovernmentAgency(
        country_code=CODE,
        id="office-of-labour-affairs-japan",
        name="Office of Labour Affairs in Japan",
        roles=(AgencyRole.LABOUR_OFFICE_IN_JAPAN,),
        website="https://japan.mol.go.th",
        parent_id="mol",
        notes="The labour office of the Royal Thai Embassy; attends IM Japan orientations.",
        source=sources.MOL_NEWS,
    ),
)

EMBASSY = Embassy(
    country_code=CODE,
    name="Royal Thai Embassy in Japan",
    labour_office_id="office-of-labour-affairs-japan",
    source=sources.MOL_NEWS,
)

SCREENING_RULES = (
    ScreeningRuleTemplate(
        country_code=CODE,
        id="age",
        kind=RuleKind.AGE_RANGE,
        title="Aged 20 to 30",
        description="Thailand's minimum age is 20, where other countries take 18.",
        parameters={"min_years": 20, "max_years": 30},
        source=f"{IM_JAPAN_SELECTION}; {sources.NOTICE_2012}",
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="education",
        kind=RuleKind.EDUCATION_MIN,
        title="Upper secondary or vocational education",
        description=(
            "Completed M.6, Por Wor Chor or Por Wor Sor. The 2012 notice accepted auto "
            "mechanics, machine shop, metalwork and welding, electrical and electronics, and "
            "construction (not architecture or surveying)."
        ),
        parameters={
            "level": "upper_secondary",
            "accepted_qualifications": [
                "M.6 (upper secondary)",
                "Por Wor Chor (vocational certificate)",
                "Por Wor Sor (high vocational diploma)",
            ],
        },
        source=sources.NOTICE_2012,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="height",
        kind=RuleKind.HEIGHT_MIN,
        title="Minimum height",
        description="Men at least 160 cm.",
        parameters={"male": 160},
        source=sources.NOTICE_2012,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="military-service",
        kind=RuleKind.MILITARY_SERVICE_COMPLETED,
        title="Military service completed",
        description="Men must have completed their military-service obligation.",
        source=sources.NOTICE_2012,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="no-prior-training",
        kind=RuleKind.NO_PRIOR_WORK_IN_JAPAN,
        title="Never trained in Japan before",
        description="Candidates must never have been trained in Japan.",
        parameters={"scope": "technical_internship"},
        source=sources.NOTICE_2012,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="physical-fitness",
        kind=RuleKind.PHYSICAL_FITNESS,
        title="Physical fitness test",
        description=(
            "Long-distance run and push-ups (held at the Thai-Japan Bangkok Youth Center, "
            "Din Daeng, in 2011). The standards are set per call."
        ),
        source=f"{IM_JAPAN_SELECTION}; {sources.MOL_NEWS}",
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
            id="pathum-thani",
            name="Pathum Thani Labour Skill Development Office",
            city="Pathum Thani",
            operator_agency_id="dsd",
            source=sources.DSD_TRAINING,
        ),
        TrainingCentre(
            country_code=CODE,
            id="chonburi",
            name="Chonburi Labour Skill Development Office",
            city="Chonburi",
            operator_agency_id="dsd",
            source=sources.DSD_TRAINING,
        ),
    ),
    modules=(
        *STANDARD_MODULES,
        TrainingModule(id="basic-technical-skills", title="Basic technical skills"),
    ),
    phases=(
        TrainingPhase(
            id="pathum-thani",
            order=1,
            name="Japanese and basic technical skills",
            centre_id="pathum-thani",
            duration=Duration(months=3),
            module_ids=("japanese-language", "basic-technical-skills"),
            source=sources.DSD_TRAINING,
        ),
        TrainingPhase(
            id="chonburi",
            order=2,
            name="Japanese culture, tradition and daily life",
            centre_id="chonburi",
            duration=Duration(months=1),
            module_ids=("culture-and-customs", "working-styles"),
            source=sources.DSD_TRAINING,
        ),
    ),
    source=sources.DSD_TRAINING,
)

EMPLOYMENT_PROGRAMMES = (
    group_job_interviews(CODE, organiser_agency_id="mol"),
    EmploymentProgramme(
        country_code=CODE,
        id="completion-fund",
        kind=ProgrammeKind.COMPLETION_FUND,
        name="IM Japan completion certificate and fund",
        description="Interns who complete the programme receive IM Japan's certificate and a fund.",
        organiser_name="IM Japan",
        amount=Money(amount=Decimal(600000), currency="JPY"),
        source=sources.RETURNEE_FUND,
    ),
    EmploymentProgramme(
        country_code=CODE,
        id="career-support-fund",
        kind=ProgrammeKind.CAREER_SUPPORT_FUND,
        name="Ministry of Labour career-support fund",
        description=(
            "In December 2022 the Ministry of Labour paid 151,800 baht per person to "
            "3-year completers and 101,200 baht to 5-year completers."
        ),
        organiser_agency_id="mol",
        source=sources.CAREER_FUND,
    ),
)

ESD = esd_not_found(
    CODE,
    EsdNote(
        id="titp-moc",
        text=(
            "A TITP memorandum of cooperation with the Ministry of Labour exists; its date was "
            "not found."
        ),
        on=None,
        source=sources.ESD_TITP_MOC,
        tag=SourceTag.PRIMARY,
    ),
)
"""An ESD memorandum with Japan and the agency sending under ESD: not found (null)."""
