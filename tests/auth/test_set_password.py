"""A new password (``imjapan users set-password``) follows the rules of account creation."""

from __future__ import annotations

import pytest

from core.auth.passwords import MIN_LENGTH
from core.errors import DomainValidationError
from core.services.accounts import PASSWORD_MAX_LENGTH, CreateAccountInput, check_new_password
from core.services.inputs import validate


@pytest.mark.parametrize(
    "length", [0, MIN_LENGTH - 1, MIN_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MAX_LENGTH + 1]
)
def test_set_password_refuses_what_account_creation_refuses(length: int) -> None:
    password = "p" * length
    try:
        values = {"email": "a@example.org", "password": password, "role": "staff"}
        validate(CreateAccountInput, values)
        created = True
    except DomainValidationError as exc:
        assert [error.field for error in exc.errors] == ["password"]
        created = False
    try:
        check_new_password(password)
        changed = True
    except DomainValidationError as exc:
        assert [error.field for error in exc.errors] == ["password"]
        changed = False
    assert created is changed is (MIN_LENGTH <= length <= PASSWORD_MAX_LENGTH)
