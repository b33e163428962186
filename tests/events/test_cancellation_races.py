"""Concurrent cancellations of one event registration: one succeeds, one waiting moves up.

The cancellations run at once, each on a task and a database session of its
own, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.events.test_events import CANCEL, call, create_event, register
from tests.races import BURST_SETTINGS, in_app, post_at_once


@pytest.fixture
def db_settings(db_settings: Settings) -> Settings:
    """The database of each kind, with room for a burst (tests.races.BURST_SETTINGS)."""
    return db_settings.model_copy(update=BURST_SETTINGS)


CANCELLATIONS = 8


@pytest.mark.database
def test_concurrent_cancellations_succeed_once(api: TestClient) -> None:
    event_id = create_event(api, capacity=1)
    confirmed = register(api, event_id, "Royal Thai Embassy")
    first_waiting = register(api, event_id, "Office of Labour Affairs in Japan")
    second_waiting = register(api, event_id, "Thai Ministry of Labour", role="MINISTRY_OFFICIAL")
    assert [confirmed["status"], first_waiting["status"], second_waiting["status"]] == [
        "CONFIRMED",
        "WAITLISTED",
        "WAITLISTED",
    ]
    body = {"query": CANCEL, "variables": {"i": {"registrationId": confirmed["id"]}}}

    async def burst() -> list[tuple[int, dict[str, Any]]]:
        async with in_app(api) as http:
            headers = {"Authorization": api.headers["authorization"]}
            return await post_at_once(http, [body] * CANCELLATIONS, headers=headers)

    answers = api.portal.call(burst)  # type: ignore[union-attr]
    assert [status for status, _ in answers] == [200] * CANCELLATIONS
    payloads = [answer["data"]["cancelEventRegistration"] for _, answer in answers]
    succeeded = [payload for payload in payloads if not payload["errors"]]
    refused = [payload for payload in payloads if payload["errors"]]
    assert len(succeeded) == 1 and len(refused) == CANCELLATIONS - 1
    assert succeeded[0]["registration"] == {"id": confirmed["id"], "status": "CANCELLED"}
    assert succeeded[0]["movedUp"]["id"] == first_waiting["id"]
    for payload in refused:
        assert payload["registration"] is None and payload["movedUp"] is None
        assert payload["errors"] == [
            {
                "field": "registrationId",
                "code": "NOT_ALLOWED_STATE",
                "message": "the registration is already cancelled",
            }
        ]

    query = 'query { events(fromDate: "2027-01-01") { edges { node { confirmedCount '
    query += "waitlistCount registrations { edges { node { id status } } } } } } }"
    ((event,),) = [[edge["node"] for edge in call(api, query, {})["events"]["edges"]]]
    assert (event["confirmedCount"], event["waitlistCount"]) == (1, 1)
    registrations = [edge["node"] for edge in event["registrations"]["edges"]]
    assert {row["id"]: row["status"] for row in registrations} == {
        confirmed["id"]: "CANCELLED",
        first_waiting["id"]: "CONFIRMED",
        second_waiting["id"]: "WAITLISTED",
    }
