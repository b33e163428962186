"""The two ways a database can fail a request that are not the request's fault.

:class:`DatabaseBusy`: it answers, but not in time (every pooled connection is
in use, or SQLite's write lock stays with another writer). The request may be
retried at once. :class:`DatabaseUnavailable`: it does not answer at all (the
port is closed, the server is silent past the connect timeout, the SQLite file
cannot be opened). The session layer (:mod:`core.db.session`) turns driver
exceptions into these, so callers never see a driver's message; the endpoint
answers both with 503 and ``Retry-After``.

Both subclass ``SQLAlchemyError``, so code that already tolerates any database
error (storing a persisted query, say) keeps doing so. (Their GraphQL code is
``error_code``: SQLAlchemy reads ``code`` as the key of a help link.)
"""

from __future__ import annotations

import builtins

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

SERVICE_BUSY = "SERVICE_BUSY"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"

_BUSY_TEXT = ("database is locked", "database table is locked", "too many connections")
_UNAVAILABLE_TEXT = (
    "unable to open database file",
    "connection was closed",
    "connection is closed",
    "connection refused",
    "cannot connect now",
    "the database system is starting up",
    "the database system is shutting down",
    "terminating connection",
)


class DatabaseBusy(SQLAlchemyError):
    """The database did not have time for this request; retry shortly."""

    error_code = SERVICE_BUSY
    message = "The service is busy; retry in a moment."

    def __init__(self, retry_after: int = 1) -> None:
        super().__init__(self.message)
        self.retry_after = retry_after


class DatabaseUnavailable(SQLAlchemyError):
    """The database does not answer; nothing that needs it can be done now."""

    error_code = SERVICE_UNAVAILABLE
    message = "The database is not available; retry shortly."

    def __init__(self, retry_after: int = 2) -> None:
        super().__init__(self.message)
        self.retry_after = retry_after


DatabaseOutage = DatabaseBusy | DatabaseUnavailable


def classify(error: BaseException) -> type[DatabaseBusy] | type[DatabaseUnavailable] | None:
    """Which outage ``error`` (raised while using a database) is, or None for any other error.

    Errors about the request itself (a constraint, bad SQL, a missing table)
    are None: they are bugs or conflicts to report as such, not outages.
    """
    if isinstance(error, DatabaseBusy | DatabaseUnavailable):
        return type(error)
    if isinstance(error, PoolTimeout):
        return DatabaseBusy
    if isinstance(error, builtins.TimeoutError | ConnectionError | OSError):
        return DatabaseUnavailable  # raised by the drivers while connecting
    if isinstance(error, DBAPIError):
        if error.connection_invalidated:
            return DatabaseUnavailable
        return _driver_outage(error.orig)
    if type(error).__module__.partition(".")[0] in _DRIVERS:
        return _driver_outage(error)  # raised by the driver itself (core.db.driver)
    return None


_DRIVERS = ("asyncpg", "aiosqlite", "sqlite3")
"""The packages whose exceptions :func:`classify` reads when SQLAlchemy did not wrap them."""


def _driver_outage(
    error: BaseException | None,
) -> type[DatabaseBusy] | type[DatabaseUnavailable] | None:
    """Which outage a driver's own exception is, by its message and class name."""
    text = str(error).lower()
    if any(part in text for part in _BUSY_TEXT):
        return DatabaseBusy
    if any(part in text for part in _UNAVAILABLE_TEXT) or isinstance(
        error, builtins.TimeoutError | OSError
    ):
        return DatabaseUnavailable
    name = type(error).__name__
    if name in ("ConnectionDoesNotExistError", "CannotConnectNowError"):
        return DatabaseUnavailable
    if name == "TooManyConnectionsError":
        return DatabaseBusy
    return None


OutageError = DatabaseBusy | DatabaseUnavailable
_CHAIN = 8
"""How far down ``__cause__``/``__context__`` an outage is looked for."""


def find_outage(error: BaseException | None) -> OutageError | None:
    """The outage that ``error`` is or was caused by, if any."""
    for _ in range(_CHAIN):
        if error is None:
            return None
        if isinstance(error, DatabaseBusy | DatabaseUnavailable):
            return error
        error = error.__cause__ or error.__context__
    return None
