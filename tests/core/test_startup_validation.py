"""A broken plugin stops the start-up with one message naming it and the problem."""

from __future__ import annotations

import re
from typing import Any

import pytest
import strawberry

from core.domain.contracts import Embassy, GraphQLContribution
from core.errors import PluginConfigurationError
from core.settings import Settings
from tests.conftest import make_app
from tests.plugins.fakes import agency, country, plugin_returning, profile


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url, allow_user_assigned_codes=True)


def refuses(settings: Settings, *plugins: tuple[str, object]) -> PluginConfigurationError:
    with pytest.raises(PluginConfigurationError) as caught:
        make_app(settings, *plugins)
    return caught.value


def test_valid_fake_country_starts(settings: Settings) -> None:
    """The fixtures below differ from this working plugin by one problem each."""
    app = make_app(settings, ("testland", country("XA", country_agencies=[agency("XA")])))
    assert [entry.code for entry in app.state.registry.countries] == ["XA"]


def test_malformed_profile(settings: Settings) -> None:
    bad = {"code": "XA", "name": "", "local_names": [], "first_cohort_term": "pilots"}
    error = refuses(settings, ("broken", plugin_returning(country_profile=bad)))
    assert error.plugin == "broken"
    message = str(error)
    assert message.startswith("country plugin 'broken': country_profile returned an invalid")
    for field in ("name", "local_names", "first_cohort_term", "agreement_year", "sources"):
        assert field in message


def test_profile_of_the_wrong_type(settings: Settings) -> None:
    wrong = plugin_returning(country_profile=agency("XA"))
    error = refuses(settings, ("wrongtype", wrong))
    assert "returned GovernmentAgency, expected CountryProfile" in str(error)


def test_missing_profile(settings: Settings) -> None:
    error = refuses(settings, ("headless", plugin_returning(country_agencies=[agency("XA")])))
    assert str(error) == (
        "country plugin 'headless': country_profile is required and returned nothing"
    )


@pytest.mark.parametrize("code", ["AB", "UK", "EU"])
def test_code_not_iso_alpha_2(settings: Settings, code: str) -> None:
    error = refuses(settings, ("nowhere", plugin_returning(country_profile=profile(code))))
    assert str(error) == (
        f"country plugin 'nowhere': country code {code} is not an ISO 3166-1 alpha-2 country code"
    )


@pytest.mark.parametrize("code", ["xa", "IDN", "1D"])
def test_code_of_the_wrong_shape(settings: Settings, code: str) -> None:
    bad = profile().model_dump() | {"code": code}
    error = refuses(settings, ("shapeless", plugin_returning(country_profile=bad)))
    assert "code: String should match pattern" in str(error)


def test_user_assigned_code_needs_the_setting(sqlite_url: str) -> None:
    error = refuses(Settings(database_url=sqlite_url), ("example", country("XA")))
    assert "user-assigned" in str(error)
    assert "IMJAPAN_ALLOW_USER_ASSIGNED_CODES" in str(error)


def test_duplicate_country_code(settings: Settings) -> None:
    error = refuses(settings, ("first", country("XA")), ("second", country("XA")))
    assert str(error) == (
        "country plugin 'second': country code XA is already supplied by plugin 'first'"
    )


def test_item_of_another_country(settings: Settings) -> None:
    plugin = country("XA", country_agencies=[agency("XA"), agency("XB", "foreign-ministry")])
    error = refuses(settings, ("meddler", plugin))
    assert str(error) == (
        "country plugin 'meddler': country_agencies returned GovernmentAgency "
        "'foreign-ministry' of country XB, but the plugin's country is XA"
    )


def test_embassy_of_another_country(settings: Settings) -> None:
    embassy = Embassy(country_code="XB", name="Embassy of XB", source="test data")
    error = refuses(settings, ("meddler", country("XA", country_embassy=embassy)))
    assert "country_embassy returned Embassy of country XB" in str(error)


def test_duplicate_item_ids(settings: Settings) -> None:
    plugin = country("XA", country_agencies=[agency("XA"), agency("XA")])
    error = refuses(settings, ("twice", plugin))
    assert (
        str(error) == "country plugin 'twice': country_agencies returned duplicate id(s) ministry"
    )


def test_reference_to_unknown_agency(settings: Settings) -> None:
    plugin = country("XA", country_agencies=[agency("XA", parent_id="cabinet")])
    error = refuses(settings, ("dangling", plugin))
    assert "agency 'ministry' parent_id names unknown agency 'cabinet'" in str(error)


def test_sequence_hook_returning_one_item(settings: Settings) -> None:
    error = refuses(settings, ("single", country("XA", country_agencies=agency("XA"))))
    assert "country_agencies must return a sequence of GovernmentAgency" in str(error)


def test_hook_that_raises(settings: Settings) -> None:
    def country_agencies() -> list[Any]:
        raise RuntimeError("data file missing")

    error = refuses(settings, ("fragile", country("XA", country_agencies=country_agencies)))
    assert str(error) == (
        "country plugin 'fragile': country_agencies raised RuntimeError: data file missing"
    )


def test_misspelled_hook(settings: Settings) -> None:
    plugin = country("XA", country_agencys=[agency("XA")])
    error = refuses(settings, ("typo", plugin))
    assert error.plugin == "typo"
    assert "unknown hook(s) country_agencys (misspelled?)" in str(error)
    assert "country_agencies" in str(error)


def test_hook_argument_not_in_spec(settings: Settings) -> None:
    def country_agencies(request: object) -> list[Any]:
        return []

    error = refuses(settings, ("greedy", country("XA", country_agencies=country_agencies)))
    assert error.plugin == "greedy"
    assert "request" in str(error)


@strawberry.type(name="Testland")
class LandA:
    a: int = 1


@strawberry.type(name="Testland")
class LandB:
    b: int = 2


def test_graphql_type_collision_between_plugins(settings: Settings) -> None:
    @strawberry.type
    class QueryA:
        @strawberry.field
        def testland_a(self) -> LandA:
            return LandA()

    @strawberry.type
    class QueryB:
        @strawberry.field
        def testland_b(self) -> LandB:
            return LandB()

    error = refuses(
        settings,
        ("alpha", country("XA", country_graphql=GraphQLContribution(query=QueryA))),
        ("beta", country("XB", country_graphql=GraphQLContribution(query=QueryB))),
    )
    assert str(error) == (
        "country plugin 'beta': GraphQL type Testland collides with the one of plugin 'alpha'"
    )


@strawberry.type(name="Country")
class Impostor:
    code: str = "XA"


def test_graphql_type_collision_with_core(settings: Settings) -> None:
    @strawberry.type
    class ImpostorQuery:
        @strawberry.field
        def impostor_country(self) -> Impostor:
            return Impostor()

    plugin = country("XA", country_graphql=GraphQLContribution(query=ImpostorQuery))
    error = refuses(settings, ("impostor", plugin))
    assert str(error) == (
        "country plugin 'impostor': GraphQL type Country collides with the one of core"
    )


def test_graphql_field_collision_between_plugins(settings: Settings) -> None:
    @strawberry.type
    class FirstQuery:
        @strawberry.field
        def shared_news(self) -> str:
            return "first"

    @strawberry.type
    class SecondQuery:
        @strawberry.field
        def shared_news(self) -> str:
            return "second"

    error = refuses(
        settings,
        ("first", country("XA", country_graphql=GraphQLContribution(query=FirstQuery))),
        ("second", country("XB", country_graphql=GraphQLContribution(query=SecondQuery))),
    )
    assert str(error) == (
        "country plugin 'second': GraphQL field Query.sharedNews collides with the one of "
        "plugin 'first'"
    )


def test_graphql_field_collision_with_core(settings: Settings) -> None:
    @strawberry.type
    class Greedy:
        @strawberry.field
        def countries(self) -> list[str]:
            return []

    plugin = country("XA", country_graphql=GraphQLContribution(query=Greedy))
    error = refuses(settings, ("greedy", plugin))
    assert "GraphQL field Query.countries collides with the one of core" in str(error)


def test_graphql_mutation_collision_between_plugins(settings: Settings) -> None:
    @strawberry.type
    class MutationA:
        @strawberry.mutation
        def ping(self) -> bool:
            return True

    @strawberry.type
    class MutationB:
        @strawberry.mutation
        def ping(self) -> bool:
            return False

    error = refuses(
        settings,
        ("alpha", country("XA", country_graphql=GraphQLContribution(mutation=MutationA))),
        ("beta", country("XB", country_graphql=GraphQLContribution(mutation=MutationB))),
    )
    assert "GraphQL field Mutation.ping collides with the one of plugin 'alpha'" in str(error)


def test_graphql_contribution_of_the_wrong_type(settings: Settings) -> None:
    error = refuses(settings, ("loose", country("XA", country_graphql={"query": None})))
    assert "country_graphql returned dict, expected GraphQLContribution" in str(error)


def test_graphql_root_that_is_not_a_strawberry_type(settings: Settings) -> None:
    class Plain:
        pass

    plugin = country("XA", country_graphql=GraphQLContribution(query=Plain))
    error = refuses(settings, ("plain", plugin))
    assert re.search(r"country_graphql query must be a Strawberry type", str(error))


def test_enabled_country_that_is_not_installed(sqlite_url: str) -> None:
    settings = Settings(database_url=sqlite_url, countries=("indonesia", "atlantis"))
    with pytest.raises(PluginConfigurationError) as caught:
        make_app(settings, load_entrypoints=True)
    assert str(caught.value).startswith(
        "country plugin 'atlantis': enabled in IMJAPAN_COUNTRIES but not installed"
    )


def _settings_defaulted(settings: object = None) -> list[Any]:
    return []


def _extra_defaulted(*, limit: int = 3) -> list[Any]:
    return []


def _rule_defaulted(rule: object, candidate: object, settings: object = None) -> None:
    return None


@pytest.mark.parametrize(
    ("hook", "implementation", "argument"),
    [
        ("country_agencies", _settings_defaulted, "settings"),
        ("country_agencies", _extra_defaulted, "limit"),
        ("screening_evaluate_rule", _rule_defaulted, "settings"),
    ],
)
def test_hook_argument_with_a_default(
    settings: Settings, hook: str, implementation: Any, argument: str
) -> None:
    error = refuses(settings, ("lenient", country("XA", **{hook: implementation})))
    assert error.plugin == "lenient"
    assert str(error) == (
        f"country plugin 'lenient': {hook} argument '{argument}' has a default value; "
        "an implementation's argument never has one (pluggy would not pass it)"
    )


def test_hook_arguments_of_the_spec_without_defaults_start(settings: Settings) -> None:
    def country_agencies(settings: Settings) -> list[Any]:
        return [agency(settings_code(settings))]

    def settings_code(settings: Settings) -> str:
        assert isinstance(settings, Settings)  # pluggy passed the real settings
        return "XA"

    app = make_app(settings, ("strict", country("XA", country_agencies=country_agencies)))
    assert [a.id for a in app.state.registry.get("XA").agencies] == ["ministry"]
