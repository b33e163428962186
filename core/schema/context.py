"""What every resolver finds at ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pluggy
from starlette.requests import Request
from starlette.responses import Response

from core.auth.roles import Actor
from core.auth.scope import Scope, scope_for
from core.db import Database
from core.plugins.introspection import PluginDescription
from core.plugins.registry import CountryRegistry
from core.services.loaders import Loaders
from core.settings import Settings


@dataclass
class Context:
    request: Request | None
    response: Response | None
    settings: Settings
    registry: CountryRegistry
    plugins: tuple[PluginDescription, ...]
    plugin_manager: pluggy.PluginManager
    db: Database
    loaders: Loaders
    token_secret: str = ""
    actor: Actor | None = None
    client_address: str | None = None
    permission_decisions: dict[Any, Any] = field(default_factory=dict)
    """Field permissions decided once for this request (``core.schema.field_permissions``)."""

    @property
    def scope(self) -> Scope:
        """The rows this request's actor may see and change."""
        return scope_for(self.actor)

    @property
    def actor_label(self) -> str | None:
        """How the history names who made a change."""
        return self.actor.email if self.actor else None
