"""Messages that are English where they are raised and translated where they are shown.

A :class:`Message` *is* its English text (a ``str`` subclass), so every place
that stores, logs, compares or audits a message keeps working with the English
it had before; it also remembers its template (the catalogue's ``msgid``) and
its parameters, so the GraphQL layer can :func:`render` it in the request's
language. Translating where a message is shown, not where it is raised, keeps
the audit log, the logs and the stored history in one language (English)
whatever the language of the client that caused them.

Templates use ``str.format`` fields with names (``"cannot {step}"``) and no
format specifications; parameters are plain values (shown as they are, in any
language), nested messages (rendered in the same language) or :class:`Joined`
lists. Values are formatted by the caller (``repr(name)``, ``number(score)``)
before they are passed, so that a template never depends on a Python type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeAlias

Param: TypeAlias = str | int | float
"""A parameter: text shown as it is, a number, or a :class:`Message`/:class:`Joined`."""


def N_(template: str) -> str:
    """Mark ``template`` as a catalogue message where it is declared, not formatted.

    The standard gettext no-op marker: Babel's extraction (and the test that
    every message has a Japanese translation) finds the template; a
    :class:`Message` is made of it where the parameters are known.
    """
    return template


class Message(str):
    """English text that can be rendered in another language.

    ``Message("no passing result yet for: {missing}", missing="maths")`` equals
    ``"no passing result yet for: maths"``; ``render(message, "ja")`` looks the
    template up in the catalogues (:mod:`core.i18n.catalogue`) and formats the
    translation with the parameters rendered in the same language. ``context``
    is the catalogue's ``msgctxt``, for a short word (an enumeration value's
    label) that would be ambiguous alone.

    Operations of ``str`` (``+``, slicing, ``%``) return plain English ``str``:
    build a longer text as a template with parameters, not by concatenation.
    """

    template: str
    params: Mapping[str, Param]
    context: str | None

    def __new__(cls, template: str, /, *, context: str | None = None, **params: Param) -> Message:
        text = template.format_map(params) if params else template
        self = super().__new__(cls, text)
        self.template = template
        self.params = MappingProxyType(params)
        self.context = context
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.context, dict(self.params)))

    def render(self, locale: str) -> str:
        """This message in ``locale``; English when the catalogues lack it."""
        from core.i18n.catalogue import translate

        template = translate(self.template, locale, self.context)
        if not self.params:
            return template
        values = {name: render(value, locale) for name, value in self.params.items()}
        return template.format_map(values)


def _rebuild(template: str, context: str | None, params: dict[str, Param]) -> Message:
    return Message(template, context=context, **params)


class Joined(str):
    """Parts joined by a separator that is itself translated.

    ``Joined(Message(" or "), parts)`` is ``"a or b"`` in English and
    ``"aまたはb"`` in Japanese; each part is rendered in the same language.
    """

    separator: str
    parts: tuple[Param, ...]

    def __new__(cls, separator: str, parts: Iterable[Param]) -> Joined:
        items = tuple(parts)
        self = super().__new__(cls, separator.join(str(part) for part in items))
        self.separator = separator
        self.parts = items
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.separator, self.parts))

    def render(self, locale: str) -> str:
        separator = render(self.separator, locale)
        return separator.join(render(part, locale) for part in self.parts)


def render(value: Param, locale: str) -> str:
    """``value`` in ``locale``: a message translated, anything else as its text."""
    if isinstance(value, Message | Joined):
        return value.render(locale)
    return str(value)


def to_json(value: Param) -> Any:
    """``value`` as JSON, to store beside its English text (:func:`from_json` reads it)."""
    if isinstance(value, Message):
        encoded: dict[str, Any] = {"t": value.template}
        if value.context is not None:
            encoded["c"] = value.context
        if value.params:
            encoded["p"] = {name: to_json(param) for name, param in value.params.items()}
        return encoded
    if isinstance(value, Joined):
        return {"j": to_json(value.separator), "parts": [to_json(p) for p in value.parts]}
    if isinstance(value, str):
        return str(value)
    return value


def from_json(data: Any) -> Param:
    """The message :func:`to_json` wrote; a plain value as it is.

    Raises:
        ValueError: ``data`` is not what :func:`to_json` writes.
    """
    if isinstance(data, dict):
        if "j" in data:
            return Joined(_text(from_json(data["j"])), [from_json(p) for p in data["parts"]])
        params = {name: from_json(value) for name, value in data.get("p", {}).items()}
        return Message(data["t"], context=data.get("c"), **params)
    if isinstance(data, str | int | float) and not isinstance(data, bool):
        return data
    raise ValueError(f"not a stored message: {data!r}")


def _text(value: Param) -> str:
    if not isinstance(value, str):
        raise ValueError(f"not a stored separator: {value!r}")
    return value
