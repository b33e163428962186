"""Messages in English and Japanese (and a plugin's languages), chosen by ``Accept-Language``.

- :mod:`core.i18n.message`: :class:`Message`, English text that remembers its
  template and parameters, raised by the services and rendered by the schema;
- :mod:`core.i18n.catalogue`: the gettext ``.po`` catalogues, core's and the
  plugins';
- :mod:`core.i18n.locale`: the request's language (:func:`negotiate`,
  :func:`current_locale`);
- :mod:`core.i18n.validation`: pydantic's validation errors in the catalogue's words;
- :mod:`core.i18n.labels`: labels of enumeration values.

This package sits in the lowest layer: it imports nothing of core, so the
errors, the domain and the screening engine can all raise messages.
"""

from core.i18n.catalogue import (
    DEFAULT_LOCALE,
    add_catalogue_directory,
    available_locales,
    has_translation,
    translate,
)
from core.i18n.locale import LOCALE, current_locale, negotiate, use_locale
from core.i18n.message import N_, Joined, Message, Param, from_json, render, to_json

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALE",
    "N_",
    "Joined",
    "Message",
    "Param",
    "add_catalogue_directory",
    "available_locales",
    "current_locale",
    "from_json",
    "has_translation",
    "localized",
    "localized_stored",
    "message_of",
    "negotiate",
    "render",
    "to_json",
    "translate",
    "use_locale",
]


def localized(text: str) -> str:
    """``text`` in the request's language: a :class:`Message` translated, other text as it is."""
    return render(text, current_locale())


def message_of(exc: BaseException) -> str:
    """What ``exc`` says: the :class:`Message` it was raised with, so that it can
    still be translated, or its text."""
    if exc.args and isinstance(exc.args[0], Message | Joined):
        return exc.args[0]
    return str(exc)


def localized_stored(text: str, message: object) -> str:
    """Stored English ``text`` in the request's language, from its stored ``message``
    (:func:`to_json`'s form); ``text`` itself when there is none or it cannot be read."""
    if message is None:
        return text
    try:
        return render(from_json(message), current_locale())
    except (ValueError, KeyError, TypeError, IndexError):
        return text
