"""The checks of a transfer (転籍) of an ESD worker, each explained, and the repayment
it brings (reference section 4; issue 14 item 5).

A transfer at the worker's wish (本人意向転籍) needs: the same work category (業務区分);
time with the current employer of at least the field's period
(``esd.transfer.period_years.<field>``, provisional); a passed skills test of the grade
``esd.transfer.skills_grade``; a passed Japanese test at the level of
``esd.transfer.cefr.<field>`` (or ``esd.transfer.cefr`` where the field sets none); an
excellent (優良) receiving company on the day; transferees at most a share of the
receiving company's ESD workers (``esd.transfer.receiving_cap``, or ``.metropolitan`` in
the listed prefectures, a partial list); and an arranger the rule allows (private
agencies are barred). A transfer for an unavoidable reason (やむを得ない事情) is allowed
at any time with its reason and an allowed arranger (:data:`UNAVOIDABLE_SOURCE`).

Every rule is read in the version in force on the transfer's day; each outcome keeps
the versions it read (:meth:`Outcome.stored`), so that a transfer decided on them keeps
them after an administrator's later change. The repayment is
:func:`core.services.repayment.repayment`, kept with its rule versions the same way.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import (
    Candidate,
    Employment,
    EsdPlan,
    EsdSkillsSitting,
    HostCompany,
    HostCompanyExcellence,
    LanguageResult,
)
from core.domain.esd import LanguageResultKind, TransferArranger, TransferReason
from core.domain.esd import meets as cefr_meets
from core.domain.esd_fields import period_rule
from core.domain.states import Status, Step, require_step
from core.domain.supervision import PlanStatus
from core.domain.titp import PREFECTURES, prefecture_name
from core.errors import DomainValidationError
from core.i18n import Message, to_json
from core.services import repayment as repayments
from core.services.rules import Rule, RuleBook, RuleMissing, rule_book

UNAVOIDABLE_SOURCE = "https://www.kazahana-office.jp/17696515002503"
"""Reference section 4: a transfer for unavoidable reasons is allowed at any time."""

SKILLS_RULE = "esd.transfer.skills_grade"
CEFR_RULE = "esd.transfer.cefr"
ARRANGERS_RULE = "esd.transfer.arrangers"
CAP_RULE = "esd.transfer.receiving_cap"
METROPOLITAN_CAP_RULE = "esd.transfer.receiving_cap.metropolitan"
METROPOLITAN_RULE = "esd.transfer.metropolitan_prefectures"
WEIGHTS_RULE = "esd.transfer.repayment.weights"
STEP_RULE = "esd.transfer.repayment.step_months"
STANDARD_RULE = "esd.transfer.repayment.standard_amount"
REPAYMENT_RULES = (STANDARD_RULE, WEIGHTS_RULE, STEP_RULE)


def field_cefr_rule(code: str) -> str:
    """The key of a field's own Japanese level for a transfer (care has one)."""
    return f"{CEFR_RULE}.{code}"


# fmt: off
_KANJI = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県",
    "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
    "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
    "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)
# fmt: on
PREFECTURE_KANJI: dict[str, str] = dict(zip(PREFECTURES, _KANJI, strict=True))
"""The prefectures' Japanese names by ISO 3166-2:JP code (JP-01 to JP-47, in the
standard's order): the rule lists prefectures in Japanese, host companies keep the
English name or the code."""


def prefecture_code(value: str) -> str | None:
    """The ISO code of a prefecture named in English, Japanese or by its code."""
    name = prefecture_name(value)
    for code, english in PREFECTURES.items():
        if english == name or PREFECTURE_KANJI[code] == value.strip():
            return code
    return None


class TransferCheckKind(enum.StrEnum):
    """One check of a transfer; a refused transfer names the first that failed."""

    STATUS = "status"
    EMPLOYMENT = "employment"
    OTHER_EMPLOYER = "other_employer"
    SAME_WORK_CATEGORY = "same_work_category"
    PERIOD_SERVED = "period_served"
    SKILLS_LEVEL = "skills_level"
    JAPANESE_LEVEL = "japanese_level"
    RECEIVING_EMPLOYER_EXCELLENT = "receiving_employer_excellent"
    RECEIVING_SHARE = "receiving_share"
    ARRANGER = "arranger"
    UNAVOIDABLE_REASON = "unavoidable_reason"


FIELD_OF_CHECK: dict[TransferCheckKind, str] = {
    TransferCheckKind.STATUS: "candidateId",
    TransferCheckKind.EMPLOYMENT: "transfersOn",  # candidateId when none is recorded
    TransferCheckKind.OTHER_EMPLOYER: "toHostCompanyId",
    TransferCheckKind.SAME_WORK_CATEGORY: "workCategoryCode",
    TransferCheckKind.PERIOD_SERVED: "transfersOn",
    TransferCheckKind.SKILLS_LEVEL: "candidateId",
    TransferCheckKind.JAPANESE_LEVEL: "candidateId",
    TransferCheckKind.RECEIVING_EMPLOYER_EXCELLENT: "toHostCompanyId",
    TransferCheckKind.RECEIVING_SHARE: "toHostCompanyId",
    TransferCheckKind.ARRANGER: "arrangedBy",
    TransferCheckKind.UNAVOIDABLE_REASON: "unavoidableReason",
}
"""The input field a refusal names, per failed check."""


@dataclass(frozen=True)
class Outcome:
    """One check: passed or not, the rule it read (the version in force on the day),
    the values compared and why."""

    check: TransferCheckKind
    passed: bool
    message: Message
    compared: dict[str, Any] = field(default_factory=dict)
    rule: Rule | None = None
    also_read: tuple[Rule, ...] = ()
    source: str | None = None

    @property
    def source_url(self) -> str | None:
        return self.rule.source_url if self.rule is not None else self.source

    def stored(self) -> dict[str, Any]:
        """The outcome as ``Transfer.checks`` keeps it, with every rule version it read."""
        read = [r for r in (self.rule, *self.also_read) if r is not None]
        return {
            "kind": "check",
            "check": self.check.value,
            "passed": self.passed,
            "rule": self.rule.key if self.rule else None,
            "ruleValidFrom": _iso(self.rule.valid_from) if self.rule else None,
            "rulesRead": [
                {"key": r.key, "validFrom": _iso(r.valid_from), "value": r.value} for r in read
            ],
            "compared": self.compared,
            "message": str(self.message),
            "messageJson": to_json(self.message),
            "sourceUrl": self.source_url,
            "tag": self.rule.tag if self.rule else ("secondary" if self.source else None),
            "provisional": any(r.provisional for r in read),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass(frozen=True)
class RepaymentDecision:
    """The repayment with the rule versions it read (provisional while any is)."""

    value: repayments.Repayment
    rules: tuple[Rule, ...]

    @property
    def provisional(self) -> bool:
        return any(rule.provisional for rule in self.rules) or self.value.amount is None

    def stored(self) -> dict[str, Any]:
        value = self.value
        return {
            "kind": "repayment",
            "standardAmount": _money(value.standard_amount),
            "actualCosts": _money(value.actual_costs),
            "total": _money(value.total),
            "shareNumerator": value.share.numerator,
            "shareDenominator": value.share.denominator,
            "amount": _money(value.amount),
            "stepsServed": value.steps_served,
            "provisional": self.provisional,
            "rulesRead": [
                {"key": r.key, "validFrom": _iso(r.valid_from), "value": r.value}
                for r in self.rules
            ],
        }


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


@dataclass(frozen=True)
class Request:
    """What a transfer is checked on (the check query's arguments, the mutation's input)."""

    candidate_id: int
    to_host_company_id: int
    reason: TransferReason
    arranged_by: TransferArranger
    transfers_on: date
    unavoidable_reason: str | None = None
    work_category_code: str | None = None
    actual_costs: Decimal = Decimal(0)


@dataclass(frozen=True)
class Decision:
    """Every outcome, in order, and the repayment (null for unavoidable transfers)."""

    outcomes: list[Outcome]
    repayment: RepaymentDecision | None
    employment: Employment | None = None
    work_category_code: str | None = None

    @property
    def allowed(self) -> bool:
        return all(outcome.passed for outcome in self.outcomes)

    def first_failure(self) -> Outcome | None:
        return next((outcome for outcome in self.outcomes if not outcome.passed), None)


async def open_employment(session: AsyncSession, candidate_id: int) -> Employment | None:
    """The worker's current employment (not ended), the latest begun."""
    found = await session.exec(
        select(Employment)
        .where(Employment.candidate_id == candidate_id, col(Employment.ended_on).is_(None))
        .order_by(col(Employment.started_on).desc(), col(Employment.id).desc())
    )
    return found.first()


async def certified_plan(session: AsyncSession, candidate_id: int) -> EsdPlan | None:
    """The worker's certified ESD plan (its latest certified version)."""
    found = await session.exec(
        select(EsdPlan)
        .where(EsdPlan.candidate_id == candidate_id, EsdPlan.status == PlanStatus.CERTIFIED.value)
        .order_by(col(EsdPlan.version).desc())
    )
    return found.first()


async def decide(session: AsyncSession, candidate: Candidate, request: Request) -> Decision:
    """Every check of ``request`` for ``candidate``, each explained (nothing written)."""
    assert candidate.id is not None
    day = request.transfers_on
    employment = await open_employment(session, candidate.id)
    plan = await certified_plan(session, candidate.id)
    field_code = plan.field_code if plan is not None else None
    keys = [
        SKILLS_RULE,
        CEFR_RULE,
        ARRANGERS_RULE,
        CAP_RULE,
        METROPOLITAN_CAP_RULE,
        METROPOLITAN_RULE,
        *REPAYMENT_RULES,
    ]
    if field_code is not None:
        keys += [period_rule(field_code), field_cefr_rule(field_code)]
    book = await rule_book(session, keys)
    company = await session.get(HostCompany, request.to_host_company_id)
    outcomes = [_status(candidate), _employment(employment, day)]
    if employment is not None:
        outcomes.append(_other_employer(employment, request.to_host_company_id))
    category = request.work_category_code or (employment.work_category_code if employment else None)
    if request.reason is TransferReason.WORKER_WISH:
        outcomes += [
            _same_category(employment, request.work_category_code),
            _period(book, employment, field_code, day),
            await _skills(session, book, candidate.id, day),
            await _japanese(session, book, candidate.id, field_code, day),
            await _excellent(session, company, day),
            await _share(session, book, company, candidate.id, day),
        ]
    outcomes.append(_arranger(book, request.arranged_by, day))
    if request.reason is TransferReason.UNAVOIDABLE:
        outcomes.append(_unavoidable(request.unavoidable_reason))
    repaid = None
    if request.reason is TransferReason.WORKER_WISH and employment is not None:
        repaid = _repayment(book, employment.started_on, request)
    return Decision(outcomes, repaid, employment, category)


def _status(candidate: Candidate) -> Outcome:
    try:
        require_step(candidate.status, Step.TRANSFER)
    except DomainValidationError as refused:
        return Outcome(
            TransferCheckKind.STATUS,
            False,
            refused.errors[0].message,  # type: ignore[arg-type]  # a Message
            {"status": candidate.status, "needed": Status.IN_JAPAN_ESD.value},
        )
    return Outcome(
        TransferCheckKind.STATUS,
        True,
        Message("the worker is in Japan under ESD"),
        {"status": candidate.status, "needed": Status.IN_JAPAN_ESD.value},
    )


def _employment(employment: Employment | None, day: date) -> Outcome:
    if employment is None:
        return Outcome(
            TransferCheckKind.EMPLOYMENT,
            False,
            Message("no current employment is recorded for the worker"),
        )
    started = employment.started_on.isoformat()
    after = employment.started_on < day
    return Outcome(
        TransferCheckKind.EMPLOYMENT,
        after,
        Message("employed since {day}", day=started)
        if after
        else Message("the transfer is after the current employment began ({day})", day=started),
        {"startedOn": started, "transfersOn": day.isoformat()},
    )


def _other_employer(employment: Employment, to_company: int) -> Outcome:
    same = employment.host_company_id == to_company
    return Outcome(
        TransferCheckKind.OTHER_EMPLOYER,
        not same,
        Message("the worker is already employed by that company")
        if same
        else Message("the receiving company is another employer"),
    )


def _same_category(employment: Employment | None, wanted: str | None) -> Outcome:
    current = employment.work_category_code if employment else None
    receiving = wanted or current
    passed = current is not None and receiving == current
    return Outcome(
        TransferCheckKind.SAME_WORK_CATEGORY,
        passed,
        Message(
            "the receiving company takes the worker in work category {receiving}; the "
            "current one is {current}",
            receiving=str(receiving),
            current=str(current),
        ),
        {"current": current, "receiving": receiving},
        source="https://lighthouse88.com/foreign-nationals-employed-for-training-transfer-"
        "requirements",
    )


def _in_force(book: RuleBook, key: str, day: date) -> Rule | None:
    try:
        return book.in_force(key, day)
    except RuleMissing:
        return None


def _period(
    book: RuleBook, employment: Employment | None, field_code: str | None, day: date
) -> Outcome:
    kind = TransferCheckKind.PERIOD_SERVED
    if field_code is None:
        return Outcome(
            kind, False, Message("no certified ESD plan is recorded: the field is unknown")
        )
    rule = _in_force(book, period_rule(field_code), day)
    if rule is None:
        return Outcome(
            kind,
            False,
            Message(
                "no version of rule {key} is in force on {day}: the field's period is unknown",
                key=period_rule(field_code),
                day=day.isoformat(),
            ),
        )
    if employment is None:
        return Outcome(
            kind, False, Message("no current employment is recorded for the worker"), rule=rule
        )
    years = rule.whole()
    ends = employment.started_on + relativedelta(years=years)
    passed = ends <= day
    return Outcome(
        kind,
        passed,
        Message(
            "with the current employer since {start}; the field {field} asks for {years} "
            "year(s), served on {ends}; transfer on {day}",
            start=employment.started_on.isoformat(),
            field=field_code,
            years=years,
            ends=ends.isoformat(),
            day=day.isoformat(),
        ),
        {
            "servedFrom": employment.started_on.isoformat(),
            "years": years,
            "servedOn": ends.isoformat(),
            "transfersOn": day.isoformat(),
        },
        rule=rule,
    )


async def _skills(session: AsyncSession, book: RuleBook, candidate_id: int, day: date) -> Outcome:
    rule = book.in_force(SKILLS_RULE, day)
    grade = rule.text()
    found = await session.exec(
        select(EsdSkillsSitting)
        .where(
            EsdSkillsSitting.candidate_id == candidate_id,
            EsdSkillsSitting.grade == grade,
            col(EsdSkillsSitting.passed).is_(True),
            col(EsdSkillsSitting.sat_on) <= day,
        )
        .order_by(col(EsdSkillsSitting.sat_on))
    )
    passed = found.first()
    return Outcome(
        TransferCheckKind.SKILLS_LEVEL,
        passed is not None,
        Message("passed the {grade} skills test on {day}", grade=grade, day=str(passed.sat_on))
        if passed
        else Message("no pass of the {grade} skills test is recorded", grade=grade),
        {"needed": grade, "passedOn": passed.sat_on.isoformat() if passed else None},
        rule=rule,
    )


async def _japanese(
    session: AsyncSession, book: RuleBook, candidate_id: int, field_code: str | None, day: date
) -> Outcome:
    own = _in_force(book, field_cefr_rule(field_code), day) if field_code else None
    rule = own or book.in_force(CEFR_RULE, day)
    target = rule.text()
    found = await session.exec(
        select(LanguageResult)
        .where(
            LanguageResult.candidate_id == candidate_id,
            LanguageResult.kind == LanguageResultKind.TEST.value,
            col(LanguageResult.passed).is_(True),
            col(LanguageResult.cefr).is_not(None),
            col(LanguageResult.taken_on) <= day,
        )
        .order_by(col(LanguageResult.taken_on))
    )
    meeting = [row for row in found.all() if cefr_meets(row.cefr, target)]
    best = meeting[0] if meeting else None
    return Outcome(
        TransferCheckKind.JAPANESE_LEVEL,
        best is not None,
        Message(
            "passed {test} {level} ({cefr}) on {day}; the level needed is {target}",
            test=str(best.test),
            level=str(best.level),
            cefr=str(best.cefr),
            day=best.taken_on.isoformat(),
            target=target,
        )
        if best
        else Message("no passed Japanese test at {target} or above is recorded", target=target),
        {"needed": target, "passed": best.cefr if best else None},
        rule=rule,
    )


async def _excellent(session: AsyncSession, company: HostCompany | None, day: date) -> Outcome:
    kind = TransferCheckKind.RECEIVING_EMPLOYER_EXCELLENT
    source = "https://hiroyamagyosei.com/2025/05/29/"
    if company is None:
        return Outcome(kind, False, Message("the receiving company is not known"), source=source)
    found = await session.exec(
        select(HostCompanyExcellence).where(
            HostCompanyExcellence.host_company_id == company.id,
            col(HostCompanyExcellence.valid_from) <= day,
            col(HostCompanyExcellence.valid_to) >= day,
        )
    )
    period = found.first()
    return Outcome(
        kind,
        period is not None,
        Message(
            "{company} is excellent from {start} to {end}",
            company=company.name,
            start=period.valid_from.isoformat(),
            end=period.valid_to.isoformat(),
        )
        if period
        else Message(
            "{company} has no period of excellence covering {day}",
            company=company.name,
            day=day.isoformat(),
        ),
        {"day": day.isoformat(), "excellent": period is not None},
        source=source,
    )


async def _share(
    session: AsyncSession,
    book: RuleBook,
    company: HostCompany | None,
    candidate_id: int,
    day: date,
) -> Outcome:
    kind = TransferCheckKind.RECEIVING_SHARE
    listed = book.in_force(METROPOLITAN_RULE, day)
    if company is None or company.id is None:
        return Outcome(kind, False, Message("the receiving company is not known"), rule=listed)
    codes = {prefecture_code(name) for name in listed.texts()} - {None}
    metropolitan = prefecture_code(company.prefecture) in codes
    rule = book.in_force(METROPOLITAN_CAP_RULE if metropolitan else CAP_RULE, day)
    cap = rule.fraction()
    workers, transferees = await _receiving_counts(session, company.id, candidate_id)
    after_workers, after_transferees = workers + 1, transferees + 1
    passed = Fraction(after_transferees, after_workers) <= cap
    return Outcome(
        kind,
        passed,
        Message(
            "after the move {company} would have {transferees} transferee(s) among {workers} "
            "ESD worker(s); at most {cap} may be ({where}: the list of metropolitan "
            "prefectures is partial and provisional)",
            company=company.name,
            transferees=after_transferees,
            workers=after_workers,
            cap=f"{cap.numerator}/{cap.denominator}",
            where=Message("a metropolitan prefecture")
            if metropolitan
            else Message("not a listed metropolitan prefecture"),
        ),
        {
            "transfereesAfter": after_transferees,
            "workersAfter": after_workers,
            "cap": {"numerator": cap.numerator, "denominator": cap.denominator},
            "prefecture": company.prefecture,
            "metropolitan": metropolitan,
        },
        rule=rule,
        also_read=(listed,),
    )


async def _receiving_counts(
    session: AsyncSession, company_id: int, candidate_id: int
) -> tuple[int, int]:
    """The company's ESD workers now (in Japan under ESD, its own) and how many of them
    came by a transfer (their current employment there began with one)."""
    workers = await session.exec(
        select(func.count())
        .select_from(Candidate)
        .where(
            Candidate.host_company_id == company_id,
            Candidate.status == Status.IN_JAPAN_ESD.value,
            col(Candidate.id) != candidate_id,
        )
    )
    transferred = await session.exec(
        select(func.count(func.distinct(Employment.candidate_id)))
        .select_from(Employment)
        .join(Candidate, col(Candidate.id) == Employment.candidate_id)
        .where(
            Employment.host_company_id == company_id,
            col(Employment.ended_on).is_(None),
            col(Employment.transfer_id).is_not(None),
            Candidate.host_company_id == company_id,
            Candidate.status == Status.IN_JAPAN_ESD.value,
            col(Candidate.id) != candidate_id,
        )
    )
    return int(workers.one()), int(transferred.one())


def _arranger(book: RuleBook, arranger: TransferArranger, day: date) -> Outcome:
    rule = book.in_force(ARRANGERS_RULE, day)
    allowed = rule.texts()
    passed = arranger.value in allowed
    return Outcome(
        TransferCheckKind.ARRANGER,
        passed,
        Message("{arranger} may arrange a transfer", arranger=arranger.value)
        if passed
        else Message(
            "{arranger} may not arrange a transfer: only {allowed} may (private placement "
            "agencies are barred)",
            arranger=arranger.value,
            allowed=", ".join(allowed),
        ),
        {"arrangedBy": arranger.value, "allowed": allowed},
        rule=rule,
    )


def _unavoidable(reason: str | None) -> Outcome:
    given = bool(reason and reason.strip())
    return Outcome(
        TransferCheckKind.UNAVOIDABLE_REASON,
        given,
        Message("a transfer for an unavoidable reason is allowed at any time, with the reason")
        if given
        else Message("a transfer for an unavoidable reason needs the reason"),
        {"reason": reason},
        source=UNAVOIDABLE_SOURCE,
    )


def _repayment(book: RuleBook, served_from: date, request: Request) -> RepaymentDecision:
    day = request.transfers_on
    standard, weights, step = (book.in_force(key, day) for key in REPAYMENT_RULES)
    amount = standard.value
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
        raise RuleMissing(f"rule {STANDARD_RULE} is not a whole number of yen: {amount!r}")
    weight_values = weights.value
    if not isinstance(weight_values, list) or not all(
        isinstance(w, int) and not isinstance(w, bool) for w in weight_values
    ):
        raise RuleMissing(f"rule {WEIGHTS_RULE} is not a list of whole numbers: {weight_values!r}")
    value = repayments.repayment(
        standard_amount=None if amount is None else Decimal(amount),
        actual_costs=request.actual_costs,
        weights=weight_values,
        step_months=step.whole(),
        served_from=served_from,
        transfers_on=day,
    )
    return RepaymentDecision(value, (standard, weights, step))
