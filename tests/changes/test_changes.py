"""``changes``: what a mutation changed, page by page, and nothing a refused one tried."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.errors import DomainValidationError, ErrorCode
from core.services import dispatch
from core.settings import Settings
from tests.changes.helpers import PAGE, every_change, page, poll
from tests.client import global_id, gql, key_of, post
from tests.factories import build, call, candidates, ids

WITHDRAW = (
    "mutation($i: WithdrawCandidateInput!) { withdrawCandidate(input: $i) { errors { code } } }"
)


def withdraw(client: TestClient, candidate_id: int, reason: str = "moved away") -> dict:
    return post(
        client,
        WITHDRAW,
        {"i": {"candidateId": global_id("Candidate", candidate_id), "reason": reason}},
    )


def world(session: Session) -> dict[str, int]:
    vn = call(session, "VN")
    return ids({f"p{n}": row for n, row in enumerate(candidates(session, vn, ["registered"] * 7))})


@pytest.mark.database
def test_a_change_made_by_a_mutation_is_in_the_log(api: TestClient, db_settings: Settings) -> None:
    people = build(db_settings, world)
    me = gql(api, "{ me { email } }")["me"]["email"]
    assert withdraw(api, people["p0"]) == {"data": {"withdrawCandidate": {"errors": []}}}
    poll(api, 1)
    connection = gql(
        api,
        "{ changes { edges { cursor node { candidateId countryCode fromStatus toStatus "
        "changedAt actor reason } } pageInfo { hasNextPage endCursor } } }",
    )["changes"]
    (edge,) = connection["edges"]
    node = edge["node"]
    assert node.pop("changedAt")
    assert node == {
        "candidateId": global_id("Candidate", people["p0"]),
        "countryCode": "VN",
        "fromStatus": "REGISTERED",
        "toStatus": "WITHDRAWN",
        "actor": me,
        "reason": "moved away",
    }
    assert connection["pageInfo"] == {"hasNextPage": False, "endCursor": edge["cursor"]}


@pytest.mark.database
def test_pages_lose_and_repeat_nothing(api: TestClient, db_settings: Settings) -> None:
    people = build(db_settings, world)
    order = [people[f"p{n}"] for n in (3, 0, 6, 1, 5)]
    for key in order:
        withdraw(api, key)
    seen, cursor = poll(api, len(order), first=2)
    assert [key_of(edge["node"]["candidateId"], "Candidate") for edge in seen] == order
    assert len({edge["cursor"] for edge in seen}) == len(order)
    # A poller that comes back with its cursor gets what was added since, and only that.
    assert every_change(api, cursor) == ([], cursor)
    withdraw(api, people["p2"])
    withdraw(api, people["p4"])
    added, _ = poll(api, 2, cursor, first=1)
    assert [key_of(edge["node"]["candidateId"], "Candidate") for edge in added] == [
        people["p2"],
        people["p4"],
    ]
    first_page = page(api, first=3)
    assert len(first_page["edges"]) == 3 and first_page["pageInfo"]["hasNextPage"]


@pytest.mark.database
def test_a_refused_mutation_leaves_nothing_in_the_log(
    api: TestClient, db_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = build(db_settings, world)
    moved = dispatch.move

    async def move_then_refuse(session, candidate, to, **kwargs):  # type: ignore[no-untyped-def]
        await moved(session, candidate, to, **kwargs)
        await session.flush()  # the entry is written in the transaction ...
        raise DomainValidationError.single("reason", "refused after writing", ErrorCode.INVALID)

    monkeypatch.setattr(dispatch, "move", move_then_refuse)
    refused = withdraw(api, people["p0"])
    assert refused == {"data": {"withdrawCandidate": {"errors": [{"code": "INVALID"}]}}}
    # ... and rolled back with it:
    monkeypatch.setattr(dispatch, "move", moved)
    assert withdraw(api, people["p1"]) == {"data": {"withdrawCandidate": {"errors": []}}}
    # Once the later change is served, anything before it would be too.
    edges, _ = poll(api, 1)
    assert [edge["node"]["candidateId"] for edge in edges] == [global_id("Candidate", people["p1"])]


@pytest.mark.database
def test_page_size_and_cursor_errors_name_the_argument(api: TestClient) -> None:
    for variables, argument in (
        ({"first": 101}, "first:"),
        ({"first": 0}, "first:"),
        ({"after": "garbled"}, "after:"),
        ({"after": "Y2FuZGlkYXRlOjE="}, "after:"),  # a cursor of `candidates`
        ({"after": "Y2hhbmdlOjE6"}, "after:"),  # change:1:
    ):
        body = post(api, PAGE, variables)
        assert body["data"] is None, variables
        ((error,),) = [body["errors"]]
        assert error["message"].startswith(argument), (variables, error)
        assert error["extensions"]["code"] == "INVALID"


def test_anonymous_callers_may_not_read_the_log(client: TestClient) -> None:
    body = post(client, "{ changes { edges { cursor } } }", headers={})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
