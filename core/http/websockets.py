"""Websockets on ``/graphql``: subscriptions over ``graphql-transport-ws``, and nothing else.

- **Only subscriptions.** Queries and mutations go over HTTP, where the rate
  limits, the concurrency limits, the time limit and the response cache apply;
  over a websocket they are refused with ``BAD_REQUEST``
  (:func:`not_a_subscription`). The older ``graphql-ws`` protocol is not offered.
- **Who subscribes.** The access token comes in the ``connection_init``
  payload (``{"authorization": "Bearer <access token>"}``), which browsers can
  send, or in the handshake's ``Authorization`` header. A token that is not
  valid closes the socket with 4403; none at all leaves the connection
  anonymous, and a subscription then gets ``UNAUTHENTICATED``. The socket's
  sign-in is checked again every :data:`SESSION_CHECK_SECONDS` and when the
  token expires: once it is no longer valid (expired, signed out, account
  deactivated) the socket is closed with 4401, and the client reconnects with
  a fresh token and the last cursor it received.
- **How many.** A process keeps at most ``IMJAPAN_MAX_WEBSOCKETS`` sockets
  open (one more is closed at once with 1013, try again later), each with at
  most ``IMJAPAN_MAX_SUBSCRIPTIONS_PER_CONNECTION`` subscriptions, each reading
  the database once per ``IMJAPAN_CHANGES_POLL_SECONDS``. Websockets take no
  slot of the per-client concurrency limits (:mod:`core.http.concurrency`),
  which count operations that end, and are not rate-limited: these bounds are
  their limits instead.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError, OperationType, get_operation_ast, parse
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from core.auth.roles import Actor
from core.auth.tokens import InvalidToken
from core.db.errors import DatabaseBusy, DatabaseUnavailable
from core.http.refusal import BAD_REQUEST
from core.schema.context import Context

if TYPE_CHECKING:
    from starlette.types import Receive, Scope, Send

logger = logging.getLogger("imjapan.http")

SESSION_CHECK_SECONDS = 60.0
"""How often a socket's sign-in is checked again (sign-out, deactivated account)."""
EXPIRED = 4401
"""The close code of a socket whose sign-in ended; the client reconnects with a fresh token."""
TRY_AGAIN_LATER = 1013
EXPIRY_MARGIN = 0.5


@dataclass
class SocketContext(Context):
    """The context of one websocket, shared by its subscriptions.

    ``connection_params`` is the ``connection_init`` payload (Strawberry sets
    it); ``token`` the access token the socket signed in with, and ``refusal``
    why the handshake's ``Authorization`` header was not accepted.
    """

    connection_params: dict[str, object] = field(default_factory=dict)
    token: str | None = None
    expires_at: float | None = None
    refusal: str | None = None


def not_a_subscription(payload: Any, max_tokens: int) -> GraphQLError | None:
    """The refusal of a ``subscribe`` message that runs a query or mutation, else None
    (a document that does not parse is left to Strawberry, which reports it)."""
    try:
        document = parse(payload["query"], max_tokens=max_tokens)
        operation = get_operation_ast(document, payload.get("operationName"))
    except Exception:
        return None
    if operation is None or operation.operation is OperationType.SUBSCRIPTION:
        return None
    return GraphQLError(
        "A websocket on /graphql runs subscriptions only; send queries and mutations over HTTP.",
        extensions={"code": BAD_REQUEST},
    )


class SocketCount:
    """The websockets a process has open, up to ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0

    async def serve(
        self, scope: Scope, receive: Receive, send: Send, app: Callable[[], Awaitable[None]]
    ) -> None:
        if self.open >= self.limit:
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": TRY_AGAIN_LATER})
            return
        self.open += 1
        try:
            await app()
        finally:
            self.open -= 1


SignInCheck = Callable[[str], Awaitable[Actor]]


class SignedInSocket(BaseGraphQLTransportWSHandler[Context, None]):
    """The ``graphql-transport-ws`` handler that closes a socket whose sign-in ended.

    ``view.check_sign_in`` (the endpoint's) raises :class:`InvalidToken` for a
    token that no longer names a live session.
    """

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and message["id"] not in self.operations:
            max_tokens = self.view.settings.max_query_tokens  # type: ignore[attr-defined]
            refusal = not_a_subscription(message["payload"], max_tokens)
            if refusal is not None:
                await self.send_message(
                    {"id": message["id"], "type": "error", "payload": [refusal.formatted]}
                )
                return
        await super().handle_subscribe(message)

    async def handle(self) -> None:
        watcher = asyncio.create_task(self._watch_sign_in())
        try:
            await super().handle()
        finally:
            watcher.cancel()
            with suppress(asyncio.CancelledError):
                await watcher

    async def _watch_sign_in(self) -> None:
        context = self.context
        if not isinstance(context, SocketContext):
            return
        check: SignInCheck = self.view.check_sign_in  # type: ignore[attr-defined]
        while True:
            wait = SESSION_CHECK_SECONDS
            if context.expires_at is not None:
                wait = min(wait, max(0.0, context.expires_at - time.time()) + EXPIRY_MARGIN)
            await asyncio.sleep(wait if context.token is not None else 1.0)
            if context.token is None:
                continue
            try:
                await check(context.token)
            except (DatabaseBusy, DatabaseUnavailable):
                continue  # checked again later; the subscriptions wait for the database too
            except InvalidToken:
                logger.info("websocket closed: its sign-in ended")
                with suppress(Exception):
                    await self.websocket.close(
                        code=EXPIRED, reason="the sign-in ended; reconnect with a fresh token"
                    )
                return
