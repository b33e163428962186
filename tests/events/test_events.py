"""IM Japan events: kinds without code changes, capacity, the waiting list."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import global_id
from tests.lifecycle.helpers import snapshot

ERRORS = "errors { field code message }"


def call(api: TestClient, query: str, variables: dict, headers: dict | None = None) -> dict:
    response = api.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers or {}
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def nodes(connection: dict) -> list:
    """The nodes of a connection's page, in order."""
    return [edge["node"] for edge in connection["edges"]]


def create_event(api: TestClient, capacity: int, type_code: str = "host_company_conference") -> str:
    data = call(
        api,
        "mutation($i: CreateEventInput!) "
        f"{{ createEvent(input: $i) {{ event {{ id }} {ERRORS} }} }}",
        {
            "i": {
                "typeCode": type_code,
                "title": "Host Company Conference 2027",
                "heldOn": "2027-02-10",
                "venue": "Tokyo",
                "capacity": capacity,
            }
        },
    )["createEvent"]
    assert data["errors"] == []
    return str(data["event"]["id"])


REGISTER = f"""mutation($i: RegisterForEventInput!) {{ registerForEvent(input: $i) {{
  registration {{ id name status }} {ERRORS} }} }}"""
CANCEL = f"""mutation($i: CancelEventRegistrationInput!) {{ cancelEventRegistration(input: $i) {{
  registration {{ id status }} movedUp {{ id name status }} {ERRORS} }} }}"""


def register(
    api: TestClient, event_id: str, name: str, role: str = "EMBASSY_REPRESENTATIVE"
) -> dict:
    data = call(
        api,
        REGISTER,
        {"i": {"eventId": event_id, "participantRole": role, "name": name, "countryCode": "TH"}},
    )["registerForEvent"]
    assert data["errors"] == []
    return data["registration"]


@pytest.mark.database
def test_the_third_of_two_places_waits_and_moves_up_on_a_cancellation(api: TestClient) -> None:
    event_id = create_event(api, capacity=2)
    first = register(api, event_id, "Royal Thai Embassy")
    second = register(api, event_id, "Office of Labour Affairs in Japan")
    third = register(api, event_id, "Thai Ministry of Labour", role="MINISTRY_OFFICIAL")
    assert [first["status"], second["status"], third["status"]] == [
        "CONFIRMED",
        "CONFIRMED",
        "WAITLISTED",
    ]
    listed = call(
        api,
        '{ events(fromDate: "2027-01-01") { edges { node { id confirmedCount waitlistCount } } } }',
        {},
    )
    assert nodes(listed["events"]) == [{"id": event_id, "confirmedCount": 2, "waitlistCount": 1}]

    moved = call(api, CANCEL, {"i": {"registrationId": first["id"]}})["cancelEventRegistration"]
    assert moved["registration"]["status"] == "CANCELLED"
    assert moved["movedUp"] == {
        "id": third["id"],
        "name": "Thai Ministry of Labour",
        "status": "CONFIRMED",
    }
    query = (
        'query { events(fromDate: "2027-01-01") '
        "{ edges { node { registrations { edges { node { name status } } } } } } }"
    )
    assert nodes(nodes(call(api, query, {})["events"])[0]["registrations"]) == [
        {"name": "Royal Thai Embassy", "status": "CANCELLED"},
        {"name": "Office of Labour Affairs in Japan", "status": "CONFIRMED"},
        {"name": "Thai Ministry of Labour", "status": "CONFIRMED"},
    ]
    # Cancelling a waiting registration frees nothing; cancelling twice is refused.
    again = call(api, CANCEL, {"i": {"registrationId": first["id"]}})["cancelEventRegistration"]
    assert again["errors"][0]["code"] == "NOT_ALLOWED_STATE"


@pytest.mark.database
def test_a_new_kind_of_event_needs_no_code_change(api: TestClient) -> None:
    kinds = call(api, "{ eventTypes { code name } }", {})["eventTypes"]
    assert {k["name"] for k in kinds} == {
        "IM Japan Lecture Meeting",
        "Host Company Conference",
        "Health and Safety Convention",
        "Technical Intern Holiday Gathering",
    }
    made = call(
        api,
        "mutation($i: CreateEventTypeInput!) "
        f"{{ createEventType(input: $i) {{ eventType {{ code }} {ERRORS} }} }}",
        {"i": {"code": "returnee_forum", "name": "Returnee Forum"}},
    )["createEventType"]
    assert made == {"eventType": {"code": "returnee_forum"}, "errors": []}
    event_id = create_event(api, capacity=50, type_code="returnee_forum")
    assert register(api, event_id, "An intern", role="INTERN")["status"] == "CONFIRMED"


@pytest.mark.database
def test_bad_input_names_the_field_and_writes_nothing(
    api: TestClient, db_settings: Settings
) -> None:
    event_id = create_event(api, capacity=1)
    before = snapshot(db_settings)
    cases = [
        ({"eventId": event_id, "participantRole": "INTERN", "name": "A"}, "countryCode", "INVALID"),
        (
            {"eventId": event_id, "participantRole": "HOST_COMPANY", "name": "A"},
            "hostCompanyId",
            "INVALID",
        ),
        (
            {
                "eventId": global_id("Event", 99999),
                "participantRole": "INTERN",
                "name": "A",
                "countryCode": "VN",
            },
            "eventId",
            "NOT_FOUND",
        ),
        (
            {"eventId": event_id, "participantRole": "INTERN", "countryCode": "VN"},
            "name",
            "REQUIRED",
        ),
        (
            {"eventId": event_id, "participantRole": "INTERN", "name": "A", "countryCode": "JP"},
            "countryCode",
            "UNKNOWN_COUNTRY",
        ),
    ]
    for data, field, code in cases:
        errors = call(api, REGISTER, {"i": data})["registerForEvent"]["errors"]
        assert (errors[0]["field"], errors[0]["code"]) == (field, code), data
    bad_events = [
        (
            {"typeCode": "gala", "title": "x", "heldOn": "2027-01-01", "venue": "v", "capacity": 1},
            "typeCode",
            "NOT_FOUND",
        ),
        (
            {
                "typeCode": "lecture_meeting",
                "title": "x",
                "heldOn": "2027-01-01",
                "venue": "v",
                "capacity": 0,
            },
            "capacity",
            "INVALID",
        ),
    ]
    for data, field, code in bad_events:
        errors = call(
            api,
            f"mutation($i: CreateEventInput!) {{ createEvent(input: $i) {{ {ERRORS} }} }}",
            {"i": data},
        )["createEvent"]["errors"]
        assert (errors[0]["field"], errors[0]["code"]) == (field, code), data
    # A date that is no day of the calendar is refused by the Date scalar, before anything runs.
    no_day = {**bad_events[0][0], "typeCode": "lecture_meeting", "heldOn": "2027-13-01"}
    response = api.post(
        "/graphql",
        json={
            "query": f"mutation($i: CreateEventInput!) {{ createEvent(input: $i) {{ {ERRORS} }} }}",
            "variables": {"i": no_day},
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        'Variable $i.heldOn: "2027-13-01" is not a date: there is no month 13'
    )
    assert snapshot(db_settings) == before


def test_anonymous_sees_events_but_not_who_comes(client: TestClient) -> None:
    assert len(call(client, "{ eventTypes { code } }", {})["eventTypes"]) == 4
    assert call(client, "{ events { edges { node { title } } } }", {}) == {"events": {"edges": []}}
    response = client.post(
        "/graphql",
        json={"query": "{ events { edges { node { registrations { totalCount } } } } }"},
    )
    assert response.status_code == 200
    refused = client.post(
        "/graphql",
        json={"query": 'mutation { createEvent(input: {title: "x"}) { event { id } } }'},
    ).json()
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
