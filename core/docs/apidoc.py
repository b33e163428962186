"""The "Plugin API" part of the hook reference, read from ``core.plugin_api.__all__``.

Every name a plugin may import gets a row: its import statement and the first
paragraph of its docstring. A class or function carries its own docstring; a
constant carries the string literal written under its assignment in the module
it comes from (an attribute docstring). The rows are grouped under the ``# ----``
banners of ``core/plugin_api.py``. A name without a summary is a problem, as a
hook without its docstring sections is: the reference is not written with holes.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import sys
from dataclasses import dataclass
from types import ModuleType

from core import plugin_api
from core.docs import doctext


@dataclass(frozen=True)
class ApiName:
    """One name of the plugin API as the reference lists it."""

    name: str
    group: str
    summary: str
    statement: str
    """How a plugin imports it: ``from core.plugin_api import name``."""


@dataclass(frozen=True)
class _Binding:
    module: str
    """The module the value is defined in (``api`` itself for its own names)."""
    original: str
    """The name it has there."""
    line: int


def problems(api: ModuleType = plugin_api) -> list[str]:
    """What keeps ``api.__all__`` from being listed; empty when every name can be."""
    found: list[str] = []
    bindings = _bindings(api)
    for name in _exported(api):
        if not hasattr(api, name):
            found.append(f"{api.__name__}: __all__ names {name}, which the module does not define")
        elif name not in bindings:
            found.append(f"{api.__name__}: {name} is not bound at the top level of its source")
        elif not _summary(getattr(api, name), bindings[name]):
            found.append(f"{api.__name__}: {name} has no docstring to summarise")
    return found


def api_names(api: ModuleType = plugin_api) -> list[ApiName]:
    """The names of ``api.__all__``: the groups in the order of the source, each
    group's names in alphabetical order.

    Call :func:`problems` first: a name it reports cannot be listed.
    """
    bindings = _bindings(api)
    lines = inspect.getsource(api).splitlines()
    names = [
        ApiName(
            name=name,
            group=doctext.banner_title(lines, bindings[name].line, "Plugin API"),
            summary=_summary(getattr(api, name), bindings[name]),
            statement=f"from {api.__name__} import {name}",
        )
        for name in sorted(_exported(api), key=lambda name: bindings[name].line)
    ]
    groups = list(dict.fromkeys(entry.group for entry in names))
    return sorted(names, key=lambda entry: (groups.index(entry.group), entry.name.lower()))


def render(api: ModuleType = plugin_api) -> list[str]:
    """The Markdown lines of the plugin API section."""
    path = api.__name__.replace(".", "/") + ".py"
    lines = [
        "## Plugin API",
        "",
        f"A plugin imports what it uses from `{api.__name__}` and from no other module",
        "of `core` (import-linter checks the bundled countries in `.ci/run`). These are",
        f"the names of its `__all__`, listed from `{path}`:",
    ]
    group = None
    for entry in api_names(api):
        if entry.group != group:
            group = entry.group
            lines += ["", f"### {group}", "", "| Import | Summary |", "| --- | --- |"]
        lines.append(f"| `{entry.statement}` | {doctext.cell(entry.summary)} |")
    return lines


def _exported(api: ModuleType) -> list[str]:
    return list(getattr(api, "__all__", []))


def _bindings(api: ModuleType) -> dict[str, _Binding]:
    """Where each top-level name of ``api``'s source comes from and on which line."""
    found: dict[str, _Binding] = {}
    for statement in ast.parse(inspect.getsource(api)).body:
        if isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            for alias in statement.names:
                bound = alias.asname or alias.name
                found[bound] = _Binding(statement.module, alias.name, statement.lineno)
        else:
            for name in _assigned(statement):
                found[name] = _Binding(api.__name__, name, statement.lineno)
    return found


def _assigned(statement: ast.stmt) -> list[str]:
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [statement.name]
    return _variables(statement)


def _variables(statement: ast.stmt) -> list[str]:
    if isinstance(statement, ast.Assign):
        return [target.id for target in statement.targets if isinstance(target, ast.Name)]
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return [statement.target.id]
    return []


def _summary(value: object, binding: _Binding) -> str:
    """The first paragraph of the value's docstring, as one line of Markdown."""
    if inspect.isclass(value):
        doc = value.__dict__.get("__doc__") or ""
        if doc.startswith(f"{value.__name__}("):  # a dataclass's generated doc
            doc = ""
    elif inspect.isroutine(value):
        doc = value.__doc__ or ""
    else:
        doc = _attribute_docstrings(binding.module).get(binding.original, "")
    return doctext.markdown(inspect.cleandoc(doc).partition("\n\n")[0]) if doc else ""


def _attribute_docstrings(module_name: str) -> dict[str, str]:
    """The string literals written right under a module's top-level assignments."""
    body = ast.parse(inspect.getsource(sys.modules[module_name])).body
    found: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            found.update(dict.fromkeys(_variables(statement), following.value.value))
    return found
