"""The details models and the screening code that reads the details agree."""

from __future__ import annotations

import re
from pathlib import Path

from core.docs import csvdoc
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.screening.details import TEST_DETAILS
from core.screening.facts import TestKind
from countries.vietnam import data as vietnam_data
from countries.vietnam.details import PriorityGroup
from tests.conftest import default_settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = default_settings()
REGISTRY = build_registry(get_plugin_manager(SETTINGS), SETTINGS)
# country_details.get("x"...), flag(candidate.country_details, "x"), measure(..., "x")
COUNTRY_KEY = re.compile(r'country_details(?:\.get\(|\[|, )\s*"(\w+)"')


def test_every_country_declares_its_details() -> None:
    declared = {entry.code for entry in REGISTRY.countries if entry.details_model is not None}
    assert declared == {"BD", "ID", "LK", "TH", "VN"}


def test_every_key_a_country_s_screening_reads_is_a_field_of_its_model() -> None:
    for entry in REGISTRY.countries:
        screening = ROOT / "countries" / entry.plugin / "screening.py"
        read = set(COUNTRY_KEY.findall(screening.read_text())) if screening.exists() else set()
        assert entry.details_model is not None
        assert read <= set(entry.details_model.model_fields), entry.code
        assert set(entry.details_model.model_fields) <= read, f"{entry.code}: a field no rule reads"


def test_vietnam_s_priority_groups_are_those_its_maths_rule_scores() -> None:
    (rule,) = [r for r in vietnam_data.SCREENING_RULES if r.id == "maths-with-priority-points"]
    assert set(rule.parameters["priority_points"]) == {group.value for group in PriorityGroup}


def test_every_test_detail_screening_reads_is_a_field_of_its_kind_s_model() -> None:
    source = (ROOT / "core" / "screening" / "measures.py").read_text()
    read = set(re.findall(r'(?:flag|measure)\([\w.]+, "(\w+)"\)', source))
    read |= set(re.findall(r'_Ban\("(\w+)"', source))
    read |= set(re.findall(r'\(\s*"(\w+)", "[\w-]+", Message', source))
    body = set(TEST_DETAILS[TestKind.BODY_CHECK].model_fields)
    fitness = set(TEST_DETAILS[TestKind.PHYSICAL_FITNESS].model_fields)
    assert read == body | fitness
    others = [kind for kind in TestKind if TEST_DETAILS[kind].model_fields]
    assert others == [TestKind.BODY_CHECK, TestKind.PHYSICAL_FITNESS]


def test_the_committed_csv_reference_is_the_generated_one() -> None:
    committed = (ROOT / "docs" / "csv-import.md").read_text(encoding="utf-8")
    assert committed == csvdoc.render(REGISTRY), (
        "docs/csv-import.md is out of date: run `.venv/bin/imjapan docs csv -o docs/csv-import.md`"
    )
