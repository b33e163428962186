"""Training plans over HTTP: their life, the versions a change keeps, the refusals (each
leaving the database as it was) and the warning of a late application, with the dates
hand-computed from the seeded rules (titp.plan.earliest_months 6, lead_months.i 4,
lead_months.ii 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import Occupation
from core.domain.reference_rules import TITP360
from core.settings import Settings
from tests.client import global_id, gql
from tests.factories import build, call, candidate, host_company
from tests.lifecycle.helpers import snapshot
from tests.supervision.helpers import plan_mutation, plan_values

pytestmark = pytest.mark.database

START = "2027-02-15"
"""The planned start of the plans here: applications from 2026-08-15 (6 months before),
due by 2026-10-15 for stage (i) (4 months before), 2026-11-15 for stage (ii) (3)."""


def world(session: Session) -> dict[str, str]:
    vn = call(session, "VN")
    person = candidate(session, vn, "training_completed", training_completed_on=date(2026, 7, 20))
    other = candidate(session, vn, "in_japan_i")
    company = host_company(session, "Plan KK")
    session.add(
        Occupation(
            code="9-9-9",
            occupation_ja="試験職種",
            stage_ii_allowed=True,
            stage_iii_allowed=True,
            source="test",
            source_list="test",
            partial=True,
            tag="primary",
        )
    )
    session.flush()
    return {
        "candidate": global_id("Candidate", person.id or 0),
        "other": global_id("Candidate", other.id or 0),
        "company": global_id("HostCompany", company.id or 0),
    }


def done(api: TestClient, name: str, data: dict[str, Any]) -> dict[str, Any]:
    payload = plan_mutation(api, name, data)
    assert payload["errors"] == [], (name, payload["errors"])
    return payload


def draft(api: TestClient, ids: dict[str, str], **changes: Any) -> dict[str, Any]:
    values = plan_values(
        ids["candidate"], ids["company"], plannedStart=START, plannedEnd="2028-02-14", **changes
    )
    plan: dict[str, Any] = done(api, "draftTrainingPlan", values)["plan"]
    return plan


def certified(api: TestClient, ids: dict[str, str], **changes: Any) -> dict[str, Any]:
    plan = draft(api, ids, **changes)
    done(api, "applyForTrainingPlan", {"planId": plan["id"], "appliedOn": "2026-09-01"})
    certify = {"planId": plan["id"], "certifiedOn": "2026-10-01", "certificateNumber": "C-1"}
    result: dict[str, Any] = done(api, "certifyTrainingPlan", certify)["plan"]
    return result


PLANS_OF = """query($id: ID!) { candidate(id: $id) { trainingPlans {
    id version status monthlyWage goals plannedStart certifiedOn supersedes { id }
    supersededBy { id } versions { version status } } } }"""


def test_a_plan_lives_and_a_change_keeps_the_certified_version(
    api: TestClient, db_settings: Settings
) -> None:
    ids = build(db_settings, world)
    plan = draft(api, ids)
    assert (plan["status"], plan["version"], plan["stage"]) == ("DRAFTED", 1, "I")
    assert (plan["dueBy"], plan["applicationLate"]) == ("2026-10-15", None)
    assert plan["hostCompany"] == {"id": ids["company"]}
    applied = done(api, "applyForTrainingPlan", {"planId": plan["id"], "appliedOn": "2026-09-01"})
    assert applied["warnings"] == []
    assert (applied["plan"]["status"], applied["plan"]["applicationLate"]) == ("APPLIED", False)
    first = done(
        api,
        "certifyTrainingPlan",
        {"planId": plan["id"], "certifiedOn": "2026-10-01", "certificateNumber": "C-1"},
    )["plan"]
    assert (first["status"], first["certifiedOn"], first["certificateNumber"]) == (
        "CERTIFIED",
        "2026-10-01",
        "C-1",
    )

    change = done(api, "changeTrainingPlan", {"planId": first["id"], "monthlyWage": 190000})["plan"]
    assert (change["status"], change["version"]) == ("DRAFTED", 2)
    assert change["supersedes"] == {"id": first["id"]}
    assert (change["plannedStart"], change["occupationCode"]) == (START, "1-1-1")
    plans = gql(api, PLANS_OF, {"id": ids["candidate"]})["candidate"]["trainingPlans"]
    assert [(p["version"], p["status"], p["monthlyWage"]) for p in plans] == [
        (1, "CERTIFIED", 180000),
        (2, "DRAFTED", 190000),
    ]
    assert plans[0]["supersededBy"] == {"id": change["id"]}
    assert plans[0]["goals"] == plans[1]["goals"]

    before = snapshot(db_settings)
    again = plan_mutation(api, "changeTrainingPlan", {"planId": first["id"], "weeklyHours": 38})
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("planId", "NOT_ALLOWED_STATE")]
    assert "pending (version 2" in again["errors"][0]["message"]
    assert snapshot(db_settings) == before

    # A change is not bound by the lead time: applied long after, no warning.
    applied = done(api, "applyForTrainingPlan", {"planId": change["id"], "appliedOn": "2026-11-20"})
    assert applied["warnings"] == [] and applied["plan"]["applicationLate"] is None
    done(
        api,
        "certifyTrainingPlan",
        {"planId": change["id"], "certifiedOn": "2026-11-25", "certificateNumber": "C-1-2"},
    )
    plans = gql(api, PLANS_OF, {"id": ids["candidate"]})["candidate"]["trainingPlans"]
    assert [(p["version"], p["status"]) for p in plans] == [(1, "SUPERSEDED"), (2, "CERTIFIED")]
    assert plans[1]["versions"] == [
        {"version": 1, "status": "SUPERSEDED"},
        {"version": 2, "status": "CERTIFIED"},
    ]

    ended = done(
        api,
        "endTrainingPlan",
        {"planId": change["id"], "endedOn": "2026-12-01", "reason": "the company closed"},
    )["plan"]
    assert (ended["status"], ended["endedOn"]) == ("ENDED", "2026-12-01")
    # With no live plan left, a new one may be drafted: the numbering goes on.
    assert draft(api, ids)["version"] == 3
    listed = gql(
        api,
        "query($c: ID!) { trainingPlans(candidateId: $c, status: ENDED) { totalCount "
        "edges { node { id } } } }",
        {"c": ids["candidate"]},
    )["trainingPlans"]
    assert listed == {"totalCount": 1, "edges": [{"node": {"id": change["id"]}}]}


def test_a_late_application_is_accepted_with_the_rule_s_warning(
    api: TestClient, db_settings: Settings
) -> None:
    ids = build(db_settings, world)
    plan = draft(api, ids)
    # 2026-10-15 is the last day in time (plannedStart 2027-02-15 less 4 months).
    late = done(api, "applyForTrainingPlan", {"planId": plan["id"], "appliedOn": "2026-10-16"})
    assert late["plan"]["applicationLate"] is True
    (warning,) = late["warnings"]
    assert {k: warning[k] for k in ("rule", "months", "dueBy", "sourceUrl")} == {
        "rule": "titp.plan.lead_months.i",
        "months": 4,
        "dueBy": "2026-10-15",
        "sourceUrl": TITP360,
    }
    assert "2026-10-15" in warning["message"] and TITP360 in warning["message"]

    other = plan_values(
        ids["other"], ids["company"], stage="II", plannedStart=START, plannedEnd="2029-02-14"
    )
    second = done(api, "draftTrainingPlan", other)["plan"]
    assert second["dueBy"] == "2026-11-15"  # stage (ii): 3 months
    on_time = done(api, "applyForTrainingPlan", {"planId": second["id"], "appliedOn": "2026-11-15"})
    assert on_time["warnings"] == [] and on_time["plan"]["applicationLate"] is False


def test_stage_iii_needs_an_occupation_that_allows_it(
    api: TestClient, db_settings: Settings
) -> None:
    ids = build(db_settings, world)
    plan = draft(api, ids, stage="III", occupationCode="9-9-9")
    assert (plan["stage"], plan["occupationCode"]) == ("III", "9-9-9")


# name, how to make the input from the world and a certified plan, field, code, words
Refusal = tuple[str, str, Any, str | None, str, str]

REFUSALS: list[Refusal] = [
    (
        "unknown occupation",
        "draftTrainingPlan",
        lambda w, p: plan_values(w["candidate"], w["company"], occupationCode="8-8-8"),
        "occupationCode",
        "NOT_FOUND",
        "no occupation '8-8-8'",
    ),
    (
        "stage (iii) unknown for the occupation",
        "draftTrainingPlan",
        lambda w, p: plan_values(w["other"], w["company"], stage="III"),
        "occupationCode",
        "INVALID",
        "is not known",
    ),
    (
        "stage (iii) not allowed",
        "draftTrainingPlan",
        lambda w, p: plan_values(w["other"], w["company"], stage="III", occupationCode="2-1-9"),
        "occupationCode",
        "INVALID",
        "does not allow stage (iii)",
    ),
    (
        "end before start",
        "draftTrainingPlan",
        lambda w, p: plan_values(w["other"], w["company"], plannedEnd="2026-07-31"),
        "plannedEnd",
        "INVALID",
        "before plannedStart",
    ),
    (
        "second live plan",
        "draftTrainingPlan",
        lambda w, p: plan_values(w["candidate"], w["company"]),
        "stage",
        "DUPLICATE",
        "already has a plan",
    ),
    (
        "no such candidate",
        "draftTrainingPlan",
        lambda w, p: plan_values(global_id("Candidate", 9999), w["company"]),
        "candidateId",
        "NOT_FOUND",
        "no candidate",
    ),
    (
        "applied for twice",
        "applyForTrainingPlan",
        lambda w, p: {"planId": p, "appliedOn": "2026-09-02"},
        "planId",
        "NOT_ALLOWED_STATE",
        "only a drafted plan",
    ),
    (
        "changed with nothing",
        "changeTrainingPlan",
        lambda w, p: {"planId": p},
        None,
        "REQUIRED",
        "at least one field",
    ),
    (
        "changed to end before it starts",
        "changeTrainingPlan",
        lambda w, p: {"planId": p, "plannedEnd": "2027-01-01"},
        "plannedEnd",
        "INVALID",
        "before plannedStart",
    ),
    (
        "certified twice",
        "certifyTrainingPlan",
        lambda w, p: {"planId": p, "certifiedOn": "2026-10-02", "certificateNumber": "X"},
        "planId",
        "NOT_ALLOWED_STATE",
        "only a plan applied for",
    ),
    (
        "ended before it was certified",
        "endTrainingPlan",
        lambda w, p: {"planId": p, "endedOn": "2026-09-30", "reason": "x"},
        "endedOn",
        "INVALID",
        "2026-10-01",
    ),
]


def test_refusals_name_the_field_and_write_nothing(api: TestClient, db_settings: Settings) -> None:
    ids = build(db_settings, world)
    plan = certified(api, ids)["id"]
    for name, mutation_name, make, field, code, words in REFUSALS:
        before = snapshot(db_settings)
        errors = plan_mutation(api, mutation_name, make(ids, plan))["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [(field, code)], (name, errors)
        assert words in errors[0]["message"], (name, errors[0]["message"])
        assert snapshot(db_settings) == before, name


def test_applications_too_early_and_certification_before_them_are_refused(
    api: TestClient, db_settings: Settings
) -> None:
    ids = build(db_settings, world)
    plan = draft(api, ids)["id"]
    cases = [
        # 2026-08-15 is the first day (plannedStart 2027-02-15 less 6 months).
        ("applyForTrainingPlan", {"planId": plan, "appliedOn": "2026-08-14"}, "appliedOn"),
        ("changeTrainingPlan", {"planId": plan, "weeklyHours": 38}, "planId"),
    ]
    for name, data, field in cases:
        before = snapshot(db_settings)
        errors = plan_mutation(api, name, data)["errors"]
        assert [e["field"] for e in errors] == [field], (name, errors)
        assert snapshot(db_settings) == before, name
    assert "from 2026-08-15 on" in plan_mutation(api, *cases[0][:2])["errors"][0]["message"]
    done(api, "applyForTrainingPlan", {"planId": plan, "appliedOn": "2026-08-15"})
    before = snapshot(db_settings)
    errors = plan_mutation(
        api,
        "certifyTrainingPlan",
        {"planId": plan, "certifiedOn": "2026-08-14", "certificateNumber": "C"},
    )["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("certifiedOn", "INVALID")]
    assert snapshot(db_settings) == before
