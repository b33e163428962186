"""Which GraphQL field of the compiled types is which column or relation.

One declaration per field, next to the types it describes; a test
(tests/compiled/test_mapping.py) checks each against the Strawberry type, so a
renamed or retyped field fails there rather than answering wrongly. Only plain
fields are declared: a field with a resolver of its own (computed, asynchronous,
a nested list) is unknown here and leaves its query to the resolver path.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from core.domain import esd, rules, states, titp
from core.services.compiled.plan import Kind


@dataclass(frozen=True)
class Column:
    """A field read from a column of the type's table."""

    column: str
    kind: Kind
    enum: tuple[tuple[str, str], ...] = ()
    """For an enumeration: (stored value, GraphQL name) of each member."""
    enum_name: str = ""
    """For an enumeration: the GraphQL enum type's name (checked by the meta-test)."""


@dataclass(frozen=True)
class Relation:
    """A field that is one row of another compiled type (or null)."""

    relation: str
    """The relation's name, as :mod:`core.services.compiled` joins it."""
    type_name: str


Field = Column | Relation


def _column(column: str, kind: Kind) -> Column:
    return Column(column=column, kind=kind)


def _enum_column(column: str, kind: type[Enum], name: str) -> Column:
    members = tuple((str(member.value), member.name) for member in kind)
    return Column(column=column, kind=Kind.ENUM, enum=members, enum_name=name)


CANDIDATE: dict[str, Field] = {
    "id": _column("id", Kind.ID),
    "countryCode": _column("country_code", Kind.STRING),
    "applicantNumber": _column("applicant_number", Kind.STRING),
    "fullName": _column("full_name", Kind.STRING),
    "dateOfBirth": _column("date_of_birth", Kind.DATE),
    "sex": _enum_column("sex", rules.Sex, "Sex"),
    "educationLevel": _enum_column("education_level", rules.EducationLevel, "EducationLevel"),
    "educationTrack": _column("education_track", Kind.STRING),
    "jobField": _column("job_field", Kind.STRING),
    "heightCm": _column("height_cm", Kind.FLOAT),
    "weightKg": _column("weight_kg", Kind.FLOAT),
    "japaneseLevel": _enum_column("japanese_level", rules.JapaneseLevel, "JapaneseLevel"),
    "priorInternshipInJapan": _column("prior_internship_in_japan", Kind.BOOLEAN),
    "priorWorkInJapan": _column("prior_work_in_japan", Kind.BOOLEAN),
    "militaryServiceCompleted": _column("military_service_completed", Kind.BOOLEAN),
    "criminalRecord": _column("criminal_record", Kind.BOOLEAN),
    "status": _enum_column("status", states.Status, "CandidateStatus"),
    "trainingCompletedOn": _column("training_completed_on", Kind.DATE),
    "enteredJapanOn": _column("entered_japan_on", Kind.DATE),
    "returnedOn": _column("returned_on", Kind.DATE),
    "returnOutcome": _enum_column("return_outcome", titp.ReturnOutcome, "ReturnOutcome"),
    "returnReason": _column("return_reason", Kind.STRING),
    "programme": _enum_column("programme", esd.Programme, "Programme"),
    "call": Relation("candidate.call", "RecruitmentCall"),
    "cohort": Relation("candidate.cohort", "TrainingCohort"),
    "hostCompany": Relation("candidate.host_company", "HostCompany"),
    "latestScreeningDecision": Relation("candidate.latest_screening_decision", "ScreeningDecision"),
}

RECRUITMENT_CALL: dict[str, Field] = {
    "id": _column("id", Kind.ID),
    "countryCode": _column("country_code", Kind.STRING),
    "label": _column("label", Kind.STRING),
    "jobFields": _column("job_fields", Kind.STRING_LIST),
    "places": _column("places", Kind.INT),
    "opensOn": _column("opens_on", Kind.DATE),
    "closesOn": _column("closes_on", Kind.DATE),
}

TRAINING_COHORT: dict[str, Field] = {
    "id": _column("id", Kind.ID),
    "countryCode": _column("country_code", Kind.STRING),
    "name": _column("name", Kind.STRING),
    "centreId": _column("centre_id", Kind.STRING),
    "startsOn": _column("starts_on", Kind.DATE),
    "endsOn": _column("ends_on", Kind.DATE),
}

HOST_COMPANY: dict[str, Field] = {
    "id": _column("id", Kind.ID),
    "name": _column("name", Kind.STRING),
    "prefecture": _column("prefecture", Kind.STRING),
    "jobCategory": _column("job_category", Kind.STRING),
}

SCREENING_DECISION: dict[str, Field] = {
    "id": _column("id", Kind.ID),
    "passed": _column("passed", Kind.BOOLEAN),
    "screenedOn": _column("screened_on", Kind.DATE),
}

TYPES: dict[str, dict[str, Field]] = {
    "Candidate": CANDIDATE,
    "RecruitmentCall": RECRUITMENT_CALL,
    "TrainingCohort": TRAINING_COHORT,
    "HostCompany": HOST_COMPANY,
    "ScreeningDecision": SCREENING_DECISION,
}
"""The compiled object types, by GraphQL name: their tables are
:data:`core.services.compiled.TABLES`."""
