"""What is installed: the data behind GraphQL ``plugins`` and ``GET /-/plugins``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib.metadata import entry_points

import pluggy

from core.plugins.hookspecs import ENTRY_POINT_GROUP
from core.plugins.registry import CountryRegistry


@dataclass(frozen=True)
class PluginDescription:
    name: str
    package: str | None
    version: str | None
    country_code: str | None
    hooks: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["hooks"] = list(self.hooks)
        return data


def describe_plugins(
    pm: pluggy.PluginManager, registry: CountryRegistry
) -> tuple[PluginDescription, ...]:
    """Every registered plugin with its distribution, country and hooks, by name.

    Plugins registered directly (not through an entry point) have no package
    or version.
    """
    distributions = {
        ep.name: (ep.dist.name, ep.dist.version)
        for ep in entry_points(group=ENTRY_POINT_GROUP)
        if ep.dist is not None
    }
    descriptions = []
    for name, plugin in sorted(pm.list_name_plugin()):
        if plugin is None:
            continue
        package, version = distributions.get(name, (None, None))
        entry = registry.by_plugin.get(name)
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()))
        descriptions.append(
            PluginDescription(
                name=name,
                package=package,
                version=version,
                country_code=entry.code if entry else None,
                hooks=hooks,
            )
        )
    return tuple(descriptions)
