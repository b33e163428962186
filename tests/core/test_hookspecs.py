"""Every hook is typed, documented in its docstring and in docs/, and tested."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import pluggy
import pytest

from core.plugins import hookspecs
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
        "country_embassy",
        "country_employment_programmes",
        "country_graphql",
        "country_pre_entry_training",
        "country_profile",
        "country_returnee_associations",
        "country_screening_rules",
        "screening_evaluate_rule",
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
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    for section in ("Args:", "Returns:", "Called:", "Result:"):
        assert section in doc, f"{name}'s docstring lacks {section}"
    for argument in inspect.signature(getattr(hookspecs, name)).parameters:
        assert f"{argument}:" in doc, f"{name}'s docstring does not describe {argument}"


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented(name: str) -> None:
    arguments = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
    assert f"### {name}({arguments})\n" in DOCS.read_text(encoding="utf-8")


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
    return namespace
