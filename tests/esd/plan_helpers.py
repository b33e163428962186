"""Taking an ESD worker from a trained candidate to work over HTTP, through the real
mutations, each step recorded on its own day (the clock frozen there): IM Japan's
supervising support licence, a work category of the field, the ESD plan drafted,
applied for, certified; the Certificate of Eligibility, the visa, the Japanese
needed for entry, the entry, and dispatch with the first day of work.

:func:`take_to_work` is what the lead's journey test reuses. The Japanese result is
written as a row (:func:`record_language`): its mutation is another helper's work; the
lead may point :data:`LANGUAGE_STEP` at that mutation once merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import LanguageResult
from core.services import clock
from core.settings import Settings
from tests.client import key_of, mutation
from tests.factories import build
from tests.supervision.helpers import run

ERRORS = "errors { field message code }"
FIELD = "agriculture"
"""A field of the reference (period 1 year, provisional)."""
CATEGORY = "AG-CROPS"
"""A work category of the test's own: the reference lists none."""
ESD_PLAN_FIELDS = (
    "id version status fieldCode workCategoryCode goals plannedStart plannedEnd "
    "coreDutiesPercent instructor lifeCounsellor monthlyWage weeklyHours housing appliedOn "
    "certifiedOn certifiedBy certificateNumber extendedTo extensionReason endedOn endReason "
    "field { code nameJa transferPeriodYears } hostCompany { id } candidate { id }"
)
ENTRY_FIELDS = "coeAppliedOn coeIssuedOn coeNumber visaIssuedOn enteredOn"


def esd_plan_mutation(
    client: TestClient, name: str, data: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """An ESD plan mutation's payload (esdPlan, errors), whatever its outcome."""
    return mutation(client, name, f"esdPlan {{ {ESD_PLAN_FIELDS} }} {ERRORS}", data, headers)


def record_licence(client: TestClient, valid_from: str = "2026-04-15") -> None:
    """IM Japan's supervising support licence, three years from ``valid_from``."""
    start = date.fromisoformat(valid_from)
    run(
        client,
        "recordSupervisionLicence",
        "licence { kind }",
        {
            "kind": "ESD_SUPERVISING_SUPPORT",
            "externalAuditor": "External auditor (test)",
            "validFrom": valid_from,
            "validTo": (start + relativedelta(years=3, days=-1)).isoformat(),
        },
    )


def record_category(client: TestClient, field: str = FIELD, code: str = CATEGORY) -> None:
    """A work category of ``field`` (administrator)."""
    run(
        client,
        "recordWorkCategory",
        "workCategory { code }",
        {
            "fieldCode": field,
            "code": code,
            "nameJa": "耕種農業全般 試験",
            "sourceUrl": "https://example.invalid/test-category",
            "tag": "INFERRED",
        },
    )


def esd_plan_values(candidate_id: str, host_company_id: str, **changes: Any) -> dict[str, Any]:
    """A ``DraftEsdPlanInput`` for three years from 2027-04-01, updated by ``changes``."""
    return {
        "candidateId": candidate_id,
        "hostCompanyId": host_company_id,
        "fieldCode": FIELD,
        "workCategoryCode": CATEGORY,
        "goals": "Crop farming: grade 3 skills test and Japanese at A2 by the end",
        "plannedStart": "2027-04-01",
        "plannedEnd": "2030-03-31",
        "coreDutiesPercent": 50,
        "instructor": "Sato Hanako (test)",
        "lifeCounsellor": "Suzuki Ichiro (test)",
        "monthlyWage": 200000,
        "weeklyHours": 40,
        "housing": "Company dormitory, single room",
        **changes,
    }


@dataclass(frozen=True)
class EsdDates:
    """Each step's day, counted back from the entry: the plan applied for 5 months
    before, certified 4 months before, the Certificate applied for 3 and issued 2
    months before, the visa and the Japanese 1 month before; work from ``starts``."""

    entered: date
    starts_after_days: int = 7

    @property
    def applied(self) -> date:
        return self.entered - relativedelta(months=5)

    @property
    def certified(self) -> date:
        return self.entered - relativedelta(months=4)

    @property
    def coe_applied(self) -> date:
        return self.entered - relativedelta(months=3)

    @property
    def coe_issued(self) -> date:
        return self.entered - relativedelta(months=2)

    @property
    def visa_issued(self) -> date:
        return self.entered - relativedelta(months=1)

    @property
    def starts(self) -> date:
        return self.entered + timedelta(days=self.starts_after_days)


def record_language(
    settings: Settings, candidate_id: str, taken_on: date, *, way: str = "test", **columns: Any
) -> None:
    """A passed JLPT N5 (CEFR A1) when ``way`` is "test", a certified course of 100
    hours when "course"; ``columns`` override."""
    values: dict[str, Any] = (
        {"kind": "test", "test": "jlpt", "level": "N5", "cefr": "A1", "passed": True}
        if way == "test"
        else {
            "kind": "course",
            "course_hours": 100,
            "certified_course": True,
            "course_target": "A1",
        }
    )
    values |= columns
    key = key_of(candidate_id, "Candidate")

    def add(session: Session) -> None:
        session.add(LanguageResult(candidate_id=key, taken_on=taken_on, **values))

    build(settings, add)


LanguageStep = Callable[[Settings, str, date], None]
LANGUAGE_STEP: LanguageStep = record_language


def certify_esd_plan(
    client: TestClient, candidate_id: str, company_id: str, dates: EsdDates, **changes: Any
) -> str:
    """Draft (on the application day), apply for and certify a plan starting on the
    entry day; its id."""
    start = dates.entered
    values = esd_plan_values(
        candidate_id,
        company_id,
        plannedStart=start.isoformat(),
        plannedEnd=(start + relativedelta(years=3, days=-1)).isoformat(),
        **changes,
    )
    selection = f"esdPlan {{ {ESD_PLAN_FIELDS} }}"
    with clock.frozen_at(dates.applied):
        plan: str = run(client, "draftEsdPlan", selection, values)["esdPlan"]["id"]
        run(
            client,
            "applyEsdPlan",
            selection,
            {"planId": plan, "appliedOn": dates.applied.isoformat()},
        )
    with clock.frozen_at(dates.certified):
        certify = {
            "planId": plan,
            "certifiedOn": dates.certified.isoformat(),
            "certificateNumber": "ESD-1",
        }
        run(client, "certifyEsdPlan", selection, certify)
    return plan


def record_entry(
    client: TestClient, settings: Settings, candidate_id: str, dates: EsdDates
) -> None:
    """The Certificate applied for and issued, the visa, the Japanese, the entry."""
    steps: list[tuple[str, dict[str, Any], date]] = [
        ("recordCoeApplication", {"appliedOn": dates.coe_applied}, dates.coe_applied),
        ("recordCoeIssued", {"issuedOn": dates.coe_issued, "coeNumber": "E-1"}, dates.coe_issued),
        ("recordVisaIssued", {"issuedOn": dates.visa_issued}, dates.visa_issued),
    ]
    for name, values, day in steps:
        data = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
        with clock.frozen_at(day):
            run(client, name, f"entry {{ {ENTRY_FIELDS} }}", {"candidateId": candidate_id, **data})
    LANGUAGE_STEP(settings, candidate_id, dates.visa_issued)
    with clock.frozen_at(dates.entered):
        entered = {"candidateId": candidate_id, "enteredOn": dates.entered.isoformat()}
        run(client, "recordEntry", f"entry {{ {ENTRY_FIELDS} }}", entered)


def dispatch(client: TestClient, candidate_id: str, company_id: str, dates: EsdDates) -> None:
    with clock.frozen_at(dates.starts):
        run(
            client,
            "dispatchCandidate",
            "candidate { id status }",
            {
                "candidateId": candidate_id,
                "hostCompanyId": company_id,
                "startsOn": dates.starts.isoformat(),
            },
        )


def take_to_work(
    client: TestClient,
    settings: Settings,
    candidate_id: str,
    company_id: str,
    entered_on: date,
    *,
    licence: bool = True,
    category: bool = True,
) -> str:
    """A trained candidate (status training_completed) to work under ESD with
    ``company_id``, entering on ``entered_on`` (2027-04-01 or later): the licence and the
    work category first (leave them out when already recorded); the plan's id."""
    dates = EsdDates(entered_on)
    if licence:
        record_licence(client)
    if category:
        record_category(client)
    plan = certify_esd_plan(client, candidate_id, company_id, dates)
    record_entry(client, settings, candidate_id, dates)
    dispatch(client, candidate_id, company_id, dates)
    return plan
