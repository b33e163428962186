"""Recording audits and guidance visits of host companies over HTTP (issue 13, item 5)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import global_id, gql, key_of, mutation
from tests.lifecycle.helpers import snapshot
from tests.supervision.audit_world import AUDIT_FIELDS, audit_input, seed

pytestmark = pytest.mark.database


def test_an_audit_is_recorded_with_its_interviews(api: TestClient, db_settings: Settings) -> None:
    world = seed(db_settings)
    payload = mutation(api, "recordHostCompanyAudit", AUDIT_FIELDS, audit_input(world))
    assert payload["errors"] == []
    audit = payload["audit"]
    assert audit["kind"] == "REGULAR" and audit["heldOn"] == "2026-02-20"
    assert audit["auditor"] == "Sato Hanako" and audit["internsTotal"] == 4
    assert audit["findings"] == "Overtime records incomplete for January."
    assert audit["followUpDue"] == "2026-03-20" and audit["reportedToOtitOn"] == "2026-02-27"
    assert audit["hostCompany"] == {"name": "Gifu Casting"}
    assert audit["interviewedInterns"] == [
        {"fullName": "Nguyen Van A"},
        {"fullName": "Nguyen Van B"},
    ]
    key_of(audit["id"], "HostCompanyAudit")

    read = gql(
        api,
        "query($id: ID!) { hostCompanyAudit(id: $id) { auditor interviewedInterns { id } } }",
        {"id": audit["id"]},
    )["hostCompanyAudit"]
    assert read["interviewedInterns"] == [{"id": key} for key in world.intern_ids[:2]]

    followed = mutation(
        api,
        "recordAuditFollowUp",
        "audit { followUp reportedToOtitOn } errors { field code }",
        {"auditId": audit["id"], "followUp": "Corrected records received."},
    )
    assert followed == {
        "audit": {"followUp": "Corrected records received.", "reportedToOtitOn": "2026-02-27"},
        "errors": [],
    }


@pytest.mark.parametrize(
    ("total", "interviewed", "accepted"),
    [
        (1, 1, True),  # ceil(1/4) = 1
        (2, 1, False),  # 2-4 interns: at least 2
        (2, 2, True),
        (4, 1, False),
        (4, 2, True),
    ],
)
def test_the_interview_share_of_a_regular_audit(
    api: TestClient, db_settings: Settings, total: int, interviewed: int, accepted: bool
) -> None:
    world = seed(db_settings)
    data = audit_input(
        world, internsTotal=total, interviewedCandidateIds=world.intern_ids[:interviewed]
    )
    before = snapshot(db_settings)
    payload = mutation(api, "recordHostCompanyAudit", AUDIT_FIELDS, data)
    if accepted:
        assert payload["errors"] == []
    else:
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [
            ("interviewedCandidateIds", "INVALID")
        ]
        assert "at least 2" in payload["errors"][0]["message"]
        assert snapshot(db_settings) == before


def test_a_share_of_a_larger_company_rounds_up(api: TestClient, db_settings: Settings) -> None:
    """9 interns: ceil(9/4) = 3; two are refused."""
    world = seed(db_settings, interns=9)
    refused = mutation(
        api,
        "recordHostCompanyAudit",
        AUDIT_FIELDS,
        audit_input(world, internsTotal=9, interviewedCandidateIds=world.intern_ids[:2]),
    )
    assert "at least 3" in refused["errors"][0]["message"]
    done = mutation(
        api,
        "recordHostCompanyAudit",
        AUDIT_FIELDS,
        audit_input(world, internsTotal=9, interviewedCandidateIds=world.intern_ids[:3]),
    )
    assert done["errors"] == []


def test_refusals_name_the_field_and_write_nothing(api: TestClient, db_settings: Settings) -> None:
    world = seed(db_settings)
    before = snapshot(db_settings)
    stranger = global_id("Candidate", world.other_intern)
    cases = [
        (
            audit_input(world, interviewedCandidateIds=[world.intern_ids[0], stranger]),
            [("interviewedCandidateIds.1", "INVALID")],
        ),
        (
            audit_input(world, siteChecked=False, housingChecked=False),
            [("siteChecked", "REQUIRED"), ("housingChecked", "REQUIRED")],
        ),
        (audit_input(world, recordsChecked=False), [("recordsChecked", "REQUIRED")]),
        (
            audit_input(world, internsTotal=1),
            [("interviewedCandidateIds", "INVALID")],
        ),
        (
            audit_input(world, heldOn="2026-03-01", reportedToOtitOn="2026-02-01"),
            [("reportedToOtitOn", "INVALID")],
        ),
        (
            audit_input(world, hostCompanyId=global_id("HostCompany", 999_999)),
            [("hostCompanyId", "NOT_FOUND")],
        ),
    ]
    for data, errors in cases:
        payload = mutation(api, "recordHostCompanyAudit", AUDIT_FIELDS, data)
        assert [(e["field"], e["code"]) for e in payload["errors"]] == errors, data
        assert payload["audit"] is None
    assert snapshot(db_settings) == before


def test_an_extra_audit_needs_neither_the_checks_nor_the_share(
    api: TestClient, db_settings: Settings
) -> None:
    world = seed(db_settings)
    payload = mutation(
        api,
        "recordHostCompanyAudit",
        AUDIT_FIELDS,
        audit_input(
            world,
            kind="EXTRA",
            siteChecked=False,
            recordsChecked=True,
            housingChecked=False,
            managersHeard=False,
            interviewedCandidateIds=[],
        ),
    )
    assert payload["errors"] == [] and payload["audit"]["kind"] == "EXTRA"


VISIT_FIELDS = """visit { id visitedOn visitor guidance notes hostCompany { name }
  internsMet { fullName } } errors { field code }"""


def test_a_guidance_visit_is_recorded(api: TestClient, db_settings: Settings) -> None:
    world = seed(db_settings)
    data = {
        "hostCompanyId": world.company_id,
        "visitedOn": "2026-03-10",
        "visitor": "Tanaka Jiro",
        "guidance": "Reminded the company of the rest-day rules.",
        "notes": "Interns in good health.",
        "metCandidateIds": world.intern_ids[1:3],
    }
    payload = mutation(api, "recordGuidanceVisit", VISIT_FIELDS, data)
    assert payload["errors"] == []
    visit = payload["visit"]
    assert visit["visitedOn"] == "2026-03-10" and visit["visitor"] == "Tanaka Jiro"
    assert visit["internsMet"] == [{"fullName": "Nguyen Van B"}, {"fullName": "Nguyen Van C"}]
    before = snapshot(db_settings)
    refused = mutation(
        api,
        "recordGuidanceVisit",
        VISIT_FIELDS,
        {**data, "metCandidateIds": [global_id("Candidate", world.other_intern)]},
    )
    assert refused["errors"] == [{"field": "metCandidateIds.0", "code": "INVALID"}]
    assert snapshot(db_settings) == before


def test_lists_filter_by_company_and_dates(api: TestClient, db_settings: Settings) -> None:
    world = seed(db_settings)
    for held_on in ("2026-02-20", "2026-05-12", "2026-08-03"):
        assert (
            mutation(
                api,
                "recordHostCompanyAudit",
                AUDIT_FIELDS,
                audit_input(world, heldOn=held_on, reportedToOtitOn=None, followUpDue=None),
            )["errors"]
            == []
        )
    listed = gql(
        api,
        """query($c: ID, $f: Date, $t: Date) { hostCompanyAudits(hostCompanyId: $c,
            fromDate: $f, toDate: $t, first: 10) { totalCount edges { node { heldOn } } } }""",
        {"c": world.company_id, "f": "2026-03-01", "t": "2026-08-31"},
    )["hostCompanyAudits"]
    assert listed["totalCount"] == 2
    assert [e["node"]["heldOn"] for e in listed["edges"]] == ["2026-08-03", "2026-05-12"]
    nested = gql(
        api,
        "query($id: ID!) { hostCompany(id: $id) { audits(first: 2) { totalCount "
        "edges { node { heldOn } } pageInfo { hasNextPage } } visits { totalCount } } }",
        {"id": world.company_id},
    )["hostCompany"]
    assert nested["audits"]["totalCount"] == 3
    assert [e["node"]["heldOn"] for e in nested["audits"]["edges"]] == ["2026-08-03", "2026-05-12"]
    assert nested["audits"]["pageInfo"]["hasNextPage"] is True
    assert nested["visits"]["totalCount"] == 0
    other = gql(
        api,
        "query($c: ID) { hostCompanyAudits(hostCompanyId: $c) { totalCount } }",
        {"c": global_id("HostCompany", world.other_company)},
    )
    assert other["hostCompanyAudits"]["totalCount"] == 0
