"""Who sees transfers and employment histories, and who checks and records transfers:
every role, by the list, by id (node), and the check and the mutation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.services import clock
from core.settings import Settings
from tests.client import global_id, post
from tests.esd.test_transfers import ONE_YEAR
from tests.esd.transfer_helpers import CHECK_QUERY, World, transfer, transfer_input, world
from tests.factories import build, signed_in_as

pytestmark = pytest.mark.database

ROLES = (
    "staff",
    "ministry",
    "other_ministry",
    "embassy",
    "other_embassy",
    "from_company",
    "to_company",
    "other_company",
    "anonymous",
)
SEES = {"staff", "ministry", "embassy", "from_company", "to_company"}
"""Who sees the transfer and the worker's history (the companies as the ends of it)."""
REFUSED = {"anonymous"}


def _ask(api: TestClient, query: str, headers: dict[str, str], **variables: Any) -> Any:
    if headers:
        return post(api, query, variables, headers)
    saved = api.headers.pop("Authorization")
    try:
        return post(api, query, variables)
    finally:
        api.headers["Authorization"] = saved


def _codes(body: dict[str, Any]) -> set[str]:
    return {error["extensions"]["code"] for error in body.get("errors", [])}


@pytest.fixture
def moved(api: TestClient, db_settings: Settings) -> tuple[World, str, dict[str, dict[str, str]]]:
    made = build(db_settings, world)
    with clock.frozen_at(ONE_YEAR):
        done = transfer(api, made.worker, made.receiving, ONE_YEAR)
    assert done["errors"] == []
    headers = signed_in_as(
        api,
        staff=(Role.STAFF, {}),
        ministry=(Role.MINISTRY_OFFICER, {"country_code": "VN"}),
        other_ministry=(Role.MINISTRY_OFFICER, {"country_code": "TH"}),
        embassy=(Role.EMBASSY_OFFICER, {"country_code": "VN"}),
        other_embassy=(Role.EMBASSY_OFFICER, {"country_code": "TH"}),
        from_company=(Role.HOST_COMPANY, {"host_company_id": made.first}),
        to_company=(Role.HOST_COMPANY, {"host_company_id": made.receiving}),
        other_company=(Role.HOST_COMPANY, {"host_company_id": made.tokyo}),
    )
    headers["anonymous"] = {}
    return made, done["transfer"]["id"], headers


def test_transfers_by_role(api: TestClient, moved: tuple[World, str, Any]) -> None:
    _made, node, headers = moved
    for role in ROLES:
        listed = _ask(api, "{ transfers { totalCount edges { node { id } } } }", headers[role])
        by_id = _ask(
            api,
            """query($id: ID!) { node(id: $id) { ... on Transfer { reason
              fromHostCompany { name } toHostCompany { name } candidate { fullName } } } }""",
            headers[role],
            id=node,
        )
        if role in REFUSED:
            assert listed["data"]["transfers"] is None, role
            assert _codes(listed) == {"UNAUTHENTICATED"}, role
            assert by_id["data"]["node"] is None and _codes(by_id), role
            continue
        expected = 1 if role in SEES else 0
        assert listed["data"]["transfers"]["totalCount"] == expected, role
        found = by_id["data"]["node"]
        assert (found is not None) == (role in SEES), role
        if found is not None:
            assert found["fromHostCompany"] == {"name": "Gifu Casting"}, role
            assert found["toHostCompany"] == {"name": "Aichi Press"}, role
            # The former employer no longer sees the worker.
            shown = found["candidate"]
            assert (shown is None) == (role == "from_company"), role


def test_the_company_filter(api: TestClient, moved: tuple[World, str, Any]) -> None:
    made, _node, headers = moved
    query = "query($h: ID) { transfers(hostCompanyId: $h) { totalCount } }"
    for company, expected in ((made.first, 1), (made.receiving, 1), (made.tokyo, 0)):
        body = _ask(api, query, headers["staff"], h=global_id("HostCompany", company))
        assert body["data"]["transfers"]["totalCount"] == expected


def test_employment_history_by_role(api: TestClient, moved: tuple[World, str, Any]) -> None:
    made, _node, headers = moved
    query = "query($c: ID!) { employmentHistory(candidateId: $c) { startedOn } }"
    for role in ROLES:
        body = _ask(api, query, headers[role], c=global_id("Candidate", made.worker))
        if role in REFUSED:
            assert body["data"]["employmentHistory"] is None and _codes(body), role
            continue
        expected = 2 if role in SEES else 0
        assert len(body["data"]["employmentHistory"]) == expected, role


def test_the_check_is_for_im_japan_and_the_ministry(
    api: TestClient, moved: tuple[World, str, Any]
) -> None:
    made, _node, headers = moved
    variables = {
        "c": global_id("Candidate", made.worker),
        "to": global_id("HostCompany", made.tokyo),
        "reason": "UNAVOIDABLE",
        "by": "HELLO_WORK",
        "on": (ONE_YEAR + timedelta(days=1)).isoformat(),
        "why": "The company closed.",
    }
    for role in ROLES:
        body = _ask(api, CHECK_QUERY, headers[role], **variables)
        found = body["data"]["transferCheck"]
        if role in {"staff", "ministry"}:
            assert found["allowed"] is True, role
        elif role == "other_ministry":
            assert found is None and not body.get("errors"), role  # not found: null
        elif role == "anonymous":
            assert found is None and _codes(body) == {"UNAUTHENTICATED"}, role
        else:
            assert found is None and _codes(body) == {"FORBIDDEN"}, role


def test_the_mutation_is_for_im_japan(
    api: TestClient, db_settings: Settings, moved: tuple[World, str, Any]
) -> None:
    made, _node, headers = moved
    later = ONE_YEAR + timedelta(days=1)  # after the employment the first transfer began
    data = transfer_input(
        made.worker,
        made.tokyo,
        later,
        reason="UNAVOIDABLE",
        unavoidableReason="The company closed.",
    )
    query = """mutation($input: TransferWorkerInput!) { transferWorker(input: $input) {
      transfer { id } errors { field code } } }"""
    for role in ROLES:
        if role == "staff":
            continue
        body = _ask(api, query, headers[role], input=data)
        assert body["data"]["transferWorker"] is None, role
        assert _codes(body) <= {"FORBIDDEN", "UNAUTHENTICATED"} and _codes(body), role
    with clock.frozen_at(later):
        body = _ask(api, query, headers["staff"], input=data)
    assert body["data"]["transferWorker"]["errors"] == []
