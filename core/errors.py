"""Errors raised while the service assembles itself from its plugins."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pydantic import ValidationError


class PluginConfigurationError(Exception):
    """A country plugin is unusable, so the service refuses to start.

    The message names the plugin and the problem in one line, which is what the
    ``imjapan serve`` command prints before exiting.
    """

    def __init__(self, plugin: str, problem: str) -> None:
        self.plugin = plugin
        self.problem = problem
        super().__init__(f"country plugin '{plugin}': {problem}")


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming each invalid field and the reason, for start-up messages."""
    return "; ".join(
        f"{'.'.join(str(part) for part in err['loc']) or 'value'}: {err['msg']}"
        for err in exc.errors()
    )


class ErrorCode(StrEnum):
    """Why a request was refused; the fixed set every mutation payload uses."""

    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    DUPLICATE = "duplicate"
    UNKNOWN_COUNTRY = "unknown_country"
    NOT_ALLOWED_STATE = "not_allowed_state"
    LIMIT_EXCEEDED = "limit_exceeded"
    FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class UserErrorData:
    """One problem with a request: the input field (camelCase path) or None."""

    field: str | None
    message: str
    code: ErrorCode


class DomainValidationError(Exception):
    """A request the services refuse; its errors go into the mutation payload.

    Raised inside a mutation's transaction, so nothing it wrote is kept.
    """

    def __init__(self, errors: list[UserErrorData]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field or '-'}: {e.message}" for e in errors))

    @classmethod
    def single(cls, field: str | None, message: str, code: ErrorCode) -> DomainValidationError:
        return cls([UserErrorData(field=field, message=message, code=code)])
