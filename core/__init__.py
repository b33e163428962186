"""imjapan-api core: the GraphQL service that country plugins extend.

Plugin authors import from :mod:`core.plugin_api` only::

    from core.plugin_api import CountryProfile, StaticCountry, hookimpl

``from core import hookimpl`` is the old spelling, kept for plugins written
before ``core.plugin_api`` existed; it is the same marker. (It is re-exported
from the hook specifications, not from ``core.plugin_api``, so that importing
``core`` stays cheap.)
"""

from core.plugins.hookspecs import hookimpl

__all__ = ["hookimpl"]
