"""A participant is registered at most once per event, by the service and by the database."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.testclient import TestClient

from core.db.engine import create_engine
from core.db.migrate import upgrade
from core.db.models import EventRegistration
from core.settings import Settings
from tests.client import key_of
from tests.events.test_events import CANCEL, REGISTER, call, create_event
from tests.lifecycle.helpers import snapshot
from tests.races import BURST_SETTINGS
from tests.sql import run_sql


@pytest.fixture
def db_settings(db_settings: Settings) -> Settings:
    """The database of each kind, with room for a burst (tests.races.BURST_SETTINGS)."""
    return db_settings.model_copy(update=BURST_SETTINGS)


def _register(api: TestClient, event_id: str, name: str, country: str = "TH") -> dict:
    data = {
        "eventId": event_id,
        "participantRole": "EMBASSY_REPRESENTATIVE",
        "name": name,
        "countryCode": country,
    }
    payload: dict = call(api, REGISTER, {"i": data})["registerForEvent"]
    return payload


@pytest.mark.database
def test_a_second_registration_of_the_same_participant_is_refused(
    api: TestClient, db_settings: Settings
) -> None:
    event_id = create_event(api, capacity=1)
    first = _register(api, event_id, "Royal Thai Embassy")
    assert first["errors"] == []
    before = snapshot(db_settings)
    # The same participant, however the name is capitalised or spaced, and
    # whether a place is left or not.
    for name in ("Royal Thai Embassy", "royal  thai EMBASSY "):
        again = _register(api, event_id, name)
        assert again["registration"] is None
        assert [(e["field"], e["code"]) for e in again["errors"]] == [("name", "DUPLICATE")]
        assert "already registered" in again["errors"][0]["message"]
    assert snapshot(db_settings) == before

    # Another country's embassy of the same name is another participant; it waits.
    other = _register(api, event_id, "Royal Thai Embassy", country="VN")
    assert (other["errors"], other["registration"]["status"]) == ([], "WAITLISTED")
    # Once cancelled, the participant may register again.
    cancelled = call(api, CANCEL, {"i": {"registrationId": first["registration"]["id"]}})
    assert cancelled["cancelEventRegistration"]["errors"] == []
    back = _register(api, event_id, "Royal Thai Embassy")
    assert (back["errors"], back["registration"]["status"]) == ([], "WAITLISTED")


@pytest.mark.database
def test_concurrent_registrations_of_one_participant_give_one_row(
    api: TestClient, db_settings: Settings
) -> None:
    event_id = create_event(api, capacity=5)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(
            pool.map(lambda _: _register(api, event_id, "Embassy of Sri Lanka"), range(8))
        )
    succeeded = [a for a in answers if a["errors"] == []]
    refused = [e["code"] for a in answers for e in a["errors"]]
    assert len(succeeded) == 1
    assert refused == ["DUPLICATE"] * 7
    listed = call(
        api,
        '{ events(fromDate: "2027-01-01") { edges { node { confirmedCount waitlistCount } } } }',
        {},
    )
    assert listed["events"] == {"edges": [{"node": {"confirmedCount": 1, "waitlistCount": 0}}]}


@pytest.mark.database
def test_the_database_refuses_two_active_registrations_of_one_participant(
    api: TestClient, db_settings: Settings
) -> None:
    event_id = key_of(create_event(api, capacity=5), "Event")

    def row(status: str, name: str = "Embassy of Indonesia") -> EventRegistration:
        return EventRegistration(
            event_id=event_id,
            participant_role="embassy_representative",
            name=name,
            country_code="ID",
            status=status,
        )

    async def insert(*rows: EventRegistration) -> None:
        engine = create_engine(db_settings.database_url, schema=db_settings.database_schema)
        try:
            async with AsyncSession(engine) as session, session.begin():
                session.add_all(rows)
        finally:
            await engine.dispose()

    # Cancelled registrations do not count; one active one per participant does.
    asyncio.run(insert(row("cancelled"), row("cancelled"), row("confirmed")))
    asyncio.run(insert(row("waitlisted", name="Embassy of Vietnam")))
    with pytest.raises(IntegrityError):
        asyncio.run(insert(row("waitlisted", name="embassy of  indonesia")))


@pytest.mark.database
def test_the_migration_keeps_the_first_of_earlier_duplicates(empty_db_settings: Settings) -> None:
    url, schema = empty_db_settings.database_url, empty_db_settings.database_schema
    upgrade(url, schema=schema, revision="0005")
    run_sql(
        empty_db_settings,
        "INSERT INTO event (id, type_code, title, held_on, venue, capacity, created_at) "
        "VALUES (1, 'lecture_meeting', 'Lecture', '2027-01-01', 'Tokyo', 1, "
        "'2026-12-01 00:00:00')",
        *(
            "INSERT INTO event_registration (id, event_id, participant_role, name, "
            f"country_code, status, registered_at) VALUES ({n}, 1, 'intern', '{name}', "
            f"'VN', '{status}', '2026-12-01 00:00:00')"
            for n, name, status in [
                (1, "Nguyen Van A", "cancelled"),
                (2, "Nguyen Van A", "confirmed"),
                (3, "nguyen van a", "waitlisted"),
                (4, "Tran Thi B", "waitlisted"),
            ]
        ),
        "SELECT 1",
    )
    upgrade(url, schema=schema)
    rows = run_sql(empty_db_settings, "SELECT id, status FROM event_registration ORDER BY id")
    assert rows == [(1, "cancelled"), (2, "confirmed"), (3, "cancelled"), (4, "waitlisted")]
