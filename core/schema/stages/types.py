"""The stages' types: the sittings, excellence periods and home stays (declared with the
candidate and host company that show them, in :mod:`core.schema.lifecycle.types`), and
IM Japan's licences."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

import strawberry

from core.db import models
from core.domain import supervision
from core.i18n import localized
from core.schema.lifecycle.types import (
    HomeStay,
    HostCompanyExcellence,
    SkillsTestSitting,
    TestGrade,
    TestPart,
)
from core.services import staffing

if TYPE_CHECKING:
    LicenceKind = supervision.LicenceKind
else:
    LicenceKind = strawberry.enum(supervision.LicenceKind, name="LicenceKind")

__all__ = [
    "HomeStay",
    "HostCompanyExcellence",
    "LicenceKind",
    "SkillsTestSitting",
    "StaffingCheck",
    "StaffingWarning",
    "SupervisionLicence",
    "TestGrade",
    "TestPart",
]


@strawberry.type(
    description=(
        "A licence IM Japan holds as the supervising organisation; stage (iii) needs the "
        "general-supervision one valid on its start."
    )
)
class SupervisionLicence:
    kind: LicenceKind
    licence_number: str | None
    valid_from: date
    valid_to: date
    excellent: bool | None = strawberry.field(
        description="Granted as excellent (優良); null when not said."
    )
    external_auditor: str | None = strawberry.field(
        description="The external auditor (外部監査人), mandatory for an ESD licence."
    )
    full_time_staff: int | None = strawberry.field(
        description="Full-time officers and staff; null when not recorded."
    )

    @classmethod
    def from_row(cls, row: models.SupervisionLicence) -> SupervisionLicence:
        return cls(
            kind=LicenceKind(row.kind),
            licence_number=row.licence_number,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            excellent=row.excellent,
            external_auditor=row.external_auditor,
            full_time_staff=row.full_time_staff,
        )


def _float(value: Fraction | None) -> float | None:
    return round(float(value), 2) if value is not None else None


@strawberry.type(
    description=(
        "A staffing rule of the ESD supervising support licence not met: the rule's key, "
        "its limit, the value found (null: unknown), why, and the rule's source."
    )
)
class StaffingWarning:
    rule: str
    limit: int
    actual: float | None = strawberry.field(
        description="The staff count or the ratio per staff member found (two decimals)."
    )
    message: str
    source_url: str | None

    @classmethod
    def of(cls, warning: staffing.StaffingWarning) -> StaffingWarning:
        return cls(
            rule=warning.rule,
            limit=warning.limit,
            actual=_float(warning.actual),
            message=localized(warning.message),
            source_url=warning.source_url,
        )


@strawberry.type(
    description=(
        "The staffing of IM Japan's ESD supervising support licence on a day against the "
        "reference's rules (section 6): at least the minimum full-time staff, and per staff "
        "member fewer host companies and workers than the limits. It warns, never refuses."
    )
)
class StaffingCheck:
    on: date
    licence: SupervisionLicence | None = strawberry.field(
        description="The ESD supervising support licence valid on the day; null if none."
    )
    full_time_staff: int | None = strawberry.field(
        description="The licence's full-time staff; null when unknown."
    )
    host_companies: int = strawberry.field(
        description="Distinct host companies with an ESD worker employed on the day."
    )
    workers: int = strawberry.field(description="ESD workers employed on the day.")
    companies_per_staff: float | None = strawberry.field(
        description="Host companies per full-time staff member (two decimals); null when "
        "the staff is unknown or none."
    )
    workers_per_staff: float | None = strawberry.field(
        description="Workers per full-time staff member (two decimals); null when the "
        "staff is unknown or none."
    )
    warnings: list[StaffingWarning]

    @classmethod
    def of(cls, check: staffing.StaffingCheck) -> StaffingCheck:
        return cls(
            on=check.on,
            licence=SupervisionLicence.from_row(check.licence) if check.licence else None,
            full_time_staff=check.full_time_staff,
            host_companies=check.host_companies,
            workers=check.workers,
            companies_per_staff=_float(check.companies_per_staff),
            workers_per_staff=_float(check.workers_per_staff),
            warnings=[StaffingWarning.of(w) for w in check.warnings],
        )
