"""The catalogue's GraphQL view of the registry, built once per registry.

The catalogue is static while the service runs (a plugin change needs a
restart), so its types are built from the registry once and then served as
they are. The view is found from the registry and the plugins in the request
context rather than carried by the context itself: the context stays free of
any domain's types, so no domain package and the context import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.plugins.introspection import PluginDescription
from core.plugins.registry import CountryRegistry
from core.schema.catalogue.types import Country, PluginInfo

_KEPT = 16
"""Views kept at most (one per running app; tests build many apps)."""


@dataclass(frozen=True)
class Catalogue:
    """The GraphQL view of the registry: the countries by code, and the plugins."""

    countries: list[Country]
    by_code: dict[str, Country] = field(init=False)
    plugins: list[PluginInfo]

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", {country.code: country for country in self.countries})

    @classmethod
    def build(cls, registry: CountryRegistry, plugins: tuple[PluginDescription, ...]) -> Catalogue:
        return cls(
            countries=[Country.from_entry(entry) for entry in registry.countries],
            plugins=[PluginInfo.from_description(plugin) for plugin in plugins],
        )


_VIEWS: dict[int, tuple[CountryRegistry, Catalogue]] = {}
"""Views by the identity of their registry (kept alive beside it, so the id is not reused)."""


def catalogue_of(registry: CountryRegistry, plugins: tuple[PluginDescription, ...]) -> Catalogue:
    """The view of ``registry`` and ``plugins`` (the same app's), built on first use."""
    found = _VIEWS.get(id(registry))
    if found is not None and found[0] is registry:
        return found[1]
    view = Catalogue.build(registry, plugins)
    if len(_VIEWS) >= _KEPT:
        del _VIEWS[next(iter(_VIEWS))]
    _VIEWS[id(registry)] = (registry, view)
    return view
