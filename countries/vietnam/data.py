"""Vietnam's catalogue. Each record names its source; README.md lists them."""

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
    Payer,
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
from countries.vietnam import sources

CODE = "VN"

PROFILE = CountryProfile(
    code=CODE,
    name="Vietnam",
    local_names=(LocalizedName(language="vi", name="Việt Nam"),),
    agreement_year=2005,
    first_arrival_year=2006,
    first_cohort_term=CohortTerm.TECHNICAL_INTERNS,
    representative_office=RepresentativeOffice(city="Hanoi", source=sources.OFFICES),
    sources=(IM_JAPAN_AGREEMENTS, sources.AGREEMENT_2005, sources.LOCAL_NAME),
)

AGENCIES = (
    GovernmentAgency(
        country_code=CODE,
        id="molisa",
        name="Ministry of Labour, Invalids and Social Affairs",
        local_name="Bộ Lao động – Thương binh và Xã hội",  # noqa: RUF001 (official spelling)
        acronym="MOLISA",
        roles=(AgencyRole.MINISTRY,),
        valid_to_year=2025,
        notes="Signed the 2005 agreement and the 2022 MoU. In 2025 notices the Ministry of "
        "Home Affairs holds the MoU instead (inferred: MOLISA merged into it in 2025).",
        source=sources.MOLISA,
        evidence_notes=(
            EvidenceNote(
                evidence=Evidence.INFERRED,
                fields=("valid_to_year", "notes"),
                note="2025 notices name the Ministry of Home Affairs where MOLISA stood "
                f"({sources.MOHA_2025}); that MOLISA merged into it in 2025, and so ended "
                "that year, is inferred from them.",
            ),
        ),
    ),
    GovernmentAgency(
        country_code=CODE,
        id="moha",
        name="Ministry of Home Affairs",
        local_name="Bộ Nội vụ",
        acronym="MoHA",
        roles=(AgencyRole.MINISTRY,),
        valid_from_year=2025,
        notes="2025 notices describe the MoU with IM Japan as held by the Ministry of Home "
        "Affairs.",
        source=sources.MOHA_2025,
    ),
    GovernmentAgency(
        country_code=CODE,
        id="colab",
        name="Center of Overseas Labour",
        local_name="Trung tâm Lao động ngoài nước",
        acronym="COLAB",
        roles=(
            AgencyRole.SELECTING_AGENCY,
            AgencyRole.IMPLEMENTING_AGENCY,
            AgencyRole.TRAINING_AGENCY,
        ),
        parent_id="moha",
        notes="Under MOLISA until 2025, under the Ministry of Home Affairs since.",
        source=sources.COLAB,
        evidence_notes=(
            EvidenceNote(
                evidence=Evidence.INFERRED,
                fields=("notes",),
                note="2025 sources place COLAB under the Ministry of Home Affairs; that it "
                "moved there from MOLISA in 2025 is inferred from the merger of ministries.",
            ),
        ),
    ),
)

EMBASSY = Embassy(
    country_code=CODE,
    name="Embassy of Vietnam in Japan",
    source=IM_JAPAN_AGREEMENTS,
)

SCREENING_RULES = (
    ScreeningRuleTemplate(
        country_code=CODE,
        id="sex",
        kind=RuleKind.SEX,
        title="Men",
        description="The 2025 notice recruits men.",
        parameters={"allowed": ["male"]},
        source=sources.NOTICE_2025,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="age",
        kind=RuleKind.AGE_RANGE,
        title="Aged 18 to 30",
        description="18 to 30 since the 2022 MoU (20 to 30 before).",
        parameters={"min_years": 18, "max_years": 30},
        source=f"{sources.MOU_2022}; {sources.NOTICE_2025}",
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="education",
        kind=RuleKind.EDUCATION_MIN,
        title="Upper-secondary graduate",
        description="Upper-secondary (THPT) graduate or equivalent.",
        parameters={"level": "upper_secondary", "accepted_qualifications": ["THPT"]},
        source=sources.NOTICE_2025,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="height",
        kind=RuleKind.HEIGHT_MIN,
        title="Minimum height",
        description="At least 1.50 m in 2025; earlier notices asked 1.58 m and 1.60 m.",
        parameters={"male": 150},
        source=sources.HEIGHT_HISTORY,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="vision",
        kind=RuleKind.VISION,
        title="Eyesight",
        description="At least 1/10 without glasses and 7/10 with glasses; no amblyopia or "
        "colour-vision disorder.",
        parameters={
            "glasses_allowed": True,
            "colour_vision_deficiency_allowed": False,
            "min_uncorrected_acuity": 0.1,
            "min_corrected_acuity": 0.7,
        },
        source=sources.SELECTION,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="body-marks",
        kind=RuleKind.BODY_MARKS,
        title="No tattoos",
        description="No tattoos, including removed ones.",
        parameters={"tattoos_allowed": False, "removed_marks_count": True},
        source=sources.NOTICE_2025,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="no-criminal-record",
        kind=RuleKind.NO_CRIMINAL_RECORD,
        title="No criminal record",
        description="Good conduct and no criminal record.",
        source=sources.NOTICE_2025,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="no-prior-internship",
        kind=RuleKind.NO_PRIOR_WORK_IN_JAPAN,
        title="Never a technical intern in Japan",
        description="Candidates must never have been technical interns in Japan.",
        parameters={"scope": "technical_internship"},
        source=sources.NOTICE_2025,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="no-illegal-stay-abroad",
        kind=RuleKind.CUSTOM,
        title="Never lived or worked illegally abroad",
        description="Candidates must never have lived or worked illegally abroad.",
        source=sources.NOTICE_2025,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="maths-with-priority-points",
        kind=RuleKind.CUSTOM,
        title="Maths test with priority points",
        description=(
            "20 questions in 45 minutes, marked out of 100. The pass mark is 60 for "
            "manufacturing and 40 for construction. Applicants scoring over 30 get priority "
            "points: children of war invalids or martyrs +20, poor districts +20, ethnic "
            "minorities in mountainous provinces +15, poor-household or ethnic-minority "
            "applicants in other provinces +10."
        ),
        parameters={
            "max_score": 100,
            "questions": 20,
            "time_limit_minutes": 45,
            "pass_marks_by_job_field": {"manufacturing": 60, "construction": 40},
            "priority_points_above_score": 30,
            "priority_points": {
                "child_of_war_invalid_or_martyr": 20,
                "poor_district": 20,
                "ethnic_minority_mountainous_province": 15,
                "poor_household_or_ethnic_minority_other_province": 10,
            },
        },
        source=sources.SELECTION,
    ),
    ScreeningRuleTemplate(
        country_code=CODE,
        id="physical-fitness",
        kind=RuleKind.PHYSICAL_FITNESS,
        title="Physical fitness",
        description="35 push-ups, 25 sit-ups and 3,000 m in 18 minutes.",
        parameters={
            "male": {"run_distance_m": 3000, "run_max_minutes": 18, "push_ups": 35, "sit_ups": 25}
        },
        source=sources.SELECTION,
    ),
    interview_rule(
        CODE, topics=("motivation", "experience", "manner"), topics_source=sources.SELECTION
    ),
    medical_check_rule(CODE, checks=("fit to work abroad",), source=sources.NOTICE_2025),
)

PRE_ENTRY_TRAINING = PreEntryTraining(
    country_code=CODE,
    minimum_months=MINIMUM_TRAINING_MONTHS,
    centres=(
        TrainingCentre(
            country_code=CODE,
            id="colab-training-facility",
            name="COLAB training facility (SONA vocational school)",
            city="Hanoi",
            operator_agency_id="colab",
            source=sources.COLAB,
        ),
    ),
    modules=STANDARD_MODULES,
    phases=(
        TrainingPhase(
            id="preparatory-japanese",
            order=1,
            name="Preparatory Japanese course",
            duration=Duration(months=2),
            paid_by=Payer.CANDIDATE,
            module_ids=("japanese-language",),
            notes="Candidates from poor or near-poor households, ethnic minorities and poor "
            "districts get government support for their costs.",
            source=sources.TRAINING,
        ),
        TrainingPhase(
            id="main-course",
            order=2,
            name="Japanese and pre-departure orientation",
            duration=Duration(months=4),
            paid_by=Payer.IM_JAPAN,
            module_ids=("japanese-language", "culture-and-customs", "working-styles"),
            notes="IM Japan pays the tuition.",
            source=sources.TRAINING,
        ),
    ),
    source=sources.TRAINING,
)

EMPLOYMENT_PROGRAMMES = (
    group_job_interviews(
        CODE,
        organiser_agency_id="moha",
        organiser_inferred="IM Japan says each country's Ministry of Labor holds the group "
        "job interviews; no Vietnamese source names the organiser, so the ministry holding "
        "the MoU with IM Japan since 2025 (the Ministry of Home Affairs) is inferred.",
    ),
    EmploymentProgramme(
        country_code=CODE,
        id="start-up-support",
        kind=ProgrammeKind.BUSINESS_START_UP_SUPPORT,
        name="Start-up support on timely return",
        description=(
            "Interns who return on time get start-up support: 200,000 yen per year of "
            "training in 2017, 'from 600,000 yen' in 2022."
        ),
        source=sources.START_UP,
    ),
)

ESD = esd_not_found(
    CODE,
    EsdNote(
        id="titp-moc",
        text=(
            "The TITP memorandum of cooperation was signed with MOLISA, the first TITP "
            "memorandum with any country."
        ),
        on=date(2017, 6, 6),
        source=sources.ESD_TITP_MOC,
        tag=SourceTag.PRIMARY,
    ),
)
"""An ESD memorandum with Japan and the agency sending under ESD: not found (null)."""
