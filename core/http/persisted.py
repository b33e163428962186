"""Automatic persisted queries: Apollo's APQ protocol over ``/graphql``.

A client names its document by SHA-256 in the request's extensions,
``{"persistedQuery": {"version": 1, "sha256Hash": "<64 hex digits>"}}``, and
first sends the hash alone. A hash the service does not know is answered with
the error ``PersistedQueryNotFound`` (``extensions.code``
``PERSISTED_QUERY_NOT_FOUND``); the client then sends hash and query together,
the service checks that the hash is the query's, runs it, and registers it.
From then on the hash alone is enough, over ``POST`` or ``GET``, in every
server process.

Documents live in the database (:class:`~core.db.models.PersistedQuery`), so
every worker shares them; a bounded cache in each process saves the database
read for hashes already seen. That cache never needs invalidating: a hash
always names the same document.

A document is registered only after it parsed and validated (within the token,
depth and alias limits), so the table only ever holds documents the service
would run. A query sent with a hash must be at most
``IMJAPAN_PERSISTED_QUERY_MAX_BYTES`` (400, ``PERSISTED_QUERY_TOO_LARGE``, and
nothing runs, otherwise). Anyone may register documents, so the table is
pruned as it grows: every :data:`PRUNE_EVERY` registrations of a process (and
at its first) rows older than ``IMJAPAN_PERSISTED_QUERY_MAX_AGE_DAYS`` go, and
the oldest beyond ``IMJAPAN_PERSISTED_QUERIES_MAX``. Pruning never breaks a
client: the protocol asks it for the query again and registers it anew. A hash-only request runs its
stored document through the same parsing, validation and limits as any other
request, and counts against the same rate limit.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, delete, select

from core.db.models import PersistedQuery
from core.db.models.base import utcnow
from core.db.session import Database
from core.lru import LRU

logger = logging.getLogger("imjapan.persisted")

VERSION = 1
NOT_FOUND_MESSAGE = "PersistedQueryNotFound"
"""The message Apollo's clients look for before resending the query."""
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
PERSISTED_QUERY_TOO_LARGE = "PERSISTED_QUERY_TOO_LARGE"
BAD_REQUEST = "BAD_REQUEST"

CACHE_BYTES = 8 * 1024 * 1024
"""Characters of documents each process keeps in memory, at most, unless told otherwise."""

PRUNE_EVERY = 100
"""Registrations of a process between two prunings of the table."""

_SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")


class PersistedQueryError(ValueError):
    """A ``persistedQuery`` extension the service cannot use; answered with 400."""

    def __init__(self, message: str, *, code: str = BAD_REQUEST) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def requested_hash(extensions: Mapping[str, object] | None) -> str | None:
    """The lowercase SHA-256 a request names, or None when it names none."""
    entry = (extensions or {}).get("persistedQuery")
    if entry is None:
        return None
    if not isinstance(entry, Mapping):
        raise PersistedQueryError(
            "`extensions.persistedQuery` must be an object with `version` and `sha256Hash`."
        )
    version = entry.get("version")
    if version != VERSION or isinstance(version, bool):
        raise PersistedQueryError(
            f"`extensions.persistedQuery.version` must be {VERSION}; "
            "no other version of persisted queries is supported.",
            code=PERSISTED_QUERY_NOT_SUPPORTED,
        )
    digest = entry.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256_HEX.fullmatch(digest):
        raise PersistedQueryError(
            "`extensions.persistedQuery.sha256Hash` must be the SHA-256 of the query "
            "as 64 hexadecimal digits."
        )
    return digest.lower()


def document_hash(document: str) -> str | None:
    """The SHA-256 of ``document``'s UTF-8 text, or None for text UTF-8 cannot encode."""
    try:
        return hashlib.sha256(document.encode("utf-8")).hexdigest()
    except UnicodeEncodeError:  # a lone surrogate from a JSON escape
        return None


def check_hash(document: str, digest: str) -> None:
    """Refuse a query sent with a hash that is not its own."""
    if document_hash(document) != digest:
        raise PersistedQueryError(
            "`extensions.persistedQuery.sha256Hash` is not the SHA-256 of `query` "
            "(hash the query's UTF-8 text exactly as sent).",
            code=PERSISTED_QUERY_HASH_MISMATCH,
        )


class PersistedQueries:
    """The shared table with this process's cache in front (read-through)."""

    def __init__(
        self,
        db: Database,
        *,
        cache_size: int,
        max_document_bytes: int,
        cache_chars: int = CACHE_BYTES,
        max_rows: int = 10_000,
        max_age_days: int = 30,
    ) -> None:
        self.db = db
        # Bounded in entries and in characters (the cost of each document).
        self.cache: LRU[str, str] = LRU(cache_size, max_bytes=cache_chars)
        self.max_document_bytes = max_document_bytes
        self.max_rows = max_rows
        self.max_age = timedelta(days=max_age_days)
        self._registrations = 0

    def check(self, document: str, digest: str) -> None:
        """Refuse a query sent with a hash that is not its own, or too large to store."""
        size = len(document.encode("utf-8", "surrogatepass"))
        if size > self.max_document_bytes:
            raise PersistedQueryError(
                f"`query` is {size} bytes; a persisted query may be at most "
                f"{self.max_document_bytes} bytes. Send a larger query without "
                "`extensions.persistedQuery`.",
                code=PERSISTED_QUERY_TOO_LARGE,
            )
        check_hash(document, digest)

    async def get(self, digest: str) -> str | None:
        """The document registered under ``digest``, by any process; None if unknown."""
        document = self.cache.get(digest)
        if document is not None:
            return document
        async with self.db.session() as session:
            document = (
                await session.exec(
                    select(PersistedQuery.document).where(col(PersistedQuery.sha256) == digest)
                )
            ).first()
        if document is not None:
            self.cache.put(digest, document, len(document))
        return document

    async def register(self, digest: str, document: str) -> bool:
        """Store ``document`` (already checked against ``digest``, parsed and validated).

        Returns whether it is now stored. A document over the size limit is not;
        nor is one when the database refuses the write: the answer to the
        request stands, and the client will be asked for the query again.
        """
        if self.cache.get(digest) is not None:
            return True
        if len(document.encode("utf-8")) > self.max_document_bytes:
            return False
        insert = postgresql.insert if self.db.engine.dialect.name == "postgresql" else sqlite.insert
        statement = (
            insert(PersistedQuery)
            .values(sha256=digest, document=document, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["sha256"])
        )
        try:
            async with self.db.write_connection() as connection:
                await connection.execute(statement)
        except SQLAlchemyError:
            logger.warning("could not store persisted query %s", digest, exc_info=True)
            return False
        self.cache.put(digest, document, len(document))
        if self._registrations % PRUNE_EVERY == 0:
            await self.prune()
        self._registrations += 1
        return True

    async def prune(self) -> int:
        """Delete rows older than ``max_age`` and the oldest beyond ``max_rows``; how many went.

        A failure is logged and leaves the table as it was (one transaction).
        """
        created = col(PersistedQuery.created_at)
        newest_first = (
            select(PersistedQuery.sha256)
            .order_by(created.desc(), col(PersistedQuery.sha256))
            .offset(self.max_rows)
        )
        try:
            async with self.db.write_connection() as connection:
                old = await connection.execute(
                    delete(PersistedQuery).where(created < utcnow() - self.max_age)
                )
                beyond = await connection.execute(
                    delete(PersistedQuery).where(col(PersistedQuery.sha256).in_(newest_first))
                )
        except SQLAlchemyError:
            logger.warning("could not prune persisted queries", exc_info=True)
            return 0
        return int(old.rowcount or 0) + int(beyond.rowcount or 0)
