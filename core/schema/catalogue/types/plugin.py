from __future__ import annotations

import strawberry

from core.plugins.introspection import PluginDescription


@strawberry.type(description="An installed country plugin.")
class PluginInfo:
    name: str
    package: str | None = strawberry.field(description="Distribution it was installed from.")
    version: str | None
    country_code: str | None
    hooks: list[str] = strawberry.field(description="Hooks the plugin implements.")

    @classmethod
    def from_description(cls, plugin: PluginDescription) -> PluginInfo:
        return cls(
            name=plugin.name,
            package=plugin.package,
            version=plugin.version,
            country_code=plugin.country_code,
            hooks=list(plugin.hooks),
        )
