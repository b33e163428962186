"""Many transactions change the same tallies at once: none fails, none is lost.

Sixteen mutations of one country's candidates run at once, each request on a
task, a session and a transaction of its own: eight screenings (a decision
inserted, then the status moved: ``screened``, ``passed``, ``ever_passed`` and
two status rows) and eight withdrawals (two status rows, one of them the same
``status:registered`` row the screenings take). The triggers take a change's
tally rows in key order, so the transactions wait for each other instead of
deadlocking. On PostgreSQL (row locks) and SQLite (one writer at a time).
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.lifecycle.helpers import passing_candidate, passing_tests
from tests.lifecycle.test_batch_screening import SCREENED_ON, open_call, register
from tests.races import BURST_SETTINGS, in_app, post_at_once
from tests.tallies.helpers import assert_counts_answer_as_rows, assert_tallies_kept

SCREEN = "mutation($i: ScreenCandidateInput!) { screenCandidate(input: $i) { errors { code } } }"
WITHDRAW = (
    "mutation($i: WithdrawCandidateInput!) { withdrawCandidate(input: $i) { errors { code } } }"
)
EACH = 8


@pytest.fixture
def db_settings(db_settings: Settings) -> Settings:
    """The database of each kind, with room for a burst (tests.races.BURST_SETTINGS)."""
    return db_settings.model_copy(update=BURST_SETTINGS)


@pytest.mark.database
def test_concurrent_screenings_and_withdrawals_keep_the_tallies(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = open_call(api, "VN")
    screened = [
        register(
            api,
            {**passing_candidate(call_id, "VN", f"S-{n}"), **({"heightCm": 140} if n % 2 else {})},
            passing_tests("VN"),
        )
        for n in range(EACH)
    ]
    withdrawn = [register(api, passing_candidate(call_id, "VN", f"W-{n}"), []) for n in range(EACH)]
    bodies: list[dict[str, Any]] = []
    for screen, withdraw in zip(screened, withdrawn, strict=True):
        screening = {"candidateId": screen, "screenedOn": SCREENED_ON}
        bodies.append({"query": SCREEN, "variables": {"i": screening}})
        bodies.append(
            {"query": WITHDRAW, "variables": {"i": {"candidateId": withdraw, "reason": "moved"}}}
        )

    async def burst() -> list[tuple[int, dict[str, Any]]]:
        async with in_app(api) as http:
            headers = {"Authorization": api.headers["authorization"]}
            return await post_at_once(http, bodies, headers=headers)

    answers = api.portal.call(burst)  # type: ignore[union-attr]
    assert [status for status, _ in answers] == [200] * len(bodies)
    payloads = [next(iter(answer["data"].values())) for _, answer in answers]
    assert all(payload["errors"] == [] for payload in payloads), answers

    kept = assert_tallies_kept(db_settings)
    by_status = {figure: n for (code, figure, month), n in kept.items() if month == 0}
    assert by_status["status:withdrawn"] == EACH
    assert by_status["status:screening_passed"] + by_status["status:screening_failed"] == EACH
    assert by_status["ever_passed"] == by_status["status:screening_passed"] > 0
    assert "status:registered" not in by_status
    assert_counts_answer_as_rows(db_settings)
