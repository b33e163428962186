"""What every resolver finds at ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field

import pluggy
from starlette.requests import Request
from starlette.responses import Response

from core.auth.roles import Actor
from core.auth.scope import Scope, scope_for
from core.db import Database
from core.plugins.introspection import PluginDescription
from core.plugins.registry import CountryRegistry
from core.schema.catalogue.types import Country, PluginInfo
from core.services.loaders import Loaders
from core.settings import Settings


@dataclass(frozen=True)
class Catalogue:
    """The GraphQL view of the registry, built once: the catalogue is static."""

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


@dataclass
class Context:
    request: Request | None
    response: Response | None
    settings: Settings
    registry: CountryRegistry
    catalogue: Catalogue
    plugin_manager: pluggy.PluginManager
    db: Database
    loaders: Loaders
    token_secret: str = ""
    actor: Actor | None = None
    client_address: str | None = None

    @property
    def scope(self) -> Scope:
        """The rows this request's actor may see and change."""
        return scope_for(self.actor)

    @property
    def actor_label(self) -> str | None:
        """How the history names who made a change."""
        return self.actor.email if self.actor else None
