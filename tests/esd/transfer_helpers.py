"""ESD workers for the transfer tests, inserted straight in the database (the mutations
that record ESD plans, language results, sittings and employment belong to other parts
of issue 14): a worker in Japan under ESD with a certified plan of a field, an open
employment, a passed Japanese test and a passed basic-grade skills test, and receiving
companies with ESD workers of their own and a period of excellence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import (
    Candidate,
    Employment,
    EsdPlan,
    EsdSkillsSitting,
    HostCompany,
    HostCompanyExcellence,
    LanguageResult,
    RecruitmentCall,
)
from tests.client import global_id, mutation, post
from tests.factories import call, candidate, host_company

STARTED = date(2027, 5, 10)
"""The first employment's start: after ESD takes effect (2027-04-01)."""
CATEGORY = "crop_cultivation"
"""A work category code of the tests' own (the reference lists no codes)."""
TRANSFER_FIELDS = """transfer { id candidateId reason unavoidableReason arrangedBy transfersOn
  servedFrom fromHostCompany { name } toHostCompany { name }
  checks { check passed rule ruleValidFrom compared message sourceUrl tag provisional }
  repayment { standardAmount actualCosts total shareNumerator shareDenominator amount
    stepsServed provisional } }
errors { field message code }"""
CHECK_QUERY = """query($c: ID!, $to: ID!, $reason: TransferReason!, $by: TransferArranger!,
  $on: Date!, $category: String, $why: String, $costs: String) {
  transferCheck(candidateId: $c, toHostCompanyId: $to, reason: $reason, arrangedBy: $by,
    transfersOn: $on, workCategoryCode: $category, unavoidableReason: $why,
    actualCosts: $costs) {
    allowed
    outcomes { check passed rule ruleValidFrom compared message sourceUrl tag provisional }
    repayment { standardAmount actualCosts total shareNumerator shareDenominator amount
      stepsServed provisional } } }"""


def esd_worker(
    session: Session,
    of_call: RecruitmentCall,
    employer: HostCompany,
    *,
    field: str = "agriculture",
    started_on: date = STARTED,
    japanese: str | None = "A1",
    skills: bool = True,
    name: str | None = None,
    transfer_id: int | None = None,
) -> Candidate:
    """A worker in Japan under ESD employed by ``employer`` since ``started_on``."""
    worker = candidate(
        session,
        of_call,
        "in_japan_esd",
        full_name=name,
        programme="esd",
        host_company_id=employer.id,
    )
    assert worker.id is not None and employer.id is not None
    session.add(
        EsdPlan(
            candidate_id=worker.id,
            host_company_id=employer.id,
            field_code=field,
            work_category_code=CATEGORY,
            goals="Field crops: basic-grade skills",
            planned_start=started_on,
            planned_end=date(started_on.year + 3, started_on.month, started_on.day),
            core_duties_percent=50,
            instructor="Sato Ichiro",
            life_counsellor="Suzuki Hanako",
            monthly_wage=200_000,
            weekly_hours=40,
            housing="Company dormitory",
            status="certified",
            applied_on=date(2026, 10, 1),
            certified_on=date(2026, 12, 1),
        )
    )
    session.add(
        Employment(
            candidate_id=worker.id,
            host_company_id=employer.id,
            work_category_code=CATEGORY,
            started_on=started_on,
            transfer_id=transfer_id,
        )
    )
    if japanese is not None:
        session.add(
            LanguageResult(
                candidate_id=worker.id,
                kind="test",
                test="jlpt",
                level="N5" if japanese == "A1" else "N4",
                passed=True,
                taken_on=date(2027, 12, 1),
                cefr=japanese,
            )
        )
    if skills:
        session.add(
            EsdSkillsSitting(
                candidate_id=worker.id, grade="basic", sat_on=date(2028, 1, 15), passed=True
            )
        )
    session.flush()
    return worker


def excellent(session: Session, company: HostCompany) -> None:
    assert company.id is not None
    session.add(
        HostCompanyExcellence(
            host_company_id=company.id, valid_from=date(2027, 4, 1), valid_to=date(2030, 3, 31)
        )
    )
    session.flush()


@dataclass(frozen=True)
class World:
    worker: int
    first: int
    receiving: int
    tokyo: int
    plain: int
    """A company with ESD workers but no period of excellence."""


def world(session: Session, **worker: Any) -> World:
    """One VN worker at Gifu Casting; Aichi Press (excellent, 2 ESD workers of its own),
    Tokyo Foods (excellent, 2 workers, metropolitan) and Mie Farm (2 workers, not excellent)."""
    vn = call(session, "VN")
    first = host_company(session, "Gifu Casting", prefecture="Gifu")
    receiving = host_company(session, "Aichi Press", prefecture="Aichi")
    tokyo = host_company(session, "Tokyo Foods", prefecture="Tokyo")
    plain = host_company(session, "Mie Farm", prefecture="Mie")
    for company in (receiving, tokyo, plain):
        for _ in range(2):
            esd_worker(session, vn, company, name=f"Worker of {company.name} {_}")
    excellent(session, receiving)
    excellent(session, tokyo)
    person = esd_worker(session, vn, first, name="Tran Thi Mai", **worker)
    return World(
        worker=person.id or 0,
        first=first.id or 0,
        receiving=receiving.id or 0,
        tokyo=tokyo.id or 0,
        plain=plain.id or 0,
    )


def transfer_input(worker: int, to: int, on: date, **given: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "candidateId": global_id("Candidate", worker),
        "toHostCompanyId": global_id("HostCompany", to),
        "reason": "WORKER_WISH",
        "arrangedBy": "SUPERVISING_SUPPORT",
        "transfersOn": on.isoformat(),
        **given,
    }
    return {key: value for key, value in data.items() if value is not None}


def transfer(
    api: TestClient,
    worker: int,
    to: int,
    on: date,
    headers: dict[str, str] | None = None,
    **given: Any,
) -> dict[str, Any]:
    """``transferWorker``'s payload, whatever its outcome."""
    return mutation(
        api, "transferWorker", TRANSFER_FIELDS, transfer_input(worker, to, on, **given), headers
    )


def check(
    api: TestClient,
    worker: int,
    to: int,
    on: date,
    headers: dict[str, str] | None = None,
    **given: Any,
) -> dict[str, Any]:
    """The whole body of ``transferCheck`` (data and errors)."""
    variables = {
        "c": global_id("Candidate", worker),
        "to": global_id("HostCompany", to),
        "reason": given.pop("reason", "WORKER_WISH"),
        "by": given.pop("arrangedBy", "SUPERVISING_SUPPORT"),
        "on": on.isoformat(),
        "category": given.pop("workCategoryCode", None),
        "why": given.pop("unavoidableReason", None),
        "costs": given.pop("actualCosts", None),
    }
    assert not given, given
    return post(api, CHECK_QUERY, {k: v for k, v in variables.items() if v is not None}, headers)


def set_rule(api: TestClient, key: str, value: str, valid_from: date) -> None:
    """A new version of a rule, as an administrator sets it."""
    payload = mutation(
        api,
        "setRuleValue",
        "ruleValue { key } errors { field message code }",
        {
            "key": key,
            "value": value,
            "validFrom": valid_from.isoformat(),
            "tag": "SECONDARY",
            "sourceUrl": "https://example.org/notice",
        },
    )
    assert payload["errors"] == [], payload
