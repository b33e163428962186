"""Japanese-language records (reference section 3): the levels of the tests with their
CEFR equivalents, as data, and each person's results, a test sat or a course attended.

**Test levels.** Which level of which test stands for which CEFR level is data
(``language_test_level``): migration 0016 seeds JLPT N5 = A1 and N4 = A2, the only
equivalences the reference gives ("A1 (JLPT N5 or similar)", "A2 (JLPT N4 or
similar)"). Other tests (JFT-Basic and the like) are added by an administrator with
their source; the service ships no mapping the reference does not give.

**Results.** A test needs its test, level and whether it was passed; a course its
hours and provider. A test's CEFR level is read from the table when recorded; a test
or level the table does not hold is accepted with the CEFR level unknown (null), and
the API says so. When an administrator later records that level, the results recorded
with it while unknown get its CEFR level (unknown becomes known; a known level is never
changed). Test codes are lower case ("jlpt", "jft_basic"), levels upper case ("N5").
"""

from __future__ import annotations

from pydantic import Field, field_validator
from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import Candidate, LanguageResult, LanguageTestLevel
from core.domain.esd import Cefr, LanguageResultBase, LanguageResultKind
from core.domain.supervision import SourceTag
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Message
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import get_candidate
from core.services.node_loaders import owned_by
from core.services.pages import Listing, column_order

TEST_CODE = r"^[a-z][a-z0-9_]{1,39}$"
"""A test's code, such as ``jlpt`` or ``jft_basic`` (lower case, after trimming)."""
LEVEL = r"^[A-Z0-9][A-Z0-9 ._-]{0,19}$"
"""A level as the test names it, upper case (``N5``)."""


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


class RecordTestLevelInput(Input):
    """A level of a Japanese test and the CEFR level it stands for, with its source."""

    test: str = Field(pattern=TEST_CODE, description="The test's code, e.g. 'jft_basic'.")
    level: str = Field(pattern=LEVEL, description="The level as the test names it, e.g. 'N5'.")
    cefr: Cefr
    source_url: str = Field(min_length=1, max_length=1000)
    tag: SourceTag

    @field_validator("test", mode="before")
    @classmethod
    def _test_lower(cls, value: object) -> object:
        return _lower(value)

    @field_validator("level", mode="before")
    @classmethod
    def _level_upper(cls, value: object) -> object:
        return _upper(value)


class RecordLanguageResultInput(Input, LanguageResultBase):  # type: ignore[misc]  # Input's config
    """A Japanese test sat, or a course attended, by a person."""

    candidate_id: RowId
    kind: LanguageResultKind
    test: str | None = Field(
        default=None, pattern=TEST_CODE, description="The test's code, such as 'jlpt'."
    )
    level: str | None = Field(
        default=None, pattern=LEVEL, description="The level sat, as the test names it ('N5')."
    )
    taken_on: HappenedOn
    course_provider: str | None = Field(default=None, min_length=1, max_length=200)
    course_target: Cefr | None = Field(default=None, description="The CEFR level a course aims at.")

    @field_validator("test", mode="before")
    @classmethod
    def _test_lower(cls, value: object) -> object:
        return _lower(value)

    @field_validator("level", mode="before")
    @classmethod
    def _level_upper(cls, value: object) -> object:
        return _upper(value)


TEST_FIELDS = ("test", "level", "passed")
COURSE_FIELDS = ("course_hours", "course_provider", "course_target", "certified_course")
NEEDED = {
    LanguageResultKind.TEST: TEST_FIELDS,
    LanguageResultKind.COURSE: ("course_hours", "course_provider"),
}
"""What each kind of result must give."""
FOREIGN = {LanguageResultKind.TEST: COURSE_FIELDS, LanguageResultKind.COURSE: TEST_FIELDS}
"""What each kind of result must not give (the other kind's fields)."""


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def kind_label(kind: LanguageResultKind) -> Message:
    """A kind of result as a refusal names it (``test``, ``course``), translatable."""
    return Message(kind.value, context="LanguageResultKind")


def check_kind(data: RecordLanguageResultInput) -> None:
    """A test gives its test, level and result and no course field; a course its hours
    and provider and no test field. Every problem is reported at once.

    Raises:
        DomainValidationError: ``REQUIRED`` on each missing field, ``INVALID`` on each
            field of the other kind.
    """
    problems = [
        UserErrorData(
            field=_camel(name),
            message=Message("required for a {kind}", kind=kind_label(data.kind)),
            code=ErrorCode.REQUIRED,
        )
        for name in NEEDED[data.kind]
        if getattr(data, name) is None
    ]
    problems += [
        UserErrorData(
            field=_camel(name),
            message=Message("not for a {kind}", kind=kind_label(data.kind)),
            code=ErrorCode.INVALID,
        )
        for name in FOREIGN[data.kind]
        if getattr(data, name) is not None
    ]
    if problems:
        raise DomainValidationError(problems)


async def cefr_of(session: AsyncSession, test: str, level: str) -> str | None:
    """The CEFR level the table gives ``test`` at ``level``; None when unknown."""
    found = await session.exec(
        select(LanguageTestLevel.cefr).where(
            LanguageTestLevel.test == test, LanguageTestLevel.level == level
        )
    )
    return found.first()


async def record_language_result(
    *, session: AsyncSession, scope: Scope, data: RecordLanguageResultInput
) -> LanguageResult:
    """Keep a result of a person in ``scope``; a test's CEFR level from the table (null
    when the table does not know the test or level)."""
    check_kind(data)
    candidate = await get_candidate(session, data.candidate_id, scope)
    assert candidate.id is not None
    cefr = None
    if data.kind is LanguageResultKind.TEST:
        assert data.test is not None and data.level is not None
        cefr = await cefr_of(session, data.test, data.level)
    row = LanguageResult(
        candidate_id=candidate.id,
        kind=data.kind.value,
        test=data.test,
        level=data.level,
        passed=data.passed,
        taken_on=data.taken_on,
        course_hours=data.course_hours,
        course_provider=data.course_provider,
        course_target=data.course_target.value if data.course_target else None,
        certified_course=data.certified_course,
        cefr=cefr,
    )
    session.add(row)
    await session.flush()
    return row


async def record_test_level(
    *, session: AsyncSession, data: RecordTestLevelInput, actor: str | None
) -> LanguageTestLevel:
    """Add a level of a test to the table; a level already there is refused (its CEFR
    level may have decided results). Results recorded with this test and level while
    it was unknown get its CEFR level."""
    taken = await cefr_of(session, data.test, data.level)
    if taken is not None:
        raise DomainValidationError.single(
            "level",
            Message(
                "{test} {level} is recorded already (as {cefr})",
                test=data.test,
                level=data.level,
                cefr=taken,
            ),
            ErrorCode.DUPLICATE,
        )
    row = LanguageTestLevel(
        test=data.test,
        level=data.level,
        cefr=data.cefr.value,
        source_url=data.source_url,
        tag=data.tag.value,
        recorded_by=actor,
    )
    session.add(row)
    await session.exec(
        update(LanguageResult)
        .where(
            col(LanguageResult.test) == data.test,
            col(LanguageResult.level) == data.level,
            col(LanguageResult.cefr).is_(None),
        )
        .values(cefr=data.cefr.value)
    )
    await session.flush()
    return row


async def test_levels(session: AsyncSession) -> list[LanguageTestLevel]:
    """Every level of every test, by test, then CEFR level, then level."""
    found = await session.exec(
        select(LanguageTestLevel).order_by(
            col(LanguageTestLevel.test), col(LanguageTestLevel.cefr), col(LanguageTestLevel.level)
        )
    )
    return list(found.all())


def results(
    scope: Scope,
    *,
    candidate_id: int | None = None,
    kind: LanguageResultKind | None = None,
) -> Listing[LanguageResult]:
    """Results of the people ``scope`` sees, by day taken (then id), filtered."""
    statement = select(LanguageResult).where(
        *owned_by(LanguageResult.candidate_id, Candidate, scope.candidates())
    )
    if candidate_id is not None:
        statement = statement.where(LanguageResult.candidate_id == candidate_id)
    if kind is not None:
        statement = statement.where(LanguageResult.kind == kind.value)
    return Listing(
        name="language_result",
        statement=statement,
        order=column_order("taken", col(LanguageResult.taken_on), col(LanguageResult.id)),
    )
