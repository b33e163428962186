"""What advancing an intern to the next stage needs, made over HTTP for the tests that
advance stages through the real checks.

The sittings, the excellence period, the licence, the home stay and the certified
training plan are recorded by their mutations (the ``api`` client is signed in as an
administrator). Only the occupation eligible for stage (iii) is written straight into
the table: it is reference data (``imjapan occupations import``), and the shipped
partial list has none known to be eligible.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from starlette.testclient import TestClient

from core.settings import Settings
from tests import factories
from tests.client import gql, mutation
from tests.supervision.helpers import certify_stage_plan, over_http

ERRORS = "errors { field message code }"
SELECTIONS = {
    "recordSkillsTestSitting": f"sitting {{ id stage grade part satOn passed score }} {ERRORS}",
    "recordHostCompanyExcellence": f"excellence {{ validFrom validTo score }} {ERRORS}",
    "recordSupervisionLicence": (f"licence {{ kind licenceNumber validFrom validTo }} {ERRORS}"),
    "recordHomeStay": f"homeStay {{ leftJapanOn returnedOn }} {ERRORS}",
}
"""What each of the stages' mutations is asked for (the errors always)."""

GATE_PASSES = factories.GATE_PASSES
PREVIOUS = {"ii": "I", "iii": "II"}


def record(
    client: TestClient, name: str, data: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run one of the stages' mutations; its payload."""
    return mutation(client, name, SELECTIONS[name], data, headers)


def recorded(client: TestClient, name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run one of the stages' mutations that must succeed."""
    payload = record(client, name, data)
    assert payload["errors"] == [], payload["errors"]
    return payload


def host_company_of(client: TestClient, candidate_id: str) -> str:
    found = gql(
        client,
        "query($id: ID!) { candidate(id: $id) { hostCompany { id } } }",
        {"id": candidate_id},
    )
    company: str = found["candidate"]["hostCompany"]["id"]
    return company


def pass_gate(
    client: TestClient,
    candidate_id: str,
    following: str,
    sat_on: str,
    *,
    plan: bool = True,
    starts_on: str | None = None,
) -> None:
    """The passed sittings stage ``following`` (``"ii"``/``"iii"``) needs, sat on ``sat_on``
    in the stage before, recorded over HTTP; with ``plan``, a certified plan for
    ``following`` with the intern's host company (for (iii) in an occupation known to
    allow it), written to the table."""
    for grade, part in GATE_PASSES[following]:
        recorded(
            client,
            "recordSkillsTestSitting",
            {
                "candidateId": candidate_id,
                "stage": PREVIOUS[following],
                "grade": grade.upper(),
                "part": part.upper(),
                "satOn": sat_on,
                "passed": True,
            },
        )
    if plan:
        certified_plan(client, candidate_id, following, starts_on or sat_on)


def certified_plan(
    client: TestClient, candidate_id: str, stage: str, starts_on: str | None = None
) -> None:
    """A plan of the intern for ``stage`` with its host company, drafted, applied for a
    month and certified three weeks before ``starts_on`` through the plans' mutations
    (for (iii) in an occupation known to allow it)."""
    settings: Settings = client.app.state.settings  # type: ignore[attr-defined]
    occupation = "1-1-1"
    if stage == "iii":
        occupation = factories.build(settings, factories.stage_iii_occupation)
    start = day(starts_on) if starts_on else date.today() - timedelta(days=30)
    company = host_company_of(client, candidate_id)
    certify_stage_plan(over_http(client), candidate_id, company, stage, start, occupation)


def prepare_stage_iii(
    client: TestClient,
    candidate_id: str,
    *,
    left_japan_on: str,
    returned_on: str,
    valid_from: str = "2020-04-01",
    valid_to: str = "2030-03-31",
) -> None:
    """The stage (iii) conditions over HTTP: the intern's host company excellent and IM
    Japan's general licence from ``valid_from`` to ``valid_to``, and the home stay."""
    recorded(
        client,
        "recordHostCompanyExcellence",
        {
            "hostCompanyId": host_company_of(client, candidate_id),
            "validFrom": valid_from,
            "validTo": valid_to,
            "score": 120,
        },
    )
    recorded(
        client,
        "recordSupervisionLicence",
        {"kind": "TITP_GENERAL", "validFrom": valid_from, "validTo": valid_to},
    )
    recorded(
        client,
        "recordHomeStay",
        {"candidateId": candidate_id, "leftJapanOn": left_japan_on, "returnedOn": returned_on},
    )


def day(text: str) -> date:
    return date.fromisoformat(text)
