"""The conditions of stage (iii) (B8) and the records they are checked against.

- The host company is excellent (優良) on the day stage (iii) starts: a period of
  excellence (:class:`HostCompanyExcellence`) covers it. A period recorded with
  a score must reach the rule ``titp.excellent.score_share`` of 150 points (a
  lower score is not an excellent company, so such a period is refused).
- IM Japan holds the general-supervision licence (``titp_general``) valid that day.
- The intern went home between stages (ii) and (iii): a home stay begun after the
  stage (ii) start, lasting at least ``titp.stage_iii.home_months_min`` months and
  less than ``titp.stage_iii.home_months_max``, ended by the start of stage (iii).

Also here: the certified training plan a stage needs, and whether an intern has
an open difficulty (a missing intern...), both read for :func:`dispatch.advance_stage`.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from pydantic import Field, ValidationInfo, field_validator
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import Scope
from core.db.models import (
    Candidate,
    HomeStay,
    HostCompany,
    HostCompanyExcellence,
    Occupation,
    StageRecord,
    SupervisionLicence,
    TrainingPlan,
)
from core.domain.states import Status
from core.domain.supervision import LicenceKind
from core.domain.titp import Stage, stage_label
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.services import difficulties, plans, rules
from core.services.dates import HappenedOn
from core.services.inputs import Input, RowId
from core.services.lookups import get_candidate, get_or_refuse

FULL_SCORE = 150
"""The excellence score is out of 150 points (B8)."""
SCORE_SHARE_RULE = "titp.excellent.score_share"
HOME_MIN_RULE = "titp.stage_iii.home_months_min"
HOME_MAX_RULE = "titp.stage_iii.home_months_max"
HOME_RULES = HOME_MIN_RULE + ", " + HOME_MAX_RULE
YEARS_RULE = "esd.licence.years"
YEARS_EXCELLENT_RULE = "esd.licence.years_excellent"
EXTERNAL_AUDITOR_SOURCE = "https://kouhaku-st.com/?p=937"
"""Reference section 6: the external auditor (外部監査人) is mandatory [secondary]."""


def _ends_after_start(valid_to: date, info: ValidationInfo) -> date:
    valid_from = info.data.get("valid_from")
    if valid_from is not None and valid_to < valid_from:
        raise ValueError(Message("validTo is before validFrom"))
    return valid_to


class RecordExcellenceInput(Input):
    """A period in which a host company is excellent, with its score when known."""

    host_company_id: RowId
    valid_from: date
    valid_to: date
    score: int | None = Field(
        default=None, ge=0, le=FULL_SCORE, description="Points out of 150, when known."
    )

    _valid_to = field_validator("valid_to")(_ends_after_start)


class RecordLicenceInput(Input):
    """A licence IM Japan holds as the supervising organisation, with its validity; an
    ESD supervising support licence also with its external auditor, whether it was
    granted as excellent, and the full-time staff (reference section 6)."""

    kind: LicenceKind
    licence_number: str | None = Field(default=None, min_length=1, max_length=40)
    valid_from: date
    valid_to: date
    excellent: bool | None = Field(
        default=None, description="Granted as excellent (優良): an ESD licence runs longer."
    )
    external_auditor: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The external auditor (外部監査人): mandatory for an ESD licence.",
    )
    full_time_staff: int | None = Field(
        default=None,
        ge=0,
        le=100_000,
        description="Full-time officers and staff, for the staffing ratios of an ESD licence.",
    )

    _valid_to = field_validator("valid_to")(_ends_after_start)


class RecordHomeStayInput(Input):
    """The intern's time at home between stages (ii) and (iii)."""

    candidate_id: RowId
    left_japan_on: HappenedOn
    returned_on: HappenedOn

    @field_validator("returned_on")
    @classmethod
    def _returns_after_leaving(cls, returned_on: date, info: ValidationInfo) -> date:
        left = info.data.get("left_japan_on")
        if left is not None and returned_on <= left:
            raise ValueError(Message("returnedOn is not after leftJapanOn"))
        return returned_on


async def record_excellence(
    *, session: AsyncSession, data: RecordExcellenceInput
) -> HostCompanyExcellence:
    company = await get_or_refuse(
        session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
    )
    if data.score is not None:
        share = await rules.fraction(session, SCORE_SHARE_RULE, data.valid_from)
        needed = share * FULL_SCORE
        if Fraction(data.score) < needed:
            raise DomainValidationError.single(
                "score",
                Message(
                    "{score} of {full} points is not excellent: it takes at least {needed} "
                    "(rule {rule})",
                    score=data.score,
                    full=FULL_SCORE,
                    needed=_number(needed),
                    rule=SCORE_SHARE_RULE,
                ),
                ErrorCode.INVALID,
            )
    assert company.id is not None
    row = HostCompanyExcellence(
        host_company_id=company.id,
        score=data.score,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
    )
    session.add(row)
    await session.flush()
    return row


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


async def record_licence(*, session: AsyncSession, data: RecordLicenceInput) -> SupervisionLicence:
    """Record a licence; an ESD one is checked first (:func:`check_esd_licence`)."""
    if data.kind == LicenceKind.ESD_SUPERVISING_SUPPORT:
        await check_esd_licence(session, data)
    row = SupervisionLicence(
        kind=data.kind.value,
        licence_number=data.licence_number,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        excellent=data.excellent,
        external_auditor=data.external_auditor,
        full_time_staff=data.full_time_staff,
    )
    session.add(row)
    await session.flush()
    return row


async def check_esd_licence(session: AsyncSession, data: RecordLicenceInput) -> None:
    """An ESD supervising support licence names its external auditor (mandatory,
    reference section 6) and is valid at most ``esd.licence.years`` (or
    ``esd.licence.years_excellent`` when granted as excellent), read for the day it
    starts. N years from 2027-04-01 end on the day before the anniversary (2030-03-31
    for 3 years), as a licence's period is written.

    Raises:
        DomainValidationError: on externalAuditor, or on validTo past the longest validity.
    """
    if data.external_auditor is None or not data.external_auditor.strip():
        raise DomainValidationError.single(
            "externalAuditor",
            Message(
                "an ESD supervising support licence needs its external auditor (a lawyer, "
                "labour and social security attorney or administrative scrivener; source: "
                "{source})",
                source=EXTERNAL_AUDITOR_SOURCE,
            ),
            ErrorCode.REQUIRED,
        )
    key = YEARS_EXCELLENT_RULE if data.excellent else YEARS_RULE
    rule = await rules.rule_in_force(session, key, data.valid_from)
    last = data.valid_from + relativedelta(years=rule.whole()) - relativedelta(days=1)
    if data.valid_to > last:
        raise DomainValidationError.single(
            "validTo",
            Message(
                "an ESD supervising support licence is valid at most {years} years (rule "
                "{rule}): from {valid_from} to {last} at the latest (source: {source})",
                years=rule.whole(),
                rule=key,
                valid_from=data.valid_from.isoformat(),
                last=last.isoformat(),
                source=rule.source_url or "unknown",
            ),
            ErrorCode.INVALID,
        )


async def record_home_stay(
    *, session: AsyncSession, scope: Scope, data: RecordHomeStayInput
) -> HomeStay:
    """A home stay of an intern in stage (ii), begun after the stage (ii) start."""
    candidate = await get_candidate(session, data.candidate_id, scope)
    assert candidate.id is not None
    if candidate.status != Status.IN_JAPAN_II.value:
        raise DomainValidationError.single(
            "candidateId",
            Message("a home stay is recorded between stages (ii) and (iii), for an intern in (ii)"),
            ErrorCode.NOT_ALLOWED_STATE,
        )
    second = await _stage_start(session, candidate.id, Stage.II)
    assert second is not None
    if data.left_japan_on <= second:
        raise DomainValidationError.single(
            "leftJapanOn",
            Message(
                "the home stay begins after stage (ii) started ({started})", started=str(second)
            ),
            ErrorCode.INVALID,
        )
    row = HomeStay(
        candidate_id=candidate.id,
        left_japan_on=data.left_japan_on,
        returned_on=data.returned_on,
    )
    session.add(row)
    await session.flush()
    return row


async def _stage_start(session: AsyncSession, candidate_id: int, stage: Stage) -> date | None:
    found = await session.exec(
        select(StageRecord).where(
            StageRecord.candidate_id == candidate_id, StageRecord.stage == stage.value
        )
    )
    record = found.first()
    return record.started_on if record is not None else None


async def refuse_open_difficulty(session: AsyncSession, candidate_id: int) -> None:
    """Refuse (on ``candidateId``) while the intern has a difficulty not resolved."""
    open_one = await difficulties.open_difficulty(session, candidate_id)
    if open_one is not None:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "the intern has an open difficulty ({kind}, since {day}): resolve it first",
                kind=open_one.kind,
                day=str(open_one.occurred_on),
            ),
            ErrorCode.NOT_ALLOWED_STATE,
        )


async def certified_plan_for(
    session: AsyncSession, candidate: Candidate, following: Stage
) -> TrainingPlan:
    """The certified plan the next stage needs; for stage (iii) its occupation must be
    known to allow stage (iii). Stage (ii) stays with the current host company; in
    stage (iii) the intern may change company (the plan's).

    Raises:
        DomainValidationError: on ``candidateId``, naming the plan or the occupation.
    """
    assert candidate.id is not None
    company = candidate.host_company_id if following is Stage.II else None
    plan = await plans.certified_plan(session, candidate.id, following, host_company_id=company)
    if plan is None:
        raise DomainValidationError.single(
            "candidateId",
            Message(
                "moving to stage ({stage}) needs a certified training plan for stage ({stage}); "
                "none is recorded",
                stage=stage_label(following),
            ),
            ErrorCode.INVALID,
        )
    if following is Stage.III:
        occupation = (
            await session.exec(select(Occupation).where(Occupation.code == plan.occupation_code))
        ).first()
        allowed = occupation.stage_iii_allowed if occupation is not None else None
        if allowed is not True:
            raise DomainValidationError.single(
                "candidateId",
                Message(
                    "the plan's occupation {code} is not known to allow stage (iii) "
                    "({state}): stage (iii) needs an eligible operation",
                    code=plan.occupation_code,
                    state=Message("not eligible") if allowed is False else Message("unknown"),
                ),
                ErrorCode.INVALID,
            )
    return plan


async def check_stage_iii(
    session: AsyncSession, candidate_id: int, plan: TrainingPlan, starts_on: date
) -> None:
    """The host company of ``plan`` excellent, the general licence valid, and the home
    stay, each on ``starts_on``; the first that fails is refused, naming it.

    Raises:
        DomainValidationError: on ``startsOn`` (the company or the licence on that day)
            or ``candidateId`` (the home stay).
    """
    excellent = await session.exec(
        select(HostCompanyExcellence.id).where(
            HostCompanyExcellence.host_company_id == plan.host_company_id,
            col(HostCompanyExcellence.valid_from) <= starts_on,
            col(HostCompanyExcellence.valid_to) >= starts_on,
        )
    )
    if excellent.first() is None:
        company = await session.get(HostCompany, plan.host_company_id)
        raise DomainValidationError.single(
            "startsOn",
            Message(
                "stage (iii) needs an excellent host company: {company} has no period of "
                "excellence covering {day}",
                company=company.name if company else str(plan.host_company_id),
                day=str(starts_on),
            ),
            ErrorCode.INVALID,
        )
    licence = await session.exec(
        select(SupervisionLicence.id).where(
            SupervisionLicence.kind == LicenceKind.TITP_GENERAL.value,
            col(SupervisionLicence.valid_from) <= starts_on,
            col(SupervisionLicence.valid_to) >= starts_on,
        )
    )
    if licence.first() is None:
        raise DomainValidationError.single(
            "startsOn",
            Message(
                "stage (iii) needs IM Japan's general-supervision licence (titp_general) "
                "valid on {day}; none is recorded",
                day=str(starts_on),
            ),
            ErrorCode.INVALID,
        )
    await _check_home_stay(session, candidate_id, starts_on)


async def _check_home_stay(session: AsyncSession, candidate_id: int, starts_on: date) -> None:
    least = await rules.whole(session, HOME_MIN_RULE, starts_on)
    most = await rules.whole(session, HOME_MAX_RULE, starts_on)
    second = await _stage_start(session, candidate_id, Stage.II)
    assert second is not None
    stays = (
        await session.exec(
            select(HomeStay)
            .where(
                HomeStay.candidate_id == candidate_id,
                col(HomeStay.left_japan_on) > second,
                col(HomeStay.returned_on) <= starts_on,
            )
            .order_by(col(HomeStay.left_japan_on))
        )
    ).all()
    for stay in stays:
        if (
            stay.left_japan_on + relativedelta(months=least)
            <= stay.returned_on
            < stay.left_japan_on + relativedelta(months=most)
        ):
            return
    raise DomainValidationError.single(
        "candidateId",
        Message(
            "stage (iii) needs a home stay after stage (ii) began ({started}) of at least "
            "{least} month(s) and under {most}, ended by {day}; {found} (rules {rules})",
            started=str(second),
            least=least,
            most=most,
            day=str(starts_on),
            found=(
                Message(
                    "the one recorded is from {left} to {back}",
                    left=str(stays[-1].left_japan_on),
                    back=str(stays[-1].returned_on),
                )
                if stays
                else Message("none is recorded")
            ),
            rules=HOME_RULES,
        ),
        ErrorCode.INVALID,
    )


async def licences(session: AsyncSession) -> list[SupervisionLicence]:
    """IM Japan's licences, latest validity first."""
    found = await session.exec(
        select(SupervisionLicence).order_by(
            col(SupervisionLicence.valid_from).desc(), col(SupervisionLicence.id).desc()
        )
    )
    return list(found.all())
