"""Who sees and writes training plans and entry records, per role, over HTTP on SQLite
and PostgreSQL: IM Japan all; the ministry of the intern's country its nationals'; an
embassy its nationals' in Japan; a host company the plans naming it and its interns'
entry; another country's ministry, another host company and anonymous callers nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.settings import Settings
from tests.accounts import signed_in
from tests.client import global_id, post
from tests.factories import build, call, candidate, entry, host_company, stage, training_plan
from tests.lifecycle.helpers import snapshot
from tests.supervision.helpers import plan_values

pytestmark = pytest.mark.database

World = dict[str, int]


def world(session: Session) -> World:
    vn = call(session, "VN")
    company_a, company_b = host_company(session, "A KK"), host_company(session, "B KK")
    intern = candidate(session, vn, "in_japan_i", host_company_id=company_a.id)
    stage(session, intern)
    entry(session, intern)
    trained = candidate(session, vn, "training_completed", training_completed_on=date(2026, 7, 20))
    return {
        "intern": intern.id or 0,
        "trained": trained.id or 0,
        "company_a": company_a.id or 0,
        "company_b": company_b.id or 0,
        "intern_plan": training_plan(session, intern, company_a).id or 0,
        # Drafted with A for an intern not yet A's: A sees the plan, not the candidate.
        "trained_plan": training_plan(session, trained, company_a, status="drafted").id or 0,
    }


PLANS = ("intern_plan", "trained_plan")
SEES = {
    "staff": {"intern_plan", "trained_plan"},
    "vn_ministry": {"intern_plan", "trained_plan"},
    "id_ministry": set(),
    "vn_embassy": {"intern_plan"},
    "company_a": {"intern_plan", "trained_plan"},
    "company_b": set(),
}
SEES_INTERN = {"staff", "vn_ministry", "vn_embassy", "company_a"}


@pytest.fixture
def readers(api: TestClient, db_settings: Settings) -> tuple[World, dict[str, dict[str, str]]]:
    ids = build(db_settings, world)
    headers = {
        "staff": signed_in(api, Role.STAFF),
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "id_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="ID"),
        "vn_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="VN"),
        "company_a": signed_in(api, Role.HOST_COMPANY, host_company_id=ids["company_a"]),
        "company_b": signed_in(api, Role.HOST_COMPANY, host_company_id=ids["company_b"]),
    }
    return ids, headers


@contextmanager
def anonymous(api: TestClient) -> Iterator[None]:
    """The client without its signed-in header for a while."""
    authorization = api.headers.pop("Authorization")
    try:
        yield
    finally:
        api.headers["Authorization"] = authorization


def test_each_role_sees_the_plans_and_entries_it_may(
    api: TestClient, readers: tuple[World, dict[str, dict[str, str]]]
) -> None:
    ids, headers = readers
    names = {global_id("TrainingPlan", ids[key]): key for key in PLANS}
    intern = global_id("Candidate", ids["intern"])
    for role, seen in SEES.items():
        body = post(
            api,
            "{ trainingPlans { totalCount edges { node { id candidate { id } } } } }",
            headers=headers[role],
        )
        assert "errors" not in body, (role, body)
        page = body["data"]["trainingPlans"]
        assert {names[edge["node"]["id"]] for edge in page["edges"]} == seen, role
        assert page["totalCount"] == len(seen), role
        for key in PLANS:
            one = post(
                api,
                "query($id: ID!) { trainingPlan(id: $id) { id } node(id: $id) { id } }",
                {"id": global_id("TrainingPlan", ids[key])},
                headers=headers[role],
            )
            visible = {"id": global_id("TrainingPlan", ids[key])} if key in seen else None
            assert one == {"data": {"trainingPlan": visible, "node": visible}}, (role, key)
        # A plan's candidate only for those who see the candidate.
        for edge in page["edges"]:
            if names[edge["node"]["id"]] == "trained_plan":
                expected = (
                    None
                    if role in {"company_a"}
                    else {"id": global_id("Candidate", ids["trained"])}
                )
                assert edge["node"]["candidate"] == expected, role
        nested = post(
            api,
            "query($id: ID!) { candidate(id: $id) { trainingPlans { id } entry { enteredOn } } }",
            {"id": intern},
            headers=headers[role],
        )
        assert "errors" not in nested, (role, nested)
        if role in SEES_INTERN:
            assert nested["data"]["candidate"] == {
                "trainingPlans": [{"id": global_id("TrainingPlan", ids["intern_plan"])}],
                "entry": {"enteredOn": "2026-09-01"},
            }, role
        else:
            assert nested["data"]["candidate"] is None, role


def test_only_im_japan_writes_plans_and_the_entry_chain(
    api: TestClient, db_settings: Settings, readers: tuple[World, dict[str, dict[str, str]]]
) -> None:
    ids, headers = readers
    before = snapshot(db_settings)
    trained = global_id("Candidate", ids["trained"])
    attempts = [
        (
            "draftTrainingPlan",
            plan_values(trained, global_id("HostCompany", ids["company_a"]), stage="II"),
        ),
        (
            "applyForTrainingPlan",
            {"planId": global_id("TrainingPlan", ids["trained_plan"]), "appliedOn": "2026-05-01"},
        ),
        ("recordCoeApplication", {"candidateId": trained, "appliedOn": "2026-06-01"}),
        ("recordEntry", {"candidateId": trained, "enteredOn": "2026-09-01"}),
    ]
    for role in ("vn_ministry", "vn_embassy", "company_a", "anonymous"):
        for name, data in attempts:
            query = (
                f"mutation($i: {name[0].upper()}{name[1:]}Input!) "
                f"{{ {name}(input: $i) {{ errors {{ code }} }} }}"
            )
            if role == "anonymous":
                with anonymous(api):
                    body = post(api, query, {"i": data})
            else:
                body = post(api, query, {"i": data}, headers=headers[role])
            code = "UNAUTHENTICATED" if role == "anonymous" else "FORBIDDEN"
            assert body["errors"][0]["extensions"]["code"] == code, (role, name)
            assert body["data"] == {name: None}, (role, name)
    assert snapshot(db_settings) == before


def test_anonymous_reads_no_plan(api: TestClient, readers: tuple[World, dict]) -> None:
    ids, _ = readers
    plan = global_id("TrainingPlan", ids["intern_plan"])
    for query, variables in (
        ("{ trainingPlans { totalCount } }", {}),
        ("query($id: ID!) { trainingPlan(id: $id) { id } }", {"id": plan}),
    ):
        with anonymous(api):
            body = post(api, query, variables)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", query
