"""Vietnam's ``custom`` screening rules (templates in ``data.py``)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from core.plugin_api import (
    N_,
    NOT_DECLARED,
    NOT_RECORDED,
    CandidateFacts,
    Criterion,
    Joined,
    Message,
    RuleCheck,
    RuleOutcome,
    TestKind,
    flag,
    number,
    outcome,
    readable,
)


class PriorityMaths(BaseModel):
    """Parameters of ``maths-with-priority-points``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_score: int = Field(gt=0)
    questions: int | None = Field(default=None, gt=0)
    time_limit_minutes: int | None = Field(default=None, gt=0)
    pass_marks_by_job_field: dict[str, int] = Field(min_length=1)
    priority_points_above_score: float = Field(ge=0)
    priority_points: dict[str, int]


def maths_with_priority_points(rule: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    """The maths score, plus priority points for a score over the threshold.

    The source (thongtintructuyen.net) lists the points per priority group but
    does not say whether a candidate in several groups adds them up. Only the
    highest single bonus counts here, the reading that never gives more than
    the source states for any one group; the reason says so.
    """
    params = PriorityMaths.model_validate(rule.parameters)
    out_of = f"of {params.max_score}"
    marks = params.pass_marks_by_job_field
    field = candidate.job_field
    if field is None or field not in marks:
        known = ", ".join(marks)
        return outcome(
            rule,
            passed=False,
            expected=f"the pass mark for the candidate's job field ({known})",
            actual=f"job field {field or NOT_RECORDED}",
            reason=(
                Message(
                    "No job field is recorded, and the pass mark depends on it ({fields}).",
                    fields=known,
                )
                if field is None
                else Message(
                    "This call sets no pass mark for the job field '{field}' (only {fields}).",
                    field=field,
                    fields=known,
                )
            ),
        )
    mark = marks[field]
    expected = f"at least {mark} {out_of} for {field}, priority points included"
    test = candidate.tests.get(TestKind.MATHS)
    score = test.score if test is not None else None
    if score is None:
        return outcome(
            rule,
            passed=False,
            expected=expected,
            actual=NOT_RECORDED,
            reason=Message("The maths test score is not recorded."),
        )
    groups = _priority_groups(candidate)
    known_groups = ", ".join(params.priority_points)
    unknown = [group for group in groups or () if group not in params.priority_points]
    if groups is None or unknown:
        return outcome(
            rule,
            passed=False,
            expected=expected,
            actual=f"{number(score)} {out_of}; priority groups not recognised",
            reason=(
                Message(
                    "Unknown priority group(s): {unknown}; the groups are {groups}.",
                    unknown=", ".join(unknown),
                    groups=known_groups,
                )
                if unknown
                else Message(
                    "The priority groups are not recorded as a list of group names ({groups}).",
                    groups=known_groups,
                )
            ),
        )
    threshold = number(params.priority_points_above_score)
    bonus, best = 0, ""
    if groups and score > params.priority_points_above_score:
        best = max(groups, key=lambda group: params.priority_points[group])
        bonus = params.priority_points[best]
    total = score + bonus
    passed = total >= mark
    limit = Message("the pass mark of {mark} for {field}", mark=mark, field=field)
    reason: str
    if bonus:
        actual = f"{number(score)} + {bonus} priority points = {number(total)} {out_of}"
        reason = Message(
            N_(
                "Maths score {score} plus {bonus} priority points ({group}) gives {total}, which "
                "meets {limit}. Only the highest priority bonus counts; the points of several "
                "groups are not added together."
            )
            if passed
            else N_(
                "Maths score {score} plus {bonus} priority points ({group}) gives {total}, "
                "which is below {limit}. Only the highest priority bonus counts; the points of "
                "several groups are not added together."
            ),
            score=number(score),
            bonus=bonus,
            group=readable(best),
            total=number(total),
            limit=limit,
        )
    else:
        actual = f"{number(score)} {out_of}"
        reason = Message(
            N_("Maths score {score} meets {limit}.")
            if passed
            else N_("Maths score {score} is below {limit}."),
            score=number(score),
            limit=limit,
        )
        if groups:
            reason = Joined(
                " ",
                [
                    reason,
                    Message(
                        "Priority points only count for scores over {threshold}.",
                        threshold=threshold,
                    ),
                ],
            )
    return outcome(rule, passed=passed, expected=expected, actual=actual, reason=reason)


def _priority_groups(candidate: CandidateFacts) -> Sequence[str] | None:
    """The candidate's priority groups; none recorded means none; ``None`` if unreadable."""
    groups = candidate.country_details.get("priority_groups", ())
    if isinstance(groups, str) or not isinstance(groups, list | tuple):
        return None
    if not all(isinstance(group, str) for group in groups):
        return None
    return tuple(groups)


def no_illegal_stay_abroad(rule: Criterion, candidate: CandidateFacts) -> RuleOutcome:
    stayed = flag(candidate.country_details, "illegal_stay_abroad")
    if stayed is None:
        actual = NOT_DECLARED
        reason = Message(
            "Whether the candidate has ever lived or worked illegally abroad is not declared."
        )
    elif stayed:
        actual = "has lived or worked illegally abroad"
        reason = Message("Candidates who have lived or worked illegally abroad cannot apply.")
    else:
        actual = "never"
        reason = Message("The candidate has declared never living or working illegally abroad.")
    return outcome(
        rule,
        passed=stayed is False,
        expected="never lived or worked illegally abroad",
        actual=actual,
        reason=reason,
    )


RULES: dict[str, RuleCheck] = {
    "maths-with-priority-points": maths_with_priority_points,
    "no-illegal-stay-abroad": no_illegal_stay_abroad,
}


PARAMETERS: dict[str, type[BaseModel]] = {"maths-with-priority-points": PriorityMaths}
"""The model of the rule's parameters: what a recruitment call may adjust."""
