"""The entry chain over HTTP (Certificate of Eligibility, visa, entry), each step after
the one before, and dispatch gated by the certified stage (i) plan with that company
and the recorded entry, whose date stage (i) starts on."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.engine import create_engine
from core.services.dates import latest_today
from core.settings import Settings
from tests.client import global_id, gql
from tests.factories import build, call, candidate, host_company
from tests.lifecycle.helpers import mutate, snapshot
from tests.supervision.helpers import (
    PLANNED_HOURS,
    Dates,
    attend_lectures,
    certify_plan,
    entry_mutation,
    over_http,
    record_entry,
)

pytestmark = pytest.mark.database

ENTERED = date(2026, 9, 1)
DATES = Dates(ENTERED)


def world(session: Session) -> dict[str, str]:
    vn = call(session, "VN")
    trained = candidate(session, vn, "training_completed", training_completed_on=date(2026, 7, 20))
    registered = candidate(session, vn, "registered")
    companies = [host_company(session, name) for name in ("Entry KK", "Other KK")]
    return {
        "candidate": global_id("Candidate", trained.id or 0),
        "registered": global_id("Candidate", registered.id or 0),
        "company": global_id("HostCompany", companies[0].id or 0),
        "other_company": global_id("HostCompany", companies[1].id or 0),
    }


def refused(
    api: TestClient, db_settings: Settings, name: str, data: dict[str, Any]
) -> dict[str, Any]:
    before = snapshot(db_settings)
    errors = entry_mutation(api, name, data)["errors"]
    assert len(errors) == 1, errors
    assert snapshot(db_settings) == before, name
    error: dict[str, Any] = errors[0]
    return error


def test_each_step_needs_the_one_before(api: TestClient, db_settings: Settings) -> None:
    ids = build(db_settings, world)
    person = ids["candidate"]
    coe = {"candidateId": person, "appliedOn": DATES.coe_applied.isoformat()}
    error = refused(api, db_settings, "recordCoeApplication", coe)
    assert (error["field"], error["code"]) == ("candidateId", "NOT_ALLOWED_STATE")
    assert "no certified training plan for stage (i)" in error["message"]
    issued = {"candidateId": person, "issuedOn": "2026-07-01", "coeNumber": "E-1"}
    missing = [
        ("recordCoeIssued", issued, "coeAppliedOn", "has not been applied for"),
        ("recordVisaIssued", {"candidateId": person, "issuedOn": "2026-08-01"}, "coeIssuedOn",
         "the Certificate of Eligibility has not been issued"),
        ("recordEntry", {"candidateId": person, "enteredOn": "2026-09-01"}, "visaIssuedOn",
         "the visa has not been issued"),
    ]  # fmt: skip
    for name, data, field, words in missing:
        error = refused(api, db_settings, name, data)
        assert (error["field"], error["code"]) == (field, "NOT_ALLOWED_STATE"), name
        assert words in error["message"], name

    certify_plan(over_http(api), person, ids["company"], DATES)
    early = {"candidateId": person, "appliedOn": (DATES.certified - timedelta(days=1)).isoformat()}
    assert refused(api, db_settings, "recordCoeApplication", early)["field"] == "appliedOn"
    future = (latest_today() + timedelta(days=1)).isoformat()
    error = refused(
        api, db_settings, "recordCoeApplication", {"candidateId": person, "appliedOn": future}
    )
    assert (error["field"], error["code"]) == ("appliedOn", "INVALID")
    applied = entry_mutation(api, "recordCoeApplication", coe)
    assert applied["errors"] == []
    assert applied["entry"]["coeAppliedOn"] == DATES.coe_applied.isoformat()
    error = refused(api, db_settings, "recordCoeApplication", coe)
    assert (error["field"], error["code"]) == ("appliedOn", "NOT_ALLOWED_STATE")
    before_application = {**issued, "issuedOn": "2026-05-31"}
    error = refused(api, db_settings, "recordCoeIssued", before_application)
    assert (error["field"], error["code"]) == ("issuedOn", "INVALID")
    assert "coeAppliedOn: 2026-06-01" in error["message"]
    assert entry_mutation(api, "recordCoeIssued", issued)["errors"] == []
    visa = {"candidateId": person, "issuedOn": DATES.visa_issued.isoformat()}
    assert entry_mutation(api, "recordVisaIssued", visa)["errors"] == []
    before_training = {"candidateId": person, "enteredOn": "2026-08-01"}
    error = refused(api, db_settings, "recordEntry", {**before_training, "enteredOn": "2026-07-19"})
    assert error["field"] == "enteredOn"  # before the visa, and before training ended
    entered = entry_mutation(api, "recordEntry", {"candidateId": person, "enteredOn": "2026-09-01"})
    assert entered["errors"] == []
    assert entered["candidate"] == {
        "id": person,
        "status": "TRAINING_COMPLETED",
        "enteredJapanOn": "2026-09-01",
    }
    assert entered["entry"] == {
        "coeAppliedOn": "2026-06-01",
        "coeIssuedOn": "2026-07-01",
        "coeNumber": "E-1",
        "visaIssuedOn": "2026-08-01",
        "enteredOn": "2026-09-01",
    }
    shown = gql(
        api, "query($id: ID!) { candidate(id: $id) { entry { enteredOn } } }", {"id": person}
    )
    assert shown["candidate"]["entry"] == {"enteredOn": "2026-09-01"}


def test_the_chain_is_recorded_between_screening_and_dispatch(
    api: TestClient, db_settings: Settings
) -> None:
    ids = build(db_settings, world)
    data = {"candidateId": ids["registered"], "appliedOn": "2026-06-01"}
    error = refused(api, db_settings, "recordCoeApplication", data)
    assert (error["field"], error["code"]) == ("candidateId", "NOT_ALLOWED_STATE")
    assert "the candidate is registered" in error["message"]


def _stage_record(settings: Settings) -> list[tuple[Any, ...]]:
    async def read() -> list[tuple[Any, ...]]:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            async with engine.connect() as connection:
                result = await connection.execute(
                    text(
                        "SELECT s.started_on, s.occupation_code, s.plan_id = p.id FROM "
                        "stage_record s JOIN training_plan p ON p.candidate_id = s.candidate_id"
                    )
                )
                return [tuple(row) for row in result]
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_dispatch_needs_the_plan_with_that_company_and_the_entry(
    api: TestClient, db_settings: Settings
) -> None:
    ids = build(db_settings, world)
    person = ids["candidate"]

    def dispatch_errors(company: str, **extra: str) -> list[dict[str, Any]]:
        before = snapshot(db_settings)
        data = {"candidateId": person, "hostCompanyId": company, **extra}
        errors: list[dict[str, Any]] = mutate(api, "dispatchCandidate", data)["errors"]
        assert snapshot(db_settings) == before
        return errors

    steps = """query($id: ID!) { candidate(id: $id) { nextSteps { step allowed reason } } }"""

    def dispatch_step() -> dict[str, Any]:
        found = gql(api, steps, {"id": person})["candidate"]["nextSteps"]
        step: dict[str, Any] = next(s for s in found if s["step"] == "DISPATCH")
        return step

    assert "certified training plan" in dispatch_step()["reason"]
    errors = dispatch_errors(ids["company"])
    assert [(e["field"], e["code"]) for e in errors] == [
        ("hostCompanyId", "NOT_ALLOWED_STATE"),
        ("entryDate", "NOT_ALLOWED_STATE"),
    ]
    assert "stage (i) with Entry KK" in errors[0]["message"]
    assert "recordEntry" in errors[1]["message"]

    certify_plan(over_http(api), person, ids["company"], DATES, plannedHours=PLANNED_HOURS)
    assert "recordEntry" in dispatch_step()["reason"]
    errors = dispatch_errors(ids["company"])
    assert [e["field"] for e in errors] == ["entryDate"]

    record_entry(over_http(api), person, DATES)
    assert "post-entry lectures" in dispatch_step()["reason"]
    errors = dispatch_errors(ids["company"])
    assert [(e["field"], e["code"]) for e in errors] == [("candidateId", "NOT_ALLOWED_STATE")]
    assert "post-entry lectures" in errors[0]["message"]

    attend_lectures(over_http(api), person, DATES)
    assert dispatch_step() == {"step": "DISPATCH", "allowed": True, "reason": None}
    errors = dispatch_errors(ids["other_company"])
    assert [(e["field"], e["code"]) for e in errors] == [("hostCompanyId", "NOT_ALLOWED_STATE")]
    assert "with Other KK" in errors[0]["message"]
    errors = dispatch_errors(ids["company"], entryDate="2026-09-02")
    assert [(e["field"], e["code"]) for e in errors] == [("entryDate", "INVALID")]
    assert "2026-09-01" in errors[0]["message"]

    placed = mutate(
        api, "dispatchCandidate", {"candidateId": person, "hostCompanyId": ids["company"]}
    )
    assert placed["errors"] == []
    assert placed["candidate"]["status"] == "IN_JAPAN_I"
    assert placed["candidate"]["enteredJapanOn"] == "2026-09-01"
    started, occupation, same_plan = _stage_record(db_settings)[0]
    assert (str(started), occupation, bool(same_plan)) == ("2026-09-01", "1-1-1", True)
