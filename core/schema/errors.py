"""The error type of every mutation payload."""

from __future__ import annotations

import strawberry

from core import errors
from core.errors import DomainValidationError
from core.i18n import localized

ErrorCode = strawberry.enum(errors.ErrorCode, name="ErrorCode")


@strawberry.type(description="Why a mutation refused its input. Nothing was written.")
class UserError:
    field: str | None = strawberry.field(
        description="The input field, as a dotted camelCase path; null when not about one field."
    )
    message: str
    code: errors.ErrorCode

    def __post_init__(self) -> None:
        # The services raise English messages (core.i18n.Message); here they are
        # rendered in the request's language (Accept-Language), and only here.
        self.message = localized(self.message)

    @classmethod
    def from_data(cls, data: errors.UserErrorData) -> UserError:
        return cls(field=data.field, message=data.message, code=data.code)


def user_errors(exc: DomainValidationError) -> list[UserError]:
    return [UserError.from_data(error) for error in exc.errors]
