"""The catalogue's root query fields: the countries and the installed plugins."""

from __future__ import annotations

import strawberry

from core.schema.base import Info
from core.schema.catalogue.types import Country, PluginInfo
from core.schema.catalogue.view import Catalogue, catalogue_of
from core.schema.permissions import PUBLIC


def _view(info: Info) -> Catalogue:
    return catalogue_of(info.context.registry, info.context.plugins)


@strawberry.type
class CatalogueQuery:
    @strawberry.field(
        description="Every enabled sending country, by code.", permission_classes=PUBLIC
    )
    def countries(self, info: Info) -> list[Country]:
        return _view(info).countries

    @strawberry.field(
        description="One sending country by ISO code; null when there is none.",
        permission_classes=PUBLIC,
    )
    def country(self, info: Info, code: str) -> Country | None:
        return _view(info).by_code.get(code.strip().upper())

    @strawberry.field(
        description="The installed country plugins.",
        permission_classes=PUBLIC,
    )
    def plugins(self, info: Info) -> list[PluginInfo]:
        return _view(info).plugins
