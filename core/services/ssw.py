"""The move of an ESD worker to Specified Skilled Worker (i) (特定技能1号; reference
section 3, "At the end, to move to SSW(i)").

The worker's status must allow the step (``in_japan_esd``, Step ``move_to_ssw``). Two
passes are needed, each sat on or before the day of the change:

* a passed skills sitting of one of the grades of ``esd.ssw.skills_grades`` (grade 3
  or the SSW (i) skills test);
* a passed Japanese test whose CEFR level (from the test level table) meets
  ``esd.ssw.cefr`` (A2).

The rules are read in the versions in force on the day of the change. TITP's exemption
from the tests for good completion of stage (ii) does not carry over to ESD, so nothing
stands in for either pass; each missing one is refused on its own field (``skillsTest``,
``japaneseTest``), both at once, naming the rule and its source. On success the change
is kept with the passes it used (the latest of each), the status moves to ``ssw_i``
through the history (:func:`core.services.history.move`), and the open employment ends
on the day of the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, Employment, EsdSkillsSitting, LanguageResult, SswChange
from core.domain.esd import LanguageResultKind, meets
from core.domain.states import Status, Step, require_step
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Joined, Message
from core.services import rules
from core.services.dates import HappenedOn
from core.services.esd_sittings import grade_label
from core.services.history import move
from core.services.inputs import Input, RowId
from core.services.lookups import get_candidate

SKILLS_RULE = "esd.ssw.skills_grades"
CEFR_RULE = "esd.ssw.cefr"


class MoveToSswInput(Input):
    """The change of an ESD worker to Specified Skilled Worker (i), on the day it took effect."""

    candidate_id: RowId
    changed_on: HappenedOn


@dataclass(frozen=True)
class SswChangeListing:
    """A change with the passes it used."""

    change: SswChange
    sitting: EsdSkillsSitting
    result: LanguageResult


def _source(rule: rules.Rule) -> str:
    return rule.source_url or "-"


async def move_to_ssw(
    *, session: AsyncSession, scope: Scope, data: MoveToSswInput, actor: str | None
) -> Candidate:
    """Move the worker when both passes are recorded (see the module's docstring)."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    require_step(candidate.status, Step.MOVE_TO_SSW)
    assert candidate.id is not None
    employment = (
        await session.exec(
            select(Employment).where(
                Employment.candidate_id == candidate.id, col(Employment.ended_on).is_(None)
            )
        )
    ).first()
    if employment is not None and data.changed_on <= employment.started_on:
        raise DomainValidationError.single(
            "changedOn",
            Message(
                "the change must fall after the current employment began ({started})",
                started=str(employment.started_on),
            ),
            ErrorCode.INVALID,
        )
    grades_rule = await rules.rule_in_force(session, SKILLS_RULE, data.changed_on)
    cefr_rule = await rules.rule_in_force(session, CEFR_RULE, data.changed_on)
    grades = grades_rule.texts()
    level = cefr_rule.text()
    sitting = (
        await session.exec(
            select(EsdSkillsSitting)
            .where(
                EsdSkillsSitting.candidate_id == candidate.id,
                col(EsdSkillsSitting.passed).is_(True),
                col(EsdSkillsSitting.grade).in_(grades),
                col(EsdSkillsSitting.sat_on) <= data.changed_on,
            )
            .order_by(col(EsdSkillsSitting.sat_on).desc(), col(EsdSkillsSitting.id).desc())
        )
    ).first()
    tests = (
        await session.exec(
            select(LanguageResult)
            .where(
                LanguageResult.candidate_id == candidate.id,
                LanguageResult.kind == LanguageResultKind.TEST.value,
                col(LanguageResult.passed).is_(True),
                col(LanguageResult.taken_on) <= data.changed_on,
            )
            .order_by(col(LanguageResult.taken_on).desc(), col(LanguageResult.id).desc())
        )
    ).all()
    result = next((row for row in tests if meets(row.cefr, level)), None)
    missing: list[UserErrorData] = []
    if sitting is None:
        missing.append(
            UserErrorData(
                field="skillsTest",
                message=Message(
                    "moving to SSW (i) needs a passed {grades} test sat by {day}; none is "
                    "recorded. TITP's exemption for good completion does not apply to ESD "
                    "(rule {rule}, source: {source})",
                    grades=Joined(Message(" or "), [grade_label(grade) for grade in grades]),
                    day=str(data.changed_on),
                    rule=SKILLS_RULE,
                    source=_source(grades_rule),
                ),
                code=ErrorCode.INVALID,
            )
        )
    if result is None:
        missing.append(
            UserErrorData(
                field="japaneseTest",
                message=Message(
                    "moving to SSW (i) needs a passed Japanese test at {level} or above "
                    "taken by {day}; none is recorded (a test of unknown level does not "
                    "count). TITP's exemption for good completion does not apply to ESD "
                    "(rule {rule}, source: {source})",
                    level=level,
                    day=str(data.changed_on),
                    rule=CEFR_RULE,
                    source=_source(cefr_rule),
                ),
                code=ErrorCode.INVALID,
            )
        )
    if missing:
        raise DomainValidationError(missing)
    assert sitting is not None and sitting.id is not None
    assert result is not None and result.id is not None
    session.add(
        SswChange(
            candidate_id=candidate.id,
            changed_on=data.changed_on,
            skills_sitting_id=sitting.id,
            language_result_id=result.id,
        )
    )
    if employment is not None:
        employment.ended_on = data.changed_on
        session.add(employment)
    await move(
        session,
        candidate,
        Status.SSW_I,
        actor=actor,
        reason=f"passed {sitting.grade} and Japanese at {result.cefr}",
    )
    await session.flush()
    return candidate


async def ssw_change(
    session: AsyncSession, scope: Scope, candidate_id: int
) -> SswChangeListing | None:
    """The change of a person ``scope`` sees, with its passes, in one statement."""
    sitting = aliased(EsdSkillsSitting)
    result = aliased(LanguageResult)
    found = (
        await session.exec(
            select(SswChange, sitting, result)
            .join(Candidate, col(Candidate.id) == col(SswChange.candidate_id))
            .join(sitting, col(sitting.id) == col(SswChange.skills_sitting_id))
            .join(result, col(result.id) == col(SswChange.language_result_id))
            .where(col(SswChange.candidate_id) == candidate_id, *scope.candidates())
        )
    ).first()
    if found is None:
        return None
    change, passed_sitting, passed_result = found
    return SswChangeListing(change, passed_sitting, passed_result)
