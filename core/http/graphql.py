"""The ``/graphql`` endpoint: Strawberry's ASGI view with our context."""

from __future__ import annotations

import pluggy
import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from core.db.session import Database
from core.plugins.registry import CountryRegistry
from core.schema.context import Catalogue, Context
from core.schema.lifecycle.loaders import Loaders
from core.settings import Settings


class GraphQLEndpoint(GraphQL[Context, None]):
    def __init__(
        self,
        schema: strawberry.Schema,
        *,
        settings: Settings,
        registry: CountryRegistry,
        catalogue: Catalogue,
        plugin_manager: pluggy.PluginManager,
        db: Database,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,
        )
        self.settings = settings
        self.registry = registry
        self.catalogue = catalogue
        self.plugin_manager = plugin_manager
        self.db = db

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(
            request=request if isinstance(request, Request) else None,
            response=response if isinstance(response, Response) else None,
            settings=self.settings,
            registry=self.registry,
            catalogue=self.catalogue,
            plugin_manager=self.plugin_manager,
            db=self.db,
            loaders=Loaders.create(self.db),
        )
