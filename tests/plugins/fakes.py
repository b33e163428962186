"""Test-only country plugins, built from the hooks a test needs.

``plugin_returning(country_profile=..., country_agencies=...)`` makes a plugin
whose hooks return exactly the given values, unvalidated, so tests can hand
the registry malformed data. Codes are ISO user-assigned ones (XA, XB, ...),
which the settings of these tests accept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core import hookimpl
from core.domain.contracts import (
    AgencyRole,
    CohortTerm,
    CountryProfile,
    GovernmentAgency,
    LocalizedName,
)


def profile(code: str = "XA", **overrides: Any) -> CountryProfile:
    values: dict[str, Any] = {
        "code": code,
        "name": f"Testland {code}",
        "local_names": (LocalizedName(language="en", name=f"Testland {code}"),),
        "agreement_year": 2020,
        "first_arrival_year": 2021,
        "first_cohort_term": CohortTerm.TECHNICAL_INTERNS,
        "representative_office": None,
        "sources": ("test data",),
    }
    values.update(overrides)
    return CountryProfile(**values)


def agency(code: str = "XA", agency_id: str = "ministry", **overrides: Any) -> GovernmentAgency:
    values: dict[str, Any] = {
        "country_code": code,
        "id": agency_id,
        "name": "Test Ministry of Labour",
        "roles": (AgencyRole.MINISTRY,),
        "source": "test data",
    }
    values.update(overrides)
    return GovernmentAgency(**values)


def _constant(value: Any) -> Callable[[], Any]:
    @hookimpl
    def implementation() -> Any:
        return value

    return implementation


class FakePlugin:
    """Hashable by identity, as pluggy needs; hooks are set as attributes."""


def plugin_returning(**hooks: Any) -> FakePlugin:
    """A plugin implementing each named hook; functions are used as they are."""
    plugin = FakePlugin()
    for name, value in hooks.items():
        is_function = callable(value) and not isinstance(value, type)
        setattr(plugin, name, hookimpl(value) if is_function else _constant(value))
    return plugin


def country(code: str = "XA", **hooks: Any) -> FakePlugin:
    """A minimal valid country plus the given hooks."""
    return plugin_returning(country_profile=profile(code), **hooks)
