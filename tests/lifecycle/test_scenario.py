"""Release 0.2.0's acceptance scenario, as a frontend team drives it over HTTP.

One candidate of each country goes through the whole programme using only the
operations of ``clients/typescript/src/operations`` (the ones whose TypeScript
types ``tests/test_typescript_client.py`` generates and compiles): typed
inputs, ``Date`` values, global ids that are only ever copied from answers,
``nextSteps`` to choose each step and name its mutation, and a correction of a
misspelt name. It runs on SQLite and PostgreSQL (the ``api`` fixture).
"""

from __future__ import annotations

import base64
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    parse,
    print_ast,
    visit,
)
from graphql.language import Visitor
from starlette.testclient import TestClient

from tests.factories import build, stage_iii_occupation
from tests.lifecycle.helpers import JOB_FIELDS, passing_candidate, passing_tests
from tests.supervision.helpers import certify_stage_plan, prepare_for_dispatch

OPERATIONS = Path(__file__).resolve().parents[2] / "clients" / "typescript" / "src" / "operations"
COUNTRIES = ["ID", "TH", "VN", "BD", "LK"]


def _spreads(node: Any) -> set[str]:
    found: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: Any) -> None:
            found.add(spread.name.value)

    visit(node, Spreads())
    return found


def load_operations() -> dict[str, str]:
    """Each named operation of the folder, as a document with the fragments it uses."""
    documents: list[DocumentNode] = [
        parse(path.read_text(encoding="utf-8")) for path in sorted(OPERATIONS.glob("*.graphql"))
    ]
    definitions = [d for document in documents for d in document.definitions]
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    operations = {}
    for definition in definitions:
        if not isinstance(definition, OperationDefinitionNode) or definition.name is None:
            continue
        needed: set[str] = set()
        todo = _spreads(definition)
        while todo:
            name = todo.pop()
            if name not in needed:
                needed.add(name)
                todo |= _spreads(fragments[name])
        parts = [print_ast(definition), *(print_ast(fragments[n]) for n in sorted(needed))]
        operations[definition.name.value] = "\n\n".join(parts)
    return operations


def root_field(document: str) -> str:
    operation = next(
        d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode)
    )
    return operation.selection_set.selections[0].name.value  # type: ignore[union-attr]


class Frontend:
    """Runs the folder's operations by name and remembers which ran."""

    def __init__(self, api: TestClient) -> None:
        self.api = api
        self.operations = load_operations()
        self.by_mutation = {
            root_field(text): name
            for name, text in self.operations.items()
            if text.startswith("mutation")
        }
        self.ran: set[str] = set()

    def run(self, name: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = self.api.post(
            "/graphql", json={"query": self.operations[name], "variables": variables}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        self.ran.add(name)
        return body["data"]

    def mutate(self, mutation: str, values: dict[str, Any]) -> dict[str, Any]:
        """Call ``mutation`` (a root field name, as ``nextSteps`` gives it) with ``values``."""
        payload = self.run(self.by_mutation[mutation], {"input": values})[mutation]
        assert payload["errors"] == [], payload["errors"]
        return payload

    def candidate(self, candidate_id: str) -> dict[str, Any]:
        node = self.run("CandidateNode", {"id": candidate_id})["node"]
        assert node["__typename"] == "Candidate"
        return node

    def take(self, candidate_id: str, step: str, values: dict[str, Any]) -> dict[str, Any]:
        """Take ``step`` as the screen would: only when ``nextSteps`` offers it, through
        the mutation it names; the status after is one the step leads to."""
        before = self.candidate(candidate_id)
        offered = {entry["step"]: entry for entry in before["nextSteps"]}
        assert step in offered, (step, before["status"], list(offered))
        entry = offered[step]
        assert entry["allowed"], (step, entry["reason"])
        payload = self.mutate(entry["mutation"], {"candidateId": candidate_id, **values})
        after = self.candidate(candidate_id)["status"]
        assert after in entry["leadsTo"] or (not entry["leadsTo"] and after == before["status"])
        return payload


def misspelt(country: str) -> str:
    return f"Candidaet {country}"


def correct(country: str) -> str:
    return f"Candidate {country}"


def through_the_programme(frontend: Frontend, country: str) -> str:
    call = frontend.mutate(
        "createRecruitmentCall",
        {
            "countryCode": country,
            "label": f"{country}-26-01",
            "jobFields": JOB_FIELDS,
            "places": 30,
            "opensOn": "2025-12-01",
            "closesOn": "2025-12-31",
        },
    )["call"]
    registered = frontend.mutate(
        "registerCandidate",
        {**passing_candidate(call["id"], country, "S-1"), "fullName": misspelt(country)},
    )["candidate"]
    candidate_id = registered["id"]
    assert registered["status"] == "REGISTERED"
    # Ids are global: the call's and the candidate's differ even where their rows are both 1.
    assert candidate_id != call["id"]

    # The name was misspelt: corrected before screening, with the reason kept.
    corrected = frontend.mutate(
        "correctCandidate",
        {
            "candidateId": candidate_id,
            "fullName": correct(country),
            "reason": "misspelt on the form",
        },
    )["candidate"]
    assert corrected["fullName"] == correct(country)
    found = frontend.run("CandidatesNamed", {"name": correct(country)})["candidates"]
    assert [edge["node"]["id"] for edge in found["edges"]] == [candidate_id]

    for test in passing_tests(country):
        taken = frontend.take(candidate_id, "RECORD_TEST_RESULT", {"takenOn": "2026-01-05", **test})
        assert taken["testResult"]["takenOn"] == "2026-01-05"
    screened = frontend.take(candidate_id, "SCREEN", {"screenedOn": "2026-01-10"})
    assert [o for o in screened["decision"]["outcomes"] if not o["passed"]] == []

    cohort = frontend.mutate(
        "createTrainingCohort",
        {
            "countryCode": country,
            "name": f"{country} cohort 2026-1",
            "startsOn": "2026-01-15",
            "endsOn": "2026-07-20",
        },
    )["cohort"]
    frontend.take(candidate_id, "ENROL", {"cohortId": cohort["id"]})
    # Completing is offered but blocked until every phase has a passing result.
    steps = {e["step"]: e for e in frontend.candidate(candidate_id)["nextSteps"]}
    assert steps["COMPLETE_TRAINING"]["allowed"] is False
    assert cohort["phases"][0]["name"] in steps["COMPLETE_TRAINING"]["reason"]
    for phase in cohort["phases"]:
        frontend.take(
            candidate_id,
            "RECORD_TRAINING_RESULT",
            {
                "phaseId": phase["id"],
                "attendancePercent": 96,
                "assessmentScore": 80,
                "passed": True,
            },
        )
    frontend.take(candidate_id, "COMPLETE_TRAINING", {"completedOn": "2026-07-20"})

    company = frontend.mutate(
        "createHostCompany",
        {"name": f"Host {country} KK", "prefecture": "JP-23", "jobCategory": "Machining"},
    )["hostCompany"]
    # Dispatch is offered but blocked until the plan is certified and the entry recorded.
    steps = {e["step"]: e for e in frontend.candidate(candidate_id)["nextSteps"]}
    assert steps["DISPATCH"]["allowed"] is False
    assert "certified training plan" in steps["DISPATCH"]["reason"]
    prepare_for_dispatch(frontend.mutate, candidate_id, company["id"], "2026-08-01")
    frontend.take(
        candidate_id, "DISPATCH", {"hostCompanyId": company["id"], "entryDate": "2026-08-01"}
    )
    # Stage (ii): both parts of the basic grade passed, and its certified plan.
    for part in ("WRITTEN", "PRACTICAL"):
        frontend.mutate(
            "recordSkillsTestSitting",
            {
                "candidateId": candidate_id,
                "stage": "I",
                "grade": "BASIC",
                "part": part,
                "satOn": "2026-09-01",
                "passed": True,
            },
        )
    certify_stage_plan(
        frontend.mutate, candidate_id, company["id"], "ii", date(2026, 9, 3), "1-1-1"
    )
    frontend.take(candidate_id, "ADVANCE_STAGE", {"startsOn": "2026-09-03"})
    # Stage (iii): a grade 3 practical pass, a plan in an eligible occupation, the
    # company excellent, IM Japan's general licence, a month and more at home.
    frontend.mutate(
        "recordSkillsTestSitting",
        {
            "candidateId": candidate_id,
            "stage": "II",
            "grade": "GRADE_3",
            "part": "PRACTICAL",
            "satOn": "2026-09-04",
            "passed": True,
        },
    )
    # Reference data (imjapan occupations import): no shipped code is known eligible.
    occupation = build(frontend.api.app.state.settings, stage_iii_occupation)  # type: ignore[attr-defined]
    certify_stage_plan(
        frontend.mutate, candidate_id, company["id"], "iii", date(2026, 10, 15), occupation
    )
    frontend.mutate(
        "recordHostCompanyExcellence",
        {"hostCompanyId": company["id"], "validFrom": "2026-01-01", "validTo": "2027-12-31"},
    )
    frontend.mutate(
        "recordSupervisionLicence",
        {"kind": "TITP_GENERAL", "validFrom": "2025-01-01", "validTo": "2030-12-31"},
    )
    frontend.mutate(
        "recordHomeStay",
        {"candidateId": candidate_id, "leftJapanOn": "2026-09-05", "returnedOn": "2026-10-10"},
    )
    frontend.take(candidate_id, "ADVANCE_STAGE", {"startsOn": "2026-10-15"})
    frontend.take(
        candidate_id, "RECORD_RETURN", {"returnedOn": "2026-11-15", "outcome": "COMPLETED"}
    )
    return candidate_id


@pytest.mark.database
@pytest.mark.parametrize("country", COUNTRIES)
def test_a_frontend_takes_a_candidate_through_the_programme(api: TestClient, country: str) -> None:
    frontend = Frontend(api)
    candidate_id = through_the_programme(frontend, country)

    final = frontend.candidate(candidate_id)
    assert final["status"] == "RETURNED"
    assert final["nextSteps"] == []
    assert (final["enteredJapanOn"], final["returnedOn"]) == ("2026-08-01", "2026-11-15")
    assert final["fullName"] == correct(country)
    reasons = [entry["reason"] for entry in final["history"]]
    assert any(reason and "misspelt on the form" in reason for reason in reasons), reasons
    assert [entry["toStatus"] for entry in final["history"] if entry["toStatus"]][-1] == "RETURNED"
    details = final["countryDetails"]
    assert (details is None) == (country not in {"ID", "VN"})
    if details is not None:
        assert details["countryCode"] == country
    # The id is opaque to the frontend; it round-trips through node whatever it holds.
    assert base64.b64decode(candidate_id).decode().startswith("Candidate:")
    # Every operation of the folder ran: the typed set is exactly the one exercised.
    assert frontend.ran == set(frontend.operations)
