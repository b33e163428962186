"""Kinds of screening rule and the parameters each kind takes.

A recruitment call copies its criteria from the country's rule templates, so
criteria are data. Each kind names a check that several countries make; its
parameter model says what a template must supply and what the screening engine
will compare. ``custom`` is for checks that are not a plain threshold (Vietnam's
priority points, Indonesia's minimum age by education track): only the owning
country plugin interprets their parameters.

A parameter that is unknown stays ``None``: it is part of the template so a
ministry officer can fill it in for a call, but nobody guesses it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.errors import describe_validation_error


class RuleKind(StrEnum):
    """The kind of check a screening rule makes; it decides the model of its parameters."""

    AGE_RANGE = "age_range"
    SEX = "sex"
    EDUCATION_MIN = "education_min"
    HEIGHT_MIN = "height_min"
    WEIGHT_MIN = "weight_min"
    VISION = "vision"
    BODY_MARKS = "body_marks"
    NO_PRIOR_WORK_IN_JAPAN = "no_prior_work_in_japan"
    NO_CRIMINAL_RECORD = "no_criminal_record"
    MILITARY_SERVICE_COMPLETED = "military_service_completed"
    MATH_SCORE_MIN = "math_score_min"
    PHYSICAL_FITNESS = "physical_fitness"
    INTERVIEW = "interview"
    MEDICAL_CHECK = "medical_check"
    JAPANESE_LEVEL = "japanese_level"
    DOCUMENT_CHECK = "document_check"
    CUSTOM = "custom"


class Sex(StrEnum):
    """A candidate's sex, as calls state requirements for men and for women."""

    MALE = "male"
    FEMALE = "female"


class EducationLevel(StrEnum):
    """Completed school level, ordered from lowest to highest."""

    LOWER_SECONDARY = "lower_secondary"
    SECONDARY = "secondary"
    UPPER_SECONDARY = "upper_secondary"
    POST_SECONDARY = "post_secondary"


class JapaneseLevel(StrEnum):
    """JLPT levels, N5 being the first."""

    N5 = "N5"
    N4 = "N4"
    N3 = "N3"
    N2 = "N2"
    N1 = "N1"


class PriorWorkScope(StrEnum):
    """What earlier stay in Japan disqualifies a candidate."""

    TECHNICAL_INTERNSHIP = "technical_internship"
    ANY_WORK = "any_work"


class Parameters(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class NoParameters(Parameters):
    """Parameters of the kinds that take none (no criminal record, military service done)."""


class AgeRange(Parameters):
    """Age on the day of the selection test, in whole years plus months."""

    min_years: int = Field(ge=15, le=60)
    min_months: int = Field(default=0, ge=0, le=11)
    max_years: int | None = Field(default=None, ge=15, le=60)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.max_years is not None and self.max_years < self.min_years:
            raise ValueError("max_years is below min_years")
        return self


class SexAllowed(Parameters):
    """Parameters of a ``sex`` rule: the sexes a call accepts."""

    allowed: tuple[Sex, ...] = Field(min_length=1)


class EducationMin(Parameters):
    """Parameters of an ``education_min`` rule: the lowest completed school level."""

    level: EducationLevel
    accepted_qualifications: tuple[str, ...] = ()


class BySex(Parameters):
    """A minimum that differs for men and women; at least one is set."""

    male: float | None = Field(default=None, gt=0)
    female: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_set(self) -> Self:
        if self.male is None and self.female is None:
            raise ValueError("set a minimum for male or female candidates")
        return self


class Vision(Parameters):
    """Parameters of a ``vision`` rule: the aids and deficiencies accepted, minimum acuity."""

    glasses_allowed: bool | None = None
    contact_lenses_allowed: bool | None = None
    colour_vision_deficiency_allowed: bool = False
    min_uncorrected_acuity: float | None = Field(default=None, gt=0, le=2)
    min_corrected_acuity: float | None = Field(default=None, gt=0, le=2)


class BodyMarks(Parameters):
    """Parameters of a ``body_marks`` rule: whether tattoos and piercings are accepted."""

    tattoos_allowed: bool = False
    piercings_allowed: bool | None = None
    removed_marks_count: bool = Field(
        default=True, description="A removed tattoo or healed piercing also fails the rule."
    )


class MathScore(Parameters):
    """Parameters of a ``math_score_min`` rule: the pass mark, overall or by job field."""

    max_score: int = Field(gt=0)
    pass_mark: int | None = Field(default=None, ge=0)
    pass_marks_by_job_field: dict[str, int] = Field(default_factory=dict)
    questions: int | None = Field(default=None, gt=0)
    time_limit_minutes: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _marks_within_max(self) -> Self:
        marks = [self.pass_mark, *self.pass_marks_by_job_field.values()]
        if all(mark is None for mark in marks):
            raise ValueError("set pass_mark or pass_marks_by_job_field")
        if any(mark is not None and mark > self.max_score for mark in marks):
            raise ValueError("a pass mark is above max_score")
        return self


class FitnessStandard(Parameters):
    """The physical fitness standard for one sex: a timed run, push-ups, sit-ups."""

    run_distance_m: int | None = Field(default=None, gt=0)
    run_max_minutes: float | None = Field(default=None, gt=0)
    push_ups: int | None = Field(default=None, ge=0)
    sit_ups: int | None = Field(default=None, ge=0)


class PhysicalFitness(Parameters):
    """Parameters of a ``physical_fitness`` rule: the standards for men and women."""

    male: FitnessStandard | None = None
    female: FitnessStandard | None = None


class NoPriorWorkInJapan(Parameters):
    """Parameters of a ``no_prior_work_in_japan`` rule."""

    scope: PriorWorkScope = Field(
        description="What earlier stay disqualifies: a technical internship, or any work in Japan."
    )


class Interview(Parameters):
    """Parameters of an ``interview`` rule: the topics the interview covers."""

    topics: tuple[str, ...] = ()


class MedicalCheck(Parameters):
    """Parameters of a ``medical_check`` rule: the standard and the checks made."""

    standard: str | None = None
    checks: tuple[str, ...] = ()


class JapaneseRequirement(Parameters):
    """Parameters of a ``japanese_level`` rule: a JLPT level, required or a plus."""

    min_level: JapaneseLevel | None = None
    required: bool = Field(
        description="False when the level only counts in the candidate's favour."
    )


class DocumentCheck(Parameters):
    """Parameters of a ``document_check`` rule: the documents a candidate presents."""

    documents: tuple[str, ...] = ()


class Custom(BaseModel):
    """Free-form parameters, interpreted by the owning country plugin."""

    model_config = ConfigDict(frozen=True, extra="allow")


PARAMETERS: dict[RuleKind, type[BaseModel]] = {
    RuleKind.AGE_RANGE: AgeRange,
    RuleKind.SEX: SexAllowed,
    RuleKind.EDUCATION_MIN: EducationMin,
    RuleKind.HEIGHT_MIN: BySex,
    RuleKind.WEIGHT_MIN: BySex,
    RuleKind.VISION: Vision,
    RuleKind.BODY_MARKS: BodyMarks,
    RuleKind.NO_PRIOR_WORK_IN_JAPAN: NoPriorWorkInJapan,
    RuleKind.NO_CRIMINAL_RECORD: NoParameters,
    RuleKind.MILITARY_SERVICE_COMPLETED: NoParameters,
    RuleKind.MATH_SCORE_MIN: MathScore,
    RuleKind.PHYSICAL_FITNESS: PhysicalFitness,
    RuleKind.INTERVIEW: Interview,
    RuleKind.MEDICAL_CHECK: MedicalCheck,
    RuleKind.JAPANESE_LEVEL: JapaneseRequirement,
    RuleKind.DOCUMENT_CHECK: DocumentCheck,
    RuleKind.CUSTOM: Custom,
}


def normalize_parameters(kind: RuleKind, parameters: dict[str, Any]) -> dict[str, Any]:
    """Validate ``parameters`` for ``kind`` and return them with defaults filled in.

    Raises ``ValueError`` naming the parameter and the reason.
    """
    model = PARAMETERS[kind]
    try:
        validated = model.model_validate(parameters)
    except ValidationError as exc:
        raise ValueError(
            f"parameters for a {kind.value} rule: {describe_validation_error(exc)}"
        ) from None
    return validated.model_dump(mode="json")
