"""The application factory: settings -> plugins -> registry -> schema -> Starlette.

``uvicorn --factory core.app:create_app`` works as well as ``imjapan serve``.
Everything is assembled once; a problem with a plugin raises
:class:`~core.errors.PluginConfigurationError` before the app exists.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route, WebSocketRoute

from core.db.engine import ping
from core.db.memory import with_shared_memory_database
from core.db.migrate import upgrade
from core.db.session import Database
from core.http import routes
from core.http.concurrency import ConcurrencyLimit
from core.http.forms import FormDownloads
from core.http.graphiql import graphiql_routes
from core.http.graphql import GraphQLEndpoint
from core.http.language import Language
from core.http.metrics import Metrics, metrics_endpoint
from core.http.middleware import guard_middleware
from core.http.observability import RequestObservability
from core.http.outage import DatabaseOutages
from core.http.ratelimit import RateLimitMiddleware
from core.http.response_cache import ResponseCache
from core.logging import ensure_logging
from core.plugins.introspection import describe_plugins
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.schema.audit.extension import AuditLog
from core.schema.catalogue.view import catalogue_of
from core.schema.compiled.extension import compiled_reads
from core.schema.compiled.reader import Plans
from core.schema.compose import build_schema, collect_contributions
from core.schema.country_details import country_details_schema, details_models
from core.schema.nul import NulGuard
from core.schema.observer import OperationObserver
from core.schema.security import security_extensions
from core.services.parameters import custom_rules
from core.settings import Settings

logger = logging.getLogger("imjapan")


def token_secret(settings: Settings) -> str:
    """The configured key; development without one gets a random key per start
    (tokens then end with the process, which is fine on a developer's machine)."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    logger.warning("IMJAPAN_SECRET_KEY is not set: using a random key until restart")
    return secrets.token_urlsafe(48)


def create_app(
    settings: Settings | None = None,
    *,
    load_entrypoints: bool = True,
    extra_plugins: Sequence[tuple[str, object]] = (),
) -> Starlette:
    settings = with_shared_memory_database(settings or Settings())
    ensure_logging(settings)
    pm = get_plugin_manager(settings, load_entrypoints=load_entrypoints, extra=extra_plugins)
    registry = build_registry(pm, settings)
    plans = Plans(settings.query_cache_size) if settings.compiled_reads else None
    schema = build_schema(
        collect_contributions(pm, settings),
        details=country_details_schema(details_models(registry)),
        rules=custom_rules(registry),
        extensions=[
            DatabaseOutages,
            AuditLog,
            # Before the time limit (whose cancellation it could not answer as the
            # resolver path does): it bounds its own read, then falls back.
            *([compiled_reads(plans, settings.request_time_limit)] if plans is not None else []),
            *security_extensions(settings),
            NulGuard,
            OperationObserver,
        ],
    )
    plugins = describe_plugins(pm, registry)
    catalogue_of(registry, plugins)  # built at start-up, not by the first request
    db = Database.connect(
        settings.database_url,
        schema=settings.database_schema,
        connect_timeout=settings.database_connect_timeout,
        busy_timeout=settings.database_busy_timeout,
        # One connection per operation slot (core.http.concurrency), kept: steady
        # load opens none per request.
        pool_size=settings.pool_size,
        max_overflow=settings.database_max_overflow,
        ping_after_idle=settings.database_ping_after_idle_seconds,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Connecting once creates the SQLite file on first start.
        if not await ping(db.engine):
            logger.warning("database not reachable at start-up; /healthz reports 503")
        elif settings.migrates_on_start:
            await asyncio.to_thread(upgrade, settings.database_url, schema=settings.database_schema)
        try:
            yield
        finally:
            await db.dispose()

    secret = token_secret(settings)
    graphql = GraphQLEndpoint(
        schema,
        settings=settings,
        registry=registry,
        plugins=plugins,
        plugin_manager=pm,
        db=db,
        token_secret=secret,
        plans=plans,
    )
    metrics = Metrics() if settings.metrics else None
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", routes.healthz, methods=["GET"]),
            Route("/livez", routes.livez, methods=["GET"]),
            Route("/readyz", routes.readyz, methods=["GET"]),
            *([Route("/metrics", metrics_endpoint, methods=["GET"])] if metrics else []),
            Route("/-/plugins", routes.plugins, methods=["GET"]),
            *FormDownloads(db, secret).routes(),
            *graphiql_routes(settings),
        ],
        middleware=[
            # Outermost: every answer, refusals included, gets a request id, a log line, metrics.
            Middleware(RequestObservability, metrics=metrics),
            *guard_middleware(settings),
            Middleware(RateLimitMiddleware, settings=settings, db=db, token_secret=secret),
            # The request's language, for the answer and for the cache's key.
            Middleware(Language),
            # Innermost: everything above still runs for a cached catalogue answer.
            Middleware(
                ResponseCache,
                max_bytes=settings.response_cache_bytes,
                max_tokens=settings.max_query_tokens,
                decisions=settings.query_cache_size,
                # Signed-in callers too, once their token passes the endpoint's own check.
                sign_in=graphql.check_public_sign_in,
            ),
            # Inside the cache: a cached answer takes no slot.
            Middleware(ConcurrencyLimit, settings=settings, token_secret=secret),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.plugin_manager = pm
    app.state.registry = registry
    app.state.schema = schema
    app.state.plugins = plugins
    app.state.db = db
    app.state.compiled_plans = plans
    app.state.metrics = metrics
    return app
