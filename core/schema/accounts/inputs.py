"""Inputs of the accounts' mutations, derived from the service inputs."""

from __future__ import annotations

# Imported for its enums, which an input takes: they must be GraphQL enums first.
import core.schema.accounts.types  # noqa: F401
from core.schema.derive import input_from
from core.services import accounts


@input_from(accounts.LoginInput)
class LoginInput:
    pass


@input_from(accounts.RefreshInput)
class RefreshTokenInput:
    pass


@input_from(accounts.CreateAccountInput)
class CreateAccountInput:
    pass


@input_from(accounts.AccountIdInput)
class AccountIdInput:
    pass


@input_from(accounts.ChangePasswordInput)
class ChangePasswordInput:
    """The caller's current password and the new one."""
