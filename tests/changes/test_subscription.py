"""``candidateStatusChanged`` over a real websocket (graphql-transport-ws on /graphql)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import StatusChange
from core.settings import Settings
from tests.accounts import signed_in
from tests.changes.helpers import PROTOCOL, bearer, connect, poll, receive, subscribe
from tests.client import global_id
from tests.factories import build, call, candidate, ids

pytestmark = pytest.mark.database


def world(session: Session) -> dict[str, int]:
    vn, th = call(session, "VN"), call(session, "TH")
    return ids({"vn": candidate(session, vn), "th": candidate(session, th)})


def change(settings: Settings, *candidate_ids: int) -> None:
    build(
        settings,
        lambda session: session.add_all(
            StatusChange(candidate_id=key, to_status="withdrawn", from_status="registered")
            for key in candidate_ids
        ),
    )


def cursor_after_a_change(api: TestClient, settings: Settings, candidate_id: int) -> str:
    change(settings, candidate_id)
    cursor = poll(api, 1)[1]
    assert cursor is not None
    return cursor


def test_a_subscriber_receives_the_changes_it_may_see(
    api: TestClient, db_settings: Settings
) -> None:
    people = build(db_settings, world)
    ministry = signed_in(api, Role.MINISTRY_OFFICER, country_code="VN")
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        assert socket.accepted_subprotocol == PROTOCOL
        assert connect(socket, bearer(ministry)) == {"type": "connection_ack"}
        subscribe(socket)
        time.sleep(0.5)  # the subscription starts at the end of the log
        change(db_settings, people["th"], people["vn"])
        message = receive(socket)
        assert message["type"] == "next" and message["id"] == "1", message
        edge = message["payload"]["data"]["candidateStatusChanged"]
        assert edge["node"] | {"changedAt": None} == {
            "candidateId": global_id("Candidate", people["vn"]),
            "countryCode": "VN",
            "fromStatus": "REGISTERED",
            "toStatus": "WITHDRAWN",
            "changedAt": None,
            "actor": None,
        }
        # The Thai change came first and was not sent: the next one is the next VN change.
        change(db_settings, people["th"], people["vn"])
        again = receive(socket)["payload"]["data"]["candidateStatusChanged"]
        assert again["node"]["candidateId"] == global_id("Candidate", people["vn"])
        assert again["cursor"] != edge["cursor"]


def test_a_subscription_resumes_after_a_cursor(api: TestClient, db_settings: Settings) -> None:
    people = build(db_settings, world)
    cursor = cursor_after_a_change(api, db_settings, people["th"])
    change(db_settings, people["vn"], people["th"])  # while disconnected
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        connect(socket, bearer(api.headers))
        subscribe(socket, after=cursor)
        got = [receive(socket)["payload"]["data"]["candidateStatusChanged"] for _ in range(2)]
    assert [edge["node"]["candidateId"] for edge in got] == [
        global_id("Candidate", people["vn"]),
        global_id("Candidate", people["th"]),
    ]


def test_the_token_may_come_in_the_handshake_header(api: TestClient, db_settings: Settings) -> None:
    people = build(db_settings, world)
    cursor = cursor_after_a_change(api, db_settings, people["th"])
    change(db_settings, people["vn"])
    headers = {"authorization": api.headers["authorization"]}
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL], headers=headers) as socket:
        assert connect(socket) == {"type": "connection_ack"}
        subscribe(socket, after=cursor)
        edge = receive(socket)["payload"]["data"]["candidateStatusChanged"]
    assert edge["node"]["candidateId"] == global_id("Candidate", people["vn"])


def test_an_anonymous_subscription_is_refused(api: TestClient) -> None:
    del api.headers["authorization"]
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        assert connect(socket) == {"type": "connection_ack"}
        subscribe(socket)
        message = receive(socket)
    assert message["type"] == "error", message
    assert message["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_a_token_that_is_not_valid_closes_the_socket(api: TestClient) -> None:
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        assert connect(socket, {"authorization": "Bearer forged"})["code"] == 4403
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        assert connect(socket, {"authorization": 42})["code"] == 4403


def test_a_bad_cursor_is_an_error_naming_after(api: TestClient) -> None:
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        connect(socket, bearer(api.headers))
        subscribe(socket, after="garbled")
        message = receive(socket)
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["message"].startswith("after:"), message


def test_queries_and_mutations_go_over_http(api: TestClient) -> None:
    with api.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as socket:
        connect(socket, bearer(api.headers))
        for document in ("{ me { email } }", "mutation { logout { errors { code } } }"):
            socket.send_json({"id": document, "type": "subscribe", "payload": {"query": document}})
            message = receive(socket)
            assert message["type"] == "error", message
            assert message["payload"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_the_older_protocol_is_not_offered(api: TestClient) -> None:
    with api.websocket_connect("/graphql", subprotocols=["graphql-ws"]) as socket:
        assert receive(socket)["code"] == 4406
