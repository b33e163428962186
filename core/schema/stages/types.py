"""The stages' types: the sittings, excellence periods and home stays (declared with the
candidate and host company that show them, in :mod:`core.schema.lifecycle.types`), and
IM Japan's licences."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import strawberry

from core.db import models
from core.domain import supervision
from core.schema.lifecycle.types import (
    HomeStay,
    HostCompanyExcellence,
    SkillsTestSitting,
    TestGrade,
    TestPart,
)

if TYPE_CHECKING:
    LicenceKind = supervision.LicenceKind
else:
    LicenceKind = strawberry.enum(supervision.LicenceKind, name="LicenceKind")

__all__ = [
    "HomeStay",
    "HostCompanyExcellence",
    "LicenceKind",
    "SkillsTestSitting",
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

    @classmethod
    def from_row(cls, row: models.SupervisionLicence) -> SupervisionLicence:
        return cls(
            kind=LicenceKind(row.kind),
            licence_number=row.licence_number,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
