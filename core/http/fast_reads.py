"""The fast lane of ``/graphql``: a query the compiled path answered before is answered
again without Strawberry's pipeline, the sign-in check and the read on one connection.

Why: for a small answer (a lookup by id, a list of 20 calls) the database's work is
a fraction of a millisecond, and most of a request's cost was the pipeline around
it: the execution context and a dozen extensions' hooks, the per-request context
with its DataLoaders, a connection checked out twice (once to check the sign-in,
once to read), and two round trips.

Which documents: those the schema extension (:mod:`core.schema.compiled.extension`)
answered after the whole pipeline accepted them. Parsing, validation and its
limits, the introspection switch, the operation's choice and type depend on the
document text and the operation name alone, which are the lane's key
(:meth:`~core.schema.compiled.reader.Plans.known`); what depends on the request is
checked here again, as the pipeline does:

- the variables: coerced against the operation's definitions, and none may hold
  a NUL character (``core.schema.nul``);
- the bearer token: its signature and expiry, then its session in the database.
  For a token the lane accepted before, the actor it had then is the guess: the
  sign-in check and the read within the guess's scope go in one statement (one
  round trip), and the answer is used only if the check finds the same actor
  (the same account, role, country and host company, the session live, the
  account active); otherwise the normal path answers. So a session ended or an
  account changed by another process counts at the next request, as before;
- the permissions of every field the plan selects, decided for this caller;
- the argument values the SQL takes (page sizes, cursors, ids).

Anything else, a refusal included, returns None and the endpoint takes the normal
path, which answers (and refuses) as it always does; so does any failure of the
read, or a read past the time limit. An unavailable or busy database is the
endpoint's usual outage answer either way. A persisted-query request that
registers its document also takes the normal path.

The answer is what the normal path sends: the same body (the database's JSON
spliced into the envelope), status, content type, ``Vary`` and operation header;
the differential test (``tests/differential``) sends every document twice to
compare both.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.requests import Request

from core.auth.roles import Actor
from core.auth.scope import scope_for
from core.auth.tokens import InvalidToken, read_access_token
from core.db.errors import DatabaseBusy, DatabaseUnavailable
from core.db.session import Database
from core.domain.values import holds_nul
from core.http import persisted
from core.http.params import GraphQLParams
from core.lru import LRU
from core.observation import OPERATION_HEADER, current_observation
from core.schema.compiled.answer import Spliced
from core.schema.compiled.reader import (
    Known,
    Plans,
    allowed,
    answer,
    answer_as_guessed,
    coerced_variables,
    requests_of,
)
from core.services.accounts import authenticate
from core.services.compiled.sql import Request as RootRequest

logger = logging.getLogger("imjapan.compiled")

MAX_GUESSES = 4096
"""Tokens whose actor the lane keeps as the guess for their next request."""


@dataclass
class _Caller:
    """What the permission checks read of this request (``info.context`` on the normal path)."""

    actor: Actor | None
    permission_decisions: dict[Any, Any] = field(default_factory=dict)


class _Fallback(Exception):
    """The normal path answers this request."""


@dataclass(frozen=True)
class FastReads:
    """The lane of one application: its plans, schema, database and token secret."""

    plans: Plans
    schema: strawberry.Schema
    db: Database
    token_secret: str
    time_limit: float
    _guesses: LRU[str, Actor] = field(default_factory=lambda: LRU(MAX_GUESSES))
    """The actor of each token the lane accepted lately."""

    async def answer(self, request: Request, params: GraphQLParams) -> tuple[Spliced, Known] | None:
        """``data`` of the request and the document it answers, or None (see the module)."""
        if params.query is None or _names_a_hash(params):
            return None
        known = self.plans.known((params.query, params.operation_name))
        if known is None or holds_nul(params.variables or {}):
            return None
        variables = coerced_variables(self.schema._schema, known.operation, params.variables)
        if variables is None:
            return None
        requests = requests_of(known.plan, variables)
        if requests is None:
            return None
        try:
            token = _bearer(request.headers.get("authorization"))
            async with asyncio.timeout(self.time_limit):
                found = await self._read(known, requests, token)
        except (_Fallback, InvalidToken):
            return None
        except (DatabaseBusy, DatabaseUnavailable):
            raise
        except Exception:  # the normal path meets it (or its time) and answers it
            logger.warning("fast compiled read failed; the normal path answers", exc_info=True)
            return None
        if found is None:
            return None
        actor, data = found
        if token is not None and actor is not None:
            self._guesses.put(token, actor)
        self.plans.answered += 1
        self.plans.answered_fast += 1
        observation = current_observation()
        if observation is not None:
            observation.operation, observation.operation_type = known.label
        return data, known

    async def _read(
        self, known: Known, requests: list[RootRequest], token: str | None
    ) -> tuple[Actor | None, Spliced] | None:
        """The actor and the answer; None where the normal path answers.

        With a token seen a moment ago, its actor then is the guess: the sign-in
        check and the read within the guess's scope are one statement, and the answer
        counts only if the check finds that same actor (an account whose role or
        scope changed since takes the normal path). Otherwise the check comes first.
        """
        guess = self._guesses.get(token) if token is not None else None
        if token is None or guess is None or len(known.plan.roots) != 1:
            async with self.db.single_read() as connection:
                return await self._check_then_read(connection, known, requests, token)
        read_access_token(token, secret=self.token_secret)  # signature and expiry
        if not await allowed(self.plans, self.schema, known.plan, _Caller(guess)):
            return None
        try:
            actor, data = await answer_as_guessed(self.db, known.plan, requests, guess)
        except InvalidToken:
            self._guesses.discard(token)
            raise
        if data is None:
            self._guesses.discard(token)
            return None
        return actor, data

    async def _check_then_read(
        self,
        connection: AsyncConnection,
        known: Known,
        requests: list[RootRequest],
        token: str | None,
    ) -> tuple[Actor | None, Spliced] | None:
        """The sign-in check, then each root field's statement, on one connection."""
        signed_in = None
        if token is not None:
            signed_in = await authenticate(connection, token, secret=self.token_secret)
        if not await allowed(self.plans, self.schema, known.plan, _Caller(signed_in)):
            return None
        return signed_in, await answer(connection, known.plan, requests, scope_for(signed_in))


def _names_a_hash(params: GraphQLParams) -> bool:
    """Whether the request names a persisted query's hash (or a malformed one, which
    the normal path refuses in its turn)."""
    try:
        return persisted.requested_hash(params.extensions) is not None
    except persisted.PersistedQueryError:
        return True


def _bearer(header: str | None) -> str | None:
    """The token of an ``Authorization`` value; :class:`_Fallback` for one the endpoint
    refuses (it answers 401)."""
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _Fallback
    return token.strip()


def operation_header(known: Known) -> tuple[str, str]:
    """The header the normal path's operation observer sets."""
    name, operation_type = known.label
    return OPERATION_HEADER, f"{operation_type} {name}"
