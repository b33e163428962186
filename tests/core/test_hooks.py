"""One test per hook: what a plugin returns from it reaches the service.

Each catalogue test registers a test country implementing the hook under test
and reads the result back through ``/graphql``. The screening hook is called
per candidate, so its tests screen candidates with the plugin manager and the
screening engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import strawberry
from pydantic import BaseModel, Field
from starlette.testclient import TestClient

from core.domain.contracts import (
    AgencyRole,
    AssociationBoard,
    BoardLevel,
    Duration,
    Embassy,
    EmploymentProgramme,
    EsdNote,
    EsdSpecifics,
    GraphQLContribution,
    Money,
    Payer,
    PreEntryTraining,
    ProgrammeKind,
    ReturneeAssociation,
    ScreeningRuleTemplate,
    TrainingCentre,
    TrainingModule,
    TrainingPhase,
)
from core.domain.rules import EducationLevel, RuleKind, Sex
from core.domain.supervision import SourceTag
from core.errors import PluginConfigurationError
from core.i18n import Message, available_locales, catalogue, negotiate, render
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.screening.custom import plugin_evaluator
from core.screening.details import Details
from core.screening.engine import evaluate
from core.screening.facts import CandidateFacts, Criterion, RuleOutcome
from core.settings import Settings
from tests.conftest import gql, make_app
from tests.plugins.fakes import agency, country, plugin_returning, profile


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(database_url=sqlite_url, allow_user_assigned_codes=True)


def query_country(settings: Settings, plugin: object, selection: str) -> dict:
    with TestClient(make_app(settings, ("testland", plugin))) as client:
        return gql(client, f'{{ country(code: "XA") {{ {selection} }} }}')["country"]


def test_hook_country_profile(settings: Settings) -> None:
    plugin = plugin_returning(country_profile=profile("XA", first_arrival_year=None))
    data = query_country(
        settings,
        plugin,
        "code name localName localNames { language name } agreementYear firstArrivalYear "
        "firstCohortTerm representativeOffice { city } sources plugin",
    )
    assert data == {
        "code": "XA",
        "name": "Testland XA",
        "localName": "Testland XA",
        "localNames": [{"language": "en", "name": "Testland XA"}],
        "agreementYear": 2020,
        "firstArrivalYear": None,
        "firstCohortTerm": "TECHNICAL_INTERNS",
        "representativeOffice": None,
        "sources": ["test data"],
        "plugin": "testland",
    }


def test_hook_country_agencies(settings: Settings) -> None:
    agencies = [
        agency("XA", "old-ministry", valid_to_year=2024),
        agency("XA", "new-ministry", valid_from_year=2025, former_names=("Old Ministry",)),
        agency(
            "XA",
            "office-in-japan",
            roles=(AgencyRole.LABOUR_OFFICE_IN_JAPAN,),
            parent_id="new-ministry",
        ),
    ]
    plugin = country("XA", country_agencies=agencies)
    data = query_country(
        settings,
        plugin,
        "all: agencies { id roles parentId validFromYear validToYear formerNames } "
        "in2024: agencies(activeInYear: 2024) { id } in2026: agencies(activeInYear: 2026) { id }",
    )
    assert [a["id"] for a in data["all"]] == ["old-ministry", "new-ministry", "office-in-japan"]
    assert data["all"][1]["formerNames"] == ["Old Ministry"]
    assert data["all"][2]["roles"] == ["LABOUR_OFFICE_IN_JAPAN"]
    assert data["all"][2]["parentId"] == "new-ministry"
    assert [a["id"] for a in data["in2024"]] == ["old-ministry", "office-in-japan"]
    assert [a["id"] for a in data["in2026"]] == ["new-ministry", "office-in-japan"]


def test_hook_country_embassy(settings: Settings) -> None:
    office = agency("XA", "labour-office", roles=(AgencyRole.LABOUR_OFFICE_IN_JAPAN,))
    embassy = Embassy(
        country_code="XA",
        name="Embassy of Testland in Japan",
        labour_office_id="labour-office",
        source="test data",
    )
    plugin = country("XA", country_agencies=[office], country_embassy=embassy)
    data = query_country(settings, plugin, "embassy { name website labourOffice { id } }")
    assert data["embassy"] == {
        "name": "Embassy of Testland in Japan",
        "website": None,
        "labourOffice": {"id": "labour-office"},
    }


def test_hook_country_esd_specifics(settings: Settings) -> None:
    sender = agency("XA", "overseas-employment", roles=(AgencyRole.OVERSEAS_EMPLOYMENT_AGENCY,))
    esd = EsdSpecifics(
        country_code="XA",
        sending_agency_id="overseas-employment",
        moc_signed_on=date(2027, 2, 1),
        source="test data",
        tag=SourceTag.PRIMARY,
        notes=(EsdNote(id="pilot", text="A pilot.", source="test data", tag=SourceTag.SECONDARY),),
    )
    plugin = country("XA", country_agencies=[sender], country_esd_specifics=esd)
    selection = "esd { sendingAgency { id } mocSignedOn known source tag notes { id on tag } }"
    assert query_country(settings, plugin, selection)["esd"] == {
        "sendingAgency": {"id": "overseas-employment"},
        "mocSignedOn": "2027-02-01",
        "known": True,
        "source": "test data",
        "tag": "PRIMARY",
        "notes": [{"id": "pilot", "on": None, "tag": "SECONDARY"}],
    }
    # A plugin without the hook: everything unknown.
    silent = query_country(settings, country("XA"), selection)["esd"]
    assert silent == {
        "sendingAgency": None,
        "mocSignedOn": None,
        "known": False,
        "source": None,
        "tag": None,
        "notes": [],
    }


def test_hook_country_screening_rules(settings: Settings) -> None:
    rules = [
        ScreeningRuleTemplate(
            country_code="XA",
            id="age",
            kind=RuleKind.AGE_RANGE,
            title="Aged 18 to 30",
            description="test",
            parameters={"min_years": 18, "max_years": 30},
            source="test data",
        ),
        ScreeningRuleTemplate(
            country_code="XA",
            id="bonus",
            kind=RuleKind.CUSTOM,
            title="Custom rule",
            description="test",
            parameters={"points": {"a": 1}},
            source="test data",
        ),
    ]
    data = query_country(
        settings,
        country("XA", country_screening_rules=rules),
        "screeningRules { id kind parameters }",
    )
    assert data["screeningRules"] == [
        {
            "id": "age",
            "kind": "AGE_RANGE",
            "parameters": {"min_years": 18, "min_months": 0, "max_years": 30},
        },
        {"id": "bonus", "kind": "CUSTOM", "parameters": {"points": {"a": 1}}},
    ]


def test_hook_country_screening_rules_parameters_must_fit_the_kind(settings: Settings) -> None:
    bad = {
        "country_code": "XA",
        "id": "age",
        "kind": "age_range",
        "title": "Age",
        "description": "test",
        "parameters": {"min_years": 30, "max_years": 18},
        "source": "test data",
    }
    with pytest.raises(Exception, match="max_years is below min_years"):
        make_app(settings, ("testland", country("XA", country_screening_rules=[bad])))


def test_hook_country_pre_entry_training(settings: Settings) -> None:
    training = PreEntryTraining(
        country_code="XA",
        minimum_months=4,
        centres=(
            TrainingCentre(country_code="XA", id="centre", name="Centre", source="test data"),
        ),
        modules=(TrainingModule(id="japanese", title="Japanese"),),
        phases=(
            TrainingPhase(
                id="second",
                order=2,
                name="Second",
                duration=Duration(months=2),
                paid_by=Payer.IM_JAPAN,
                source="test data",
            ),
            TrainingPhase(
                id="first",
                order=1,
                name="First",
                centre_id="centre",
                duration=Duration(months=2, days=10),
                paid_by=Payer.CANDIDATE,
                module_ids=("japanese",),
                source="test data",
            ),
        ),
        source="test data",
    )
    data = query_country(
        settings,
        country("XA", country_pre_entry_training=training),
        "preEntryTraining { minimumMonths phases { id centre { id } duration { months days } "
        "paidBy modules { id } } }",
    )
    assert data["preEntryTraining"] == {
        "minimumMonths": 4,
        "phases": [
            {
                "id": "first",
                "centre": {"id": "centre"},
                "duration": {"months": 2, "days": 10},
                "paidBy": "CANDIDATE",
                "modules": [{"id": "japanese"}],
            },
            {
                "id": "second",
                "centre": None,
                "duration": {"months": 2, "days": 0},
                "paidBy": "IM_JAPAN",
                "modules": [],
            },
        ],
    }


def test_hook_country_pre_entry_training_phase_must_name_its_centre(settings: Settings) -> None:
    bad = {
        "country_code": "XA",
        "minimum_months": 4,
        "phases": [{"id": "p", "order": 1, "name": "P", "centre_id": "nowhere", "source": "t"}],
        "source": "t",
    }
    with pytest.raises(Exception, match="phase 'p' names unknown centre 'nowhere'"):
        make_app(settings, ("testland", country("XA", country_pre_entry_training=bad)))


def test_hook_country_returnee_associations(settings: Settings) -> None:
    association = ReturneeAssociation(
        country_code="XA",
        id="alumni",
        name="Testland Returnee Presidents",
        description="test",
        boards=(
            AssociationBoard(id="central", level=BoardLevel.CENTRAL, name="Central", source="t"),
        ),
        regional_board_count=3,
        source="test data",
    )
    data = query_country(
        settings,
        country("XA", country_returnee_associations=[association]),
        "returneeAssociations { id boards { level name } regionalBoardCount }",
    )
    assert data["returneeAssociations"] == [
        {
            "id": "alumni",
            "boards": [{"level": "CENTRAL", "name": "Central"}],
            "regionalBoardCount": 3,
        }
    ]


def test_hook_country_employment_programmes(settings: Settings) -> None:
    programme = EmploymentProgramme(
        country_code="XA",
        id="fund",
        kind=ProgrammeKind.COMPLETION_FUND,
        name="Completion fund",
        description="test",
        organiser_agency_id="ministry",
        amount=Money(amount=Decimal(600000), currency="JPY"),
        source="test data",
    )
    plugin = country(
        "XA", country_agencies=[agency("XA")], country_employment_programmes=[programme]
    )
    data = query_country(
        settings,
        plugin,
        "employmentProgrammes { id kind organiser { id } amount { amount currency } }",
    )
    assert data["employmentProgrammes"] == [
        {
            "id": "fund",
            "kind": "COMPLETION_FUND",
            "organiser": {"id": "ministry"},
            "amount": {"amount": "600000", "currency": "JPY"},
        }
    ]


@strawberry.type
class LandFacts:
    motto: str


@strawberry.type
class LandQuery:
    @strawberry.field
    def testland_facts(self, info: strawberry.Info) -> LandFacts:
        entry = info.context.registry.get("XA")
        return LandFacts(motto=f"{entry.profile.name} via the registry")


@strawberry.type
class LandMutation:
    @strawberry.mutation
    def testland_echo(self, text: str) -> str:
        return text


def test_hook_country_graphql(settings: Settings) -> None:
    contribution = GraphQLContribution(query=LandQuery, mutation=LandMutation)
    app = make_app(settings, ("testland", country("XA", country_graphql=contribution)))
    with TestClient(app) as client:
        assert gql(client, "{ testlandFacts { motto } }") == {
            "testlandFacts": {"motto": "Testland XA via the registry"}
        }
        assert gql(client, 'mutation { testlandEcho(text: "hi") }') == {"testlandEcho": "hi"}
    sdl = str(app.state.schema)
    assert "testlandFacts: LandFacts!" in sdl
    assert "countries: [Country!]!" in sdl


BONUS = Criterion(
    id="bonus", kind=RuleKind.CUSTOM, title="Enough bonus points", parameters={"min_points": 3}
)


def screened(code: str = "XA", **country_details: Any) -> CandidateFacts:
    return CandidateFacts(
        country_code=code,
        date_of_birth=date(2000, 1, 1),
        sex=Sex.FEMALE,
        education_level=EducationLevel.UPPER_SECONDARY,
        screened_on=date(2025, 6, 1),
        country_details=country_details,
    )


def bonus_rule(code: str, calls: list[str] | None = None) -> Any:
    """A ``screening_evaluate_rule`` owning rule ``bonus`` for country ``code``."""

    def screening_evaluate_rule(
        rule: Criterion, candidate: CandidateFacts, settings: Settings
    ) -> RuleOutcome | None:
        if calls is not None:
            calls.append(code)
        if candidate.country_code != code or rule.id != "bonus":
            return None
        points = candidate.country_details["points"]
        wanted = rule.parameters["min_points"]
        return RuleOutcome(
            rule_id=rule.id,
            kind=rule.kind,
            passed=points >= wanted,
            expected=f"at least {wanted} points",
            actual=f"{points} points from {code} ({settings.profile})",
            reason="counted by the plugin",
        )

    return screening_evaluate_rule


def screen(
    settings: Settings, candidate: CandidateFacts, *plugins: tuple[str, object]
) -> list[RuleOutcome]:
    pm = get_plugin_manager(settings, load_entrypoints=False, extra=plugins)
    age = Criterion(
        id="age",
        kind=RuleKind.AGE_RANGE,
        title="Aged 18 to 30",
        parameters={"min_years": 18, "min_months": 0, "max_years": 30},
    )
    return evaluate([age, BONUS], candidate, custom=plugin_evaluator(pm, settings))


def test_hook_screening_evaluate_rule(settings: Settings) -> None:
    plugin = ("testland", country("XA", screening_evaluate_rule=bonus_rule("XA")))
    age, bonus = screen(settings, screened(points=3), plugin)
    assert (age.rule_id, age.passed) == ("age", True)
    assert (bonus.rule_id, bonus.passed) == ("bonus", True)
    assert bonus.actual == "3 points from XA (development)"
    [_, short] = screen(settings, screened(points=2), plugin)
    assert short.passed is False


def test_hook_screening_evaluate_rule_is_answered_by_the_candidate_s_country(
    settings: Settings,
) -> None:
    calls: list[str] = []
    plugins = (
        ("land-a", country("XA", screening_evaluate_rule=bonus_rule("XA", calls))),
        ("land-b", country("XB", screening_evaluate_rule=bonus_rule("XB", calls))),
    )
    [_, bonus] = screen(settings, screened("XA", points=5), *plugins)
    assert bonus.actual == "5 points from XA (development)"
    # pluggy calls the last registered plugin first; the first answer stops the call.
    assert calls == ["XB", "XA"]
    calls.clear()
    [_, bonus] = screen(settings, screened("XB", points=5), *plugins)
    assert bonus.actual == "5 points from XB (development)"
    assert calls == ["XB"]


def test_hook_screening_evaluate_rule_without_an_owner_fails_the_rule(
    settings: Settings,
) -> None:
    plugin = ("testland", country("XA", screening_evaluate_rule=bonus_rule("XA")))
    for plugins in [(), (plugin,)]:
        [age, bonus] = screen(settings, screened("XC", points=5), *plugins)
        assert age.passed is True
        assert bonus.passed is False
        assert "No country plugin evaluates the rule 'bonus'" in bonus.reason


@pytest.fixture
def own_catalogues(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The catalogue directories a test adds are gone after it (they are per process)."""
    monkeypatch.setattr(catalogue, "_directories", list(catalogue.catalogue_directories()))
    yield
    monkeypatch.undo()
    catalogue._entries.cache_clear()
    catalogue.available_locales.cache_clear()


@pytest.mark.usefixtures("own_catalogues")
def test_hook_country_locales(settings: Settings, tmp_path: Path) -> None:
    """A plugin's catalogue adds its language and translates its own messages."""
    po = tmp_path / "xx" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Testland rule {n}"\nmsgstr "Regula {n}"\n', encoding="utf-8")
    pm = get_plugin_manager(
        settings,
        load_entrypoints=False,
        extra=[("testland", country("XA", country_locales=tmp_path))],
    )
    build_registry(pm, settings)
    assert "xx" in available_locales()
    assert negotiate("xx, ja;q=0.5") == "xx"
    assert render(Message("Testland rule {n}", n=1), "xx") == "Regula 1"
    assert render(Message("Testland rule {n}", n=1), "ja") == "Testland rule 1"


@pytest.mark.usefixtures("own_catalogues")
def test_hook_country_locales_must_be_a_directory(settings: Settings, tmp_path: Path) -> None:
    plugin = country("XA", country_locales=tmp_path / "missing")
    pm = get_plugin_manager(settings, load_entrypoints=False, extra=[("testland", plugin)])
    with pytest.raises(PluginConfigurationError, match="country_locales"):
        build_registry(pm, settings)


class XaDetails(Details):
    points: int | None = Field(default=None, ge=0, description="Bonus points.")


def test_hook_country_details_model(settings: Settings) -> None:
    plugin = country("XA", country_details_model=XaDetails)
    pm = get_plugin_manager(settings, load_entrypoints=False, extra=[("testland", plugin)])
    entry = build_registry(pm, settings).by_code["XA"]
    assert entry.details_model is XaDetails


class XaLevel(StrEnum):
    LOW = "low"
    HIGH = "high"


class XaTypedDetails(Details):
    points: int | None = Field(default=None, ge=0, description="Bonus points.")
    levels: list[XaLevel] | None = None


def test_hook_country_details_model_gives_typed_graphql_details(settings: Settings) -> None:
    """The model becomes the plugin's GraphQL types, with no code of the plugin or core."""
    plugin = country("XA", country_details_model=XaTypedDetails)
    with TestClient(make_app(settings, ("testland", plugin))) as client:
        schema = gql(
            client,
            """{ output: __type(name: "TestlandCandidateDetails") {
                   interfaces { name } fields { name type { name ofType { ofType { name } } } } }
                 input: __type(name: "CountryDetailsInput") {
                   isOneOf inputFields { name type { name } } }
                 level: __type(name: "TestlandXaLevel") { enumValues { name } } }""",
        )
    assert schema["output"]["interfaces"] == [{"name": "CountryDetails"}]
    fields = {field["name"]: field["type"] for field in schema["output"]["fields"]}
    assert fields["points"]["name"] == "Int"
    assert fields["levels"]["ofType"]["ofType"]["name"] == "TestlandXaLevel"
    assert schema["input"] == {
        "isOneOf": True,
        "inputFields": [{"name": "testland", "type": {"name": "TestlandCandidateDetailsInput"}}],
    }
    assert schema["level"] == {"enumValues": [{"name": "LOW"}, {"name": "HIGH"}]}


def test_hook_country_details_model_with_a_field_graphql_cannot_type(settings: Settings) -> None:
    untyped = type(
        "Untyped", (Details,), {"__annotations__": {"notes": dict[str, Any] | None}, "notes": None}
    )
    plugin = country("XA", country_details_model=untyped)
    with pytest.raises(PluginConfigurationError, match="Untyped has no GraphQL type"):
        make_app(settings, ("testland", plugin))


@pytest.mark.parametrize(
    ("model", "problem"),
    [
        (dict, "must return a pydantic model class"),
        (type("Open", (BaseModel,), {"__annotations__": {"x": int | None}, "x": None}), "refuse"),
        (type("Needy", (Details,), {"__annotations__": {"x": int}}), "requires x"),
    ],
)
def test_hook_country_details_model_must_be_a_closed_model_of_optional_fields(
    settings: Settings, model: object, problem: str
) -> None:
    plugin = country("XA", country_details_model=model)
    pm = get_plugin_manager(settings, load_entrypoints=False, extra=[("testland", plugin)])
    with pytest.raises(PluginConfigurationError, match=problem):
        build_registry(pm, settings)


class BonusPoints(BaseModel):
    """Parameters of ``bonus``."""

    model_config = {"extra": "forbid"}

    min_points: int = Field(ge=0)


BONUS_TEMPLATE = ScreeningRuleTemplate(
    country_code="XA",
    id="bonus",
    kind=RuleKind.CUSTOM,
    title="Enough bonus points",
    description="test",
    parameters={"min_points": 3},
    source="test data",
)


def bonus_country(**hooks: Any) -> object:
    return country("XA", country_screening_rules=[BONUS_TEMPLATE], **hooks)


def test_hook_screening_rule_parameters(settings: Settings) -> None:
    """The model joins RuleParametersInput under the plugin's and rule's key."""
    plugin = bonus_country(screening_rule_parameters={"bonus": BonusPoints})
    pm = get_plugin_manager(settings, load_entrypoints=False, extra=[("testland", plugin)])
    assert build_registry(pm, settings).by_code["XA"].rule_parameters == (("bonus", BonusPoints),)
    with TestClient(make_app(settings, ("testland", plugin))) as client:
        schema = gql(
            client,
            """{ one: __type(name: "RuleParametersInput") { inputFields { name type { name } } }
                 input: __type(name: "TestlandBonusParametersInput") {
                   inputFields { name type { name } } } }""",
        )
    members = {field["name"]: field["type"]["name"] for field in schema["one"]["inputFields"]}
    assert members["testlandBonus"] == "TestlandBonusParametersInput"
    assert members["ageRange"] == "AgeRangeParametersInput"  # core's kinds stay
    assert schema["input"]["inputFields"] == [{"name": "minPoints", "type": {"name": "Int"}}]


@pytest.mark.parametrize(
    ("models", "problem"),
    [
        ({"other": BonusPoints}, "'other' is not one of the plugin's custom rules"),
        ({"bonus": dict}, "must map to a pydantic model class"),
        (
            {"bonus": type("Strict", (BaseModel,), {"__annotations__": {"minimum": int}})},
            "not a valid Strict",
        ),
        (["bonus"], "must return a mapping"),
    ],
)
def test_hook_screening_rule_parameters_must_fit_the_plugin_s_custom_rules(
    settings: Settings, models: object, problem: str
) -> None:
    plugin = bonus_country(screening_rule_parameters=models)
    pm = get_plugin_manager(settings, load_entrypoints=False, extra=[("testland", plugin)])
    with pytest.raises(PluginConfigurationError, match=problem):
        build_registry(pm, settings)


def test_hook_screening_rule_parameters_key_must_be_free(settings: Settings) -> None:
    """Plugin ``age``'s rule ``range`` would be ``ageRange``, core's kind."""
    rule = BONUS_TEMPLATE.model_copy(update={"id": "range"})
    plugin = country(
        "XA", country_screening_rules=[rule], screening_rule_parameters={"range": BonusPoints}
    )
    with pytest.raises(PluginConfigurationError, match="ageRange of RuleParametersInput"):
        make_app(settings, ("age", plugin))
