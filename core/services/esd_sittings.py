"""Skills test sittings of ESD workers (reference section 3): the basic grade in year
one, grade 3 or the SSW (i) skills test for the move to SSW (i).

Every sitting is kept whatever its result, as for TITP's sittings
(:mod:`core.services.skills_tests`): a failed attempt is a row like a pass, and a later
sitting never replaces it. Only a person under ESD (``candidate.programme`` is
``esd``) has them; ESD has no stages, so a sitting belongs to the person, not to a
stage. The same grade twice on one day is refused as a duplicate.
"""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, EsdSkillsSitting
from core.domain.esd import EsdSkillsSittingBase, EsdTestGrade, Programme
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import get_candidate
from core.services.node_loaders import owned_by
from core.services.pages import Listing, column_order


class RecordEsdSittingInput(Input, EsdSkillsSittingBase):  # type: ignore[misc]  # Input's config
    """A sitting of a skills test by an ESD worker, passed or not."""

    candidate_id: RowId
    grade: EsdTestGrade
    sat_on: HappenedOn


def grade_label(grade: EsdTestGrade | str) -> Message:
    return Message(EsdTestGrade(grade).value, context="EsdTestGrade")


def require_esd(candidate: Candidate) -> None:
    """Refuse a person who is not under ESD, on ``candidateId``."""
    if candidate.programme != Programme.ESD.value:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "the candidate is not under ESD (programme: {programme})",
                programme=(candidate.programme or Message("none")),
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )


async def record_sitting(
    *, session: AsyncSession, scope: Scope, data: RecordEsdSittingInput
) -> EsdSkillsSitting:
    """Keep a sitting of a worker under ESD in ``scope``."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    assert candidate.id is not None
    require_esd(candidate)
    same = await session.exec(
        select(EsdSkillsSitting.id).where(
            EsdSkillsSitting.candidate_id == candidate.id,
            EsdSkillsSitting.grade == data.grade.value,
            EsdSkillsSitting.sat_on == data.sat_on,
        )
    )
    if same.first() is not None:
        raise DomainValidationError.single(
            "satOn",
            Message(
                "a sitting of the {grade} test on {day} is recorded already",
                grade=grade_label(data.grade),
                day=str(data.sat_on),
            ),
            ErrorCode.DUPLICATE,
        )
    row = EsdSkillsSitting(
        candidate_id=candidate.id,
        grade=data.grade.value,
        sat_on=data.sat_on,
        passed=data.passed,
        score=data.score,
    )
    session.add(row)
    await session.flush()
    return row


def sittings(
    scope: Scope,
    *,
    candidate_id: int | None = None,
    grade: EsdTestGrade | None = None,
    passed: bool | None = None,
) -> Listing[EsdSkillsSitting]:
    """Sittings of the workers ``scope`` sees, by day sat (then id), filtered."""
    statement = select(EsdSkillsSitting).where(
        *owned_by(EsdSkillsSitting.candidate_id, Candidate, scope.candidates())
    )
    if candidate_id is not None:
        statement = statement.where(EsdSkillsSitting.candidate_id == candidate_id)
    if grade is not None:
        statement = statement.where(EsdSkillsSitting.grade == grade.value)
    if passed is not None:
        statement = statement.where(EsdSkillsSitting.passed == passed)
    return Listing(
        name="esd_skills_sitting",
        statement=statement,
        order=column_order("sat", col(EsdSkillsSitting.sat_on), col(EsdSkillsSitting.id)),
    )
