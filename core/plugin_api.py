"""Everything a country plugin may use, in one module.

A plugin imports from here and from nowhere else in ``core``::

    from core.plugin_api import CountryProfile, LocalizedName, StaticCountry, hookimpl

The names in ``__all__`` are the plugin API: they keep their meaning across
releases, while the modules they come from may move. The bundled countries and
``examples/imjapan-exampleland`` use nothing else (import-linter checks the
countries in ``.ci/run``; a test checks the example). ``from core import
hookimpl`` is the old spelling and keeps working.

This module pulls in neither the web layer nor the database: importing a plugin
costs the records, the screening helpers, Strawberry and SQLModel (the
candidate's declaration, which the screening facts extend, is a SQLModel class),
but no driver, engine or session. The reference,
``docs/plugin-hooks.md``, lists every name here with its summary, grouped by the
banners below; it is generated from ``__all__``, so it cannot drift.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Writing a plugin
# ---------------------------------------------------------------------------
from core.plugins.hookspecs import hookimpl
from core.plugins.static import StaticCountry
from core.settings import Settings

# isort: split
# ---------------------------------------------------------------------------
# Catalogue records and their enumerations
# ---------------------------------------------------------------------------
from core.domain.contracts import (
    AgencyRole,
    AssociationBoard,
    BoardLevel,
    CohortTerm,
    CountryProfile,
    Duration,
    Embassy,
    EmploymentProgramme,
    EsdNote,
    EsdSpecifics,
    Evidence,
    EvidenceNote,
    GovernmentAgency,
    LocalizedName,
    Money,
    Payer,
    PreEntryTraining,
    ProgrammeKind,
    RepresentativeOffice,
    ReturneeAssociation,
    ScreeningRuleTemplate,
    TrainingCentre,
    TrainingModule,
    TrainingPhase,
)
from core.domain.supervision import SourceTag

# isort: split
# ---------------------------------------------------------------------------
# Screening rule kinds and their parameters
# ---------------------------------------------------------------------------
from core.domain.rules import (
    AgeRange,
    BodyMarks,
    BySex,
    Custom,
    DocumentCheck,
    EducationLevel,
    EducationMin,
    FitnessStandard,
    Interview,
    JapaneseLevel,
    JapaneseRequirement,
    MathScore,
    MedicalCheck,
    NoParameters,
    NoPriorWorkInJapan,
    PhysicalFitness,
    RuleKind,
    Sex,
    SexAllowed,
    Vision,
)

# isort: split
# ---------------------------------------------------------------------------
# What holds for every sending country
# ---------------------------------------------------------------------------
from core.domain.programme import (
    IM_JAPAN_ABOUT,
    IM_JAPAN_AGREEMENTS,
    IM_JAPAN_SELECTION,
    MINIMUM_TRAINING_MONTHS,
    SSW_MOCS,
    STANDARD_MODULES,
    esd_not_found,
    group_job_interviews,
    interview_rule,
    medical_check_rule,
)

# isort: split
# ---------------------------------------------------------------------------
# What a custom screening rule receives and returns
# ---------------------------------------------------------------------------
from core.screening.custom import RuleCheck, evaluate_own_rule
from core.screening.details import TEST_DETAILS, Details
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome, TestKind, TestResultFacts

# isort: split
# ---------------------------------------------------------------------------
# Helpers for writing a rule check (reasons are messages, translated for the reader)
# ---------------------------------------------------------------------------
from core.i18n import N_, Joined, Message
from core.screening.age import check_age, describe_range
from core.screening.outcomes import (
    NOT_DECLARED,
    NOT_RECORDED,
    TEST_NAMES,
    check_test_passed,
    count,
    flag,
    measure,
    number,
    outcome,
    people,
    readable,
    verdict,
)

# isort: split
# ---------------------------------------------------------------------------
# GraphQL fields of a plugin's own
# ---------------------------------------------------------------------------
from core.domain.contracts import GraphQLContribution
from core.schema.catalogue.types import AssociationBoard as AssociationBoardType
from core.schema.permissions import PUBLIC

__all__ = [
    "IM_JAPAN_ABOUT",
    "IM_JAPAN_AGREEMENTS",
    "IM_JAPAN_SELECTION",
    "MINIMUM_TRAINING_MONTHS",
    "NOT_DECLARED",
    "NOT_RECORDED",
    "N_",
    "PUBLIC",
    "SSW_MOCS",
    "STANDARD_MODULES",
    "TEST_DETAILS",
    "TEST_NAMES",
    "AgeRange",
    "AgencyRole",
    "AssociationBoard",
    "AssociationBoardType",
    "BoardLevel",
    "BodyMarks",
    "BySex",
    "CandidateFacts",
    "CohortTerm",
    "CountryProfile",
    "Criterion",
    "Custom",
    "Details",
    "DocumentCheck",
    "Duration",
    "EducationLevel",
    "EducationMin",
    "Embassy",
    "EmploymentProgramme",
    "EsdNote",
    "EsdSpecifics",
    "Evidence",
    "EvidenceNote",
    "FitnessStandard",
    "GovernmentAgency",
    "GraphQLContribution",
    "Interview",
    "JapaneseLevel",
    "JapaneseRequirement",
    "Joined",
    "LocalizedName",
    "MathScore",
    "MedicalCheck",
    "Message",
    "Money",
    "NoParameters",
    "NoPriorWorkInJapan",
    "Payer",
    "PhysicalFitness",
    "PreEntryTraining",
    "ProgrammeKind",
    "RepresentativeOffice",
    "ReturneeAssociation",
    "RuleCheck",
    "RuleKind",
    "RuleOutcome",
    "ScreeningRuleTemplate",
    "Settings",
    "Sex",
    "SexAllowed",
    "SourceTag",
    "StaticCountry",
    "TestKind",
    "TestResultFacts",
    "TrainingCentre",
    "TrainingModule",
    "TrainingPhase",
    "Vision",
    "check_age",
    "check_test_passed",
    "count",
    "describe_range",
    "esd_not_found",
    "evaluate_own_rule",
    "flag",
    "group_job_interviews",
    "hookimpl",
    "interview_rule",
    "measure",
    "medical_check_rule",
    "number",
    "outcome",
    "people",
    "readable",
    "verdict",
]
