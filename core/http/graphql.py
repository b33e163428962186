"""The ``/graphql`` endpoint: Strawberry's ASGI view with our context."""

from __future__ import annotations

import pluggy
import strawberry
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from core.auth.accounts import authenticate
from core.auth.roles import Actor
from core.auth.scope import scope_for
from core.auth.tokens import InvalidToken
from core.db.session import Database
from core.http.graphiql import render_page
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
        token_secret: str,
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
        self.token_secret = token_secret

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our own GraphiQL page, with its files served by this service (no CDN)."""
        return render_page(request)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        actor = await self._actor(request)
        return Context(
            request=request if isinstance(request, Request) else None,
            response=response if isinstance(response, Response) else None,
            settings=self.settings,
            registry=self.registry,
            catalogue=self.catalogue,
            plugin_manager=self.plugin_manager,
            db=self.db,
            loaders=Loaders.create(self.db, scope_for(actor)),
            token_secret=self.token_secret,
            actor=actor,
            client_address=request.client.host if request.client else None,
        )

    async def _actor(self, request: Request | WebSocket) -> Actor | None:
        """The signed-in actor, or None without a token. A token that is present
        but not valid (expired, forged, signed out) is refused with 401."""
        header = request.headers.get("authorization")
        if header is None:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, "use 'Authorization: Bearer <access token>'")
        try:
            async with self.db.session() as session:
                return await authenticate(session, token.strip(), secret=self.token_secret)
        except InvalidToken:
            raise HTTPException(
                401, "the access token is not valid; refresh it or sign in"
            ) from None
