"""``imjapan check-plugins``: the installed country plugins, validated as start-up does."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

import click

from core.cli.common import or_exit, table, yes
from core.db.engine import DatabaseURLError
from core.errors import PluginConfigurationError
from core.settings import Settings

if TYPE_CHECKING:
    from core.plugins.introspection import PluginDescription


@click.command("check-plugins")
def check_plugins() -> None:
    """List the installed country plugins and validate them as start-up does."""
    from core.app import create_app

    settings = or_exit(Settings)
    try:
        app = create_app(settings)
    except (PluginConfigurationError, DatabaseURLError) as exc:
        _plugin_table(settings, {})
        click.echo(f"imjapan: cannot start: {exc}", err=True)
        sys.exit(2)
    _plugin_table(settings, {plugin.name: plugin for plugin in app.state.plugins})
    click.echo(f"{len(app.state.plugins)} plugin(s) OK")


def _plugin_table(settings: Settings, loaded: Mapping[str, PluginDescription]) -> None:
    """One row per installed (or loaded) plugin: its distribution, whether
    IMJAPAN_COUNTRIES enables it and, once validated, its country and hooks."""
    from importlib.metadata import entry_points

    from core.plugins.hookspecs import ENTRY_POINT_GROUP

    installed = {
        ep.name: (ep.dist.name, ep.dist.version) if ep.dist else ("-", "-")
        for ep in entry_points(group=ENTRY_POINT_GROUP)
    }
    rows = []
    for name in sorted({*installed, *loaded}):
        plugin = loaded.get(name)
        distribution, version = installed.get(name, ("(registered directly)", "-"))
        enabled = settings.countries is None or name in settings.countries
        rows.append(
            (
                name,
                plugin.country_code or "-" if plugin else "-",
                distribution,
                version,
                yes(enabled),
                ", ".join(plugin.hooks) if plugin else "-",
            )
        )
    table(("NAME", "CODE", "DISTRIBUTION", "VERSION", "ENABLED", "HOOKS"), rows)
