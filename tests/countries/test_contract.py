"""Checks every installed country passes; a new country gets them for free."""

from __future__ import annotations

import pycountry
import pytest
from starlette.applications import Starlette

from core.app import create_app
from core.plugins.manager import installed_country_plugins
from core.plugins.registry import CountryEntry
from core.schema.compose import collect_contributions, isolated_schema, named_types, root_fields
from core.settings import Settings


# Collection reads only the installed entry points; the app that holds the
# countries is built by a fixture, after tests/conftest.py cleaned the environment.
@pytest.fixture(params=installed_country_plugins())
def entry(request: pytest.FixtureRequest, installed_app: Starlette) -> CountryEntry:
    found: CountryEntry = installed_app.state.registry.by_plugin[request.param]
    return found


def test_code_is_an_assigned_iso_code(entry: CountryEntry) -> None:
    assert pycountry.countries.get(alpha_2=entry.code) is not None


def test_profile_has_the_facts_of_the_agreement(entry: CountryEntry) -> None:
    profile = entry.profile
    assert profile.agreement_year is not None
    assert profile.representative_office is not None
    assert profile.sources
    assert all(name.name for name in profile.local_names)


def test_every_item_names_its_source(entry: CountryEntry) -> None:
    items = [
        *entry.agencies,
        *entry.screening_rules,
        *entry.returnee_associations,
        *entry.employment_programmes,
    ]
    if entry.embassy:
        items.append(entry.embassy)
    if entry.pre_entry_training:
        items += [entry.pre_entry_training, *entry.pre_entry_training.centres]
        items += entry.pre_entry_training.phases
    assert all(item.source.strip() for item in items)


def test_programme_basics(entry: CountryEntry) -> None:
    assert any(a.roles for a in entry.agencies)
    assert entry.pre_entry_training is not None
    assert entry.pre_entry_training.minimum_months == 4
    module_ids = {m.id for m in entry.pre_entry_training.modules}
    assert {"japanese-language", "culture-and-customs", "working-styles"} <= module_ids
    assert any(p.kind == "group_job_interview" for p in entry.employment_programmes)


def test_graphql_names_carry_the_country_prefix(installed_app: Starlette) -> None:
    core = named_types(create_app(Settings(), load_entrypoints=False).state.schema)
    contributions = collect_contributions(installed_app.state.plugin_manager, Settings())
    assert contributions, "no bundled country uses country_graphql"
    for item in contributions:
        camel = item.plugin
        pascal = item.plugin[0].upper() + item.plugin[1:]
        schema = isolated_schema(item)
        for root, names in root_fields(schema).items():
            for name in names:
                assert name.startswith(camel), f"{item.plugin}: {root}.{name}"
        for name in set(named_types(schema)) - set(core):
            assert name.startswith(pascal), f"{item.plugin}: type {name}"
