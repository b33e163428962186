"""Process-wide logging: one JSON object per line, or readable lines in development.

Every record goes through the standard library's ``logging``: our loggers
(``imjapan``, ``imjapan.access``, ``imjapan.graphql``, ...), uvicorn's and any
library's. One handler on the root logger renders them with structlog's
``ProcessorFormatter``, so a record carries the same fields whoever wrote it:
``timestamp`` (ISO 8601, UTC), ``level``, ``logger``, ``event`` (the message),
``pid``, the ``extra`` fields given to the call, and ``request_id`` while a
request is being handled (bound by :mod:`core.http.observability` with
structlog's contextvars). Code that prefers structlog's own API
(``structlog.get_logger("imjapan.x").info("...", key=value)``) gets the same
output.

:func:`configure_logging` installs the handler and may be called again: it
replaces its own handler and leaves any other handler alone, so pytest's
``caplog`` keeps working. :func:`ensure_logging` is what ``create_app`` calls:
it configures only a process where nobody has configured logging yet, so an
application embedding the service, or a test run, keeps its own setup.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from core.settings import Settings

UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.asgi")
UVICORN_ACCESS = "uvicorn.access"
"""Replaced by the access line of :mod:`core.http.observability`, which has the request id."""

_DROPPED_EXTRAS = ("color_message",)
"""Extras libraries attach for their own formatters (uvicorn's ANSI-coloured copy)."""

_configured = False
_saved: dict[str, tuple[int, list[logging.Handler], bool]] = {}
"""Level, handlers and propagation of the loggers configure_logging changed, for reset_logging."""


class _Handler(logging.StreamHandler[TextIO]):
    """A stream handler that, without a stream of its own, writes to the
    current ``sys.stderr`` (test runners replace it between tests)."""

    imjapan = True

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__(stream if stream is not None else sys.stderr)
        self.follows_stderr = stream is None

    def emit(self, record: logging.LogRecord) -> None:
        if self.follows_stderr:
            self.stream = sys.stderr
        super().emit(record)


def _add_pid(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    record = event_dict.get("_record")
    event_dict["pid"] = record.process if record is not None else os.getpid()
    return event_dict


def _stdlib_logger(*args: object) -> logging.Logger:
    """structlog's loggers are the standard library's, by name.

    ``structlog.stdlib.LoggerFactory`` would also replace the logger class of
    the whole process, to find callers for format strings that show them; no
    line here shows them, and the replaced class makes every log call slower.
    """
    return logging.getLogger(str(args[0]) if args else "imjapan")


def _drop_library_extras(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    for key in _DROPPED_EXTRAS:
        event_dict.pop(key, None)
    return event_dict


def shared_processors() -> list[Processor]:
    """What every record gets, whether it came from ``logging`` or from structlog."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        _add_pid,
    ]


_LEADING_KEYS = ("timestamp", "level", "logger", "event")


def _leading_keys_first(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Put when, how bad, who and what at the start of each JSON line."""
    ordered: EventDict = {key: event_dict.pop(key) for key in _LEADING_KEYS if key in event_dict}
    ordered.update(event_dict)
    return ordered


def make_formatter(log_format: str, *, colors: bool = False) -> structlog.stdlib.ProcessorFormatter:
    """The formatter for ``log_format`` (``json`` or ``console``)."""
    renderer: list[Processor]
    if log_format == "json":
        renderer = [
            structlog.processors.format_exc_info,
            _leading_keys_first,
            structlog.processors.JSONRenderer(),
        ]
    else:
        # ConsoleRenderer prints exceptions itself (and warns if format_exc_info ran).
        renderer = [structlog.dev.ConsoleRenderer(colors=colors)]
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            *shared_processors(),
            structlog.stdlib.ExtraAdder(),
            _drop_library_extras,
        ],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *renderer],
    )


def configure_logging(settings: Settings, *, stream: TextIO | None = None) -> logging.Handler:
    """Send every log record of the process to one handler in the configured format.

    Args:
        settings: ``log_level`` and ``log_format`` (see :class:`~core.settings.Settings`).
        stream: where to write; standard error (as it is at each write) by default.

    Returns:
        The installed handler (tests remove it with :func:`reset_logging`).
    """
    global _configured
    root = logging.getLogger()
    for name in ("", *UVICORN_LOGGERS, UVICORN_ACCESS):
        changed = logging.getLogger(name)
        _saved.setdefault(name, (changed.level, list(changed.handlers), changed.propagate))
    for handler in [h for h in root.handlers if getattr(h, "imjapan", False)]:
        root.removeHandler(handler)
    handler = _Handler(stream)
    target = stream if stream is not None else sys.stderr
    colors = settings.log_renderer == "console" and target.isatty()
    handler.setFormatter(make_formatter(settings.log_renderer, colors=colors))
    root.addHandler(handler)
    root.setLevel(settings.log_level)

    # uvicorn's loggers propagate to the root handler instead of printing their own way.
    for name in UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    access = logging.getLogger(UVICORN_ACCESS)
    access.handlers.clear()
    access.propagate = False

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *shared_processors(),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=_stdlib_logger,
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    _configured = True
    return handler


def ensure_logging(settings: Settings) -> None:
    """Configure logging unless this process has it already (``imjapan serve``
    did, or the host application or test runner installed handlers of its own)."""
    if _configured or logging.getLogger().handlers:
        return
    configure_logging(settings)


def reset_logging() -> None:
    """Undo :func:`configure_logging` (for tests): its handler goes, and the
    loggers it changed get their level, handlers and propagation back."""
    global _configured
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "imjapan", False)]:
        root.removeHandler(handler)
    for name, (level, handlers, propagate) in _saved.items():
        changed = logging.getLogger(name)
        changed.setLevel(level)
        changed.propagate = propagate
        if name:  # the root keeps handlers others added meanwhile (pytest's)
            changed.handlers[:] = handlers
    _saved.clear()
    structlog.reset_defaults()
    _configured = False
