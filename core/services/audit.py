"""The audit log's rows: writing one mutation's entry, and reading the log.

The entry of a mutation is written in the mutation's own transaction, just
before it commits (:data:`core.db.session.before_commit`), so a change and its
entry commit together or not at all; a mutation that wrote nothing, or whose
outcome turned out otherwise than its first commit said, has its entry
written or corrected afterwards (:meth:`AuditRecorder.finish`). The schema
extension ``core.schema.audit.extension.AuditLog`` decides what the entry says.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import AuditEntry
from core.db.session import Database, before_commit
from core.services.pages import Listing, column_order

logger = logging.getLogger("imjapan.audit")


class AuditRecorder:
    """The entry of one mutation operation, written with its first commit or at the end."""

    def __init__(self, db: Database, entry: Callable[[bool], AuditEntry]) -> None:
        self.db = db
        self.entry = entry
        """The entry to write, given whether the operation succeeded."""
        self.entry_id: int | None = None

    @contextmanager
    def attached(self) -> Iterator[None]:
        """While inside, every write transaction records the entry before it commits."""
        token = before_commit.set(self.record_with_change)
        try:
            yield
        finally:
            before_commit.reset(token)

    async def record_with_change(self, session: AsyncSession) -> None:
        """In the mutation's transaction, just before it commits: the change worked."""
        if self.entry_id is not None:  # an earlier field's commit already recorded it
            return
        entry = self.entry(True)
        session.add(entry)
        await session.flush()
        self.entry_id = entry.id

    async def finish(self, succeeded: bool) -> None:
        """After execution: write the entry of a refused mutation, or correct the outcome.

        Nothing here fails an answer: a problem with the log goes to the server log.
        """
        if self.entry_id is not None and succeeded:
            return
        try:
            async with self.db.transaction() as session:
                if self.entry_id is None:
                    session.add(self.entry(succeeded))
                else:
                    await session.exec(
                        update(AuditEntry)
                        .where(col(AuditEntry.id) == self.entry_id)
                        .values(succeeded=False)
                    )
        except Exception:
            # The answer stands (a change may have committed); the log keeps the problem.
            logger.exception("could not write the audit entry of a mutation")


def recent_entries() -> Listing[AuditEntry]:
    """Every entry, newest first (by id)."""
    return Listing(
        name="audit_entry",
        statement=select(AuditEntry),
        order=column_order("newest", col(AuditEntry.id), descending=True),
    )
