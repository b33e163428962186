"""Errors raised while the service assembles itself from its plugins."""

from __future__ import annotations

from pydantic import ValidationError


class PluginConfigurationError(Exception):
    """A country plugin is unusable, so the service refuses to start.

    The message names the plugin and the problem in one line, which is what the
    ``imjapan serve`` command prints before exiting.
    """

    def __init__(self, plugin: str, problem: str) -> None:
        self.plugin = plugin
        self.problem = problem
        super().__init__(f"country plugin '{plugin}': {problem}")


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming each invalid field and the reason, for start-up messages."""
    return "; ".join(
        f"{'.'.join(str(part) for part in err['loc']) or 'value'}: {err['msg']}"
        for err in exc.errors()
    )
