"""The staffing check of IM Japan's ESD supervising support licence (監理支援機関,
reference section 6): at least ``esd.licence.min_staff`` full-time officers or staff,
and per staff member fewer than ``esd.licence.companies_per_staff`` host companies and
fewer than ``esd.licence.workers_per_staff`` workers.

It warns, it does not refuse: the ratios change as workers arrive and move, and what to
do about them (hire, decline a company) is IM Japan's decision. The workers counted are
the ESD employments open on the day (begun on or before it, not ended by it: a transfer
ends one and begins the next on the same day, so a worker is counted once) and the host
companies are those employing them. Three statements whatever the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy import distinct, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import Employment, SupervisionLicence
from core.domain.supervision import LicenceKind
from core.i18n import Message
from core.services.rules import Rule, rule_book

MIN_STAFF_RULE = "esd.licence.min_staff"
COMPANIES_RULE = "esd.licence.companies_per_staff"
WORKERS_RULE = "esd.licence.workers_per_staff"
RULES = (MIN_STAFF_RULE, COMPANIES_RULE, WORKERS_RULE)


@dataclass(frozen=True)
class StaffingWarning:
    """A staffing rule not met: its limit, the value found (None: unknown) and why."""

    rule: str
    limit: int
    actual: Fraction | None
    message: Message
    source_url: str | None


@dataclass(frozen=True)
class StaffingCheck:
    """The licence valid on ``on`` (None: none), what it supervises and the warnings."""

    on: date
    licence: SupervisionLicence | None
    host_companies: int
    workers: int
    warnings: list[StaffingWarning]

    @property
    def full_time_staff(self) -> int | None:
        return self.licence.full_time_staff if self.licence is not None else None

    @property
    def companies_per_staff(self) -> Fraction | None:
        return _per(self.host_companies, self.full_time_staff)

    @property
    def workers_per_staff(self) -> Fraction | None:
        return _per(self.workers, self.full_time_staff)


def _per(count: int, staff: int | None) -> Fraction | None:
    return Fraction(count, staff) if staff else None


def ratio_text(value: Fraction) -> str:
    """A ratio as the messages show it: a whole number, or two decimals."""
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.2f}"


async def esd_licence_on(session: AsyncSession, on: date) -> SupervisionLicence | None:
    """The ESD supervising support licence valid on ``on``, the latest granted if two."""
    statement = (
        select(SupervisionLicence)
        .where(
            col(SupervisionLicence.kind) == LicenceKind.ESD_SUPERVISING_SUPPORT.value,
            col(SupervisionLicence.valid_from) <= on,
            col(SupervisionLicence.valid_to) >= on,
        )
        .order_by(col(SupervisionLicence.valid_from).desc(), col(SupervisionLicence.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def supervised_on(session: AsyncSession, on: date) -> tuple[int, int]:
    """(host companies, workers) of the ESD employments open on ``on``, in one statement."""
    statement = select(
        func.count(distinct(col(Employment.host_company_id))), func.count(col(Employment.id))
    ).where(
        col(Employment.started_on) <= on,
        or_(col(Employment.ended_on).is_(None), col(Employment.ended_on) > on),
    )
    companies, workers = (await session.exec(statement)).one()
    return int(companies), int(workers)


async def staffing_check(*, session: AsyncSession, on: date) -> StaffingCheck:
    """The staffing of the ESD licence on ``on`` against the rules in force that day."""
    licence = await esd_licence_on(session, on)
    companies, workers = await supervised_on(session, on)
    book = await rule_book(session, RULES)
    staff = licence.full_time_staff if licence is not None else None
    warnings = _warnings(
        staff,
        companies,
        workers,
        book.in_force(MIN_STAFF_RULE, on),
        book.in_force(COMPANIES_RULE, on),
        book.in_force(WORKERS_RULE, on),
    )
    return StaffingCheck(
        on=on, licence=licence, host_companies=companies, workers=workers, warnings=warnings
    )


def _warnings(
    staff: int | None,
    companies: int,
    workers: int,
    min_staff: Rule,
    per_companies: Rule,
    per_workers: Rule,
) -> list[StaffingWarning]:
    found: list[StaffingWarning] = []
    if staff is None:
        found.append(
            StaffingWarning(
                rule=min_staff.key,
                limit=min_staff.whole(),
                actual=None,
                message=Message(
                    "full-time staff unknown: no ESD supervising support licence valid on the "
                    "day records them; at least {limit} are required (rule {rule})",
                    limit=min_staff.whole(),
                    rule=min_staff.key,
                ),
                source_url=min_staff.source_url,
            )
        )
        return found
    if staff < min_staff.whole():
        found.append(
            StaffingWarning(
                rule=min_staff.key,
                limit=min_staff.whole(),
                actual=Fraction(staff),
                message=Message(
                    "{staff} full-time staff, fewer than the {limit} required (rule {rule})",
                    staff=staff,
                    limit=min_staff.whole(),
                    rule=min_staff.key,
                ),
                source_url=min_staff.source_url,
            )
        )
    if staff == 0:
        return found
    for count, rule, what in (
        (companies, per_companies, Message("host companies")),
        (workers, per_workers, Message("workers")),
    ):
        ratio = Fraction(count, staff)
        if ratio >= rule.whole():
            found.append(
                StaffingWarning(
                    rule=rule.key,
                    limit=rule.whole(),
                    actual=ratio,
                    message=Message(
                        "{count} {what} for {staff} full-time staff: {ratio} per staff member, "
                        "where the rule asks for fewer than {limit} (rule {rule})",
                        count=count,
                        what=what,
                        staff=staff,
                        ratio=ratio_text(ratio),
                        limit=rule.whole(),
                        rule=rule.key,
                    ),
                    source_url=rule.source_url,
                )
            )
    return found
