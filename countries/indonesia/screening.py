"""Indonesia's ``custom`` screening rules (templates in ``data.py``)."""

from __future__ import annotations

from dataclasses import replace

from pydantic import BaseModel, ConfigDict, Field

from core.plugin_api import (
    N_,
    NOT_RECORDED,
    AgeRange,
    CandidateFacts,
    Criterion,
    Joined,
    Message,
    RuleCheck,
    RuleOutcome,
    check_age,
    count,
    describe_range,
    measure,
    outcome,
)

# How data.py's description names the tracks; an unknown key is shown as it is.
TRACK_NAMES = {
    "smk_teknik": N_("SMK Teknik (technical vocational school)"),
    "sma": N_("SMA (general high school)"),
}


def _track_name(track: str) -> str:
    return Message(TRACK_NAMES[track]) if track in TRACK_NAMES else track


class TrackAges(BaseModel):
    """Parameters of ``age-by-education-track``: an age range per track."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tracks: dict[str, AgeRange] = Field(min_length=1)


def age_by_education_track(rule: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    """The age range of the candidate's education track, compared as ``age_range`` is."""
    params = TrackAges.model_validate(rule.parameters)
    track = candidate.education_track
    if track is None or track not in params.tracks:
        known = ", ".join(params.tracks)
        return outcome(
            rule,
            passed=False,
            expected="; ".join(
                f"{_track_name(key)}: {describe_range(bounds)}"
                for key, bounds in params.tracks.items()
            ),
            actual="no education track recorded" if track is None else f"education track {track}",
            reason=(
                Message(
                    "No education track is recorded, and the age limits depend on it ({known}).",
                    known=known,
                )
                if track is None
                else Message(
                    "The education track '{track}' is not one of this call's tracks ({known}).",
                    track=track,
                    known=known,
                )
            ),
        )
    bounds = params.tracks[track]
    result = check_age(
        rule,
        candidate,
        bounds,
        qualifier=Message(" for {track} graduates", track=_track_name(track)),
    )
    return replace(result, expected=f"{result.expected} ({_track_name(track)})")


class TechnicalTraining(BaseModel):
    """Parameters of ``technical-training``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min_lesson_hours: float = Field(gt=0)
    alternative_work_experience_months: float = Field(gt=0)


def technical_training(rule: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    """Enough lesson hours of technical training, or enough months of technical work.

    Reads ``country_details["lesson_hours"]`` and
    ``country_details["technical_work_months"]``. The source offers the work
    alternative "for non-technical graduates"; the candidate facts do not say
    which graduates are technical, so either way passes here.
    """
    params = TechnicalTraining.model_validate(rule.parameters)
    min_hours = count(params.min_lesson_hours, "lesson hour")
    min_months = count(params.alternative_work_experience_months, "month")
    expected = f"at least {min_hours} of technical training, or {min_months} of technical work"
    hours = measure(candidate.country_details, "lesson_hours")
    months = measure(candidate.country_details, "technical_work_months")
    training = count(hours, "lesson hour") if hours is not None else None
    work = count(months, "month") if months is not None else None
    actual = ", ".join(
        [
            f"training {training or NOT_RECORDED}",
            f"technical work {work or NOT_RECORDED}",
        ]
    )
    if hours is not None and hours >= params.min_lesson_hours:
        passed = True
        reason = Message(
            "Technical training of {training} meets the minimum of {minimum}.",
            training=training or "",
            minimum=min_hours,
        )
    elif months is not None and months >= params.alternative_work_experience_months:
        passed = True
        reason = Message(
            "Technical work of {work} meets the alternative minimum of {minimum}.",
            work=work or "",
            minimum=min_months,
        )
    elif hours is None and months is None:
        passed = False
        reason = Message(
            "Neither technical training hours nor technical work experience is recorded."
        )
    else:
        passed = False
        shortfalls: list[str] = []
        shortfalls.append(
            Message(
                "technical training of {training} is below {minimum}",
                training=training,
                minimum=min_hours,
            )
            if training is not None
            else Message("technical training is not recorded")
        )
        shortfalls.append(
            Message("technical work of {work} is below {minimum}", work=work, minimum=min_months)
            if work is not None
            else Message("technical work is not recorded")
        )
        # Two clauses, joined as clauses (a sentence each in Japanese).
        joined = Joined(Message(" and ", context="clauses"), shortfalls)
        reason = Message("Neither requirement is met: {shortfalls}.", shortfalls=joined)
    return outcome(rule, passed=passed, expected=expected, actual=actual, reason=reason)


RULES: dict[str, RuleCheck] = {
    "age-by-education-track": age_by_education_track,
    "technical-training": technical_training,
}


PARAMETERS: dict[str, type[BaseModel]] = {
    "age-by-education-track": TrackAges,
    "technical-training": TechnicalTraining,
}
"""The models of the rules' parameters: what a recruitment call may adjust."""
