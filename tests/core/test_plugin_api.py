"""``core.plugin_api`` is the whole of what a plugin uses: every name is there and
documented, the bundled plugins import nothing else from core, and importing it
costs neither the web layer nor the database (the model declarations, yes)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

import core
from core import plugin_api
from core.docs import apidoc, docgen

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "plugin-hooks.md"
PLUGINS = [
    *sorted((ROOT / "countries").rglob("*.py")),
    *sorted((ROOT / "examples").rglob("*.py")),
]


@pytest.mark.parametrize("name", plugin_api.__all__)
def test_every_name_exists_and_is_listed_with_its_import(name: str) -> None:
    assert hasattr(plugin_api, name)
    assert f"| `from core.plugin_api import {name}` | " in DOCS.read_text(encoding="utf-8")


def test_every_name_has_a_summary() -> None:
    assert apidoc.problems() == []
    assert all(entry.summary for entry in apidoc.api_names())


def test_the_old_spelling_is_the_same_marker() -> None:
    assert core.hookimpl is plugin_api.hookimpl


def _core_imports(path: Path) -> list[str]:
    """The core modules ``path`` imports, as written (``from core import x`` is ``core``)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [module for module in found if module == "core" or module.startswith("core.")]


def test_the_plugins_import_core_only_through_the_plugin_api() -> None:
    """import-linter checks the countries in .ci/run; the example package is not
    importable from the tree, so this walk is what checks it."""
    assert any(path.parts[-3] == "imjapan-exampleland" for path in PLUGINS)
    stray = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in PLUGINS
        for module in _core_imports(path)
        if module != "core.plugin_api"
    }
    assert stray == set()


def test_the_walk_sees_every_spelling_of_a_core_import(tmp_path: Path) -> None:
    source = tmp_path / "plugin.py"
    source.write_text(
        "import core.settings\nfrom core import hookimpl\nfrom core.plugin_api import Sex\n"
        "from . import data\nimport strawberry\n\ndef f():\n    from core.domain import rules\n",
        encoding="utf-8",
    )
    assert _core_imports(source) == ["core.settings", "core", "core.plugin_api", "core.domain"]


def test_importing_the_plugin_api_loads_no_web_or_database_code() -> None:
    script = (
        "import sys, core.plugin_api\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules} | set(sys.modules))))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", script], check=True, capture_output=True, text=True
        ).stdout.split()
    )
    assert "core.plugin_api" in loaded
    # The declarations a plugin reads (CandidateFacts is the candidate's profile)
    # are SQLModel classes, the bases of the model families, so sqlmodel comes
    # along; the database does not: no driver, no async engine, no core.db.
    unwanted = {
        "starlette",
        "uvicorn",
        "alembic",
        "aiosqlite",
        "asyncpg",
        "sqlalchemy.ext.asyncio",
        "core.http",
        "core.db",
    }
    assert loaded & unwanted == set()


# The generator, on a made-up API module.

MADE_UP = '''
"""An API made up for these tests."""

# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------
from core.domain.contracts import Duration, Embassy
from core.screening.outcomes import people as addressed

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------
DOCUMENTED = 4
"""A constant with ``its`` docstring.

Only this first paragraph is the summary."""

UNDOCUMENTED = 3


class Undocumented:
    pass


__all__ = ["DOCUMENTED", "UNDOCUMENTED", "Embassy", "Undocumented", "addressed", "missing"]
'''


def _made_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str) -> ModuleType:
    (tmp_path / "made_up_api.py").write_text(textwrap.dedent(source), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "made_up_api", raising=False)
    return importlib.import_module("made_up_api")


def test_a_name_without_a_summary_or_a_value_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = _made_up(tmp_path, monkeypatch, MADE_UP)
    problems = [
        "made_up_api: UNDOCUMENTED has no docstring to summarise",
        "made_up_api: Undocumented has no docstring to summarise",
        "made_up_api: __all__ names missing, which the module does not define",
    ]
    assert apidoc.problems(api) == problems
    with pytest.raises(docgen.HookDocError) as refused:
        docgen.render(api=api)
    assert refused.value.problems == problems


def test_names_are_listed_by_banner_with_their_summaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = MADE_UP.replace('"UNDOCUMENTED", ', "").replace('"Undocumented", ', "")
    api = _made_up(tmp_path, monkeypatch, source.replace(', "missing"]', ', "Duration"]'))
    assert [(entry.group, entry.statement, entry.summary) for entry in apidoc.api_names(api)] == [
        (
            "Records",
            "from made_up_api import addressed",
            "`men` or `women`, as a call addresses them.",
        ),
        (
            "Records",
            "from made_up_api import Duration",
            "A length of time in whole months and days; at least one of them is set.",
        ),
        (
            "Records",
            "from made_up_api import Embassy",
            "The country's embassy in Japan, which supports its nationals there.",
        ),
        ("Constants", "from made_up_api import DOCUMENTED", "A constant with `its` docstring."),
    ]
