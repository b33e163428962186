"""The fee ledger: payments in the currency paid, exact amounts, deposits and
penalty contracts refused with the source, the list and its filters."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import global_id, gql, mutation
from tests.factories import build, call, candidate
from tests.lifecycle.helpers import snapshot

FIELDS = """feePayment { id payee payeeName kind amount currency paidOn note
  candidate { fullName } }
errors { field message code }"""


def _world(session: Session) -> dict[str, int]:
    vn = call(session, "VN")
    ph = call(session, "PH")
    return {
        "vn": candidate(session, vn, "in_japan_i", full_name="Pham Van Duc").id or 0,
        "ph": candidate(session, ph, "in_training", full_name="Jose Cruz").id or 0,
    }


def record(api: TestClient, person: int, **given: Any) -> dict[str, Any]:
    data = {
        "candidateId": global_id("Candidate", person),
        "payee": "SENDING_ORGANISATION",
        "payeeName": "Hanoi Sending JSC",
        "kind": "FEE",
        "amount": "1250.5",
        "currency": "vnd",
        "paidOn": "2026-05-04",
        **given,
    }
    return mutation(api, "recordFeePayment", FIELDS, data)


def test_a_payment_is_kept_exactly_in_its_currency(api: TestClient, db_settings: Settings) -> None:
    world = build(db_settings, _world)
    payload = record(api, world["vn"], amount="123456789012.34")
    assert payload["errors"] == []
    found = payload["feePayment"]
    assert found["amount"] == "123456789012.34"  # no float rounding
    assert found["currency"] == "VND"
    assert found["kind"] == "FEE" and found["payee"] == "SENDING_ORGANISATION"
    assert found["candidate"] == {"fullName": "Pham Van Duc"}
    small = record(api, world["vn"], amount="0.10", currency="USD")["feePayment"]
    assert small["amount"] == "0.10"


def test_deposits_and_penalty_contracts_are_refused_with_the_source(
    api: TestClient, db_settings: Settings
) -> None:
    world = build(db_settings, _world)
    before = snapshot(db_settings)
    for kind in ("DEPOSIT", "PENALTY_CONTRACT"):
        payload = record(api, world["vn"], kind=kind)
        assert payload["feePayment"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("kind", "INVALID")]
        message = payload["errors"][0]["message"]
        assert "saitogyosei.jp/fp48.html" in message
        assert "deposits or penalties" in message
    assert snapshot(db_settings) == before


def test_bad_values_are_refused_on_their_fields(api: TestClient, db_settings: Settings) -> None:
    world = build(db_settings, _world)
    before = snapshot(db_settings)
    cases = {
        "currency": {"currency": "XYZ"},
        "amount": {"amount": "12.345"},
        "paidOn": {"paidOn": date(2099, 1, 1).isoformat()},
    }
    for field, given in cases.items():
        payload = record(api, world["vn"], **given)
        assert [e["field"] for e in payload["errors"]] == [field], (field, payload)
    assert [e["field"] for e in record(api, world["vn"], amount="-3")["errors"]] == ["amount"]
    zero = record(api, world["vn"], amount="0")
    assert [(e["field"], e["code"]) for e in zero["errors"]] == [("amount", "INVALID")]
    assert snapshot(db_settings) == before


def test_the_list_filters_and_the_candidate_shows_its_payments(
    api: TestClient, db_settings: Settings
) -> None:
    world = build(db_settings, _world)
    record(api, world["vn"], paidOn="2026-03-31")
    record(api, world["vn"], payee="PRE_ENTRY_TRAINING", paidOn="2026-04-01", amount="300")
    record(api, world["ph"], currency="PHP", paidOn="2026-06-01", amount="9000")
    query = """query($c: ID, $p: FeePayee, $from: Date, $to: Date) {
      feePayments(candidateId: $c, payee: $p, from: $from, to: $to) {
        totalCount edges { node { paidOn currency } } } }"""

    def listed(**given: Any) -> list[str]:
        found = gql(api, query, given)["feePayments"]
        assert found["totalCount"] == len(found["edges"])
        return [e["node"]["paidOn"] for e in found["edges"]]

    assert listed() == ["2026-03-31", "2026-04-01", "2026-06-01"]
    assert listed(c=global_id("Candidate", world["ph"])) == ["2026-06-01"]
    assert listed(p="PRE_ENTRY_TRAINING") == ["2026-04-01"]
    assert listed(**{"from": "2026-04-01"}) == ["2026-04-01", "2026-06-01"]
    assert listed(to="2026-03-31") == ["2026-03-31"]
    payments = gql(
        api,
        "query($id: ID!) { candidate(id: $id) { feePayments { amount currency payee } } }",
        {"id": global_id("Candidate", world["vn"])},
    )["candidate"]["feePayments"]
    assert payments == [
        {"amount": "1250.50", "currency": "VND", "payee": "SENDING_ORGANISATION"},
        {"amount": "300.00", "currency": "VND", "payee": "PRE_ENTRY_TRAINING"},
    ]
