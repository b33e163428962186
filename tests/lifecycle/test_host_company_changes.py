"""Changing a host company: the fields given, checked as when it was registered."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.client import gql
from tests.lifecycle.helpers import mutate, ok


@pytest.mark.database
def test_a_host_company_changes_the_given_fields(api: TestClient) -> None:
    company = ok(
        api, "createHostCompany", {"name": "Mie KK", "prefecture": "Mie", "jobCategory": "Casting"}
    )["hostCompany"]
    moved = ok(api, "updateHostCompany", {"hostCompanyId": company["id"], "prefecture": "JP-23"})
    assert moved["hostCompany"] == {**company, "prefecture": "Aichi"}
    # Its own name and prefecture again are no duplicate of itself.
    renamed = ok(
        api,
        "updateHostCompany",
        {"hostCompanyId": company["id"], "name": "Mie KK", "jobCategory": "Machining"},
    )
    assert renamed["hostCompany"] == {
        "id": company["id"],
        "name": "Mie KK",
        "prefecture": "Aichi",
        "jobCategory": "Machining",
    }
    listed = gql(
        api, '{ hostCompanies(name: "Mie") { edges { node { id name prefecture jobCategory } } } }'
    )
    assert listed["hostCompanies"] == {"edges": [{"node": renamed["hostCompany"]}]}
    blank = mutate(api, "updateHostCompany", {"hostCompanyId": company["id"], "name": "  "})
    assert [(e["field"], e["code"]) for e in blank["errors"]] == [("name", "INVALID")]
