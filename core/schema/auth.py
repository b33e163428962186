"""Signing in and out, the signed-in account, and account administration."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta
from typing import cast

import strawberry
from graphql import GraphQLError
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from strawberry.scalars import JSON

from core.auth.roles import Role as RoleEnum
from core.db.counters import release, reserve
from core.db.models import Account as AccountRow
from core.db.models import AuditEntry as AuditRow
from core.errors import ErrorCode
from core.schema.errors import UserError, user_errors
from core.schema.ids import filter_id
from core.schema.lifecycle.mutations import run
from core.schema.lifecycle.types import Info
from core.schema.permissions import ADMIN, PUBLIC, SIGNED_IN
from core.services import accounts
from core.services.accounts import TokenPair, TokenPolicy

Role = strawberry.enum(RoleEnum, name="Role")
LOGIN_FAILURE_WINDOW = 15 * 60
"""Failed sign-ins of one email are counted over the last 15 minutes; past the
allowed number, sign-in pauses until the oldest counted failure is older than
that (in every server process).

Each attempt is counted (reserved) before its password is checked, atomically
with reading the count, so a concurrent burst gets at most the allowed number
of checks. A refused attempt (paused, no check) and a successful one are taken
back: only failures count, as they did one at a time."""
LOGIN_FAILURE_BUCKET = 60
"""Failures are counted per minute, so "the last 15 minutes" is exact to a minute."""


@strawberry.type
class Account:
    id: strawberry.ID
    email: str
    role: RoleEnum
    country_code: str | None
    host_company_id: strawberry.ID | None
    active: bool
    created_at: datetime

    @classmethod
    def from_row(cls, row: AccountRow) -> Account:
        return cls(
            id=strawberry.ID(str(row.id)),
            email=row.email,
            role=RoleEnum(row.role),
            country_code=row.country_code,
            host_company_id=strawberry.ID(str(row.host_company_id))
            if row.host_company_id
            else None,
            active=row.active,
            created_at=row.created_at,
        )


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
    def from_pair(cls, pair: TokenPair) -> AuthPayload:
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


@strawberry.type
class LogoutPayload:
    ok: bool
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="One mutation as the audit log keeps it.")
class AuditEntry:
    id: strawberry.ID
    actor: str | None
    client_address: str | None
    operation: str
    fields: list[str]
    variables: JSON = strawberry.field(description="With passwords and tokens blanked.")
    succeeded: bool
    at: datetime


@strawberry.input
class LoginInput:
    email: str | None = None
    password: str | None = None


@strawberry.input
class RefreshTokenInput:
    refresh_token: str | None = None


@strawberry.input
class CreateAccountInput:
    email: str | None = None
    password: str | None = strawberry.field(default=None, description="12 characters or more.")
    role: RoleEnum | None = None
    country_code: str | None = strawberry.field(
        default=None, description="For ministry and embassy officers."
    )
    host_company_id: strawberry.ID | None = strawberry.field(
        default=None, description="For host company accounts."
    )


@strawberry.input
class AccountIdInput:
    account_id: strawberry.ID | None = None


def token_policy(info: Info) -> TokenPolicy:
    settings = info.context.settings
    return TokenPolicy(
        secret=info.context.token_secret,
        access_lifetime=timedelta(minutes=settings.access_token_minutes),
        refresh_lifetime=timedelta(days=settings.refresh_token_days),
    )


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Sign in with email and password.", permission_classes=PUBLIC)
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        policy = token_policy(info)
        db, allowed = info.context.db, info.context.settings.login_failures_allowed
        failures = f"login:{(input.email or '').strip().lower()}"
        attempt = await reserve(
            db, failures, limit=allowed, seconds=LOGIN_FAILURE_WINDOW, bucket=LOGIN_FAILURE_BUCKET
        )
        if attempt.window.exceeded:
            await release(db, failures, attempt)
            message = f"too many failed sign-ins; try again in {attempt.window.reset_in} s"
            return AuthPayload(
                errors=[UserError(field=None, message=message, code=ErrorCode.LIMIT_EXCEEDED)]
            )

        async def operation(session: AsyncSession, data: accounts.LoginInput) -> TokenPair:
            async with db.session() as reading:  # the password check holds no connection
                account = await accounts.account_for_login(session=reading, data=data)
            account = await accounts.check_password(account, data)
            return await accounts.start_session(session=session, account=account, policy=policy)

        pair, errors = await run(info, accounts.LoginInput, input, operation)
        if pair is None:
            return AuthPayload(errors=errors)  # the reservation stays: a failure
        # The session is committed: the answer is a success even if the counter
        # cannot be corrected now (the attempt then counts as a failure).
        with suppress(SQLAlchemyError):
            await release(db, failures, attempt)
        return AuthPayload.from_pair(pair)

    @strawberry.mutation(
        description="New tokens for a refresh token; the old one stops working.",
        permission_classes=PUBLIC,
    )
    async def refresh_token(self, info: Info, input: RefreshTokenInput) -> AuthPayload:
        policy = token_policy(info)

        async def operation(session: AsyncSession, data: accounts.RefreshInput) -> TokenPair | None:
            return await accounts.refresh(session=session, data=data, policy=policy)

        pair, errors = await run(info, accounts.RefreshInput, input, operation)
        if pair is None:
            # A reused token ended its family (committed); it is refused like any other.
            return AuthPayload(errors=errors or user_errors(accounts.refresh_refused()))
        return AuthPayload.from_pair(pair)

    @strawberry.mutation(
        description="End this session: its access and refresh tokens stop working.",
        permission_classes=SIGNED_IN,
    )
    async def logout(self, info: Info) -> LogoutPayload:
        actor = info.context.actor
        assert actor is not None
        async with info.context.db.transaction() as session:
            await accounts.logout(session=session, actor=actor)
        return LogoutPayload(ok=True)

    @strawberry.mutation(description="Create an account.", permission_classes=ADMIN)
    async def create_account(self, info: Info, input: CreateAccountInput) -> AccountPayload:
        async def operation(session: AsyncSession, data: accounts.CreateAccountInput) -> AccountRow:
            return await accounts.create_account(
                session=session, registry=info.context.registry, data=data
            )

        row, errors = await run(info, accounts.CreateAccountInput, input, operation)
        return AccountPayload(account=Account.from_row(row) if row else None, errors=errors)

    @strawberry.mutation(
        description="Deactivate an account and end its sessions.", permission_classes=ADMIN
    )
    async def deactivate_account(self, info: Info, input: AccountIdInput) -> AccountPayload:
        async def operation(session: AsyncSession, data: accounts.AccountIdInput) -> AccountRow:
            return await accounts.deactivate_account(session=session, data=data)

        row, errors = await run(info, accounts.AccountIdInput, input, operation)
        return AccountPayload(account=Account.from_row(row) if row else None, errors=errors)


@strawberry.type
class AuthQuery:
    @strawberry.field(description="The signed-in account.", permission_classes=SIGNED_IN)
    async def me(self, info: Info) -> Account | None:
        actor = info.context.actor
        assert actor is not None
        async with info.context.db.session() as session:
            row = await session.get(AccountRow, actor.account_id)
        return Account.from_row(row) if row else None

    @strawberry.field(description="Every account, by email.", permission_classes=ADMIN)
    async def accounts(self, info: Info) -> list[Account]:
        async with info.context.db.session() as session:
            rows = await session.exec(select(AccountRow).order_by(col(AccountRow.email)))
            return [Account.from_row(row) for row in rows.all()]

    @strawberry.field(
        description="Mutations, newest first (at most 100 per page).", permission_classes=ADMIN
    )
    async def audit_log(
        self, info: Info, first: int = 50, before_id: strawberry.ID | None = None
    ) -> list[AuditEntry]:
        if not 1 <= first <= 100:
            raise GraphQLError("first: must be between 1 and 100", extensions={"code": "INVALID"})
        statement = select(AuditRow).order_by(col(AuditRow.id).desc()).limit(first)
        if before_id is not None:
            statement = statement.where(col(AuditRow.id) < filter_id(before_id, "beforeId"))
        async with info.context.db.session() as session:
            rows = (await session.exec(statement)).all()
        return [
            AuditEntry(
                id=strawberry.ID(str(row.id)),
                actor=row.actor,
                client_address=row.client_address,
                operation=row.operation,
                fields=list(row.fields),
                variables=cast(JSON, row.variables),
                succeeded=row.succeeded,
                at=row.at,
            )
            for row in rows
        ]
