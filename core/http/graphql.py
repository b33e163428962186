"""The ``/graphql`` endpoint: Strawberry's ASGI view with our context, answering
as the GraphQL-over-HTTP specification asks, with automatic persisted queries.

Strawberry's view always answers ``application/json`` with status 200 and
``"data": null`` for any GraphQL error. Here the ``Accept`` header chooses
between ``application/graphql-response+json`` (preferred, and what no
``Accept`` or ``*/*`` gets) and ``application/json``, and the status follows
the specification's rules for the chosen type:

- a request that is not well formed (bad JSON, a parameter of the wrong type,
  no ``query``): 400 with either type;
- a document that fails to parse or validate (our depth, alias and token
  limits included), names no operation it contains, or whose variables cannot
  be coerced: no ``data`` entry, and 400 with
  ``application/graphql-response+json`` or 200 with ``application/json``;
- a document that was executed: 200, with ``data`` (null when execution was
  cut short), whatever errors fields raised;
- a mutation over ``GET``: 405 with ``Allow: POST``; an ``Accept`` header that
  allows neither type: 406.

Refusals are GraphQL-shaped JSON (``{"errors": [{"message", "extensions":
{"code"}}]}``) without ``data``. docs/http-api.md has the whole table.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

import pluggy
import strawberry
from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.extensions import SchemaExtension
from strawberry.http import GraphQLHTTPResponse
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UnsetType

from core.auth.roles import Actor
from core.auth.scope import scope_for
from core.auth.tokens import InvalidToken, access_token_expiry, read_access_token
from core.db.errors import DatabaseBusy, DatabaseUnavailable
from core.db.session import Database
from core.http import outage, persisted
from core.http.fast_reads import FastReads, operation_header
from core.http.graphiql import render_page
from core.http.negotiation import GRAPHQL_RESPONSE_JSON, JSON, negotiate
from core.http.params import GraphQLParams, read_params
from core.http.recent_sign_ins import RecentSignIns
from core.http.refusal import BAD_REQUEST, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, Refusal
from core.http.websockets import SignedInSocket, SocketContext, SocketCount
from core.plugins.introspection import PluginDescription
from core.plugins.registry import CountryRegistry
from core.schema.compiled.answer import Spliced
from core.schema.compiled.reader import Known, Plans
from core.schema.context import Context
from core.services.accounts import authenticate
from core.services.loaders import Loaders
from core.settings import Settings

CONNECTION_INIT_SECONDS = 10
"""How long a new websocket has to send ``connection_init`` (then 4408)."""

# Whether execution began ---------------------------------------------------


@dataclass
class _Phase:
    executing: bool = False
    operation_named: bool = False
    mutation: bool = False


_PHASE: ContextVar[_Phase | None] = ContextVar("imjapan_graphql_phase", default=None)


class ExecutionBegins(SchemaExtension):
    """Tells the endpoint that a document parsed and validated and its execution began.

    Strawberry answers a document that fails to parse or validate with the same
    result type as an operation stopped during execution (by the time limit,
    say), though only the first is a request error that the specification
    answers with 400 and no ``data``. The endpoint adds this extension to the
    schema it serves; it only marks the request's :class:`_Phase`.
    """

    def on_execute(self) -> Iterator[None]:
        phase = _PHASE.get()
        if phase is not None:
            phase.executing = True
            phase.mutation = self.execution_context.operation_type is OperationType.MUTATION
        yield


class OperationChosen(SchemaExtension):
    """Refuses a document of several operations when the request names none of them.

    GraphQL over HTTP makes that a request error; Strawberry would run the
    first operation. Checked once the document is parsed, before anything else
    (operation type, validation) looks at it.
    """

    def on_parse(self) -> Iterator[None]:
        yield
        phase = _PHASE.get()
        document = self.execution_context.graphql_document
        if phase is None or phase.operation_named or document is None:
            return
        operations = sum(
            isinstance(definition, OperationDefinitionNode) for definition in document.definitions
        )
        if operations > 1:
            raise GraphQLError(
                f"The document has {operations} operations: name the one to run in "
                "`operationName`.",
                extensions={"code": BAD_REQUEST},
            )


def is_request_error(result: ExecutionResult, executing: bool) -> bool:
    """Whether ``result`` reports a request error: nothing ran, so there is no ``data``.

    Before execution these are parse and validation errors (limits included).
    Once it began, graphql-core reports variables it cannot coerce (and an
    operation it cannot find) with no data and errors without a path, while a
    field error always has a path and an interrupted execution comes back as
    Strawberry's :class:`PreExecutionError`.
    """
    if not result.errors:
        return False
    if not executing:
        return True
    return (
        result.data is None
        and not isinstance(result, PreExecutionError)
        and all(error.path is None for error in result.errors)
    )


def encode_response(data: object) -> str:
    """``data`` as JSON, compact and with non-ASCII characters as they are; the root
    fields of a compiled answer are spliced in as the database wrote them."""
    if isinstance(data, dict) and isinstance(found := data.get("data"), Spliced):
        fields = ",".join(f"{json.dumps(key)}:{text}" for key, text in found.items())
        rest = {key: value for key, value in data.items() if key != "data"}
        tail = _dumps(rest)[1:] if rest else "}"
        return '{"data":{' + fields + "}" + ("," + tail if rest else tail)
    return _dumps(data)


def compiled_response(data: Spliced, known: Known, media_type: str) -> Response:
    """The fast lane's answer: what :meth:`GraphQLEndpoint._respond` makes of a compiled
    answer (the same body, and the same headers in the same order: length, type,
    the operation for the observability middleware, ``Vary``), built directly."""
    response = Response(encode_response({"data": data}).encode())
    operation, described = operation_header(known)
    response.raw_headers += [
        (b"content-type", f"{media_type}; charset=utf-8".encode("latin-1")),
        (operation.encode("latin-1"), described.encode("latin-1")),
        (b"vary", b"Accept"),
    ]
    return response


def _dumps(data: object) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def persisted_query_not_found() -> GraphQLHTTPResponse:
    return {
        "errors": [
            {
                "message": persisted.NOT_FOUND_MESSAGE,
                "extensions": {"code": persisted.PERSISTED_QUERY_NOT_FOUND},
            }
        ]
    }


class GraphQLEndpoint(GraphQL[Context, None]):
    """``/graphql``: Strawberry's view for GraphiQL and websockets; HTTP operations
    are answered by :meth:`answer` (see the module's docstring), websockets as
    :mod:`core.http.websockets` describes."""

    graphql_transport_ws_handler_class = SignedInSocket

    def __init__(
        self,
        schema: strawberry.Schema,
        *,
        settings: Settings,
        registry: CountryRegistry,
        plugins: tuple[PluginDescription, ...],
        plugin_manager: pluggy.PluginManager,
        db: Database,
        token_secret: str,
        plans: Plans | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=CONNECTION_INIT_SECONDS),
            max_subscriptions_per_connection=settings.max_subscriptions_per_connection,
        )
        self.sockets = SocketCount(settings.max_websockets)
        self.settings = settings
        self.registry = registry
        self.plugins = plugins
        self.plugin_manager = plugin_manager
        self.db = db
        self.token_secret = token_secret
        self.recent_sign_ins = RecentSignIns(settings.sign_in_recheck_seconds)
        self.fast_reads = (
            FastReads(plans, schema, db, token_secret, settings.request_time_limit)
            if plans is not None
            else None
        )
        self.persisted = persisted.PersistedQueries(
            db,
            cache_size=settings.query_cache_size,
            max_document_bytes=settings.persisted_query_max_bytes,
            cache_chars=settings.query_cache_bytes,
            max_rows=settings.persisted_queries_max,
            max_age_days=settings.persisted_query_max_age_days,
        )
        # The status rules need to know whether execution began (see is_request_error).
        if ExecutionBegins not in schema.extensions:
            schema.extensions = (*schema.extensions, ExecutionBegins)
        if OperationChosen not in schema.extensions:
            schema.extensions = (*schema.extensions, OperationChosen)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self.sockets.serve(
                scope,
                receive,
                send,
                lambda: super(GraphQLEndpoint, self).__call__(scope, receive, send),
            )
            return
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        response = await self.answer(Request(scope=scope, receive=receive))
        await response(scope, receive, send)

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """GraphiQL for a browser's ``GET`` without a query, and without persisted-query
        extensions (an Apollo client's hash-only ``GET`` sends ``Accept: */*``)."""
        return (
            super().should_render_graphql_ide(request)
            and request.query_params.get("extensions") is None
        )

    async def answer(self, request: Request) -> Response:
        """The response to one HTTP request: negotiate, read, authenticate, execute."""
        if self.should_render_graphql_ide(self.request_adapter_class(request)):
            try:
                return await self.run(request)
            except HTTPException as error:  # GraphiQL is off: 404
                return PlainTextResponse(error.reason, status_code=error.status_code)
        if request.method not in ("GET", "POST"):  # HEAD, which Starlette routes with GET
            return Refusal(
                405,
                "/graphql takes GET (queries) and POST requests.",
                code=METHOD_NOT_ALLOWED,
                headers={"allow": "GET, POST"},
            ).response(JSON)
        media_type = negotiate(", ".join(request.headers.getlist("accept")) or None)
        if media_type is None:
            return Refusal(
                406,
                f"/graphql answers in {GRAPHQL_RESPONSE_JSON} or {JSON} (UTF-8); "
                "the Accept header allows neither.",
                code=NOT_ACCEPTABLE,
            ).response(JSON)
        try:
            params = await read_params(request)
            if self.fast_reads is not None:
                fast = await self.fast_reads.answer(request, params)
                if fast is not None:
                    return compiled_response(*fast, media_type)
            sub_response = await self.get_sub_response(request)
            context = await self.get_context(request, sub_response)
            return await self._operation(request, params, context, sub_response, media_type)
        except Refusal as refusal:
            return refusal.response(media_type)
        except persisted.PersistedQueryError as error:
            return Refusal(400, error.message, code=error.code).response(media_type)
        except HTTPException as error:
            return Refusal.from_http(error).response(media_type)
        except (DatabaseBusy, DatabaseUnavailable) as error:  # signing in, persisted queries
            return Refusal.outage(error).response(media_type)

    async def _operation(
        self,
        request: Request,
        params: GraphQLParams,
        context: Context,
        sub_response: Response,
        media_type: str,
    ) -> Response:
        strict = media_type == GRAPHQL_RESPONSE_JSON
        query, digest = params.query, persisted.requested_hash(params.extensions)
        if digest is not None:
            if query is None:
                query = await self.persisted.get(digest)
                if query is None:
                    status = 404 if strict else 200
                    return self._respond(
                        persisted_query_not_found(), sub_response, media_type, status
                    )
                digest = None  # already stored
            else:
                self.persisted.check(query, digest)
        if not query:
            raise Refusal.bad_request(
                "`query` is required: the GraphQL document as a string (or, instead, the "
                "hash of a persisted query in `extensions.persistedQuery`)."
            )
        result, executing = await self._execute(request, params, query, context)
        if (unanswered := outage.outage_of(result)) is not None:
            raise Refusal.outage(unanswered)
        if digest is not None and executing:
            await self.persisted.register(digest, query)
        payload = await self.process_result(request, result)
        if result.errors:
            self._handle_errors(result.errors, payload)
        if is_request_error(result, executing):
            payload.pop("data", None)
            return self._respond(payload, sub_response, media_type, 400 if strict else 200)
        return self._respond(payload, sub_response, media_type, 200)

    async def _execute(
        self, request: Request, params: GraphQLParams, query: str, context: Context
    ) -> tuple[ExecutionResult, bool]:
        """Run ``query``; also say whether its execution began (it parsed and validated)."""
        get = request.method == "GET"
        allowed = {OperationType.QUERY} if get else {OperationType.QUERY, OperationType.MUTATION}
        phase = _Phase(operation_named=params.operation_name is not None)
        token = _PHASE.set(phase)
        try:
            result = await self.schema.execute(
                query,
                variable_values=params.variables,
                context_value=context,
                operation_name=params.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=params.extensions,
            )
        except InvalidOperationTypeError as error:
            if get and error.operation_type is OperationType.MUTATION:
                raise Refusal(
                    405,
                    "Mutations are not allowed over GET; send them with POST.",
                    code=METHOD_NOT_ALLOWED,
                    headers={"allow": "POST"},
                ) from None
            raise Refusal.bad_request(error.as_http_error_reason(request.method)) from None
        except CannotGetOperationTypeError as error:
            result = ExecutionResult(data=None, errors=[GraphQLError(error.as_http_error_reason())])
        finally:
            _PHASE.reset(token)
            if phase.mutation:  # it may have ended a session: check them all again
                self.recent_sign_ins.forget()
        return result, phase.executing

    def encode_json(self, data: object) -> str:
        """Every GraphQL response's one encoding: compact, non-ASCII as it is (UTF-8).

        A compiled answer's ``data`` (:class:`~core.schema.compiled.answer.Spliced`)
        holds each root field's JSON text as the database wrote it, in that same
        encoding: it is spliced in, never parsed.
        """
        return encode_response(data)

    def _respond(
        self,
        payload: GraphQLHTTPResponse,
        sub_response: Response,
        media_type: str,
        status: int,
    ) -> Response:
        response = self.create_response(response_data=payload, sub_response=sub_response)
        response.status_code = sub_response.status_code or status
        response.headers["content-type"] = f"{media_type}; charset=utf-8"
        response.headers.add_vary_header("Accept")
        return response

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our own GraphiQL page, with its files served by this service (no CDN)."""
        return render_page(request)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        if isinstance(request, WebSocket):
            return await self._socket_context(request)
        actor = await self._actor(request)
        return Context(
            request=request if isinstance(request, Request) else None,
            response=response if isinstance(response, Response) else None,
            settings=self.settings,
            registry=self.registry,
            plugins=self.plugins,
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
        return await self._actor_of(request.headers.get("authorization"))

    async def _actor_of(self, header: str | None) -> Actor | None:
        """The actor of an ``Authorization`` value (see :meth:`_actor`)."""
        if header is None:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, "use 'Authorization: Bearer <access token>'")
        try:
            async with self.db.single_read() as connection:
                return await authenticate(connection, token.strip(), secret=self.token_secret)
        except InvalidToken:
            raise HTTPException(
                401, "the access token is not valid; refresh it or sign in"
            ) from None

    async def check_sign_in(self, token: str) -> Actor:
        """The actor of a bearer token, if it still names a live session.

        Raises:
            InvalidToken: it does not (any more).
        """
        async with self.db.single_read() as connection:
            return await authenticate(connection, token, secret=self.token_secret)

    async def check_public_sign_in(self, token: str) -> Actor:
        """:meth:`check_sign_in` for a public (catalogue) answer: the token's signature
        and expiry now, its session as checked within ``sign_in_recheck_seconds``
        (:mod:`core.http.recent_sign_ins`).

        Raises:
            InvalidToken: the endpoint would refuse it.
        """
        read_access_token(token, secret=self.token_secret)
        actor = self.recent_sign_ins.get(token)
        if actor is None:
            actor = await self.check_sign_in(token)
            self.recent_sign_ins.keep(token, actor)
        return actor

    async def _socket_context(self, websocket: WebSocket) -> SocketContext:
        """The context of a websocket: anonymous until ``connection_init`` says who
        it is, or signed in by the handshake's ``Authorization`` header."""
        context = SocketContext(
            request=None,
            response=None,
            settings=self.settings,
            registry=self.registry,
            plugins=self.plugins,
            plugin_manager=self.plugin_manager,
            db=self.db,
            loaders=Loaders.create(self.db, scope_for(None)),
            token_secret=self.token_secret,
            client_address=websocket.client.host if websocket.client else None,
        )
        header = websocket.headers.get("authorization")
        if header is not None:
            try:
                self._sign_in(context, header, await self._actor_of(header))
            except HTTPException as error:
                context.refusal = error.reason
        return context

    def _sign_in(self, context: SocketContext, header: str, actor: Actor | None) -> None:
        token = header.partition(" ")[2].strip()
        context.actor = actor
        context.loaders = Loaders.create(self.db, scope_for(actor))
        context.token = token
        with contextlib.suppress(InvalidToken):
            context.expires_at = access_token_expiry(token, secret=self.token_secret)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Signs the socket in with the ``connection_init`` payload's ``authorization``
        (``"Bearer <access token>"``); a token that is not valid closes it (4403)."""
        if not isinstance(context, SocketContext):
            return UnsetType()
        if context.refusal is not None:
            raise ConnectionRejectionError({"message": context.refusal})
        params = context.connection_params
        header = params.get("authorization", params.get("Authorization"))
        if header is None:
            return UnsetType()
        if not isinstance(header, str):
            raise ConnectionRejectionError({"message": "authorization: a string is expected"})
        try:
            actor = await self._actor_of(header)
        except HTTPException as error:
            raise ConnectionRejectionError({"message": error.reason}) from None
        self._sign_in(context, header, actor)
        return UnsetType()
