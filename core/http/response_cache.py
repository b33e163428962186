"""A response cache for catalogue queries on ``/graphql``.

The catalogue (the sending countries with their agencies, rules, training and
programmes, and the installed plugins) is built once at start-up and never
changes while the process runs, so the answer to a catalogue-only query is the
same every time it is asked. This ASGI middleware keeps such answers and
replays them without running Strawberry again.

What is cached:

- only ``GET`` and ``POST`` requests to ``/graphql``; a request with an
  ``Authorization`` header only when ``sign_in`` is given, and then only once
  the token has been checked as the endpoint checks it (signature, expiry and
  a live session: one statement, and only for a catalogue-only document); a
  token that fails is passed on, so the endpoint refuses it with 401 as
  before. Every catalogue field is public and none reads the actor, so the
  answer is the same for every role; entries are keyed by the caller's role
  all the same (anonymous, or the role's name), so that a catalogue field
  that one day depends on the role cannot hand one role's answer to another;
- only documents whose chosen operation is a ``query`` whose root fields,
  fragments included, are all catalogue fields: ``countries``, ``country``,
  ``plugins`` and ``__typename``. ``eventTypes`` reads database rows that
  ``createEventType`` adds, and the root fields a plugin contributes through
  ``country_graphql`` may read anything (the hook promises nothing about
  them), so neither is cached;
- only requests carrying nothing but ``query``, ``variables`` and
  ``operationName`` (an ``extensions`` entry, such as a persisted-query hash,
  may have effects of its own);
- only ``200`` answers of a JSON media type with no ``errors`` entry and no
  ``Set-Cookie`` header.

The key is the method, the exact body bytes (or query string for ``GET``),
the ``Accept`` header, the request's ``Content-Type`` and its negotiated
language (``Accept-Language``, see :mod:`core.http.language`); the entry is the
whole response as the endpoint sent it (status, every header, body), so a hit
is byte-for-byte what the endpoint answered, whatever media type or status
rules it follows. Entries are evicted least recently used first once their
total size passes ``max_bytes``; whether a document is cacheable is decided
once per document (parsed within the token limit) and remembered in a bounded
table of digests.

The middleware must be the innermost one, so that everything outside it (rate
limits, CORS, request ids, logs) still runs for every request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    parse,
)
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.auth.roles import Actor
from core.http.language import request_locale
from core.http.params import keep_parsed_body
from core.lru import LRU

CATALOGUE_FIELDS = frozenset({"countries", "country", "plugins", "__typename"})
"""Root fields whose answers depend on nothing but the process's plugins."""

REQUEST_KEYS = frozenset({"query", "variables", "operationName"})
MAX_CACHED_REQUEST_BYTES = 64 * 1024
"""Larger requests are never catalogue queries worth keeping; they pass through."""

ENTRY_OVERHEAD_BYTES = 200
"""Charged per entry on top of its bytes, for the bookkeeping objects."""

Key = tuple[bytes, bytes, bytes, bytes, bytes, bytes]

SignIn = Callable[[str], Awaitable[Actor]]
"""The endpoint's check of a bearer token: the actor, or :class:`InvalidToken`."""


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    @property
    def size(self) -> int:
        return (
            len(self.body)
            + sum(len(name) + len(value) for name, value in self.headers)
            + ENTRY_OVERHEAD_BYTES
        )


def entry_cost(key: Key, response: CachedResponse) -> int:
    """What a kept response counts against the cache's bytes: its size and its key's."""
    return response.size + sum(len(part) for part in key)


class DocumentDecisions:
    """Whether a (document, operation name) pair is catalogue-only, remembered by digest."""

    def __init__(self, *, max_entries: int, max_tokens: int) -> None:
        self.max_entries = max_entries
        self.max_tokens = max_tokens
        self._known: LRU[bytes, bool] = LRU(max_entries)

    def catalogue_only(self, query: str, operation_name: str | None) -> bool:
        digest = hashlib.sha256(f"{operation_name or ''}\x00{query}".encode()).digest()
        known = self._known.get(digest)
        if known is not None:
            return known
        decision = self._decide(query, operation_name)
        self._known.put(digest, decision)
        return decision

    def _decide(self, query: str, operation_name: str | None) -> bool:
        try:
            document = parse(query, no_location=True, max_tokens=self.max_tokens)
        except GraphQLError:
            return False
        operation = _operation(document, operation_name)
        if operation is None or operation.operation is not OperationType.QUERY:
            return False
        fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        return _only_catalogue(operation.selection_set, fragments, set())


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    named = [op for op in operations if op.name is not None and op.name.value == name]
    return named[0] if len(named) == 1 else None


def _only_catalogue(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: set[str],
) -> bool:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value not in CATALOGUE_FIELDS:
                return False
        elif isinstance(selection, InlineFragmentNode):
            if not _only_catalogue(selection.selection_set, fragments, seen):
                return False
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None:
                return False
            if name in seen:
                continue  # a cycle; validation refuses the document anyway
            seen.add(name)
            if not _only_catalogue(fragment.selection_set, fragments, seen):
                return False
        else:  # pragma: no cover - graphql-core has no other selection kinds
            return False
    return True


class ResponseCache:
    """ASGI middleware replaying the answers to catalogue-only queries on ``path``."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        max_tokens: int,
        decisions: int = 1000,
        path: str = "/graphql",
        sign_in: SignIn | None = None,
    ) -> None:
        self.app = app
        self.sign_in = sign_in
        self.path = path.rstrip("/")
        self.responses: LRU[Key, CachedResponse] = LRU(None, max_bytes=max_bytes)
        self.decisions = DocumentDecisions(max_entries=decisions, max_tokens=max_tokens)
        self.hits = 0
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.responses.max_bytes == 0
            or scope["type"] != "http"
            or scope["method"] not in ("GET", "POST")
            or scope["path"].rstrip("/") != self.path
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        authorization = headers.get("authorization")
        if authorization is not None and self.sign_in is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET":
            payload: bytes = scope["query_string"]
        else:
            body = await _read_body(receive)
            if body is None:  # the client went away
                return
            payload = body
            receive = _replay(body, receive)
        if len(payload) > MAX_CACHED_REQUEST_BYTES:
            await self.app(scope, receive, send)
            return
        role = b""
        cacheable: bool | None = None  # decided once, and for an anonymous hit not at all
        if authorization is not None:
            # Decided before the token is checked: any other document costs no statement more.
            actor = None
            cacheable = self._cacheable_request(scope, payload)
            if cacheable:
                actor = await self._signed_in(authorization)
            if actor is None:
                await self.app(scope, receive, send)
                return
            role = actor.role.value.encode()
        key: Key = (
            scope["method"].encode(),
            headers.get("accept", "").encode(),
            headers.get("content-type", "").encode(),
            # Messages are rendered in the request's language: one entry per language.
            request_locale(scope).encode(),
            role,
            payload,
        )
        cached = self.responses.get(key)
        if cached is not None:
            self.hits += 1
            await _send_cached(cached, send)
            return
        if cacheable is None:
            cacheable = self._cacheable_request(scope, payload)
        if not cacheable:
            await self.app(scope, receive, send)
            return
        self.misses += 1
        await self._run_and_keep(key, scope, receive, send)

    async def _signed_in(self, authorization: str) -> Actor | None:
        """The actor of a bearer token the endpoint would accept, else None (the
        endpoint then answers it, with 401 or 503, as it always did)."""
        scheme, _, token = authorization.partition(" ")
        if self.sign_in is None or scheme.lower() != "bearer" or not token:
            return None
        try:
            return await self.sign_in(token.strip())
        except Exception:  # InvalidToken, an outage: the endpoint says which
            return None

    def _cacheable_request(self, scope: Scope, payload: bytes) -> bool:
        method = scope["method"]
        request = _get_request(payload) if method == "GET" else _post_request(payload, scope)
        if request is None:
            return False
        query, operation_name = request
        return self.decisions.catalogue_only(query, operation_name)

    async def _run_and_keep(self, key: Key, scope: Scope, receive: Receive, send: Send) -> None:
        status: int | None = None
        headers: tuple[tuple[bytes, bytes], ...] = ()
        chunks: list[bytes] = []
        complete = False

        async def capture(message: Message) -> None:
            # Copied before passing on: the middleware outside (CORS, rate limits)
            # adds its headers to this very message.
            nonlocal status, headers, complete
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = tuple((bytes(n), bytes(v)) for n, v in message.get("headers", ()))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, capture)
        if status is None or not complete:
            return
        response = CachedResponse(status=status, headers=headers, body=b"".join(chunks))
        if _worth_keeping(response):
            self.responses.put(key, response, entry_cost(key, response))


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the body read already, then the client's own messages."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _send_cached(response: CachedResponse, send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": response.status,
            "headers": list(response.headers),  # a fresh list for the middleware outside
        }
    )
    await send({"type": "http.response.body", "body": response.body})


def _post_request(body: bytes, scope: Scope) -> tuple[str, str | None] | None:
    try:
        request = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    keep_parsed_body(scope, body, request)
    if not isinstance(request, dict) or not set(request) <= REQUEST_KEYS:
        return None
    return _query_and_name(request.get("query"), request.get("operationName"))


def _get_request(query_string: bytes) -> tuple[str, str | None] | None:
    try:
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    except ValueError:
        return None
    names = [name for name, _ in pairs]
    if len(names) != len(set(names)) or not set(names) <= REQUEST_KEYS:
        return None
    params = dict(pairs)
    return _query_and_name(params.get("query"), params.get("operationName") or None)


def _query_and_name(query: object, operation_name: object) -> tuple[str, str | None] | None:
    if not isinstance(query, str) or not query.strip():
        return None
    if operation_name is not None and not isinstance(operation_name, str):
        return None
    return query, operation_name


def _worth_keeping(response: CachedResponse) -> bool:
    if response.status != 200:
        return False
    content_type = b""
    for name, value in response.headers:
        lowered = name.lower()
        if lowered == b"set-cookie":
            return False
        if lowered == b"content-type":
            content_type = value.lower()
    if b"json" not in content_type:
        return False
    try:
        body = json.loads(response.body)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(body, dict) and "errors" not in body and "data" in body
