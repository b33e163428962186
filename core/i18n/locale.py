"""The language of the request: chosen from ``Accept-Language``, held in a context variable.

:func:`negotiate` picks one of :func:`~core.i18n.catalogue.available_locales`
with Babel's :func:`~babel.core.negotiate_locale`, after ordering the header's
languages by their ``q`` values (Babel takes them in order of preference and
does not read ``q``). ``ja-JP`` matches ``ja``; a language no catalogue has,
``*``, an empty or malformed header all give English.

The web layer sets :data:`LOCALE` for each request (``core.http.language``);
the schema reads it with :func:`current_locale` where it renders a message, so
no resolver needs an extra argument and code outside a request (the command
line, the audit log) sees English.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from babel.core import negotiate_locale

from core.i18n.catalogue import DEFAULT_LOCALE, available_locales

LOCALE: ContextVar[str] = ContextVar("imjapan_locale", default=DEFAULT_LOCALE)
"""The language messages are rendered in; English outside a request."""

MAX_HEADER_LANGUAGES = 20
"""Languages of one header considered; the rest are ignored."""


def current_locale() -> str:
    return LOCALE.get()


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Render in ``locale`` within the block."""
    token = LOCALE.set(locale)
    try:
        yield
    finally:
        LOCALE.reset(token)


def negotiate(header: str | None) -> str:
    """The language to answer an ``Accept-Language`` header in; English by default."""
    return _negotiate(header or "", available_locales())


@lru_cache(maxsize=256)
def _negotiate(header: str, available: tuple[str, ...]) -> str:
    preferred = _preferred(header)
    if not preferred:
        return DEFAULT_LOCALE
    chosen = negotiate_locale(preferred, list(available), sep="-")
    return chosen or DEFAULT_LOCALE


def _preferred(header: str) -> list[str]:
    """The header's languages, highest ``q`` first (ties keep their order), ``q=0`` dropped."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")[:MAX_HEADER_LANGUAGES]):
        tag, *options = (part.strip() for part in item.split(";"))
        if not tag or tag == "*" or len(tag) > 35:
            continue
        quality = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, tag.replace("_", "-")))
    return [tag for _, _, tag in sorted(ranked)]
