"""GraphQL errors for a busy or unavailable database, in every profile.

A resolver that needs the database while it is busy or down raises
:class:`~core.db.errors.DatabaseBusy` or
:class:`~core.db.errors.DatabaseUnavailable` (the session layer turns driver
errors into these). :class:`DatabaseOutages` gives such errors their message
and ``extensions.code`` (``SERVICE_BUSY``, ``SERVICE_UNAVAILABLE``) before the
production profile masks unexpected errors, and :func:`outage_of` tells the
endpoint to answer 503 with ``Retry-After`` when nothing was answered.
Operations that need no database (the in-memory catalogue: ``countries``,
``country``, ``plugins``) never meet these errors and are answered as usual.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from core.db.errors import (
    SERVICE_BUSY,
    SERVICE_UNAVAILABLE,
    DatabaseBusy,
    DatabaseUnavailable,
    OutageError,
    find_outage,
)


class DatabaseOutages(SchemaExtension):
    """Names outage errors; listed before the production error mask."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors:
            return
        for index, error in enumerate(errors):
            outage = find_outage(error.original_error)
            if outage is not None:
                errors[index] = GraphQLError(
                    outage.message,
                    nodes=error.nodes,
                    path=error.path,
                    extensions={"code": outage.error_code},
                )


def outage_of(result: ExecutionResult) -> OutageError | None:
    """The outage to answer with 503, when ``result`` answered nothing because of one.

    A result with any root field answered (a committed mutation among them)
    is answered as usual, its outage errors included, so a committed change is
    never reported as a failure.
    """
    data = result.data
    if data and any(value is not None for value in data.values()):
        return None
    codes = set()
    for error in result.errors or ():
        # Named by DatabaseOutages, or raised by an extension (which skips it).
        found = find_outage(error.original_error)
        codes.add(found.error_code if found else (error.extensions or {}).get("code"))
    if SERVICE_UNAVAILABLE in codes:
        return DatabaseUnavailable()
    if SERVICE_BUSY in codes:
        return DatabaseBusy()
    return None
