"""Corrections to the country data: Sri Lanka's parent ministry since November
2024, the sources of the interview topics, and the facts that are inferred and
marked so in the API."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from starlette.testclient import TestClient

from core.domain.contracts import Evidence, EvidenceNote, GovernmentAgency
from core.domain.programme import IM_JAPAN_SELECTION
from tests.conftest import gql

EVIDENCE = "evidence evidenceNotes { evidence fields note }"
OLD_MINISTRY = "Ministry of Labour and Foreign Employment"
NEW_MINISTRY = "Ministry of Foreign Affairs, Foreign Employment and Tourism"


def test_sri_lankas_parent_ministry_changed_in_2024(client: TestClient) -> None:
    query = """{ country(code: "LK") {
        in2023: agencies(activeInYear: 2023) { name }
        in2024: agencies(activeInYear: 2024) { name }
        in2025: agencies(activeInYear: 2025) { name }
        all: agencies { id name parentId validFromYear validToYear source }
        employmentProgrammes { organiser { name } } } }"""
    country = gql(client, query)["country"]
    names = {year: [a["name"] for a in country[year]] for year in ("in2023", "in2024", "in2025")}
    assert OLD_MINISTRY in names["in2023"] and NEW_MINISTRY not in names["in2023"]
    assert OLD_MINISTRY in names["in2024"] and NEW_MINISTRY in names["in2024"]
    assert NEW_MINISTRY in names["in2025"] and OLD_MINISTRY not in names["in2025"]

    agencies = {a["name"]: a for a in country["all"]}
    old, new = agencies[OLD_MINISTRY], agencies[NEW_MINISTRY]
    assert (old["validToYear"], new["validFromYear"], new["validToYear"]) == (2024, 2024, None)
    for cited in ("torontoslcg.org", "adaderana.lk/news.php?nid=104085", "20250210intl01"):
        assert cited in new["source"] and cited in old["source"]
    slbfe = agencies["Sri Lanka Bureau of Foreign Employment"]
    assert slbfe["parentId"] == new["id"]
    assert country["employmentProgrammes"][0]["organiser"] == {"name": NEW_MINISTRY}


def test_interview_topics_cite_the_press_that_gives_them(client: TestClient) -> None:
    query = """query($code: String!) { country(code: $code) {
        screeningRules { id parameters source } } }"""

    def interview(code: str) -> dict[str, Any]:
        rules = gql(client, query, {"code": code})["country"]["screeningRules"]
        rule: dict[str, Any] = next(r for r in rules if r["id"] == "interview")
        return rule

    indonesia, vietnam = interview("ID"), interview("VN")
    assert "okezone" in indonesia["source"] and "kompas" in indonesia["source"]
    assert "thongtintructuyen" in vietnam["source"]
    for rule in (indonesia, vietnam):
        assert not rule["source"].startswith(IM_JAPAN_SELECTION)
        assert rule["source"].endswith(f"{IM_JAPAN_SELECTION} (IM Japan staff present)")
    assert "communication" in indonesia["parameters"]["topics"]
    assert vietnam["parameters"]["topics"] == ["motivation", "experience", "manner"]
    # Countries without topics of their own keep IM Japan's, from IM Japan's page.
    thailand = interview("TH")
    assert thailand["source"] == IM_JAPAN_SELECTION
    assert thailand["parameters"]["topics"] == ["purpose", "knowledge", "plans after return"]


def _inferred(record: dict[str, Any]) -> list[list[str]]:
    assert record["evidence"] == "INFERRED", record
    notes = record["evidenceNotes"]
    assert all(n["evidence"] == "INFERRED" and n["note"] for n in notes)
    return [n["fields"] for n in notes]


def test_inferred_facts_are_marked_inferred(client: TestClient) -> None:
    query = f"""query($code: String!) {{ country(code: $code) {{
        agencies {{ acronym {EVIDENCE} }}
        screeningRules {{ id {EVIDENCE} }}
        preEntryTraining {{ phases {{ id {EVIDENCE} }} }}
        employmentProgrammes {{ id {EVIDENCE} }} }} }}"""
    countries = {
        code: gql(client, query, {"code": code})["country"]
        for code in ("ID", "TH", "VN", "BD", "LK")
    }

    def by(items: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
        return {item[key]: item for item in items}

    vietnam = by(countries["VN"]["agencies"], "acronym")
    assert _inferred(vietnam["MOLISA"]) == [["validToYear", "notes"]]
    assert "merged" in vietnam["MOLISA"]["evidenceNotes"][0]["note"]
    assert _inferred(vietnam["COLAB"]) == [["notes"]]
    assert vietnam["MoHA"]["evidence"] == "SOURCED"

    bangladesh_rules = by(countries["BD"]["screeningRules"], "id")
    assert _inferred(bangladesh_rules["height"]) == [["parameters"]]
    assert bangladesh_rules["age"] == {"id": "age", "evidence": "SOURCED", "evidenceNotes": []}

    phases = by(countries["ID"]["preEntryTraining"]["phases"], "id")
    assert _inferred(phases["stage-2-central"]) == [["paidBy"]]
    assert phases["stage-1-regional"]["evidence"] == "SOURCED"

    for code in ("ID", "VN", "BD", "LK"):
        programmes = by(countries[code]["employmentProgrammes"], "id")
        assert _inferred(programmes["group-job-interviews"]) == [["organiser"]], code
    thai = by(countries["TH"]["employmentProgrammes"], "id")
    assert thai["group-job-interviews"]["evidence"] == "SOURCED"


def test_an_evidence_note_names_real_fields_and_is_never_sourced() -> None:
    values: dict[str, Any] = {
        "country_code": "XA",
        "id": "ministry",
        "name": "Test Ministry",
        "roles": ("ministry",),
        "source": "test data",
    }
    inferred = EvidenceNote(evidence=Evidence.INFERRED, fields=("valid_to_year",), note="why")
    unverified = EvidenceNote(evidence=Evidence.UNVERIFIED, note="not seen anywhere")
    assert GovernmentAgency(**values).evidence is Evidence.SOURCED
    assert GovernmentAgency(**values, evidence_notes=(inferred,)).evidence is Evidence.INFERRED
    both = GovernmentAgency(**values, evidence_notes=(inferred, unverified))
    assert both.evidence is Evidence.UNVERIFIED
    with pytest.raises(ValidationError, match="unknown field"):
        GovernmentAgency(
            **values, evidence_notes=(EvidenceNote(evidence="inferred", fields=("nme",), note="x"),)
        )
    with pytest.raises(ValidationError, match="inferred or unverified"):
        EvidenceNote(evidence=Evidence.SOURCED, note="x")
