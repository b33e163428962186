"""Discovery through entry points, and the setting that enables countries."""

from __future__ import annotations

import re
from pathlib import Path

from core.plugins.hookspecs import ENTRY_POINT_GROUP
from core.plugins.manager import get_plugin_manager, installed_country_plugins
from core.settings import Settings

BUNDLED = ["bangladesh", "indonesia", "srilanka", "thailand", "vietnam"]


def test_bundled_countries_are_installed_entry_points() -> None:
    assert ENTRY_POINT_GROUP == "imjapan.countries"
    assert set(BUNDLED) <= set(installed_country_plugins())


def test_all_installed_countries_load_by_default() -> None:
    pm = get_plugin_manager(Settings())
    assert sorted(name for name, _ in pm.list_name_plugin()) == installed_country_plugins()


def test_setting_limits_the_countries() -> None:
    pm = get_plugin_manager(Settings(countries=("vietnam", "srilanka")))
    loaded = sorted(name for name, plugin in pm.list_name_plugin() if plugin is not None)
    assert loaded == ["srilanka", "vietnam"]
    assert pm.is_blocked("indonesia")


def test_entry_points_can_be_left_out() -> None:
    pm = get_plugin_manager(Settings(), load_entrypoints=False)
    assert pm.list_name_plugin() == []


def test_core_does_not_import_countries() -> None:
    core = Path(__file__).resolve().parents[2] / "core"
    importing = re.compile(r"^\s*(from|import)\s+countries\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(core.parent))
        for path in core.rglob("*.py")
        if importing.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
