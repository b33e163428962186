"""Enum values are described in English and Japanese; introspection answers in the request's
language."""

from __future__ import annotations

from graphql import GraphQLEnumType
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core.i18n import has_translation
from core.schema.enum_descriptions import context_of

ENUM_VALUES = """
query($name: String!) { __type(name: $name) { name enumValues { name description } } }
"""
ALL_TYPES = "{ __schema { types { name enumValues { name description } } } }"


def core_enums(app: Starlette) -> list[GraphQLEnumType]:
    """The enums core declares (a plugin's enums are described by the plugin)."""
    found = []
    for named in app.state.schema._schema.type_map.values():
        if not isinstance(named, GraphQLEnumType) or named.name.startswith("__"):
            continue
        definition = named.extensions.get("strawberry-definition")
        module = getattr(getattr(definition, "wrapped_cls", None), "__module__", "")
        if module.startswith("core."):
            found.append(named)
    return found


def test_every_value_of_a_core_enum_has_a_description_with_japanese(
    installed_app: Starlette,
) -> None:
    enums = core_enums(installed_app)
    assert len(enums) > 20
    missing = [
        f"{enum.name}.{name}"
        for enum in enums
        for name, value in enum.values.items()
        if not value.description
        or not has_translation(value.description, "ja", context_of(enum.name))
    ]
    assert missing == []


def _values(client: TestClient, name: str, headers: dict[str, str] | None = None) -> dict:
    response = client.post(
        "/graphql", json={"query": ENUM_VALUES, "variables": {"name": name}}, headers=headers
    )
    assert response.status_code == 200, response.text
    return {v["name"]: v["description"] for v in response.json()["data"]["__type"]["enumValues"]}


def test_introspection_describes_enum_values_in_the_requested_language(
    client: TestClient,
) -> None:
    english = _values(client, "CandidateStatus")
    assert english["IN_JAPAN_II"].startswith("In Japan, Technical Intern Training (ii)")
    japanese = _values(client, "CandidateStatus", {"Accept-Language": "ja"})
    assert japanese["IN_JAPAN_II"].startswith("日本で技能実習2号")
    assert _values(client, "SkillsTest", {"Accept-Language": "ja"})["GRADE_3"].startswith(
        "技能検定随時3級"
    )
    # The English answer is not changed by the Japanese one before it (nor cached as it).
    assert _values(client, "CandidateStatus") == english


def test_the_whole_schema_introspected_in_japanese(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": ALL_TYPES}, headers={"Accept-Language": "ja"})
    types = {t["name"]: t for t in response.json()["data"]["__schema"]["types"]}
    sex = {v["name"]: v["description"] for v in types["Sex"]["enumValues"]}
    assert sex == {"MALE": "男性。", "FEMALE": "女性。"}
    assert types["Query"]["enumValues"] is None
