"""The benchmark's yardsticks answer what the service answers.

``python -m bench.run`` measures our GraphQL endpoint against plain handlers
(``bench/limits.py``) and PostGraphile (``bench/peer.py``) only after checking
the answers agree; these tests keep that check honest without a benchmark run:
the plain handlers of the operations measured against PostGraphile answer the
very bytes of ``/graphql`` on a seeded service, and the normalisation that puts
PostGraphile's answer in our shape finds equal values equal and a changed value
changed.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from starlette.routing import Route

from bench import queries
from bench.limits import limit_routes
from bench.peer import compare, operations, ours_values, peer_values
from core.schema.ids import decode_as, global_id
from tests.perf.conftest import World

pytestmark = pytest.mark.database


@pytest.fixture(scope="module")
def bench_world(world: World) -> World:
    """The module's world with the plain handlers mounted as ``bench.server`` mounts them."""
    app: Any = world.client.app
    graphql: Any = next(
        r for r in app.router.routes if isinstance(r, Route) and r.path == "/graphql"
    )
    app.router.routes[0:0] = limit_routes()
    app.state.bench_secret = graphql.endpoint.token_secret  # the key the world signed in with
    return world


def answers(world: World, limit: str, body: str) -> tuple[bytes, bytes]:
    headers = {"content-type": "application/json"}
    ours = world.client.post("/graphql", content=body, headers=headers)
    plain = world.client.post(f"/limit/{limit}", content=body, headers=headers)
    assert ours.status_code == plain.status_code == 200, (ours.text, plain.text)
    assert b'"errors"' not in ours.content, ours.text
    return ours.content, plain.content


def test_the_plain_handlers_answer_the_bytes_of_graphql(bench_world: World) -> None:
    key = decode_as(bench_world.full_history_id, "Candidate")
    assert key is not None
    for op in operations(key):
        ours, plain = answers(bench_world, op.limit, op.ours)
        assert ours == plain, op.label
    found = json.loads(answers(bench_world, "lookup", operations(key)[2].ours)[0])
    assert found["data"]["candidate"]["latestScreeningDecision"] is not None
    calls = json.loads(answers(bench_world, "calls", body(queries.RECRUITMENT_CALLS))[0])
    assert calls["data"]["recruitmentCalls"]["edges"]


def body(query: str) -> str:
    return json.dumps({"query": query, "variables": {}})


def node_id(type_name: str, key: int) -> str:
    """PostGraphile's node id: base64 of ``["Type", key]``."""
    return base64.b64encode(json.dumps([type_name, key]).encode()).decode()


def peer_answer(candidate: dict[str, Any]) -> dict[str, Any]:
    """``candidate`` (our answer's values) as PostGraphile answers its query."""
    call, cohort, latest = (
        candidate["call"],
        candidate["cohort"],
        candidate["latestScreeningDecision"],
    )

    def key(value: str, type_name: str) -> int:
        found = decode_as(value, type_name)
        assert found is not None
        return found

    return {
        **{
            k: v
            for k, v in candidate.items()
            if k not in {"call", "cohort", "hostCompany", "latestScreeningDecision"}
        },
        "id": node_id("Candidate", key(candidate["id"], "Candidate")),
        "status": candidate["status"].lower(),
        "sex": candidate["sex"].lower() if candidate["sex"] else None,
        "recruitmentCallByCallId": {
            **call,
            "id": node_id("RecruitmentCall", key(call["id"], "RecruitmentCall")),
        },
        "trainingCohortByCohortId": {
            **cohort,
            "id": node_id("TrainingCohort", key(cohort["id"], "TrainingCohort")),
        }
        if cohort
        else None,
        "hostCompanyByHostCompanyId": None,
        "screeningDecisionsByCandidateId": {
            "nodes": [
                {
                    **latest,
                    "id": node_id("ScreeningDecision", key(latest["id"], "ScreeningDecision")),
                }
            ]
            if latest
            else []
        },
    }


def test_the_normalisation_finds_equal_values_equal_and_a_change_changed() -> None:
    ours = {
        "candidate": {
            "id": global_id("Candidate", 7),
            "fullName": "Bench Candidate 0000007",
            "status": "IN_JAPAN_II",
            "sex": "FEMALE",
            "heightCm": 158.0,
            "call": {"id": global_id("RecruitmentCall", 3), "label": "22-07"},
            "cohort": None,
            "hostCompany": None,
            "latestScreeningDecision": {
                "id": global_id("ScreeningDecision", 12),
                "passed": True,
                "screenedOn": "2026-01-10",
            },
        }
    }
    peer = {"candidate": peer_answer(ours["candidate"])}
    peer["candidateByRowId"] = peer.pop("candidate")
    peer["candidateByRowId"]["heightCm"] = 158  # JSON's 158 is our 158.0
    assert peer_values(peer) == ours_values(ours)
    assert compare(*(json.dumps({"data": x}).encode() for x in (ours, peer))) is None

    peer["candidateByRowId"]["screeningDecisionsByCandidateId"]["nodes"][0]["id"] = node_id(
        "ScreeningDecision", 11
    )
    differs = compare(*(json.dumps({"data": x}).encode() for x in (ours, peer)))
    assert differs == (
        "data.candidate.latestScreeningDecision.id: "
        "'ScreeningDecision:12' against 'ScreeningDecision:11'"
    )
    peer["candidateByRowId"]["screeningDecisionsByCandidateId"]["nodes"] = []
    differs = compare(*(json.dumps({"data": x}).encode() for x in (ours, peer)))
    assert differs is not None and differs.startswith("data.candidate.latestScreeningDecision:")
