"""The plugin hook reference, rendered from the hook specifications.

``docs/plugin-hooks.md`` is this module's output (``imjapan docs hooks -o
docs/plugin-hooks.md``), so the reference cannot drift from
:mod:`core.plugins.hookspecs`: each hook's section comes from its signature
and its docstring, whose ``Args:``, ``Returns:``, ``Called:`` and ``Result:``
sections are required, and the records a hook takes or returns are listed
with their fields from :mod:`core.domain.contracts` and
:mod:`core.screening.facts`. The "Plugin API" section lists every name of
``core.plugin_api.__all__`` (:mod:`core.docs.apidoc`). Only the introduction
and the closing examples are written by hand: :data:`INTRODUCTION` and
:data:`EXAMPLES` at the end of this module.
"""

from __future__ import annotations

import ast
import dataclasses
import enum
import importlib
import inspect
import re
import sys
import textwrap
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

from core import plugin_api
from core.docs import apidoc, doctext
from core.docs.doctext import cell as _cell
from core.docs.doctext import markdown as _markdown
from core.docs.hookprose import EXAMPLES, INTRODUCTION
from core.plugins import hookspecs

SECTIONS = ("Args", "Returns", "Called", "Result")
"""Docstring sections every hook specification must have, in this order."""

_SECTION = re.compile(r"^(Args|Returns|Called|Result):\s*(.*)$")
_ARGUMENT = re.compile(r"^(\w+):\s*(.*)$")
_WIDTH = 88
_NAME = re.compile(r"\b[A-Z]\w*\b")


class HookDocError(ValueError):
    """Hook specifications whose docstrings cannot make the reference."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class HookDoc:
    """What the reference says about one hook."""

    name: str
    arguments: tuple[str, ...]
    declaration: str
    group: str
    summary: str
    details: str
    args: dict[str, str]
    returns: str
    called: str
    result: str
    records: tuple[type, ...]

    @property
    def heading(self) -> str:
        return f"{self.name}({', '.join(self.arguments)})"


def render(module: ModuleType = hookspecs, api: ModuleType = plugin_api) -> str:
    """The whole Markdown reference for the hooks of ``module`` and the names of ``api``.

    Raises :class:`HookDocError` listing every hook whose docstring lacks
    something, and every name of ``api.__all__`` without a summary, rather than
    writing a reference with holes in it.
    """
    found = apidoc.problems(api)
    if found:
        raise HookDocError(found)
    docs = hook_docs(module)
    parts = [INTRODUCTION.strip(), "", *apidoc.render(api), ""]
    group = None
    listed: set[type] = set()  # each record's fields are listed once, where first met
    for doc in docs:
        if doc.group != group:
            group = doc.group
            parts += [f"## {group}", ""]
        parts += [*_render_hook(doc, listed), ""]
    parts += [*_render_field_types(listed), ""]
    parts += [EXAMPLES.strip(), ""]
    return "\n".join(parts)


def problems(module: ModuleType = hookspecs) -> list[str]:
    """What the hook docstrings of ``module`` lack; empty when the reference can be made."""
    found: list[str] = []
    for function in hook_functions(module):
        found += _docstring_problems(function)
    return found


def hook_docs(module: ModuleType = hookspecs) -> list[HookDoc]:
    """Every hook of ``module`` in source order, read from its signature and docstring."""
    found = problems(module)
    if found:
        raise HookDocError(found)
    namespace = _type_namespace(module)
    return [_hook_doc(function, namespace) for function in hook_functions(module)]


def hook_functions(module: ModuleType) -> list[Callable[..., Any]]:
    """The functions of ``module`` marked ``@hookspec``, in the order they are written."""
    marker = f"{getattr(module, 'PROJECT_NAME', hookspecs.PROJECT_NAME)}_spec"
    functions = [
        value
        for value in vars(module).values()
        if inspect.isfunction(value) and hasattr(value, marker)
    ]
    return sorted(functions, key=lambda function: function.__code__.co_firstlineno)


# ---------------------------------------------------------------------------
# Reading a docstring
# ---------------------------------------------------------------------------


def _docstring_problems(function: Callable[..., Any]) -> list[str]:
    name = function.__name__
    doc = inspect.getdoc(function)
    if not doc:
        return [f"{name}: no docstring"]
    sections = _sections(doc)
    found = [
        f"{name}: docstring lacks '{section}:'" for section in SECTIONS if section not in sections
    ]
    if not sections.get("", "").strip():
        found.append(f"{name}: docstring has no summary line")
    for section in SECTIONS[1:]:
        if section in sections and not sections[section].strip():
            found.append(f"{name}: '{section}:' is empty")
    arguments = list(inspect.signature(function).parameters)
    described = _arguments(sections.get("Args", ""))
    found += [
        f"{name}: 'Args:' does not describe {argument}"
        for argument in arguments
        if "Args" in sections and argument not in described
    ]
    found += [
        f"{name}: 'Args:' describes {argument}, which the hook does not take"
        for argument in described
        if argument not in arguments
    ]
    return found


def _sections(doc: str) -> dict[str, str]:
    """The docstring split at ``Args:``/``Returns:``/... lines; "" is the text before."""
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in doc.splitlines():
        match = _SECTION.match(line)
        if match:
            current = match.group(1)
            sections[current] = [match.group(2)] if match.group(2) else []
        else:
            sections[current].append(line)
    return {name: "\n".join(lines).strip("\n") for name, lines in sections.items()}


def _arguments(text: str) -> dict[str, str]:
    """``name: description`` entries, each continued by the more indented lines below it."""
    arguments: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in textwrap.dedent(text).splitlines():
        match = _ARGUMENT.match(line)  # only at the left margin: a continuation is indented
        if match:
            current = arguments.setdefault(match.group(1), [])
            current.append(match.group(2))
        elif current is not None and line.strip():
            current.append(line.strip())
    return {name: " ".join(lines) for name, lines in arguments.items()}


def _hook_doc(function: Callable[..., Any], namespace: dict[str, Any]) -> HookDoc:
    sections = _sections(inspect.getdoc(function) or "")
    summary, _, details = sections[""].strip().partition("\n\n")
    return HookDoc(
        name=function.__name__,
        arguments=tuple(inspect.signature(function).parameters),
        declaration=_declaration(function),
        group=_group(function),
        summary=_markdown(summary),
        details=_markdown(details),
        args={name: _markdown(text) for name, text in _arguments(sections["Args"]).items()},
        returns=_markdown(sections["Returns"]),
        called=_markdown(sections["Called"]),
        result=_markdown(sections["Result"]),
        records=tuple(_records(function, namespace)),
    )


def _group(function: Callable[..., Any]) -> str:
    """The title of the ``# ----`` comment banner above the hook in its source file."""
    try:
        lines = Path(inspect.getsourcefile(function) or "").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "Hooks"
    return doctext.banner_title(lines, function.__code__.co_firstlineno, "Hooks")


# ---------------------------------------------------------------------------
# Signatures and records
# ---------------------------------------------------------------------------


def _declaration(function: Callable[..., Any]) -> str:
    """The spec as Python: its ``@hookspec`` options and its typed ``def`` line."""
    options = getattr(function, f"{hookspecs.PROJECT_NAME}_spec", None) or {}
    flags = [f"{key}=True" for key in ("firstresult", "historic") if options.get(key)]
    decorator = f"@hookspec({', '.join(flags)})" if flags else "@hookspec"
    signature = inspect.signature(function)
    parameters = [
        f"{name}: {_annotation(p.annotation)}" for name, p in signature.parameters.items()
    ]
    returns = _annotation(signature.return_annotation)
    line = f"def {function.__name__}({', '.join(parameters)}) -> {returns}: ..."
    if len(line) > _WIDTH:
        inner = "".join(f"    {parameter},\n" for parameter in parameters)
        line = f"def {function.__name__}(\n{inner}) -> {returns}: ..."
    return f"{decorator}\n{line}"


def _annotation(annotation: Any) -> str:
    if annotation is inspect.Signature.empty:
        return "Any"
    if isinstance(annotation, str):
        return annotation
    return inspect.formatannotation(annotation)


def _type_namespace(module: ModuleType) -> dict[str, Any]:
    """Names the specs' string annotations use: the module's own and those it
    imports under ``if TYPE_CHECKING:``, imported here for real."""
    namespace = dict(vars(module))
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return namespace
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module:
                    imported = importlib.import_module(statement.module)
                    for alias in statement.names:
                        namespace[alias.asname or alias.name] = getattr(imported, alias.name)
    return namespace


def _records(function: Callable[..., Any], namespace: dict[str, Any]) -> list[type]:
    """The record classes (pydantic models, dataclasses) a hook takes or returns,
    each followed by the records its fields hold (a profile's local names, a
    training's phases), in the order they are first met."""
    found: list[type] = []
    pending = list(typing.get_type_hints(function, globalns=namespace).values())
    while pending:
        for candidate in _classes(pending.pop(0)):
            if candidate not in found and _is_record(candidate):
                found.append(candidate)
                pending.extend(typing.get_type_hints(candidate).values())
    return found


def _classes(hint: Any) -> Iterator[type]:
    if isinstance(hint, type):
        yield hint
    for argument in typing.get_args(hint):
        yield from _classes(argument)


def _is_record(candidate: type) -> bool:
    if issubclass(candidate, BaseSettings):
        return False  # the settings are documented with the configuration
    return issubclass(candidate, BaseModel) or dataclasses.is_dataclass(candidate)


def _record_fields(record: type) -> list[tuple[str, str, str]]:
    """(name, type as written, default or "required") for each field of ``record``."""
    written: dict[str, Any] = {}
    for klass in reversed(record.__mro__):
        written.update(inspect.get_annotations(klass))
    rows: list[tuple[str, str, str]] = []
    if issubclass(record, BaseModel):
        for name, info in record.model_fields.items():
            default = (
                "required"
                if info.is_required()
                else repr(info.get_default(call_default_factory=True))
            )
            rows.append((name, _annotation(written.get(name, Any)), default))
    else:
        for field in dataclasses.fields(record):  # type: ignore[arg-type]
            if field.default is not dataclasses.MISSING:
                default = repr(field.default)
            elif field.default_factory is not dataclasses.MISSING:
                default = repr(field.default_factory())
            else:
                default = "required"
            rows.append((field.name, _annotation(written.get(field.name, Any)), default))
    return rows


def _record_summary(record: type) -> str:
    doc = record.__dict__.get("__doc__") or ""
    if not doc or doc.startswith(f"{record.__name__}("):  # a dataclass's generated doc
        return ""
    return _markdown(inspect.cleandoc(doc).partition("\n\n")[0])


# ---------------------------------------------------------------------------
# Writing Markdown
# ---------------------------------------------------------------------------


def _render_hook(doc: HookDoc, listed: set[type]) -> list[str]:
    lines = [f"### {doc.heading}", "", "```python", doc.declaration, "```", "", doc.summary, ""]
    if doc.details:
        lines += [doc.details, ""]
    if doc.args:
        lines += ["**Arguments**", ""]
        lines += [f"- `{name}`: {text}" for name, text in doc.args.items()]
        lines.append("")
    lines += [f"**Returns**: {doc.returns}", ""]
    lines += [f"**Called**: {doc.called}", ""]
    lines += [f"**Result**: {doc.result}", ""]
    for record in doc.records:
        if record in listed:
            continue
        listed.add(record)
        lines += _render_record(record)
    return lines[:-1]


def _render_record(record: type) -> list[str]:
    summary = _record_summary(record)
    title = f"`{record.__name__}` (`{record.__module__}`)"
    lines = [f"{title}: {summary}" if summary else f"{title}:", ""]
    lines += ["| Field | Type | Default |", "| --- | --- | --- |"]
    lines += [
        f"| `{name}` | `{_cell(annotation)}` | {_cell(default, code=default != 'required')} |"
        for name, annotation, default in _record_fields(record)
    ]
    return [*lines, ""]


def _render_field_types(records: set[type]) -> list[str]:
    """The named types the record tables use: constrained aliases and enumerations."""
    aliases: dict[str, Any] = {}
    enums: dict[str, type[enum.Enum]] = {}
    for record in sorted(records, key=lambda record: record.__name__):
        module = vars(sys.modules[record.__module__])
        for _name, annotation, _default in _record_fields(record):
            for name in _NAME.findall(annotation):
                value = module.get(name)
                if typing.get_origin(value) is typing.Annotated:
                    aliases[name] = value
                elif isinstance(value, type) and issubclass(value, enum.Enum):
                    enums[name] = value
    lines = ["## Field types", "", "| Type | Is | Constraints |", "| --- | --- | --- |"]
    for name, alias in sorted(aliases.items()):
        base, *metadata = typing.get_args(alias)
        constraints = ", ".join(f"`{_cell(item)}`" for item in _constraints(metadata))
        lines.append(f"| `{name}` | `{_annotation(base)}` | {constraints} |")
    lines += ["", "| Enumeration | Values |", "| --- | --- |"]
    for name, values in sorted(enums.items()):
        listed = ", ".join(f"`{member.value}`" for member in values)
        lines.append(f"| `{name}` | {listed} |")
    return lines


def _constraints(metadata: list[Any]) -> Iterator[str]:
    """``StringConstraints(min_length=1)`` and ``Field(ge=1900)`` as ``min_length=1``,
    ``ge=1900``; patterns as written, not as Python string literals."""
    for item in metadata:
        for constraint in item.metadata if isinstance(item, FieldInfo) else [item]:
            if dataclasses.is_dataclass(constraint):
                for field in dataclasses.fields(constraint):
                    value = getattr(constraint, field.name)
                    if isinstance(value, str):
                        yield f"{field.name}={value}"
                    elif value is not None:
                        yield f"{field.name}={value!r}"
