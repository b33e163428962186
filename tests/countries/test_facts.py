"""Country-specific facts from shared/reference/domain.md, as the plugins supply them."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from core.plugins.registry import CountryEntry, CountryRegistry


@pytest.fixture
def registry(installed_app: Starlette) -> CountryRegistry:
    found: CountryRegistry = installed_app.state.registry
    return found


def country(registry: CountryRegistry, code: str) -> CountryEntry:
    entry = registry.get(code)
    assert entry is not None
    return entry


def rule(registry: CountryRegistry, code: str, rule_id: str) -> dict:
    matches = [r for r in country(registry, code).screening_rules if r.id == rule_id]
    assert len(matches) == 1, rule_id
    return {"kind": matches[0].kind.value, **matches[0].parameters}


@pytest.mark.parametrize(
    ("code", "city"),
    [("ID", "Jakarta"), ("TH", "Bangkok"), ("VN", "Hanoi"), ("BD", "Dhaka"), ("LK", "Colombo")],
)
def test_im_japan_representative_offices(registry: CountryRegistry, code: str, city: str) -> None:
    office = country(registry, code).profile.representative_office
    assert office is not None
    assert office.city == city


def test_sri_lanka_office_is_in_battaramulla_and_has_two_local_names(
    registry: CountryRegistry,
) -> None:
    profile = country(registry, "LK").profile
    assert (
        profile.representative_office and profile.representative_office.locality == "Battaramulla"
    )
    assert [n.language for n in profile.local_names] == ["si", "ta"]


def test_indonesia_has_two_education_tracks_with_different_minimum_ages(
    registry: CountryRegistry,
) -> None:
    tracks = rule(registry, "ID", "age-by-education-track")["tracks"]
    assert tracks["smk_teknik"]["min_years"] == 18
    assert (tracks["sma"]["min_years"], tracks["sma"]["min_months"]) == (18, 6)
    assert {t["max_years"] for t in tracks.values()} == {26}


def test_indonesia_maths_test(registry: CountryRegistry) -> None:
    assert rule(registry, "ID", "maths") == {
        "kind": "math_score_min",
        "max_score": 20,
        "pass_mark": 14,
        "pass_marks_by_job_field": {},
        "questions": 20,
        "time_limit_minutes": 15,
    }


def test_thailand_minimum_age_is_20_and_military_service_is_checked(
    registry: CountryRegistry,
) -> None:
    assert rule(registry, "TH", "age")["min_years"] == 20
    assert rule(registry, "TH", "military-service")["kind"] == "military_service_completed"


def test_thailand_training_is_three_months_then_one(registry: CountryRegistry) -> None:
    training = country(registry, "TH").pre_entry_training
    assert training is not None
    assert [(p.centre_id, p.duration and p.duration.months) for p in training.phases] == [
        ("pathum-thani", 3),
        ("chonburi", 1),
    ]


def test_vietnam_pass_marks_by_job_field_and_priority_points(registry: CountryRegistry) -> None:
    maths = rule(registry, "VN", "maths-with-priority-points")
    assert maths["pass_marks_by_job_field"] == {"manufacturing": 60, "construction": 40}
    assert maths["priority_points_above_score"] == 30
    assert sorted(maths["priority_points"].values()) == [10, 15, 20, 20]


def test_vietnam_height_default_is_the_2025_value(registry: CountryRegistry) -> None:
    assert rule(registry, "VN", "height")["male"] == 150


def test_vietnam_training_payers(registry: CountryRegistry) -> None:
    training = country(registry, "VN").pre_entry_training
    assert training is not None
    assert [p.paid_by and p.paid_by.value for p in training.phases] == ["candidate", "im_japan"]


def test_bangladesh_first_arrival_year_is_unknown(registry: CountryRegistry) -> None:
    assert country(registry, "BD").profile.first_arrival_year is None


def test_bangladesh_refuses_anyone_who_worked_in_japan(registry: CountryRegistry) -> None:
    assert rule(registry, "BD", "no-prior-work-in-japan")["scope"] == "any_work"


def test_no_agency_has_an_invented_website(registry: CountryRegistry) -> None:
    """Only the websites seen in a source are recorded (domain.md, section 2)."""
    websites = {agency.website for entry in registry.countries for agency in entry.agencies} - {
        None
    }
    assert websites == {
        "https://mol.go.th",
        "https://doe.go.th",
        "https://japan.mol.go.th",
        "https://www.bmet.gov.bd",
        "https://www.slbfe.lk",
    }
