"""The accounts' mutations and their payloads: signing in and out, account administration."""

from __future__ import annotations

from datetime import datetime, timedelta

import strawberry

from core.db.counters import Reservation
from core.db.models import Account as AccountRow
from core.errors import ErrorCode
from core.i18n import Message
from core.schema.accounts.inputs import (
    AccountIdInput,
    ChangePasswordInput,
    CreateAccountInput,
    LoginInput,
    RefreshTokenInput,
)
from core.schema.accounts.types import Account
from core.schema.base import Info, UserError, as_data, mutate, services, user_errors
from core.schema.permissions import ADMIN, PUBLIC, SIGNED_IN
from core.services import accounts, sign_in
from core.services.accounts import TokenPair, TokenPolicy


@strawberry.type(description="Tokens of a new session: send the access token as a Bearer token.")
class AuthPayload:
    access_token: str | None = None
    refresh_token: str | None = None
    expires_at: datetime | None = strawberry.field(
        default=None, description="When the access token expires; refresh before."
    )
    account: Account | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, pair: TokenPair | None) -> AuthPayload:
        if pair is None:
            # A reused refresh token ended its family (committed); it is refused like any other.
            return cls(errors=user_errors(accounts.refresh_refused()))
        return cls(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_at=pair.expires_at,
            account=Account.from_row(pair.account),
        )


@strawberry.type
class AccountPayload:
    account: Account | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)

    @classmethod
    def of(cls, row: AccountRow) -> AccountPayload:
        return cls(account=Account.from_row(row))


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[UserError] = strawberry.field(default_factory=list)


def token_policy(info: Info) -> TokenPolicy:
    settings = info.context.settings
    return TokenPolicy(
        secret=info.context.token_secret,
        access_lifetime=timedelta(minutes=settings.access_token_minutes),
        refresh_lifetime=timedelta(days=settings.refresh_token_days),
    )


def _paused(attempt: Reservation) -> UserError:
    message = Message(
        "too many failed sign-ins; try again in {seconds} s", seconds=attempt.window.reset_in
    )
    return UserError(field=None, message=message, code=ErrorCode.LIMIT_EXCEEDED)


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Sign in with email and password.", permission_classes=PUBLIC)
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        db = info.context.db
        allowed = info.context.settings.login_failures_allowed
        email: str | None = as_data(input).get("email")
        attempt = await sign_in.reserve_attempt(db, email, allowed=allowed)
        if attempt.window.exceeded:
            return AuthPayload(errors=[_paused(attempt)])
        payload = await mutate(
            info,
            accounts.LoginInput,
            input,
            sign_in.sign_in,
            AuthPayload,
            policy=token_policy(info),
        )
        if not payload.errors:  # a refusal keeps the reservation: a failure
            await sign_in.succeeded(db, email, attempt)
        return payload

    @strawberry.mutation(
        description="New tokens for a refresh token; the old one stops working.",
        permission_classes=PUBLIC,
    )
    async def refresh_token(self, info: Info, input: RefreshTokenInput) -> AuthPayload:
        return await mutate(
            info,
            accounts.RefreshInput,
            input,
            accounts.refresh,
            AuthPayload,
            policy=token_policy(info),
        )

    @strawberry.mutation(
        description="End this session: its access and refresh tokens stop working.",
        permission_classes=SIGNED_IN,
    )
    async def logout(self, info: Info) -> LogoutPayload:
        actor = info.context.actor
        assert actor is not None
        await services(info).write(accounts.logout, actor=actor)
        return LogoutPayload(ok=True)

    @strawberry.mutation(description="Create an account.", permission_classes=ADMIN)
    async def create_account(self, info: Info, input: CreateAccountInput) -> AccountPayload | None:
        return await mutate(
            info, accounts.CreateAccountInput, input, accounts.create_account, AccountPayload
        )

    @strawberry.mutation(
        description="Deactivate an account and end its sessions.", permission_classes=ADMIN
    )
    async def deactivate_account(self, info: Info, input: AccountIdInput) -> AccountPayload | None:
        return await mutate(
            info, accounts.AccountIdInput, input, accounts.deactivate_account, AccountPayload
        )

    @strawberry.mutation(
        description="Let a deactivated account sign in again.", permission_classes=ADMIN
    )
    async def reactivate_account(self, info: Info, input: AccountIdInput) -> AccountPayload | None:
        return await mutate(
            info, accounts.AccountIdInput, input, accounts.reactivate_account, AccountPayload
        )

    @strawberry.mutation(
        description=(
            "Change one's own password, giving the current one (a wrong one counts as a "
            "failed sign-in). The account's other sessions end; this one goes on."
        ),
        permission_classes=SIGNED_IN,
    )
    async def change_password(self, info: Info, input: ChangePasswordInput) -> AccountPayload:
        actor = info.context.actor
        assert actor is not None
        db = info.context.db
        allowed = info.context.settings.login_failures_allowed
        attempt = await sign_in.reserve_attempt(db, actor.email, allowed=allowed)
        if attempt.window.exceeded:
            return AccountPayload(errors=[_paused(attempt)])
        payload = await mutate(
            info,
            accounts.ChangePasswordInput,
            input,
            accounts.change_password,
            AccountPayload,
            caller=actor,
        )
        wrong = any(
            error.field == "currentPassword" and error.code is ErrorCode.INVALID
            for error in payload.errors
        )
        if not wrong:  # only a wrong current password counts, as a failed sign-in
            await sign_in.succeeded(db, actor.email, attempt)
        return payload
