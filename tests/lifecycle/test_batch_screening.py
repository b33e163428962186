"""Batch screening decides exactly what the screenCandidate mutation decides."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from core.cli import main
from core.db.session import Database
from core.errors import DomainValidationError
from core.lifecycle.batch_screening import BatchReport, screen_unscreened
from core.screening.custom import plugin_evaluator
from core.settings import Settings
from tests.conftest import gql
from tests.lifecycle.helpers import JOB_FIELDS, ok, passing_candidate, passing_tests

SCREENED_ON = "2026-01-10"
COUNTRIES = ("ID", "TH", "VN", "BD", "LK")
HISTORY = """query($id: ID!) { candidate(id: $id) {
  status
  history { fromStatus toStatus reason actor }
  screeningDecisions {
    passed screenedOn criteria { version }
    outcomes { ruleId kind passed expected actual reason }
  }
} }"""


def open_call(api: TestClient, country: str, label: str = "batch-1") -> str:
    return str(
        ok(
            api,
            "createRecruitmentCall",
            {
                "countryCode": country,
                "label": label,
                "jobFields": JOB_FIELDS,
                "places": 50,
                "opensOn": "2025-12-01",
                "closesOn": "2025-12-31",
            },
        )["call"]["id"]
    )


def variants(call_id: str, country: str, twin: str) -> list[tuple[dict[str, Any], list[Any]]]:
    """Candidates who pass, fail some rules, and have no test recorded, with their tests."""
    passing = passing_candidate(call_id, country, f"P-{twin}")
    short = {
        **passing_candidate(call_id, country, f"F-{twin}"),
        "heightCm": 140,
        "sex": "FEMALE",
        "educationLevel": "LOWER_SECONDARY",
        "countryDetails": {"priority_groups": ["poor_district"]},
    }
    untested = {**passing_candidate(call_id, country, f"U-{twin}"), "japaneseLevel": None}
    return [
        (passing, passing_tests(country)),
        (short, passing_tests(country)[:2]),
        (untested, []),
    ]


def register(api: TestClient, data: dict[str, Any], tests: list[Any]) -> str:
    candidate_id = str(ok(api, "registerCandidate", data)["candidate"]["id"])
    for test in tests:
        ok(api, "recordTestResult", {"candidateId": candidate_id, **test})
    return candidate_id


def screened(api: TestClient, candidate_id: str) -> dict[str, Any]:
    return gql(api, HISTORY, {"id": candidate_id})["candidate"]  # type: ignore[no-any-return]


def me(api: TestClient) -> str:
    return str(gql(api, "{ me { email } }")["me"]["email"])


def batch(api: TestClient, **arguments: Any) -> BatchReport:
    settings: Settings = api.app.state.settings  # type: ignore[attr-defined]
    evaluator = plugin_evaluator(api.app.state.plugin_manager, settings)  # type: ignore[attr-defined]

    async def run() -> BatchReport:
        db = Database.connect(settings.database_url, schema=settings.database_schema)
        try:
            return await screen_unscreened(db=db, custom=evaluator, **arguments)
        finally:
            await db.dispose()

    return asyncio.run(run())


@pytest.mark.database
def test_batch_decisions_equal_the_mutations_for_every_country(api: TestClient) -> None:
    pairs: list[tuple[str, str]] = []
    calls = {country: open_call(api, country) for country in COUNTRIES}
    for country, call_id in calls.items():
        for (one, tests), (twin, _) in zip(
            variants(call_id, country, "A"), variants(call_id, country, "B"), strict=True
        ):
            pairs.append((register(api, one, tests), register(api, twin, tests)))
    for by_mutation, _ in pairs:
        ok(api, "screenCandidate", {"candidateId": by_mutation, "screenedOn": SCREENED_ON})

    reports = [
        batch(
            api,
            call_id=int(call_id),
            actor=me(api),
            screened_on=date.fromisoformat(SCREENED_ON),
            batch_size=2,
        )
        for call_id in calls.values()
    ]

    assert [(r.screened, r.passed, r.chunks) for r in reports] == [(3, 1, 2)] * len(COUNTRIES)
    for by_mutation, by_batch in pairs:
        expected = screened(api, by_mutation)
        assert expected["status"] in ("SCREENING_PASSED", "SCREENING_FAILED")
        assert len(expected["screeningDecisions"]) == 1
        assert screened(api, by_batch) == expected
    assert all(
        any(not o["passed"] for o in screened(api, b)["screeningDecisions"][0]["outcomes"])
        for _, b in pairs[1::3]
    )


@pytest.mark.database
def test_a_country_is_screened_across_its_calls_and_nothing_twice(api: TestClient) -> None:
    first, second = open_call(api, "TH", "th-1"), open_call(api, "TH", "th-2")
    other = open_call(api, "VN", "vn-1")
    ids = [
        register(api, passing_candidate(call, country, number), passing_tests(country))
        for call, country, number in (
            (first, "TH", "1"),
            (second, "TH", "2"),
            (second, "TH", "3"),
            (other, "VN", "4"),
        )
    ]
    ok(api, "withdrawCandidate", {"candidateId": ids[2], "reason": "moved away"})

    report = batch(api, country_code="th", actor="batch", batch_size=1000)

    assert (report.screened, report.passed, report.failed, report.chunks) == (2, 2, 0, 1)
    assert report.rate > 0
    statuses = [screened(api, candidate)["status"] for candidate in ids]
    assert statuses == ["SCREENING_PASSED", "SCREENING_PASSED", "WITHDRAWN", "REGISTERED"]
    assert screened(api, ids[0])["history"][-1]["actor"] == "batch"
    again = batch(api, country_code="TH", actor="batch")
    assert (again.screened, again.chunks) == (0, 0)


@pytest.mark.database
def test_the_current_criteria_version_is_applied(api: TestClient) -> None:
    call_id = open_call(api, "VN")
    candidate = register(api, passing_candidate(call_id, "VN", "1"), passing_tests("VN"))
    ok(
        api,
        "updateCallCriteria",
        {"callId": call_id, "adjust": [{"ruleId": "height", "parameters": {"male": 180}}]},
    )
    report = batch(api, call_id=int(call_id), actor=None)
    decision = screened(api, candidate)["screeningDecisions"][0]
    assert (report.screened, report.passed) == (1, 0)
    assert decision["criteria"]["version"] == 2
    assert [o["ruleId"] for o in decision["outcomes"] if not o["passed"]] == ["height"]


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        ({"call_id": 999}, "callId", "no recruitment call with id 999"),
        ({}, "callId", "either a call or a country"),
        ({"call_id": 1, "country_code": "TH"}, "callId", "either a call or a country"),
        ({"country_code": "TH", "batch_size": 0}, "batchSize", "between 1 and 10000"),
    ],
)
def test_bad_arguments_are_refused_by_name(
    client: TestClient, arguments: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(DomainValidationError) as refused:
        batch(client, actor=None, **arguments)
    [error] = refused.value.errors
    assert error.field == field
    assert message in error.message


def test_command_line_screening(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    from core.app import create_app
    from core.auth.roles import Role
    from tests.accounts import signed_in

    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    with TestClient(create_app(settings)) as api:
        api.headers.update(signed_in(api, Role.ADMIN))
        call_id = open_call(api, "ID")
        passing = register(api, passing_candidate(call_id, "ID", "1"), passing_tests("ID"))
        short = {**passing_candidate(call_id, "ID", "2"), "heightCm": 140}
        failing = register(api, short, passing_tests("ID"))
        result = CliRunner().invoke(
            main, ["candidates", "screen", "--call", call_id, "--batch-size", "1"]
        )
        assert result.exit_code == 0, result.output
        assert f"2 candidate(s) of call {call_id} screened in" in result.stdout
        assert "1 passed, 1 failed" in result.stdout
        assert screened(api, passing)["status"] == "SCREENING_PASSED"
        assert screened(api, failing)["history"][-1]["actor"] == "cli"
    missing = CliRunner().invoke(main, ["candidates", "screen", "--call", "999"])
    assert missing.exit_code == 1
    assert "error: callId: no recruitment call with id 999" in missing.stderr


@pytest.mark.database
def test_reserved_ids_never_meet_the_ones_taken_one_at_a_time(api: TestClient) -> None:
    """An import reserves its ids up front; registering afterwards takes the next ones."""
    call_id = open_call(api, "VN")
    first = register(api, passing_candidate(call_id, "VN", "before"), [])
    csv = "full_name,date_of_birth,sex,education_level\n" + "".join(
        f"Imported {n},2001-04-0{n},male,upper_secondary\n" for n in range(1, 4)
    )
    imported = ok(api, "importCandidates", {"callId": call_id, "csv": csv})["candidates"]
    after = register(api, passing_candidate(call_id, "VN", "after"), [])
    ids = [int(first), *(int(c["id"]) for c in imported), int(after)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    for candidate_id in ids:
        history = screened(api, str(candidate_id))["history"]
        assert [(h["fromStatus"], h["toStatus"]) for h in history] == [(None, "REGISTERED")]
    report = batch(api, call_id=int(call_id), actor="batch")
    assert report.screened == 5
    decisions = [screened(api, str(i))["screeningDecisions"] for i in ids]
    assert all(len(d) == 1 for d in decisions)
