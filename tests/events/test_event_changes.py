"""Changing and cancelling an event: the capacity keeps every confirmed place, a larger
one moves the waiting list up in order, a cancelled event is kept and frozen."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import global_id
from tests.events.test_events import CANCEL, ERRORS, REGISTER, call, create_event, nodes, register
from tests.lifecycle.helpers import snapshot

EVENT = "id title heldOn venue capacity confirmedCount waitlistCount status cancelledReason"
UPDATE = f"""mutation($i: UpdateEventInput!) {{ updateEvent(input: $i) {{
  event {{ {EVENT} }} movedUp {{ name status }} {ERRORS} }} }}"""
CANCEL_EVENT = f"""mutation($i: CancelEventInput!) {{ cancelEvent(input: $i) {{
  event {{ {EVENT} registrations {{ edges {{ node {{ name status }} }} }} }} {ERRORS} }} }}"""


def update(api: TestClient, data: dict) -> dict:
    payload: dict = call(api, UPDATE, {"i": data})["updateEvent"]
    return payload


def cancel_event(api: TestClient, data: dict) -> dict:
    payload: dict = call(api, CANCEL_EVENT, {"i": data})["cancelEvent"]
    return payload


def waiting_event(api: TestClient, capacity: int, participants: int) -> tuple[str, list[dict]]:
    event_id = create_event(api, capacity=capacity)
    return event_id, [register(api, event_id, f"Participant {n}") for n in range(participants)]


@pytest.mark.database
def test_an_update_changes_only_the_given_fields(api: TestClient) -> None:
    event_id = create_event(api, capacity=10)
    changed = update(
        api, {"eventId": event_id, "venue": "Osaka", "heldOn": "2027-03-01", "reason": "moved"}
    )
    assert changed == {
        "event": {
            "id": event_id,
            "title": "Host Company Conference 2027",
            "heldOn": "2027-03-01",
            "venue": "Osaka",
            "capacity": 10,
            "confirmedCount": 0,
            "waitlistCount": 0,
            "status": "SCHEDULED",
            "cancelledReason": None,
        },
        "movedUp": [],
        "errors": [],
    }
    listed = call(api, '{ events(fromDate: "2027-01-01") { edges { node { venue heldOn } } } }', {})
    assert nodes(listed["events"]) == [{"venue": "Osaka", "heldOn": "2027-03-01"}]


@pytest.mark.database
def test_a_larger_capacity_moves_the_waiting_list_up_in_order(api: TestClient) -> None:
    event_id, people = waiting_event(api, capacity=2, participants=5)
    assert [p["status"] for p in people] == ["CONFIRMED"] * 2 + ["WAITLISTED"] * 3
    grown = update(api, {"eventId": event_id, "capacity": 4, "reason": "a larger hall"})
    assert grown["errors"] == []
    assert grown["movedUp"] == [
        {"name": "Participant 2", "status": "CONFIRMED"},
        {"name": "Participant 3", "status": "CONFIRMED"},
    ]
    assert (grown["event"]["confirmedCount"], grown["event"]["waitlistCount"]) == (4, 1)
    # Down to exactly the confirmed ones is allowed, and moves nobody.
    same = update(api, {"eventId": event_id, "capacity": 4, "reason": "again"})
    assert (same["movedUp"], same["errors"]) == ([], [])


@pytest.mark.database
def test_refusals_name_the_field_and_write_nothing(api: TestClient, db_settings: Settings) -> None:
    event_id, _ = waiting_event(api, capacity=3, participants=3)
    before = snapshot(db_settings)
    cases = [
        ({"eventId": event_id, "capacity": 2, "reason": "x"}, "capacity", "INVALID"),
        ({"eventId": event_id, "capacity": 0, "reason": "x"}, "capacity", "INVALID"),
        ({"eventId": event_id, "heldOn": "2027-02-30", "reason": "x"}, "heldOn", None),
        ({"eventId": event_id, "title": "t" * 201, "reason": "x"}, "title", "INVALID"),
        ({"eventId": event_id, "venue": "Kobe"}, "reason", "REQUIRED"),
        ({"eventId": event_id, "reason": "nothing"}, None, "REQUIRED"),
        (
            {"eventId": global_id("Event", 99999), "venue": "Kobe", "reason": "x"},
            "eventId",
            "NOT_FOUND",
        ),
        ({"eventId": event_id, "typeCode": "lecture_meeting", "reason": "x"}, "typeCode", None),
    ]
    for data, field, code in cases:
        if code is None:  # not a field of the input, or no date: refused by GraphQL itself
            body = api.post("/graphql", json={"query": UPDATE, "variables": {"i": data}}).json()
            assert field in body["errors"][0]["message"]
            continue
        errors = update(api, data)["errors"]
        assert (errors[0]["field"], errors[0]["code"]) == (field, code), data
    message = update(api, {"eventId": event_id, "capacity": 2, "reason": "x"})["errors"][0]
    assert "3 registrations are confirmed" in message["message"]
    assert "2" in message["message"]
    assert snapshot(db_settings) == before


@pytest.mark.database
def test_a_cancelled_event_keeps_its_registrations_and_takes_nothing_new(
    api: TestClient, db_settings: Settings
) -> None:
    event_id, people = waiting_event(api, capacity=1, participants=2)
    cancelled = cancel_event(api, {"eventId": event_id, "reason": "typhoon warning"})
    assert cancelled["errors"] == []
    assert cancelled["event"]["status"] == "CANCELLED"
    assert cancelled["event"]["cancelledReason"] == "typhoon warning"
    assert nodes(cancelled["event"]["registrations"]) == [
        {"name": "Participant 0", "status": "CONFIRMED"},
        {"name": "Participant 1", "status": "WAITLISTED"},
    ]
    # Still listed, with its status: whoever registered learns of it.
    listed = call(
        api,
        '{ events(fromDate: "2027-01-01") { edges { node { id status cancelledReason } } } }',
        {},
    )
    assert nodes(listed["events"]) == [
        {"id": event_id, "status": "CANCELLED", "cancelledReason": "typhoon warning"}
    ]

    before = snapshot(db_settings)
    again = cancel_event(api, {"eventId": event_id, "reason": "twice"})["errors"]
    changed = update(api, {"eventId": event_id, "capacity": 5, "reason": "x"})["errors"]
    joined = call(
        api,
        REGISTER,
        {
            "i": {
                "eventId": event_id,
                "participantRole": "INTERN",
                "name": "Late",
                "countryCode": "VN",
            }
        },
    )["registerForEvent"]["errors"]
    for errors in (again, changed, joined):
        assert [(e["field"], e["code"]) for e in errors] == [("eventId", "NOT_ALLOWED_STATE")]
        assert "cancelled" in errors[0]["message"]
    assert snapshot(db_settings) == before

    # A registration may still be cancelled; nobody waiting is confirmed for a cancelled event.
    withdrawn = call(api, CANCEL, {"i": {"registrationId": people[0]["id"]}})
    assert withdrawn["cancelEventRegistration"]["movedUp"] is None


@pytest.mark.database
def test_cancelling_needs_a_reason_and_an_event(api: TestClient, db_settings: Settings) -> None:
    event_id = create_event(api, capacity=1)
    before = snapshot(db_settings)
    for data, field, code in [
        ({"eventId": event_id}, "reason", "REQUIRED"),
        ({"eventId": event_id, "reason": "r" * 401}, "reason", "INVALID"),
        ({"eventId": global_id("Event", 99999), "reason": "x"}, "eventId", "NOT_FOUND"),
        ({"eventId": "x", "reason": "x"}, "eventId", "INVALID"),
    ]:
        errors = cancel_event(api, data)["errors"]
        assert (errors[0]["field"], errors[0]["code"]) == (field, code), data
    assert snapshot(db_settings) == before
