"""The translation catalogues: core's, and those country plugins add.

A catalogue is a standard gettext ``.po`` file, ``<dir>/<lang>/LC_MESSAGES/messages.po``,
kept in git and read with Babel's :func:`~babel.messages.pofile.read_po` the
first time a language is asked for (then cached). Reading the ``.po`` text
rather than a compiled ``.mo`` means nothing binary is committed and there is
no build step to forget; the parse of core's catalogue takes milliseconds, once
per process.

Core's catalogue (``core/i18n/locales``) holds Japanese for every message of
core; a country plugin adds its own ``locales`` directory
(``CountryPlugin.locales_dir``), typically with the language of its ministry
for its ``custom`` rules' reasons and Japanese for the same. Lookups search the
plugin directories first and core's last, so a plugin may word its own
messages; a message found nowhere stays English.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

DEFAULT_LOCALE = "en"
"""The language of every template, and the answer when no other is accepted."""

CORE_LOCALES = Path(__file__).parent / "locales"
"""Core's catalogues: ``ja`` (Japanese) for every message of core."""

_directories: list[Path] = [CORE_LOCALES]


def add_catalogue_directory(directory: Path) -> None:
    """Search ``directory`` (a plugin's ``locales``) too; adding it again changes nothing."""
    resolved = directory.resolve()
    if resolved in _directories:
        return
    _directories.insert(0, resolved)
    _entries.cache_clear()
    available_locales.cache_clear()


def catalogue_directories() -> tuple[Path, ...]:
    """The directories searched, plugins' first and core's last."""
    return tuple(_directories)


@cache
def available_locales() -> tuple[str, ...]:
    """English first, then every language some catalogue has, sorted."""
    found = {
        path.parent.parent.name
        for directory in _directories
        for path in directory.glob("*/LC_MESSAGES/messages.po")
    }
    return (DEFAULT_LOCALE, *sorted(found - {DEFAULT_LOCALE}))


def read_catalogue(path: Path) -> dict[tuple[str | None, str], str]:
    """The translated entries of one ``.po`` file by ``(msgctxt, msgid)``.

    Untranslated and fuzzy entries are left out, so they fall back to English.
    """
    with path.open("rb") as file:
        catalog = read_po(file)
    entries: dict[tuple[str | None, str], str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            entries[(message.context, message.id)] = message.string
    return entries


@cache
def _entries(locale: str) -> dict[tuple[str | None, str], str]:
    merged: dict[tuple[str | None, str], str] = {}
    for directory in reversed(_directories):  # core first, so plugins override it
        path = directory / locale / "LC_MESSAGES" / "messages.po"
        if path.is_file():
            merged.update(read_catalogue(path))
    return merged


def translate(msgid: str, locale: str, context: str | None = None) -> str:
    """The translation of ``msgid`` in ``locale``, or ``msgid`` (English) itself."""
    if locale == DEFAULT_LOCALE:
        return msgid
    return _entries(locale).get((context, msgid), msgid)


def has_translation(msgid: str, locale: str, context: str | None = None) -> bool:
    """Whether some catalogue translates ``msgid`` into ``locale``."""
    return (context, msgid) in _entries(locale)
