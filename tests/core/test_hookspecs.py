"""Every hook is typed, documented in its docstring, and tested; the reference in
docs/plugin-hooks.md is the one generated from the docstrings."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path
from types import ModuleType

import pluggy
import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from core.cli import main
from core.docs import docgen
from core.domain.contracts import Embassy
from core.plugins import hookspecs
from core.settings import Settings
from tests.core import test_hooks

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugin-hooks.md"


def _specs() -> list[str]:
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    return sorted(name for name, caller in vars(pm.hook).items() if caller.has_spec())


HOOKS = _specs()


def test_the_hooks_the_service_offers() -> None:
    assert HOOKS == [
        "country_agencies",
        "country_details_model",
        "country_embassy",
        "country_employment_programmes",
        "country_esd_specifics",
        "country_graphql",
        "country_locales",
        "country_pre_entry_training",
        "country_profile",
        "country_returnee_associations",
        "country_screening_rules",
        "screening_evaluate_rule",
        "screening_rule_parameters",
    ]


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_fully_typed(name: str) -> None:
    function = getattr(hookspecs, name)
    hints = typing.get_type_hints(function, globalns=_type_namespace())
    parameters = inspect.signature(function).parameters
    assert set(parameters) <= set(hints), f"{name} has untyped arguments"
    assert "return" in hints, f"{name} has no return type"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_docstring_states_the_contract(name: str) -> None:
    """Args (every argument), Returns, Called and Result, as the reference needs."""
    assert [problem for problem in docgen.problems() if problem.startswith(f"{name}:")] == []


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented(name: str) -> None:
    arguments = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
    assert f"### {name}({arguments})\n" in DOCS.read_text(encoding="utf-8")


def test_the_committed_reference_is_the_generated_one() -> None:
    assert DOCS.read_text(encoding="utf-8") == docgen.render(), (
        "docs/plugin-hooks.md is out of date: run `.venv/bin/imjapan docs hooks -o "
        "docs/plugin-hooks.md` (edit the hook docstrings, not the page)"
    )


@pytest.mark.parametrize("name", HOOKS)
def test_hook_has_a_test(name: str) -> None:
    assert hasattr(test_hooks, f"test_hook_{name}"), (
        f"tests/core/test_hooks.py lacks test_hook_{name}"
    )


def _type_namespace() -> dict[str, object]:
    from core.domain import contracts
    from core.screening import facts
    from core.settings import Settings

    namespace: dict[str, object] = dict(vars(hookspecs))
    namespace.update(vars(contracts))
    namespace.update(vars(facts))
    namespace["Settings"] = Settings
    namespace["BaseModel"] = BaseModel
    return namespace


# The generator, on specifications made up for these tests.

spec = pluggy.HookspecMarker(hookspecs.PROJECT_NAME)


@spec
def complete(settings: Settings, label: str) -> Embassy | None:
    """Return an embassy.

    Extra words about the hook, with ``literal`` text and a
    :class:`~core.domain.contracts.Embassy` reference.

    Args:
        settings: the service settings.
        label: a label that: contains a colon
            and goes on for a second line.

    Returns:
        An embassy, or ``None``.

    Called: once.

    Result: the first one.
    """


@spec
def undocumented(settings: Settings) -> None:
    pass


@spec(firstresult=True)
def first(settings: Settings) -> None:
    """Pick one.

    Args:
        settings: the service settings.

    Returns:
        Nothing.

    Called: per request.

    Result: the first that is not ``None``.
    """


@spec
def partly(settings: Settings, extra: int) -> None:
    """Do something.

    Args:
        settings: the service settings.
        other: not an argument of the hook.

    Returns:
        Nothing.

    Result: ignored.
    """


def _module(*functions: object) -> ModuleType:
    module = ModuleType("made_up_specs")
    module.PROJECT_NAME = hookspecs.PROJECT_NAME  # type: ignore[attr-defined]
    module.Settings = Settings  # type: ignore[attr-defined]
    module.Embassy = Embassy  # type: ignore[attr-defined]
    for function in functions:
        setattr(module, function.__name__, function)  # type: ignore[attr-defined]
    return module


def test_a_hook_is_rendered_from_its_signature_and_docstring() -> None:
    page = docgen.render(_module(complete))
    section = page[page.index("### complete(settings, label)") : page.index("## Field types")]
    assert section.splitlines() == [
        "### complete(settings, label)",
        "",
        "```python",
        "@hookspec",
        "def complete(settings: Settings, label: str) -> Embassy | None: ...",
        "```",
        "",
        "Return an embassy.",
        "",
        "Extra words about the hook, with `literal` text and a `Embassy` reference.",
        "",
        "**Arguments**",
        "",
        "- `settings`: the service settings.",
        "- `label`: a label that: contains a colon and goes on for a second line.",
        "",
        "**Returns**: An embassy, or `None`.",
        "",
        "**Called**: once.",
        "",
        "**Result**: the first one.",
        "",
        "`Embassy` (`core.domain.contracts`): The country's embassy in Japan, which supports "
        "its nationals there.",
        "",
        "| Field | Type | Default |",
        "| --- | --- | --- |",
        "| `country_code` | `CountryCode` | required |",
        "| `name` | `Text` | required |",
        "| `local_name` | `Text \\| None` | `None` |",
        "| `website` | `Url \\| None` | `None` |",
        "| `labour_office_id` | `Identifier \\| None` | `None` |",
        "| `source` | `Text` | required |",
        "",
    ]
    assert "| `Year` |" not in page  # only the field types the tables use
    assert "| `CountryCode` | `str` | `pattern=^[A-Z]{2}$` |" in page


def test_a_hook_without_a_docstring_or_a_section_is_refused() -> None:
    module = _module(complete, undocumented, partly)
    assert docgen.problems(module) == [
        "undocumented: no docstring",
        "partly: docstring lacks 'Called:'",
        "partly: 'Args:' does not describe extra",
        "partly: 'Args:' describes other, which the hook does not take",
    ]
    with pytest.raises(docgen.HookDocError) as refused:
        docgen.render(module)
    assert refused.value.problems == docgen.problems(module)


def test_firstresult_shows_in_the_declaration() -> None:
    [doc] = docgen.hook_docs(_module(first))
    assert (
        doc.declaration == "@hookspec(firstresult=True)\ndef first(settings: Settings) -> None: ..."
    )


def test_the_hooks_are_grouped_by_the_banners_of_hookspecs() -> None:
    groups = {doc.name: doc.group for doc in docgen.hook_docs()}
    assert groups["country_profile"] == "Country catalogue"
    assert groups["country_graphql"] == "GraphQL schema"
    assert groups["screening_evaluate_rule"] == "Screening"


def test_imjapan_docs_hooks_writes_the_reference(tmp_path: Path) -> None:
    out = tmp_path / "plugin-hooks.md"
    result = CliRunner().invoke(main, ["docs", "hooks", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == DOCS.read_text(encoding="utf-8")
    printed = CliRunner().invoke(main, ["docs", "hooks"])
    assert printed.output == DOCS.read_text(encoding="utf-8")


def test_imjapan_docs_hooks_refuses_a_hook_without_its_docstring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(hookspecs.country_embassy, "__doc__", None)
    result = CliRunner().invoke(main, ["docs", "hooks"])
    assert result.exit_code == 1
    assert result.output == "error: country_embassy: no docstring\n"
