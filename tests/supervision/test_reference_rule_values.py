"""Dated rule values: an administrator adds a newer version; the old one ends that day;
the services read the version in force on the day that matters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession
from starlette.testclient import TestClient

from core.errors import DomainValidationError, ErrorCode
from core.services import rule_values, rules
from core.services.inputs import validate
from core.settings import Settings
from tests.client import gql, mutation
from tests.factories import in_transaction
from tests.lifecycle.helpers import snapshot

pytestmark = pytest.mark.database

KEY = "titp.plan.lead_months.i"
"""Shipped as 4 (months), valid from an unknown date (null)."""
SOURCE = "https://example.org/otit-notice"
LATER = date.today() + timedelta(days=400)
PAYLOAD = """ruleValue { id key value shape whole fraction { numerator denominator }
    description validFrom validTo sourceUrl tag provisional recordedBy }
  ended { key value validFrom validTo }
  errors { field message code }"""
LIST = """query($key: String, $day: Date) { ruleValues(key: $key, inForceOn: $day) {
    key value whole validFrom validTo tag provisional } }"""


def set_value(api: TestClient, **given: object) -> dict:
    data = {"key": KEY, "value": "5", "validFrom": LATER.isoformat(), "tag": "PRIMARY"}
    data["sourceUrl"] = SOURCE
    data.update(given)
    return mutation(api, "setRuleValue", PAYLOAD, {k: v for k, v in data.items() if v is not None})


def in_force(api: TestClient, day: date, key: str = KEY) -> list[dict]:
    found: list[dict] = gql(api, LIST, {"key": key, "day": day.isoformat()})["ruleValues"]
    return found


def test_a_future_replacement_changes_the_rule_only_from_its_day_in_the_service(
    db_settings: Settings,
) -> None:
    async def replace(session: AsyncSession) -> rule_values.RuleChange:
        data = rule_values.SetRuleValueInput(
            key=KEY, value="5", valid_from=LATER, tag="secondary", source_url=SOURCE
        )
        return await rule_values.set_rule_value(session=session, data=data, actor="a@example.org")

    async def read(session: AsyncSession) -> list[int]:
        days = (date.today(), LATER - timedelta(days=1), LATER, LATER + timedelta(days=900))
        return [await rules.whole(session, KEY, day) for day in days]

    assert in_transaction(db_settings, read) == [4, 4, 4, 4]
    change = in_transaction(db_settings, replace)
    assert (change.added.value, change.added.valid_from, change.added.valid_to) == (5, LATER, None)
    assert (change.ended.value, change.ended.valid_from, change.ended.valid_to) == (4, None, LATER)
    assert change.added.recorded_by == "a@example.org"
    assert in_transaction(db_settings, read) == [4, 4, 5, 5]


def test_a_future_replacement_over_http(api: TestClient) -> None:
    payload = set_value(api, description="Lead time of a stage (i) plan, in months.")
    assert payload["errors"] == []
    added = payload["ruleValue"]
    assert added.pop("recordedBy").startswith("admin.")
    assert added | {"id": None} == {
        "id": None,
        "key": KEY,
        "value": "5",
        "shape": "WHOLE",
        "whole": 5,
        "fraction": None,
        "description": "Lead time of a stage (i) plan, in months.",
        "validFrom": LATER.isoformat(),
        "validTo": None,
        "sourceUrl": SOURCE,
        "tag": "PRIMARY",
        "provisional": False,
    }
    assert payload["ended"] == {
        "key": KEY,
        "value": "4",
        "validFrom": None,
        "validTo": LATER.isoformat(),
    }
    before = in_force(api, LATER - timedelta(days=1))
    assert [(row["whole"], row["validTo"]) for row in before] == [(4, LATER.isoformat())]
    assert [row["whole"] for row in in_force(api, LATER)] == [5]
    versions = gql(api, LIST, {"key": KEY})["ruleValues"]
    assert [(row["validFrom"], row["validTo"]) for row in versions] == [
        (None, LATER.isoformat()),
        (LATER.isoformat(), None),
    ]
    # A third version: the second ends where it starts, the first keeps its end.
    third = LATER + timedelta(days=30)
    assert set_value(api, value="6", validFrom=third.isoformat())["errors"] == []
    versions = gql(api, LIST, {"key": KEY})["ruleValues"]
    assert [(row["whole"], row["validTo"]) for row in versions] == [
        (4, LATER.isoformat()),
        (5, third.isoformat()),
        (6, None),
    ]


def test_every_rule_is_listed_by_key_then_start(api: TestClient) -> None:
    everything = gql(api, LIST)["ruleValues"]
    keys = [row["key"] for row in everything]
    assert keys == sorted(keys) and len(keys) == len(set(keys)) > 20
    assert all(row["validFrom"] is None and row["validTo"] is None for row in everything)
    shown = {row["key"]: row["value"] for row in everything}
    assert shown["titp.lectures.share"] == '{"numerator":1,"denominator":6}'
    assert shown["titp.gate.iii"] == '[["grade_3","practical"]]'
    assert shown["titp.business_report.due"] == '"05-31"'
    fraction = gql(
        api,
        '{ ruleValues(key: "titp.audit.interview_share") '
        "{ shape fraction { numerator denominator } } }",
    )["ruleValues"]
    assert fraction == [{"shape": "FRACTION", "fraction": {"numerator": 1, "denominator": 4}}]


@pytest.mark.parametrize(
    ("given", "field", "code", "words"),
    [
        ({"key": "titp.no_such_rule"}, "key", "NOT_FOUND", "only the rules listed by ruleValues"),
        (
            {"value": '{"numerator": 1, "denominator": 3}'},
            "value",
            "INVALID",
            "whole number, not a fraction",
        ),
        ({"value": "[1, 2]"}, "value", "INVALID", "whole number, not a list"),
        ({"value": "4.5"}, "value", "INVALID", "not a rule value"),
        ({"value": "true"}, "value", "INVALID", "not a rule value"),
        ({"value": "five"}, "value", "INVALID", "not JSON"),
        ({"sourceUrl": None}, "sourceUrl", "INVALID", "give the source"),
    ],
)
def test_refusals_name_the_field_and_write_nothing(
    api: TestClient, db_settings: Settings, given: dict, field: str, code: str, words: str
) -> None:
    before = snapshot(db_settings)
    payload = set_value(api, **given)
    assert payload["ruleValue"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert words in payload["errors"][0]["message"]
    assert snapshot(db_settings) == before


def test_a_fraction_keeps_a_positive_denominator(api: TestClient, db_settings: Settings) -> None:
    before = snapshot(db_settings)
    payload = set_value(api, key="titp.lectures.share", value='{"numerator": 1, "denominator": 0}')
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("value", "INVALID")]
    assert snapshot(db_settings) == before
    fine = set_value(api, key="titp.lectures.share", value='{"numerator":1,"denominator":8}')
    assert fine["errors"] == [] and fine["ruleValue"]["fraction"] == {
        "numerator": 1,
        "denominator": 8,
    }


def test_a_source_may_be_missing_only_when_none_was_found(api: TestClient) -> None:
    payload = set_value(api, sourceUrl=None, tag="NOT_FOUND", provisional=True)
    assert payload["errors"] == []
    assert payload["ruleValue"]["provisional"] is True
    assert payload["ruleValue"]["sourceUrl"] is None


def test_versions_only_go_forward(api: TestClient, db_settings: Settings) -> None:
    assert set_value(api)["errors"] == []
    before = snapshot(db_settings)
    for day in (LATER, LATER - timedelta(days=1)):
        payload = set_value(api, value="6", validFrom=day.isoformat())
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("validFrom", "INVALID")]
        assert "versions only go forward" in payload["errors"][0]["message"]
        assert LATER.isoformat() in payload["errors"][0]["message"]
    assert snapshot(db_settings) == before


def test_every_problem_is_reported_at_once(api: TestClient) -> None:
    assert set_value(api)["errors"] == []
    payload = set_value(api, value="[]", validFrom=LATER.isoformat())
    assert sorted(e["field"] for e in payload["errors"]) == ["validFrom", "value"]


def test_a_tag_outside_the_reference_tags_is_refused() -> None:
    data = {"key": KEY, "value": "5", "validFrom": "2030-01-01", "sourceUrl": SOURCE}
    with pytest.raises(DomainValidationError) as refused:
        validate(rule_values.SetRuleValueInput, {**data, "tag": "rumour"})
    assert [(e.field, e.code) for e in refused.value.errors] == [("tag", ErrorCode.INVALID)]
    assert validate(rule_values.SetRuleValueInput, {**data, "tag": "primary"}).tag == "primary"
