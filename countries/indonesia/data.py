"""Indonesia's catalogue. Each record names its source; README.md lists them."""

from __future__ import annotations

from datetime import date

from core.plugin_api import (
    IM_JAPAN_AGREEMENTS,
    MINIMUM_TRAINING_MONTHS,
    STANDARD_MODULES,
    AgencyRole,
    AssociationBoard,
    BoardLevel,
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
    Payer,
    PreEntryTraining,
    ProgrammeKind,
    RepresentativeOffice,
    ReturneeAssociation,
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
from countries.indonesia import sources

CODE = "ID"

PROFILE = CountryProfile(
    code=CODE,
    name="Indonesia",
    local_names=(LocalizedName(language="id", name="Indonesia"),),
    agreement_year=1992,
    first_arrival_year=1993,
    first_cohort_term=CohortTerm.TRAINEES,
    representative_office=RepresentativeOffice(city="Jakarta", source=sources.OFFICES),
    sources=(IM_JAPAN_AGREEMENTS, sources.FIRST_INTAKE, sources.LOCAL_NAME),
)

AGENCIES = (
    GovernmentAgency(
        country_code=CODE,
        id="kemnaker",
        name="Ministry of Manpower of the Republic of Indonesia",
        local_name="Kementerian Ketenagakerjaan",
        acronym="Kemnaker",
        roles=(AgencyRole.MINISTRY, AgencyRole.SELECTING_AGENCY),
        former_names=("Ministry of Manpower and Transmigration (Kemenakertrans)",),
        notes="Runs the programme portal jepang.magangln.id (earlier www.pemagangan.com).",
        source=sources.KEMNAKER_NAME,
    ),
    GovernmentAgency(
        country_code=CODE,
        id="binalavotas",
        name="Directorate General of Vocational Training and Productivity Development",
        local_name="Ditjen Pembinaan Pelatihan Vokasi dan Produktivitas",
        acronym="Binalavotas",
        roles=(AgencyRole.TRAINING_AGENCY, AgencyRole.IMPLEMENTING_AGENCY),
        parent_id="kemnaker",
        notes="An earlier unit in charge was the Directorate of Apprenticeship "
        "(Direktorat Bina Pemagangan).",
        source=sources.BINALAVOTAS,
    ),
    GovernmentAgency(
        country_code=CODE,
        id="regional-manpower-offices",
        name="Provincial, district and city manpower offices",
        local_name="Dinas Tenaga Kerja (Disnaker / Disnakertrans)",
        acronym="Disnaker",
        roles=(AgencyRole.SELECTING_AGENCY,),
        notes="Regional committees run the administrative check, verified by the central "
        "team of Kemnaker and IM Japan; BPVP training centres also take part.",
        source=sources.REGIONAL_EXECUTORS,
    ),
)

EMBASSY = Embassy(
    country_code=CODE,
    name="Embassy of Indonesia in Japan",
    source=IM_JAPAN_AGREEMENTS,
)

SCREENING_RULES = (
    ScreeningRuleTemplate(
        country_code=CODE,
        id="sex",
        kind=RuleKind.SEX,
        title="Men only (general programme)",
        description="The general programme takes men; a separate caregiver track takes women.",
        parameters={"allowed": ["male"]},
        source=sources.KOMPAS_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="age-by-education-track",
        kind=RuleKind.CUSTOM,
        title="Age at the selection test, by education track",
        description=(
            "Technical vocational school (SMK Teknik) graduates must be 18 to 26; general "
            "high school (SMA) graduates at least 18 years 6 months (19 years 6 months in "
            "the 2023 notice) and at most 26."
        ),
        parameters={
            "tracks": {
                "smk_teknik": {"min_years": 18, "min_months": 0, "max_years": 26},
                "sma": {"min_years": 18, "min_months": 6, "max_years": 26},
            }
        },
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="education",
        kind=RuleKind.EDUCATION_MIN,
        title="Senior high school or equivalent",
        description="At least senior high school (SLTA) or equivalent.",
        parameters={"level": "upper_secondary", "accepted_qualifications": ["SMA", "SMK"]},
        source=sources.CRITERIA_2022,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="height",
        kind=RuleKind.HEIGHT_MIN,
        title="Minimum height",
        description="Men at least 158 cm (160 cm in 2022), women at least 150 cm.",
        parameters={"male": 158, "female": 150},
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="weight",
        kind=RuleKind.WEIGHT_MIN,
        title="Minimum weight",
        description="Men at least 50 kg, women at least 40 kg.",
        parameters={"male": 50, "female": 40},
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="vision",
        kind=RuleKind.VISION,
        title="Eyesight",
        description=(
            "Not colour-blind, totally or partially; no glasses or contact lenses "
            "(contact lenses are allowed with JLPT N4 or higher)."
        ),
        parameters={
            "glasses_allowed": False,
            "contact_lenses_allowed": False,
            "colour_vision_deficiency_allowed": False,
        },
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="body-marks",
        kind=RuleKind.BODY_MARKS,
        title="No tattoos or piercings",
        description="No tattoos or tattoo scars; men have no piercings or piercing scars.",
        parameters={"tattoos_allowed": False, "piercings_allowed": False},
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="no-prior-internship",
        kind=RuleKind.NO_PRIOR_WORK_IN_JAPAN,
        title="Never an intern in Japan before",
        description="A signed and stamped statement of never having joined an internship in Japan.",
        parameters={"scope": "technical_internship"},
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="technical-training",
        kind=RuleKind.CUSTOM,
        title="Technical training or work experience",
        description=(
            "A job-training certificate of at least 160 lesson hours in a technical field, "
            "or, for non-technical graduates, at least 6 months of technical work."
        ),
        parameters={"min_lesson_hours": 160, "alternative_work_experience_months": 6},
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="documents",
        kind=RuleKind.DOCUMENT_CHECK,
        title="Administrative check",
        description=(
            "Checked by the regional committee and verified by the central team of "
            "Kemnaker and IM Japan."
        ),
        parameters={
            "documents": [
                "KTP (identity card)",
                "Kartu Keluarga (family card)",
                "Kartu Kuning AK1 (job-seeker card)",
                "birth certificate",
                "diploma",
                "photo",
                "recommendation from the village head",
                "family photo in front of the house",
                "permission letter from parent, guardian or wife",
                "cover letter from the district or city manpower office",
            ]
        },
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="maths",
        kind=RuleKind.MATH_SCORE_MIN,
        title="Basic maths test",
        description="20 questions in 15 minutes; 14 correct answers pass.",
        parameters={"max_score": 20, "pass_mark": 14, "questions": 20, "time_limit_minutes": 15},
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="physical-fitness",
        kind=RuleKind.PHYSICAL_FITNESS,
        title="Physical endurance",
        description=(
            "Men: 3 km in 15 minutes or less, 35 push-ups, 25 sit-ups. "
            "Women: 1.5 km in 11 minutes or less, 20 push-ups, 15 sit-ups."
        ),
        parameters={
            "male": {"run_distance_m": 3000, "run_max_minutes": 15, "push_ups": 35, "sit_ups": 25},
            "female": {
                "run_distance_m": 1500,
                "run_max_minutes": 11,
                "push_ups": 20,
                "sit_ups": 15,
            },
        },
        source=sources.NOTICES_2023_2024,
    ),
    interview_rule(
        CODE,
        topics=(
            "appearance",
            "attitude",
            "general knowledge",
            "communication",
            "understanding of the programme",
        ),
        topics_source=sources.NOTICES_2023_2024,
    ),
    medical_check_rule(
        CODE,
        checks=("blood", "urine", "eyes", "lungs", "drugs", "HIV/AIDS"),
        source=sources.NOTICES_2023_2024,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="japanese",
        kind=RuleKind.JAPANESE_LEVEL,
        title="Japanese",
        description=(
            "Japanese test on hiragana, katakana, vocabulary, grammar and the IM Japan "
            "textbook; JLPT N4/N5, J.TEST or NAT-TEST results count in the candidate's favour."
        ),
        parameters={"min_level": "N5", "required": False},
        source=sources.CRITERIA_2022,
    ),
)

PRE_ENTRY_TRAINING = PreEntryTraining(
    country_code=CODE,
    minimum_months=MINIMUM_TRAINING_MONTHS,
    centres=(
        TrainingCentre(
            country_code=CODE,
            id="bbpvp-bekasi",
            name="BBPVP Bekasi (CEVEST)",
            city="Bekasi",
            operator_agency_id="kemnaker",
            source=sources.TRAINING,
        ),
    ),
    modules=STANDARD_MODULES,
    phases=(
        TrainingPhase(
            id="stage-1-regional",
            order=1,
            name="Stage I (regional)",
            duration=Duration(months=2, days=10),
            paid_by=Payer.CANDIDATE,
            module_ids=("japanese-language", "culture-and-customs", "working-styles"),
            notes="Rooms come from the regional organiser and teachers from the centre; "
            "participants pay their accommodation and food.",
            source=sources.TRAINING,
        ),
        TrainingPhase(
            id="stage-2-central",
            order=2,
            name="Stage II (central)",
            centre_id="bbpvp-bekasi",
            duration=Duration(months=2),
            paid_by=Payer.SENDING_GOVERNMENT,
            module_ids=("japanese-language", "culture-and-customs", "working-styles"),
            notes="Free of charge. The centre was formerly called BBPLKLN CEVEST.",
            source=sources.TRAINING,
            evidence_notes=(
                EvidenceNote(
                    evidence=Evidence.INFERRED,
                    fields=("paid_by",),
                    note="The sources say Stage II is free of charge for participants; that "
                    "the government (Kemnaker's centre) pays for it is inferred.",
                ),
            ),
        ),
    ),
    source=sources.TRAINING,
)

IKAPEKSI_CENTRAL_BOARD = AssociationBoard(
    id="dpp",
    level=BoardLevel.CENTRAL,
    name="Central board",
    local_name="DPP",
    source=sources.IKAPEKSI,
)

RETURNEE_ASSOCIATIONS = (
    ReturneeAssociation(
        country_code=CODE,
        id="ikapeksi",
        name="Indonesian Kenshusei Entrepreneurs' Association",
        local_name="Ikatan Pengusaha Kenshusei Indonesia",
        acronym="IKAPEKSI",
        description=(
            "Association of presidents: returned IM Japan trainees who started businesses, "
            "founded on the alumni's own initiative. Members run training centres (LPK), "
            "mining, palm-oil, property and other businesses; some branches act as "
            "registration points for the selection."
        ),
        website="https://ikapeksi.com",
        boards=(IKAPEKSI_CENTRAL_BOARD,),
        regional_board_count=19,
        source=sources.IKAPEKSI,
    ),
)

EMPLOYMENT_PROGRAMMES = (
    group_job_interviews(
        CODE,
        organiser_agency_id="kemnaker",
        source=f"{IM_JAPAN_AGREEMENTS}; {sources.RETURNEE_SUPPORT_2011}",
        organiser_inferred="IM Japan says each country's Ministry of Labor holds the group "
        "job interviews, and the Ministry of Manpower arranged job interviews for returnees "
        "(oktofani.com, 2011); that Kemnaker organises these group interviews is inferred.",
    ),
    EmploymentProgramme(
        country_code=CODE,
        id="business-capital",
        kind=ProgrammeKind.BUSINESS_START_UP_SUPPORT,
        name="Certificate and business capital on return",
        description="Returned interns receive a completion certificate and small business capital.",
        organiser_agency_id="kemnaker",
        source=sources.RETURNEE_SUPPORT_2011,
    ),
)

ESD = esd_not_found(
    CODE,
    EsdNote(
        id="kemnaker-kagawa",
        text=(
            "Kemnaker (the Ministry of Manpower) signed a cooperation memorandum on internships "
            "with Kagawa Prefecture."
        ),
        on=date(2026, 1, 26),
        source=sources.ESD_KEMNAKER_KAGAWA,
        tag=SourceTag.SECONDARY,
    ),
    EsdNote(
        id="kp2mi-kagawa",
        text=(
            "KP2MI (formerly BP2MI) claims full authority over migrant workers and signed a "
            "memorandum on Specified Skilled Worker with Kagawa Prefecture."
        ),
        on=date(2026, 1, 23),
        source=sources.ESD_KP2MI_KAGAWA,
        tag=SourceTag.SECONDARY,
    ),
)
"""An ESD memorandum with Japan and the agency sending under ESD: not found (null)."""
