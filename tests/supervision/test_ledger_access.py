"""Who sees and records difficulties, fee payments and the business report: every
role, by the list, by id (node), through the candidate, and the mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import Difficulty, FeePayment
from core.settings import Settings
from tests.client import global_id, post
from tests.factories import build, call, candidate, host_company, signed_in_as

ROLES = (
    "staff",
    "ministry",
    "other_ministry",
    "embassy",
    "other_embassy",
    "company",
    "other_company",
    "anonymous",
)
SEES = {"staff", "ministry", "embassy"}
"""Who reads the intern's difficulties and payments (scoped to the nationals)."""
REFUSED = {"company", "other_company", "anonymous"}
"""Who is refused at the field (host companies never see these kinds of thing)."""


def _world(session: Session) -> dict[str, int]:
    company, other = host_company(session), host_company(session, "Aichi Press")
    vn = call(session, "VN")
    intern = candidate(session, vn, "in_japan_i", host_company_id=company.id)
    trouble = Difficulty(
        candidate_id=intern.id or 0,
        kind="missing",
        occurred_on=date(2026, 10, 1),
        company_reported_on=date(2026, 10, 2),
        due_on=date(2026, 10, 15),
        details="Left the dormitory at night.",
    )
    paid = FeePayment(
        candidate_id=intern.id or 0,
        payee="sending_organisation",
        kind="fee",
        amount=Decimal("500"),
        currency="USD",
        paid_on=date(2026, 3, 1),
    )
    session.add_all([trouble, paid])
    session.flush()
    return {
        "company": company.id or 0,
        "other": other.id or 0,
        "intern": intern.id or 0,
        "difficulty": trouble.id or 0,
        "payment": paid.id or 0,
    }


def _headers(api: TestClient, world: dict[str, int]) -> dict[str, dict[str, str]]:
    headers = signed_in_as(
        api,
        staff=(Role.STAFF, {}),
        ministry=(Role.MINISTRY_OFFICER, {"country_code": "VN"}),
        other_ministry=(Role.MINISTRY_OFFICER, {"country_code": "TH"}),
        embassy=(Role.EMBASSY_OFFICER, {"country_code": "VN"}),
        other_embassy=(Role.EMBASSY_OFFICER, {"country_code": "TH"}),
        company=(Role.HOST_COMPANY, {"host_company_id": world["company"]}),
        other_company=(Role.HOST_COMPANY, {"host_company_id": world["other"]}),
    )
    headers["anonymous"] = {}
    return headers


def _ask(api: TestClient, query: str, headers: dict[str, str], **variables: Any) -> Any:
    if headers:
        return post(api, query, variables, headers)
    # Anonymous: the fixture's client without its signed-in header, for this request.
    saved = api.headers.pop("Authorization")
    try:
        return post(api, query, variables)
    finally:
        api.headers["Authorization"] = saved


def _codes(body: dict[str, Any]) -> set[str]:
    return {error["extensions"]["code"] for error in body.get("errors", [])}


@pytest.fixture
def world(api: TestClient, db_settings: Settings) -> tuple[dict[str, int], dict[str, Any]]:
    found = build(db_settings, _world)
    return found, _headers(api, found)


def test_difficulties_by_role(api: TestClient, world: tuple[dict[str, int], Any]) -> None:
    rows, headers = world
    node = global_id("Difficulty", rows["difficulty"])
    for role in ROLES:
        listed = _ask(api, "{ difficulties { totalCount edges { node { kind } } } }", headers[role])
        by_id = _ask(
            api,
            "query($id: ID!) { node(id: $id) { ... on Difficulty { kind } } }",
            headers[role],
            id=node,
        )
        if role in REFUSED:
            assert listed["data"]["difficulties"] is None, role
            assert _codes(listed) <= {"FORBIDDEN", "UNAUTHENTICATED"} and _codes(listed), role
            assert by_id["data"]["node"] is None and _codes(by_id), role
            continue
        expected = 1 if role in SEES else 0
        assert listed["data"]["difficulties"]["totalCount"] == expected, role
        assert (by_id["data"]["node"] is not None) == (role in SEES), role


def test_details_and_outcome_are_for_im_japan(
    api: TestClient, world: tuple[dict[str, int], Any]
) -> None:
    _rows, headers = world
    query = "{ difficulties { edges { node { kind details outcome } } } }"
    staff = _ask(api, query, headers["staff"])
    assert staff["data"]["difficulties"]["edges"][0]["node"]["details"] == (
        "Left the dormitory at night."
    )
    for role in ("ministry", "embassy"):
        body = _ask(api, query, headers[role])
        node = body["data"]["difficulties"]["edges"][0]["node"]
        assert node == {"kind": "MISSING", "details": None, "outcome": None}, role
        assert _codes(body) == {"FORBIDDEN"}, role


def test_fee_payments_by_role(api: TestClient, world: tuple[dict[str, int], Any]) -> None:
    rows, headers = world
    node = global_id("FeePayment", rows["payment"])
    for role in ROLES:
        listed = _ask(api, "{ feePayments { totalCount } }", headers[role])
        by_id = _ask(
            api,
            "query($id: ID!) { node(id: $id) { ... on FeePayment { amount } } }",
            headers[role],
            id=node,
        )
        if role in REFUSED:
            assert listed["data"]["feePayments"] is None and _codes(listed), role
            assert by_id["data"]["node"] is None and _codes(by_id), role
            continue
        assert listed["data"]["feePayments"]["totalCount"] == (1 if role in SEES else 0), role
        assert (by_id["data"]["node"] is not None) == (role in SEES), role


def test_through_the_candidate(api: TestClient, world: tuple[dict[str, int], Any]) -> None:
    rows, headers = world
    query = """query($id: ID!) { candidate(id: $id) { fullName
      difficulties { kind } openDifficulty { kind } feePayments { currency } } }"""
    for role in ("staff", "ministry", "embassy"):
        body = _ask(api, query, headers[role], id=global_id("Candidate", rows["intern"]))
        found = body["data"]["candidate"]
        assert found["difficulties"] == [{"kind": "MISSING"}], role
        assert found["openDifficulty"] == {"kind": "MISSING"}, role
        assert found["feePayments"] == [{"currency": "USD"}], role
    # The own host company sees the intern, not these fields.
    body = _ask(api, query, headers["company"], id=global_id("Candidate", rows["intern"]))
    found = body["data"]["candidate"]
    assert found["fullName"]
    assert (found["difficulties"], found["openDifficulty"], found["feePayments"]) == (
        None,
        None,
        None,
    )
    assert _codes(body) == {"FORBIDDEN"}


def test_who_records(api: TestClient, world: tuple[dict[str, int], Any]) -> None:
    rows, headers = world
    fee = """mutation($input: RecordFeePaymentInput!) { recordFeePayment(input: $input) {
      feePayment { amount } errors { field code } } }"""
    data = {
        "candidateId": global_id("Candidate", rows["intern"]),
        "payee": "OTHER",
        "kind": "TRAVEL",
        "amount": "20",
        "currency": "USD",
        "paidOn": "2026-04-01",
    }
    recorded = {
        role: _ask(api, fee, headers[role], input=data)["data"]["recordFeePayment"]
        for role in ROLES
    }
    assert recorded["staff"]["feePayment"] == {"amount": "20.00"}
    assert recorded["ministry"]["feePayment"] == {"amount": "20.00"}
    # Another country's ministry does not find the intern.
    assert recorded["other_ministry"]["errors"] == [{"field": "candidateId", "code": "NOT_FOUND"}]
    for role in ("embassy", "other_embassy", "company", "other_company", "anonymous"):
        assert recorded[role] is None, role

    report = """mutation($input: ReportDifficultyInput!) { reportDifficulty(input: $input) {
      difficulty { kind } errors { field } } }"""
    trouble = {
        "candidateId": global_id("Candidate", rows["intern"]),
        "kind": "OTHER",
        "occurredOn": "2026-11-01",
        "companyReportedOn": "2026-11-01",
    }
    for role in ROLES:
        body = _ask(api, report, headers[role], input=trouble)
        allowed = role == "staff"
        assert (body["data"]["reportDifficulty"] is not None) == allowed, role


def test_the_business_report_is_for_im_japan(
    api: TestClient, world: tuple[dict[str, int], Any]
) -> None:
    _rows, headers = world
    for role in ROLES:
        body = _ask(api, "{ businessReport(fiscalYear: 2026) { dueOn } }", headers[role])
        if role == "staff":
            assert body["data"]["businessReport"] == {"dueOn": "2027-05-31"}
        else:
            assert body["data"]["businessReport"] is None and _codes(body), role
