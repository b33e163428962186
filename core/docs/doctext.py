"""Docstrings and source comments as the Markdown of the generated plugin reference.

Shared by :mod:`core.docs.docgen` (the hooks) and :mod:`core.docs.apidoc`
(the plugin API), so both parts of ``docs/plugin-hooks.md`` read the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_BANNER_RULE = re.compile(r"^# -{10,}$")
_ROLE = re.compile(r":(?:class|mod|func|meth|attr|data|obj):`(~?)([^`]+)`")
_LITERAL = re.compile(r"``(.+?)``")


def markdown(text: str) -> str:
    """reST roles and literals as Markdown code spans; lines joined into paragraphs."""
    text = _ROLE.sub(
        lambda m: f"``{m.group(2).rsplit('.', 1)[-1] if m.group(1) else m.group(2)}``", text
    )
    text = _LITERAL.sub(r"`\1`", text)
    paragraphs = [
        " ".join(line.strip() for line in block.splitlines()) for block in text.split("\n\n")
    ]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def cell(text: str, *, code: bool = False) -> str:
    """Table cell text: pipes escaped (GitHub Markdown honours ``\\|`` in code spans)."""
    escaped = text.replace("|", "\\|")
    return f"`{escaped}`" if code else escaped


def banner_title(lines: Sequence[str], line: int, default: str) -> str:
    """The title of the last ``# ----`` comment banner above ``line`` (1-based) of ``lines``;
    ``default`` when there is none."""
    title = default
    for number, text in enumerate(lines[:line], start=1):
        if (
            _BANNER_RULE.match(text)
            and number + 1 < len(lines)
            and _BANNER_RULE.match(lines[number + 1])
            and lines[number].startswith("# ")
        ):
            title = lines[number][2:].strip()
    return title
