"""Batch screening decides exactly what the screenCandidate mutation decides."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Table
from sqlalchemy import select as core_select
from sqlmodel import select
from starlette.testclient import TestClient

from core.cli import main
from core.db.models import Candidate, TestResult
from core.errors import DomainValidationError
from core.screening.custom import plugin_evaluator
from core.screening.engine import CustomEvaluator
from core.services.batch_screening import BatchReport, screen_unscreened
from core.services.calls import current_criteria
from core.services.screening_decision import Verdict, decide, parse_criteria
from core.settings import Settings
from tests.client import global_id, key_of
from tests.conftest import gql
from tests.lifecycle.helpers import JOB_FIELDS, ok, passing_candidate, passing_tests
from tests.sql import database

SCREENED_ON = "2026-01-10"
CANDIDATE_TABLE: Table = Candidate.__table__  # type: ignore[attr-defined]
TEST_TABLE: Table = TestResult.__table__  # type: ignore[attr-defined]
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
        **(
            {"countryDetails": {"vietnam": {"priorityGroups": ["POOR_DISTRICT"]}}}
            if country == "VN"
            else {}
        ),
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
        db = database(settings)
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
            call_id=key_of(call_id, "RecruitmentCall"),
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
        {
            "callId": call_id,
            "adjust": [{"ruleId": "height", "parameters": {"heightMin": {"male": 180}}}],
        },
    )
    report = batch(api, call_id=key_of(call_id, "RecruitmentCall"), actor=None)
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
        assert f"2 candidate(s) of call {key_of(call_id)} screened in" in result.stdout
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
    ids = [key_of(first), *(key_of(c["id"]) for c in imported), key_of(after)]
    assert ids == sorted(ids) and len(set(ids)) == 5
    for candidate_id in ids:
        history = screened(api, global_id("Candidate", candidate_id))["history"]
        assert [(h["fromStatus"], h["toStatus"]) for h in history] == [(None, "REGISTERED")]
    report = batch(api, call_id=key_of(call_id, "RecruitmentCall"), actor="batch")
    assert report.screened == 5
    decisions = [screened(api, global_id("Candidate", i))["screeningDecisions"] for i in ids]
    assert all(len(d) == 1 for d in decisions)


def varied(call_id: str, country: str, twin: str) -> list[tuple[dict[str, Any], list[Any]]]:
    """Candidates who pass, fail several rules, or have not declared their facts."""
    passing = passing_candidate(call_id, country, f"P-{twin}")
    several = {
        **passing_candidate(call_id, country, f"S-{twin}"),
        "dateOfBirth": "1980-03-01",
        "heightCm": 140,
        "weightKg": 38,
        "priorWorkInJapan": True,
        "criminalRecord": True,
    }
    undeclared = {
        **passing_candidate(call_id, country, f"N-{twin}"),
        **dict.fromkeys(NULLABLE_FACTS),
    }
    undeclared.pop("countryDetails", None)
    failed_interview = [
        {**test, "passed": False} if test["kind"] == "INTERVIEW" else test
        for test in passing_tests(country)
    ]
    return [
        (passing, passing_tests(country)),
        (several, failed_interview),
        (undeclared, passing_tests(country)[:3]),
        ({**undeclared, "applicantNumber": f"U-{twin}"}, []),
    ]


NULLABLE_FACTS = (
    "educationTrack",
    "jobField",
    "heightCm",
    "weightKg",
    "japaneseLevel",
    "priorInternshipInJapan",
    "priorWorkInJapan",
    "militaryServiceCompleted",
    "criminalRecord",
)


async def decided_from_storage(
    settings: Settings, candidate_id: int, custom: CustomEvaluator
) -> tuple[Verdict, Verdict]:
    """``decide`` for the stored candidate, fed once by table models and once by Core rows."""
    db = database(settings)
    try:
        async with db.session() as session:
            model = await session.get(Candidate, candidate_id)
            assert model is not None
            tests = (
                await session.exec(
                    select(TestResult).where(TestResult.candidate_id == candidate_id)
                )
            ).all()
            criteria = parse_criteria((await current_criteria(session, model.call_id)).criteria)
            connection = await session.connection()
            row = (
                await connection.execute(
                    core_select(CANDIDATE_TABLE).where(CANDIDATE_TABLE.c.id == candidate_id)
                )
            ).one()
            test_rows = (
                await connection.execute(
                    core_select(TEST_TABLE).where(TEST_TABLE.c.candidate_id == candidate_id)
                )
            ).all()
    finally:
        await db.dispose()
    by_model = decide(
        model.model_dump(),
        [test.model_dump() for test in tests],
        criteria,
        screened_on=date.fromisoformat(SCREENED_ON),
        custom=custom,
    )
    by_row = decide(
        row._mapping,
        [test._mapping for test in test_rows],
        criteria,
        screened_on=date.fromisoformat(SCREENED_ON),
        custom=custom,
    )
    return by_model, by_row


@pytest.mark.database
def test_the_mutation_and_the_batch_write_what_the_one_decision_decides(api: TestClient) -> None:
    """Twins screened one each way get the same outcomes, status and history text.

    Both are what ``decide`` returns for the stored candidate, which is the
    same whether its facts come from the table model (as the mutation reads
    them) or from a Core row (as the batch does).
    """
    settings: Settings = api.app.state.settings  # type: ignore[attr-defined]
    evaluator = plugin_evaluator(api.app.state.plugin_manager, settings)  # type: ignore[attr-defined]
    pairs: list[tuple[str, str]] = []
    calls = [open_call(api, country, "same-1") for country in ("VN", "ID")]
    for call_id, country in zip(calls, ("VN", "ID"), strict=True):
        for (one, tests), (twin, _) in zip(
            varied(call_id, country, "A"), varied(call_id, country, "B"), strict=True
        ):
            pairs.append((register(api, one, tests), register(api, twin, tests)))
    for by_mutation, _ in pairs:
        ok(api, "screenCandidate", {"candidateId": by_mutation, "screenedOn": SCREENED_ON})
    actor = me(api)
    reports = [
        batch(
            api,
            call_id=key_of(call_id, "RecruitmentCall"),
            actor=actor,
            screened_on=date.fromisoformat(SCREENED_ON),
            batch_size=3,
        )
        for call_id in calls
    ]

    assert [(r.screened, r.passed) for r in reports] == [(4, 1), (4, 1)]
    verdicts: list[Verdict] = []
    for by_mutation, by_batch in pairs:
        expected = screened(api, by_mutation)
        assert screened(api, by_batch) == expected
        by_model, by_row = asyncio.run(
            decided_from_storage(settings, key_of(by_mutation, "Candidate"), evaluator)
        )
        assert by_model == by_row
        verdicts.append(by_model)
        [decision] = expected["screeningDecisions"]
        change = expected["history"][-1]
        assert (decision["passed"], expected["status"]) == (
            by_model.passed,
            by_model.status.name,
        )
        assert (change["toStatus"], change["reason"], change["actor"]) == (
            by_model.status.name,
            by_model.reason,
            actor,
        )
        assert [
            (o["ruleId"], o["passed"], o["expected"], o["actual"], o["reason"])
            for o in decision["outcomes"]
        ] == [
            (c["rule_id"], c["passed"], c["expected"], c["actual"], c["reason"])
            for c in by_model.outcome_columns()
        ]
    assert [v.passed for v in verdicts] == [True, False, False, False] * 2
    for several in verdicts[1::4]:
        assert sum(not o.passed for o in several.outcomes) >= 4
        assert several.reason.count(", ") >= 3
    for undeclared in (*verdicts[2::4], *verdicts[3::4]):
        assert {"not declared", "not recorded"} <= {o.actual for o in undeclared.outcomes}
