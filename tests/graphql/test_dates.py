"""Dates are ``Date`` and moments ``DateTime`` everywhere; a value that is neither is
refused before anything runs, naming the argument or variable, the field and the reason."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    get_named_type,
)
from starlette.testclient import TestClient

from core.schema.scalars import InvalidValue, parse_date, parse_datetime, serialize_datetime
from tests.client import gql

SCHEMA = Path(__file__).resolve().parents[2] / "schema.graphql"

SAYS_DATE = re.compile(
    r"^(date|time|day)([A-Z]|$)|^(at|when)$"  # dateOfBirth, AuditEntry.at
    r"|[a-z](On|Date|At|Time|Day)$"  # heldOn, entryDate, createdAt
    r"|^(from|to|since|until)(Date|Time|Day)$"  # fromDate
    r"|ed([A-Z][a-z]+)?(From|To|Since|Until)$"  # registeredFrom, enteredJapanTo (not leadsTo)
)
"""A name that says it holds a date or a moment."""

SAYS_DURATION = re.compile(r"(Minutes|Seconds|Hours|Days|Weeks|Months|Years)$")
"""A name that ends in its unit holds an amount of time, a number (timeLimitMinutes)."""

CREATE = """mutation($i: CreateEventInput!) {
  createEvent(input: $i) { event { id heldOn } errors { field message } } }"""
NO_DAY = "month 2 of 2027 has 28 days"
WRITE_IT = "write it as YYYY-MM-DD, for example 2026-04-01"


def date_fields_not_dated(schema: GraphQLSchema) -> list[str]:
    """Every field, argument and input field whose name says date or time and whose
    type is not ``Date`` or ``DateTime``, as ``Type.field`` or ``Type.field(argument)``."""
    found = []
    for type_ in schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            for name, field in type_.fields.items():
                places = [(f"{type_.name}.{name}", name, field.type)]
                places += [
                    (f"{type_.name}.{name}({arg})", arg, argument.type)
                    for arg, argument in field.args.items()
                ]
                found += [where for where, said, kind in places if _undated(said, kind)]
        elif isinstance(type_, GraphQLInputObjectType):
            found += [
                f"{type_.name}.{name}"
                for name, field in type_.fields.items()
                if _undated(name, field.type)
            ]
    return sorted(found)


def _undated(name: str, kind: object) -> bool:
    if SAYS_DURATION.search(name):
        return False
    return bool(SAYS_DATE.search(name)) and get_named_type(kind).name not in {  # type: ignore[arg-type]
        "Date",
        "DateTime",
    }


def test_every_field_named_for_a_date_is_a_date() -> None:
    schema = build_schema(SCHEMA.read_text(encoding="utf-8"))
    assert date_fields_not_dated(schema) == []
    # The walk sees what it should: the schema has such names in every kind of place.
    dated = build_schema(
        SCHEMA.read_text(encoding="utf-8").replace("heldOn: Date", "heldOn: String")
    )
    assert "Event.heldOn" in date_fields_not_dated(dated)
    assert "CreateEventInput.heldOn" in date_fields_not_dated(dated)


def test_the_walk_finds_strings_named_for_dates() -> None:
    schema = build_schema(
        """
        scalar Date
        input Filter { registeredFrom: String, enteredJapanTo: Date, reason: String }
        type Query {
          events(fromDate: String, after: String, toStatus: String): [Event!]!
          dateOfBirth: String
          createdAt: Int
          at: String
          format: String
        }
        type Event { heldOn: String!, location: String, entryDate: [String!] }
        """
    )
    assert date_fields_not_dated(schema) == [
        "Event.entryDate",
        "Event.heldOn",
        "Filter.registeredFrom",
        "Query.at",
        "Query.createdAt",
        "Query.dateOfBirth",
        "Query.events(fromDate)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2027-02-28", date(2027, 2, 28)), ("2028-02-29", date(2028, 2, 29))],
)
def test_a_date_is_read(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2027-02-29", "month 2 of 2027 has 28 days"),
        ("2027-04-31", "month 4 of 2027 has 30 days"),
        ("2027-00-10", "there is no month 0"),
        ("0000-01-01", "there is no year 0"),
        ("20270101", WRITE_IT),
        ("2027-W05-1", WRITE_IT),
        ("2027-01-01T00:00:00", WRITE_IT),
        ("\uff12\uff10\uff12\uff17-01-01", WRITE_IT),  # full-width digits
        ("2027-1-1", WRITE_IT),
    ],
)
def test_a_date_is_refused_with_its_reason(value: str, reason: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_date(value)
    assert refused.value.message == f'"{value}" is not a date: {reason}'


def test_a_date_that_is_no_string_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_date(20270101)
    assert refused.value.message == f"20270101 is not a date: {WRITE_IT}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-04-01T09:30:00+09:00", datetime(2027, 4, 1, 0, 30, tzinfo=UTC)),
        ("2027-04-01T00:30:00Z", datetime(2027, 4, 1, 0, 30, tzinfo=UTC)),
        ("2027-04-01T00:30:00.123Z", datetime(2027, 4, 1, 0, 30, 0, 123000, tzinfo=UTC)),
        ("2027-03-31T19:30:00-05:00", datetime(2027, 4, 1, 0, 30, tzinfo=UTC)),
    ],
)
def test_a_moment_is_read_with_its_offset(text: str, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.utcoffset() is not None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2027-04-01T09:30:00", "write it as YYYY-MM-DDTHH:MM:SS with its offset from UTC"),
        ("2027-04-01 09:30:00Z", "write it as YYYY-MM-DDTHH:MM:SS with its offset from UTC"),
        ("2027-04-01", "write it as YYYY-MM-DDTHH:MM:SS with its offset from UTC"),
        ("2027-02-29T09:30:00Z", "month 2 of 2027 has 28 days"),
        ("2027-04-01T24:00:00Z", "24:00:00 is not a time of day"),
        ("2027-04-01T09:60:00Z", "09:60:00 is not a time of day"),
        ("2027-04-01T09:30:00+24:00", "+24:00 is not an offset from UTC"),
    ],
)
def test_a_moment_is_refused_with_its_reason(value: str, reason: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        parse_datetime(value)
    assert refused.value.message.startswith(f'"{value}" is not a date and time: {reason}')


def test_a_moment_is_answered_in_utc_with_its_offset() -> None:
    tokyo = timezone(timedelta(hours=9))
    assert serialize_datetime(datetime(2027, 4, 1, 9, 30, tzinfo=tokyo)) == (
        "2027-04-01T00:30:00+00:00"
    )
    # SQLite gives stored moments back without their offset: they are UTC.
    assert serialize_datetime(datetime(2027, 4, 1, 0, 30)) == "2027-04-01T00:30:00+00:00"


@pytest.mark.database
def test_a_date_goes_in_and_comes_back_the_same(api: TestClient) -> None:
    event = {"typeCode": "lecture_meeting", "title": "Seminar", "venue": "Osaka", "capacity": 2}
    created = gql(api, CREATE, {"i": {**event, "heldOn": "2027-02-28"}})["createEvent"]
    assert created["errors"] == []
    assert created["event"]["heldOn"] == "2027-02-28"
    event_id = created["event"]["id"]
    # The same day as a literal, and as a variable of type Date.
    listed = gql(api, '{ events(fromDate: "2027-02-28") { edges { node { id heldOn } } } }')
    assert listed["events"]["edges"] == [{"node": {"id": event_id, "heldOn": "2027-02-28"}}]
    later = gql(
        api,
        "query($d: Date) { events(fromDate: $d) { edges { node { id } } } }",
        {"d": "2027-03-01"},
    )
    assert later["events"]["edges"] == []
    # An operation written for 0.1 (a date in a String variable) is told what to declare.
    old = api.post(
        "/graphql", json={"query": "query($d: String) { events(fromDate: $d) { totalCount } }"}
    )
    assert old.status_code == 400
    assert old.json()["errors"][0]["message"] == (
        "Variable '$d' of type 'String' used in position expecting type 'Date'."
    )
    # A moment comes back with its offset (UTC), on SQLite as on PostgreSQL.
    registered = gql(
        api,
        """mutation($i: RegisterForEventInput!) { registerForEvent(input: $i) {
          registration { registeredAt } errors { field } } }""",
        {"i": {"eventId": event_id, "participantRole": "INTERN", "name": "A", "countryCode": "TH"}},
    )["registerForEvent"]
    moment = registered["registration"]["registeredAt"]
    assert moment.endswith("+00:00"), moment
    assert abs(datetime.fromisoformat(moment) - datetime.now(UTC)) < timedelta(minutes=5)


@pytest.mark.database
@pytest.mark.parametrize(
    ("language", "variable", "literal"),
    [
        (
            "en",
            f'Variable $i.heldOn: "2027-02-30" is not a date: {NO_DAY}',
            f'Argument input.heldOn: "2027-02-30" is not a date: {NO_DAY}',
        ),
        (
            "ja",
            '変数 $i.heldOn: "2027-02-30"は日付ではありません。2027年2月は28日までです。',
            '引数 input.heldOn: "2027-02-30"は日付ではありません。2027年2月は28日までです。',
        ),
    ],
)
def test_an_impossible_date_is_refused_naming_the_field(
    api: TestClient, language: str, variable: str, literal: str
) -> None:
    headers = {"Accept-Language": language}
    event = {"typeCode": "lecture_meeting", "title": "x", "venue": "v", "capacity": 1}
    through_variable = api.post(
        "/graphql",
        json={"query": CREATE, "variables": {"i": {**event, "heldOn": "2027-02-30"}}},
        headers=headers,
    )
    inline = """mutation { createEvent(input: {typeCode: "lecture_meeting", title: "x",
      venue: "v", capacity: 1, heldOn: "2027-02-30"}) { event { id } } }"""
    through_literal = api.post("/graphql", json={"query": inline}, headers=headers)
    for response, message in ((through_variable, variable), (through_literal, literal)):
        assert response.status_code == 400, response.text
        (error,) = response.json()["errors"]
        assert error["message"] == message
        assert error["locations"], error
    # An argument of a query, and a variable's default value, are named too.
    argument = api.post(
        "/graphql", json={"query": '{ events(fromDate: "2027-02-30") { totalCount } }'}
    ).json()["errors"][0]["message"]
    assert argument == f'Argument fromDate: "2027-02-30" is not a date: {NO_DAY}'
    default = api.post(
        "/graphql",
        json={"query": 'query($d: Date = "2027-02-30") { events(fromDate: $d) { totalCount } }'},
    ).json()["errors"][0]["message"]
    assert default == f'Default value of $d: "2027-02-30" is not a date: {NO_DAY}'
    assert gql(api, "{ events { totalCount } }")["events"] == {"totalCount": 0}
