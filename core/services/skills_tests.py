"""Skills test sittings (B7), and the gate of each stage they open.

Every sitting is kept whatever its result: a failed attempt is a row like a
pass, and a later sitting never replaces an earlier one. A sitting belongs to
a stage the intern has begun and falls within that stage's dates (from its
start to the next stage's start, or to the return home), so a result that
arrives after the intern moved on is still recorded against the stage it was
sat in. The parts each grade has (the basic grade written and practical,
grades 3 and 2 practical only) are the rule ``titp.skills_test.parts``.

The gate of a stage (rules ``titp.gate.ii`` and ``titp.gate.iii``: the
(grade, part) pairs to pass) is met by passed sittings of the current stage
sat on or before the day the next stage starts (:func:`gate_sittings`).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, SkillsTestSitting, StageRecord
from core.domain.supervision import SkillsTestSittingBase, TestGrade, TestPart
from core.domain.titp import Stage, stage_label
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Joined, Message
from core.services import rules
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import get_candidate
from core.services.node_loaders import owned_by
from core.services.pages import Listing, column_order

PARTS_RULE = "titp.skills_test.parts"
GATE_RULES = {Stage.II: "titp.gate.ii", Stage.III: "titp.gate.iii"}
"""The rule naming the (grade, part) passes each stage needs."""


class RecordSittingInput(Input, SkillsTestSittingBase):  # type: ignore[misc]  # Input's config
    """A sitting of a skills test by an intern, passed or not."""

    candidate_id: RowId
    stage: Stage
    grade: TestGrade
    part: TestPart
    sat_on: HappenedOn


def grade_label(grade: TestGrade | str) -> Message:
    return Message(TestGrade(grade).value, context="TestGrade")


def part_label(part: TestPart | str) -> Message:
    return Message(TestPart(part).value, context="TestPart")


async def record_sitting(
    *, session: AsyncSession, scope: Scope, data: RecordSittingInput
) -> SkillsTestSitting:
    """Keep a sitting: the grade must have the part (the rule on the day sat), the
    intern must have begun the stage, and the day must fall within it; the same
    grade and part twice on one day is refused as a duplicate."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    assert candidate.id is not None
    parts = (await rules.rule_in_force(session, PARTS_RULE, data.sat_on)).value
    allowed = [TestPart(part) for part in parts.get(data.grade.value, [])]
    if data.part not in allowed:
        raise DomainValidationError.single(
            "part",
            Message(
                "the {grade} test has no {part} part: it has {allowed} (rule {rule})",
                grade=grade_label(data.grade),
                part=part_label(data.part),
                allowed=Joined(Message(" and "), [part_label(part) for part in allowed]),
                rule=PARTS_RULE,
            ),
            ErrorCode.INVALID,
        )
    start, end = await _stage_span(session, candidate, data.stage)
    if start is None:
        raise DomainValidationError.single(
            "stage",
            Message("the intern has not begun stage ({stage})", stage=stage_label(data.stage)),
            ErrorCode.INVALID,
        )
    if data.sat_on < start or (end is not None and data.sat_on > end):
        raise DomainValidationError.single(
            "satOn",
            Message(
                "a sitting of stage ({stage}) falls within it: from {start} to {end}",
                stage=stage_label(data.stage),
                start=str(start),
                end=str(end),
            )
            if end is not None
            else Message(
                "a sitting of stage ({stage}) falls on or after its start ({start})",
                stage=stage_label(data.stage),
                start=str(start),
            ),
            ErrorCode.INVALID,
        )
    same = await session.exec(
        select(SkillsTestSitting.id).where(
            SkillsTestSitting.candidate_id == candidate.id,
            SkillsTestSitting.grade == data.grade.value,
            SkillsTestSitting.part == data.part.value,
            SkillsTestSitting.sat_on == data.sat_on,
        )
    )
    if same.first() is not None:
        raise DomainValidationError.single(
            "satOn",
            Message(
                "a sitting of the {grade} {part} test on {day} is recorded already",
                grade=grade_label(data.grade),
                part=part_label(data.part),
                day=str(data.sat_on),
            ),
            ErrorCode.DUPLICATE,
        )
    sitting = SkillsTestSitting(
        candidate_id=candidate.id,
        stage=data.stage.value,
        grade=data.grade.value,
        part=data.part.value,
        sat_on=data.sat_on,
        passed=data.passed,
        score=data.score,
    )
    session.add(sitting)
    await session.flush()
    return sitting


async def _stage_span(
    session: AsyncSession, candidate: Candidate, stage: Stage
) -> tuple[date | None, date | None]:
    """When ``stage`` began (None: not begun) and ended (the next stage's start, the
    return home, or None while it goes on)."""
    records = (
        await session.exec(select(StageRecord).where(StageRecord.candidate_id == candidate.id))
    ).all()
    started = {Stage(record.stage): record.started_on for record in records}
    if stage not in started:
        return None, None
    order = list(Stage)
    following = order[order.index(stage) + 1] if stage is not Stage.III else None
    end = started.get(following) if following is not None else None
    return started[stage], end or candidate.returned_on


async def gate_sittings(
    session: AsyncSession, candidate_id: int, current: Stage, following: Stage, starts_on: date
) -> list[SkillsTestSitting]:
    """The passed sittings that open ``following``: for each (grade, part) of its
    gate rule (in force on ``starts_on``), the latest passed sitting of the current
    stage sat on or before ``starts_on``.

    Raises:
        DomainValidationError: on ``skillsTest``, naming the first result missing and
            the failed attempts recorded for it.
    """
    rule = GATE_RULES[following]
    needed = (await rules.rule_in_force(session, rule, starts_on)).value
    sittings = (
        await session.exec(
            select(SkillsTestSitting)
            .where(
                SkillsTestSitting.candidate_id == candidate_id,
                SkillsTestSitting.stage == current.value,
                col(SkillsTestSitting.sat_on) <= starts_on,
            )
            .order_by(col(SkillsTestSitting.sat_on), col(SkillsTestSitting.id))
        )
    ).all()
    found: list[SkillsTestSitting] = []
    for grade, part in needed:
        tried = [row for row in sittings if (row.grade, row.part) == (grade, part)]
        passed = [row for row in tried if row.passed]
        if passed:
            found.append(passed[-1])
            continue
        failed = [str(row.sat_on) for row in tried]
        raise DomainValidationError.single(
            "skillsTest",
            Message(
                "moving to stage ({stage}) needs a passed {grade} {part} test sat during "
                "stage ({current}) by {starts}; none is recorded ({attempts}) (rule {rule})",
                stage=stage_label(following),
                grade=grade_label(grade),
                part=part_label(part),
                current=stage_label(current),
                starts=str(starts_on),
                attempts=(
                    Message("failed on {days}", days=", ".join(failed))
                    if failed
                    else Message("no sitting")
                ),
                rule=rule,
            ),
            ErrorCode.INVALID,
        )
    return found


def sittings(
    scope: Scope,
    *,
    candidate_id: int | None = None,
    grade: TestGrade | None = None,
    passed: bool | None = None,
) -> Listing[SkillsTestSitting]:
    """Sittings of the candidates ``scope`` sees, by day sat (then id), filtered."""
    statement = select(SkillsTestSitting).where(
        *owned_by(SkillsTestSitting.candidate_id, Candidate, scope.candidates())
    )
    if candidate_id is not None:
        statement = statement.where(SkillsTestSitting.candidate_id == candidate_id)
    if grade is not None:
        statement = statement.where(SkillsTestSitting.grade == grade.value)
    if passed is not None:
        statement = statement.where(SkillsTestSitting.passed == passed)
    return Listing(
        name="skills_test_sitting",
        statement=statement,
        order=column_order("sat", col(SkillsTestSitting.sat_on), col(SkillsTestSitting.id)),
    )
