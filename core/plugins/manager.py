"""Finding and registering the country plugins.

Bundled and third-party countries are found the same way: through the
``imjapan.countries`` entry-point group. Core never imports ``countries``.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Sequence
from importlib.metadata import entry_points

import pluggy

from core.errors import PluginConfigurationError
from core.plugins import hookspecs
from core.settings import Settings

logger = logging.getLogger("imjapan.plugins")


def installed_country_plugins() -> list[str]:
    """Names of the country plugins installed in this environment, sorted."""
    return sorted({ep.name for ep in entry_points(group=hookspecs.ENTRY_POINT_GROUP)})


def get_plugin_manager(
    settings: Settings,
    *,
    load_entrypoints: bool = True,
    extra: Sequence[tuple[str, object]] = (),
) -> pluggy.PluginManager:
    """Build the plugin manager for one service instance.

    Args:
        settings: ``settings.countries`` limits which installed countries load.
        load_entrypoints: ``False`` loads no installed plugin (tests use this
            to run core against their own plugins only).
        extra: ``(name, plugin)`` pairs registered after the installed ones.

    Raises:
        PluginConfigurationError: an enabled country is not installed, a plugin
            cannot be imported, it implements a hook that does not exist, or an
            implementation gives an argument a default value.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    if load_entrypoints:
        _load_installed(pm, settings)
    for name, plugin in extra:
        _register(pm, name, plugin)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or "?"
        raise PluginConfigurationError(name, _unknown_hooks(pm, exc.plugin)) from None
    _refuse_argument_defaults(pm)
    if settings.trace_plugins:
        pm.trace.root.setwriter(logger.info)
        pm.enable_tracing()
    return pm


def _load_installed(pm: pluggy.PluginManager, settings: Settings) -> None:
    installed = installed_country_plugins()
    if settings.countries is not None:
        for name in settings.countries:
            if name not in installed:
                raise PluginConfigurationError(
                    name,
                    "enabled in IMJAPAN_COUNTRIES but not installed "
                    f"(installed: {', '.join(installed) or 'none'})",
                )
        for name in installed:
            if name not in settings.countries:
                pm.set_blocked(name)
    for ep in entry_points(group=hookspecs.ENTRY_POINT_GROUP):
        if pm.is_blocked(ep.name) or pm.get_plugin(ep.name) is not None:
            continue
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginConfigurationError(
                ep.name, f"cannot be imported from '{ep.value}': {type(exc).__name__}: {exc}"
            ) from exc
        _register(pm, ep.name, plugin)


def _register(pm: pluggy.PluginManager, name: str, plugin: object) -> None:
    if pm.get_plugin(name) is not None:
        raise PluginConfigurationError(name, "another plugin is already registered under this name")
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginConfigurationError(name, str(exc)) from None


def _unknown_hooks(pm: pluggy.PluginManager, plugin: object) -> str:
    known = sorted(name for name, caller in vars(pm.hook).items() if caller.has_spec())
    unknown = sorted(
        attr
        for attr in dir(plugin)
        if attr not in known and pm.parse_hookimpl_opts(plugin, attr) is not None
    )
    return (
        f"implements unknown hook(s) {', '.join(unknown)} (misspelled?); "
        f"the hooks are {', '.join(known)}"
    )


def _refuse_argument_defaults(pm: pluggy.PluginManager) -> None:
    """Refuse an implementation whose argument has a default value.

    pluggy passes only the arguments without a default, so such an argument
    would silently keep its default (``settings=None``) instead of the value
    the spec promises.
    """
    for hook_name, caller in sorted(vars(pm.hook).items()):
        if not isinstance(caller, pluggy.HookCaller):
            continue
        for implementation in caller.get_hookimpls():
            try:
                parameters = inspect.signature(implementation.function).parameters.values()
            except (TypeError, ValueError):  # not introspectable: nothing to check
                continue
            for parameter in parameters:
                if parameter.default is not inspect.Parameter.empty:
                    raise PluginConfigurationError(
                        implementation.plugin_name,
                        f"{hook_name} argument '{parameter.name}' has a default value; "
                        "an implementation's argument never has one (pluggy would not pass it)",
                    )
