"""When audits and guidance visits are due (issue 13, item 5), hand-computed.

The interns' post-entry lectures start on 2026-01-15, so the audit quarters
(``titp.audit.interval_months`` = 3) count from January: Jan-Mar (due 31 Mar),
Apr-Jun (30 Jun), Jul-Sep (30 Sep), Oct-Dec (31 Dec). Audits on 20 Feb and
3 Aug leave Apr-Jun without one: overdue on 15 Nov. Visits are due monthly
(``titp.visit.interval_months`` = 1) while the interns are in stage (i), from
January (they entered on 10 Jan).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from core.db.models import Candidate, LectureEnrolment
from core.services import company_audits_due
from core.settings import Settings
from tests import factories
from tests.client import global_id, gql, mutation, post
from tests.supervision.audit_world import AUDIT_FIELDS, audit_input, seed

pytestmark = pytest.mark.database

TODAY = date(2026, 11, 15)
DUE = """query($before: Date!, $c: ID) { auditsDue(before: $before, hostCompanyId: $c) {
  hostCompany { name } auditsCountedFrom
  items { kind periodStart periodEnd dueOn overdue lastDoneOn } } }"""


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(company_audits_due, "japan_today", lambda: TODAY)


def _audit(api: TestClient, world: object, held_on: str) -> None:
    data = audit_input(world, heldOn=held_on, reportedToOtitOn=None, followUpDue=None)  # type: ignore[arg-type]
    assert mutation(api, "recordHostCompanyAudit", AUDIT_FIELDS, data)["errors"] == []


def _visit(api: TestClient, company: str, visited_on: str) -> None:
    data = {
        "hostCompanyId": company,
        "visitedOn": visited_on,
        "visitor": "Tanaka Jiro",
        "guidance": "Monthly guidance.",
    }
    assert mutation(api, "recordGuidanceVisit", "errors { field }", data)["errors"] == []


def item(kind: str, start: str, end: str, overdue: bool, last: str | None) -> dict[str, object]:
    return {
        "kind": kind,
        "periodStart": start,
        "periodEnd": end,
        "dueOn": end,
        "overdue": overdue,
        "lastDoneOn": last,
    }


def test_quarters_count_from_the_month_the_lectures_start(
    api: TestClient, db_settings: Settings
) -> None:
    world = seed(db_settings)
    _audit(api, world, "2026-02-20")
    _audit(api, world, "2026-08-03")
    for month in (1, 2, 3, 4, 6, 7, 8, 10):
        _visit(api, world.company_id, f"2026-{month:02d}-10")

    due = gql(api, DUE, {"before": "2026-10-31", "c": world.company_id})["auditsDue"]
    assert due == [
        {
            "hostCompany": {"name": "Gifu Casting"},
            "auditsCountedFrom": "2026-01-01",
            "items": [
                item("VISIT", "2026-05-01", "2026-05-31", True, "2026-10-10"),
                item("AUDIT", "2026-04-01", "2026-06-30", True, "2026-08-03"),
                item("VISIT", "2026-09-01", "2026-09-30", True, "2026-10-10"),
            ],
        }
    ]
    # To the year's end: the quarter Oct-Dec and November, December are due, not overdue.
    later = gql(api, DUE, {"before": "2026-12-31", "c": world.company_id})["auditsDue"]
    assert later[0]["items"][3:] == [
        item("VISIT", "2026-11-01", "2026-11-30", False, "2026-10-10"),
        item("AUDIT", "2026-10-01", "2026-12-31", False, "2026-08-03"),
        item("VISIT", "2026-12-01", "2026-12-31", False, "2026-10-10"),
    ]
    # An audit inside the missing quarter settles it.
    _audit(api, world, "2026-06-30")
    settled = gql(api, DUE, {"before": "2026-10-31", "c": world.company_id})["auditsDue"]
    assert [i["kind"] for i in settled[0]["items"]] == ["VISIT", "VISIT"]


def test_without_lectures_the_count_starts_with_stage_one_and_visits_stop_at_stage_two(
    api: TestClient, db_settings: Settings
) -> None:
    """The other company's intern has no lecture course recorded: quarters from the
    month of its stage (i) start (3 Mar): Mar-May, Jun-Aug. It moved to stage (ii) on
    20 Jul: visits were due March to July (July counts), none after."""
    world = seed(db_settings)

    def advance(session: Session) -> None:
        row = session.exec(select(Candidate).where(Candidate.id == world.other_intern)).one()
        row.status = "in_japan_ii"
        session.add(row)
        factories.stage(session, row, "ii", started_on=date(2026, 7, 20))

    factories.build(db_settings, advance)
    other = global_id("HostCompany", world.other_company)
    due = gql(api, DUE, {"before": "2026-10-31", "c": other})["auditsDue"]
    assert due[0]["auditsCountedFrom"] == "2026-03-01"
    assert due[0]["items"] == [
        item("VISIT", "2026-03-01", "2026-03-31", True, None),
        item("VISIT", "2026-04-01", "2026-04-30", True, None),
        item("AUDIT", "2026-03-01", "2026-05-31", True, None),
        item("VISIT", "2026-05-01", "2026-05-31", True, None),
        item("VISIT", "2026-06-01", "2026-06-30", True, None),
        item("VISIT", "2026-07-01", "2026-07-31", True, None),
        item("AUDIT", "2026-06-01", "2026-08-31", True, None),
    ]


def test_every_company_is_listed_by_name_and_the_horizon_is_bounded(
    api: TestClient, db_settings: Settings
) -> None:
    seed(db_settings)
    names = [
        due["hostCompany"]["name"] for due in gql(api, DUE, {"before": "2026-04-30"})["auditsDue"]
    ]
    assert names == ["Gifu Casting", "Osaka Press"]
    assert gql(api, DUE, {"before": "2026-01-31"})["auditsDue"] == [
        {
            "hostCompany": {"name": "Gifu Casting"},
            "auditsCountedFrom": "2026-01-01",
            "items": [item("VISIT", "2026-01-01", "2026-01-31", True, None)],
        }
    ]
    body = post(api, DUE, {"before": "2028-01-01"})
    assert body["errors"][0]["extensions"]["code"] == "INVALID"
    assert body["errors"][0]["message"].startswith("before:")


def test_visits_count_from_the_month_the_interns_reach_the_company(
    api: TestClient, db_settings: Settings
) -> None:
    """Lectures completed on 27 Feb: the interns start at the company on 28 Feb, so the
    first visit is due in February, none in January; the audit quarters still count
    from January, the month the lectures started."""
    world = seed(db_settings)

    def complete(session: Session) -> None:
        for row in session.exec(select(LectureEnrolment)).all():
            row.completed_on = date(2026, 2, 27)
            session.add(row)

    factories.build(db_settings, complete)
    due = gql(api, DUE, {"before": "2026-03-31", "c": world.company_id})["auditsDue"]
    assert due[0]["auditsCountedFrom"] == "2026-01-01"
    assert due[0]["items"] == [
        item("VISIT", "2026-02-01", "2026-02-28", True, None),
        item("AUDIT", "2026-01-01", "2026-03-31", True, None),
        item("VISIT", "2026-03-01", "2026-03-31", True, None),
    ]
