"""The rows the compiled-path tests read: two countries, every kind of value a
compiled field writes (nulls, non-ASCII and escaped text, whole and fractional
floats, booleans of each kind, enumerations), relations present and absent,
several screening decisions for one candidate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from core.auth.roles import Role
from core.db.models import CriteriaVersion, ScreeningDecision
from core.settings import Settings
from tests.compiled.paths import Paths
from tests.factories import build, call, candidate, cohort, host_company

ODD_TEXT = 'Nguyễn "Văn" \\ An\n\t\u0001 日本 😀'
"""Non-ASCII (two and four bytes), a quote, a backslash, control characters."""


def _world(session: Session) -> dict[str, int]:
    vn = call(session, "VN", label="VN-22-07")
    indonesia = call(session, "ID", label="ID-1", job_fields=["manufacturing", "construction"])
    call(session, "ID", label="ID-2 Ünïcode", job_fields=[ODD_TEXT, "welding"])
    version = CriteriaVersion(call_id=vn.id or 0, version=1, criteria=[])
    session.add(version)
    session.flush()
    vn_cohort = cohort(session, "VN", name="Hà Nội cohort", centre_id=None)
    company = host_company(session, ODD_TEXT, prefecture="Gifu")
    other_company = host_company(session, "Aichi Press", prefecture="JP-23")
    rows: dict[str, Any] = {
        "full": candidate(
            session,
            vn,
            "in_japan_i",
            full_name=ODD_TEXT,
            applicant_number="A-1",
            education_track="technical",
            job_field="casting",
            height_cm=170.0,
            weight_kg=61.5,
            japanese_level="N4",
            prior_internship_in_japan=True,
            prior_work_in_japan=False,
            military_service_completed=None,
            criminal_record=False,
            cohort_id=vn_cohort.id,
            host_company_id=company.id,
            training_completed_on=date(2026, 8, 1),
            entered_japan_on=date(2026, 9, 1),
        ),
        "bare": candidate(session, vn, "registered", full_name="Trần Thị B"),
        "returned": candidate(
            session,
            vn,
            "returned",
            host_company_id=other_company.id,
            returned_on=date(2027, 9, 1),
            return_outcome="early_return",
            return_reason="family",
            programme="titp",
        ),
    }
    for index in range(4):
        rows[f"vn{index}"] = candidate(
            session, vn, "in_training", full_name=f"VN {index}", height_cm=150.25 + index
        )
    rows["indonesian"] = candidate(
        session, indonesia, "in_japan_i", full_name="Siti", host_company_id=company.id
    )
    for passed, day in ((False, 1), (True, 2)):
        session.add(
            ScreeningDecision(
                candidate_id=rows["full"].id,
                criteria_version_id=version.id or 0,
                passed=passed,
                screened_on=date(2026, 2, day),
                decided_at=datetime(2026, 2, day, tzinfo=UTC),
            )
        )
    session.flush()
    found = {key: row.id or 0 for key, row in rows.items()}
    found["company"] = company.id or 0
    return found


@dataclass(frozen=True)
class World:
    paths: Paths
    ids: dict[str, int]
    headers: dict[str, dict[str, str]]
    """Per role name: admin, staff, ministry (VN), embassy (VN), company, anonymous."""


def build_world(settings: Settings, paths: Paths) -> World:
    ids = build(settings, _world)
    headers = {
        "admin": paths.sign_in(Role.ADMIN),
        "staff": paths.sign_in(Role.STAFF),
        "ministry": paths.sign_in(Role.MINISTRY_OFFICER, country_code="VN"),
        "embassy": paths.sign_in(Role.EMBASSY_OFFICER, country_code="VN"),
        "company": paths.sign_in(Role.HOST_COMPANY, host_company_id=ids["company"]),
        "anonymous": {},
    }
    return World(paths=paths, ids=ids, headers=headers)
