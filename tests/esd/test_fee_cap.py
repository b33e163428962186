"""The ESD cap on what a worker pays the sending organisation: months of the contractual
wage of the worker's ESD plan, checked against the payments' yen equivalents; TITP
payments are not capped."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import FeePayment
from core.settings import Settings
from tests.client import global_id, mutation
from tests.esd.world import esd_plan
from tests.factories import build, call, candidate, host_company
from tests.lifecycle.helpers import snapshot

pytestmark = pytest.mark.database

FIELDS = """feePayment { id amount currency yenEquivalent payee }
errors { field message code }"""

WAGE = 200_000
"""The certified plan's wage: the seeded cap (2 months) is 400,000 yen."""


def _world(session: Session) -> dict[str, int]:
    vn = call(session, "VN")
    company = host_company(session)
    esd = candidate(session, vn, "in_japan_esd", full_name="Tran Thi Mai", programme="esd")
    # An older applied version with a higher wage: the certified one counts.
    esd_plan(session, esd, company, status="applied", version=2, monthly_wage=900_000)
    esd_plan(session, esd, company, status="certified", version=1, monthly_wage=WAGE)
    applied_only = candidate(session, vn, "in_japan_esd", full_name="Le Van An", programme="esd")
    esd_plan(session, applied_only, company, status="applied", monthly_wage=100_000)
    esd_plan(session, applied_only, company, status="drafted", version=2, monthly_wage=900_000)
    planless = candidate(session, vn, "in_japan_esd", full_name="Vo Minh", programme="esd")
    titp = candidate(session, vn, "in_japan_i", full_name="Pham Van Duc", programme="titp")
    return {
        "esd": esd.id or 0,
        "applied_only": applied_only.id or 0,
        "planless": planless.id or 0,
        "titp": titp.id or 0,
    }


def pay(api: TestClient, person: int, **given: Any) -> dict[str, Any]:
    data = {
        "candidateId": global_id("Candidate", person),
        "payee": "SENDING_ORGANISATION",
        "payeeName": "Hanoi Sending JSC",
        "kind": "FEE",
        "amount": "100000",
        "currency": "JPY",
        "paidOn": "2026-05-04",
        **given,
    }
    return mutation(api, "recordFeePayment", FIELDS, data)


def refused_on(payload: dict[str, Any]) -> list[tuple[str, str]]:
    assert payload["feePayment"] is None
    return [(e["field"], e["code"]) for e in payload["errors"]]


def test_payments_up_to_the_cap_pass_and_one_yen_over_is_refused_naming_everything(
    api: TestClient, db_settings: Settings
) -> None:
    world = build(db_settings, _world)
    # 150,000 JPY + 1,000 USD worth 149,999 yen + 100,000 JPY = 399,999 of 400,000.
    first = pay(api, world["esd"], amount="150000")
    assert first["errors"] == [] and first["feePayment"]["yenEquivalent"] == 150_000
    usd = pay(api, world["esd"], amount="1000", currency="USD", yenEquivalent=149_999)
    assert usd["feePayment"]["yenEquivalent"] == 149_999
    assert pay(api, world["esd"])["errors"] == []
    # Other payees are not capped.
    other = pay(api, world["esd"], payee="PRE_ENTRY_TRAINING", amount="500000")
    assert other["errors"] == []
    before = snapshot(db_settings)
    over = pay(api, world["esd"], amount="2")
    assert refused_on(over) == [("amount", "LIMIT_EXCEEDED")]
    message = over["errors"][0]["message"]
    assert "esd.fees.cap_months" in message
    assert "400000 yen" in message  # 2 x 200,000
    assert "399999 yen paid before" in message
    assert "jishashien-kansai.com" in message
    assert snapshot(db_settings) == before
    # Exactly the cap passes.
    assert pay(api, world["esd"], amount="1")["errors"] == []


def test_payments_recorded_before_yen_equivalents_count_their_yen_amounts(
    api: TestClient, db_settings: Settings
) -> None:
    world = build(db_settings, _world)

    def earlier(session: Session) -> None:
        for currency, amount in (("JPY", "100000.50"), ("VND", "99999999")):
            session.add(
                FeePayment(
                    candidate_id=world["esd"],
                    payee="sending_organisation",
                    kind="fee",
                    amount=Decimal(amount),
                    currency=currency,
                    paid_on=date(2026, 1, 5),
                )
            )

    build(db_settings, earlier)
    # 100,001 yen counted (the VND one cannot be): 299,999 more reach the cap exactly.
    over = pay(api, world["esd"], amount="300000")
    assert refused_on(over) == [("amount", "LIMIT_EXCEEDED")]
    assert "100001 yen paid before" in over["errors"][0]["message"]
    assert pay(api, world["esd"], amount="299999")["errors"] == []


def test_the_applied_plan_counts_when_none_is_certified(
    api: TestClient, db_settings: Settings
) -> None:
    world = build(db_settings, _world)
    assert pay(api, world["applied_only"], amount="200000")["errors"] == []
    assert refused_on(pay(api, world["applied_only"], amount="0.5")) == [
        ("amount", "LIMIT_EXCEEDED")
    ]


def test_refusals_without_plan_or_yen_equivalent_write_nothing(
    api: TestClient, db_settings: Settings
) -> None:
    world = build(db_settings, _world)
    before = snapshot(db_settings)
    assert refused_on(pay(api, world["planless"])) == [("candidateId", "NOT_ALLOWED_STATE")]
    assert refused_on(pay(api, world["esd"], currency="VND", amount="1000000")) == [
        ("yenEquivalent", "REQUIRED")
    ]
    assert refused_on(pay(api, world["esd"], yenEquivalent=99_999)) == [
        ("yenEquivalent", "INVALID")
    ]
    assert snapshot(db_settings) == before


def test_titp_payments_are_not_capped(api: TestClient, db_settings: Settings) -> None:
    world = build(db_settings, _world)
    big = pay(api, world["titp"], amount="5000000", currency="VND")
    assert big["errors"] == [] and big["feePayment"]["yenEquivalent"] is None
    given = pay(api, world["titp"], amount="90000000", currency="VND", yenEquivalent=540_000)
    assert given["feePayment"]["yenEquivalent"] == 540_000
    assert pay(api, world["titp"], amount="9000000")["feePayment"]["yenEquivalent"] == 9_000_000
