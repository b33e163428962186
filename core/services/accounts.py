"""Creating accounts, signing in and out, and recognising the actor of a request."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import Field, ValidationInfo, field_validator
from sqlalchemy import Select, bindparam, update
from sqlalchemy import select as sql_select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.passwords import MIN_LENGTH, hash_password, verify_password
from core.auth.roles import COUNTRY_ROLES, Actor, Role
from core.auth.tokens import (
    InvalidToken,
    issue_access_token,
    new_refresh_token,
    read_access_token,
    token_hash,
)
from core.db.models import Account, AuthSession, HostCompany
from core.db.session import Database
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Message
from core.plugins.registry import CountryRegistry
from core.services.inputs import Input, RowId
from core.services.lookups import country_or_refuse, get_or_refuse
from core.services.pages import Listing, column_order

LOGIN_REFUSED = Message("the email or the password is wrong, or the account is deactivated")
PASSWORD_MAX_LENGTH = 200
REUSE_GRACE = timedelta(seconds=10)
"""A rotated refresh token presented again this soon is taken for the same
client refreshing twice at once (two tabs, a retried request): refused, its
family left alone. Presented later, it is taken as a stolen copy and ends the
family."""


def clock() -> datetime:
    """The time refreshes are judged by; tests replace it to step past the grace."""
    return datetime.now(UTC)


class CreateAccountInput(Input):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    password: str = Field(
        min_length=MIN_LENGTH,
        max_length=PASSWORD_MAX_LENGTH,
        description=f"{MIN_LENGTH} characters or more.",
    )
    role: Role
    country_code: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z]{2}$",
        validate_default=True,
        description="For ministry and embassy officers.",
    )
    host_company_id: RowId | None = Field(
        default=None, validate_default=True, description="For host company accounts."
    )

    @field_validator("country_code")
    @classmethod
    def _country_fits_role(cls, country_code: str | None, info: ValidationInfo) -> str | None:
        if "role" not in info.data:
            return country_code
        if info.data["role"] in COUNTRY_ROLES and country_code is None:
            raise ValueError(Message("countryCode is required for ministry and embassy officers"))
        if info.data["role"] not in COUNTRY_ROLES and country_code is not None:
            raise ValueError(Message("countryCode is only for ministry and embassy officers"))
        return country_code

    @field_validator("host_company_id")
    @classmethod
    def _company_fits_role(cls, host_company_id: int | None, info: ValidationInfo) -> int | None:
        if "role" not in info.data:
            return host_company_id
        if info.data["role"] is Role.HOST_COMPANY and host_company_id is None:
            raise ValueError(Message("hostCompanyId is required for a host company account"))
        if info.data["role"] is not Role.HOST_COMPANY and host_company_id is not None:
            raise ValueError(Message("hostCompanyId is only for host company accounts"))
        return host_company_id


class LoginInput(Input):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class RefreshInput(Input):
    refresh_token: str = Field(min_length=1, max_length=200)


class AccountIdInput(Input):
    account_id: RowId


class ChangePasswordInput(Input):
    current_password: str = Field(min_length=1, max_length=PASSWORD_MAX_LENGTH)
    new_password: str = Field(
        min_length=1,
        max_length=PASSWORD_MAX_LENGTH,
        description=f"{MIN_LENGTH} characters or more.",
    )


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: datetime
    account: Account


@dataclass(frozen=True)
class TokenPolicy:
    secret: str
    access_lifetime: timedelta
    refresh_lifetime: timedelta


async def create_account(
    *, session: AsyncSession, registry: CountryRegistry, data: CreateAccountInput
) -> Account:
    email = data.email.strip().lower()
    country = None
    if data.country_code is not None:
        country = country_or_refuse(registry, data.country_code.upper(), field="countryCode").code
    if data.host_company_id is not None:
        await get_or_refuse(
            session, HostCompany, data.host_company_id, field="hostCompanyId", label="host company"
        )
    existing = await session.exec(select(Account.id).where(Account.email == email))
    if existing.first() is not None:
        raise DomainValidationError.single(
            "email", Message("an account with this email exists"), ErrorCode.DUPLICATE
        )
    account = Account(
        email=email,
        password_hash=await hash_password(data.password),
        role=data.role.value,
        country_code=country,
        host_company_id=data.host_company_id,
    )
    session.add(account)
    await session.flush()
    return account


async def deactivate_account(*, session: AsyncSession, data: AccountIdInput) -> Account:
    """Deactivate an account and end its sessions."""
    account = await get_or_refuse(
        session, Account, data.account_id, field="accountId", label="account"
    )
    account.active = False
    session.add(account)
    await end_sessions(session, account)
    await session.flush()
    return account


async def reactivate_account(*, session: AsyncSession, data: AccountIdInput) -> Account:
    """Let a deactivated account sign in again (its ended sessions stay ended)."""
    account = await get_or_refuse(
        session, Account, data.account_id, field="accountId", label="account"
    )
    if account.active:
        raise DomainValidationError.single(
            "accountId", Message("the account is active"), ErrorCode.NOT_ALLOWED_STATE
        )
    account.active = True
    session.add(account)
    await session.flush()
    return account


def check_new_password(password: str, *, field: str = "password") -> None:
    """Refuse a password that account creation would refuse (its length).

    Raises:
        DomainValidationError: on ``field``.
    """
    if not MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH:
        raise DomainValidationError.single(
            field,
            Message(
                "must have {minimum} to {maximum} characters",
                minimum=MIN_LENGTH,
                maximum=PASSWORD_MAX_LENGTH,
            ),
            ErrorCode.INVALID,
        )


async def account_by_email(session: AsyncSession, email: str) -> Account:
    """The account of ``email`` (trimmed, any case), locked until the transaction ends.

    Raises:
        DomainValidationError: on ``email``, when there is no such account.
    """
    address = email.strip().lower()
    statement = select(Account).where(col(Account.email) == address).with_for_update()
    account = (await session.exec(statement)).first()
    if account is None:
        raise DomainValidationError.single(
            "email",
            Message("no account with email {address}", address=repr(address)),
            ErrorCode.NOT_FOUND,
        )
    return account


async def set_password(*, session: AsyncSession, email: str, password: str) -> Account:
    """Give the account of ``email`` a new password and end its sessions (a new
    password should sign out whoever knew the old one)."""
    check_new_password(password)
    account = await account_by_email(session, email)
    account.password_hash = await hash_password(password)
    session.add(account)
    await end_sessions(session, account)
    return account


async def end_sessions(session: AsyncSession, account: Account, *, keep: str | None = None) -> None:
    """Revoke the account's live sessions but ``keep`` (a session id): their refresh
    tokens stop working, and so do their access tokens (:func:`authenticate`
    checks the session)."""
    statement = update(AuthSession).where(
        col(AuthSession.account_id) == account.id, col(AuthSession.revoked_at).is_(None)
    )
    if keep is not None:
        statement = statement.where(col(AuthSession.id) != keep)
    await session.exec(statement.values(revoked_at=datetime.now(UTC)))


WRONG_PASSWORD = "the current password is wrong"


async def change_password(
    *, session: AsyncSession, db: Database, data: ChangePasswordInput, caller: Actor
) -> Account:
    """Give the caller's account a new password if ``data`` gives its current one,
    and end its other sessions (the caller's own goes on).

    As in sign-in (:mod:`core.services.sign_in`), the slow password work (the
    check and the new hash) is done holding no connection; the write then locks
    the account and refuses if its password changed meanwhile.

    Raises:
        DomainValidationError: on ``currentPassword`` when it is wrong (a failed
            sign-in, for the caller to count), on ``newPassword`` when the
            password rules refuse it or it is the current one.
    """
    async with db.session() as reading:
        known = await session_account(reading, caller.account_id)
    if not await verify_password(known.password_hash, data.current_password):
        raise DomainValidationError.single("currentPassword", WRONG_PASSWORD, ErrorCode.INVALID)
    check_new_password(data.new_password, field="newPassword")
    if data.new_password == data.current_password:
        raise DomainValidationError.single(
            "newPassword", Message("is the current password"), ErrorCode.INVALID
        )
    new_hash = await hash_password(data.new_password)
    account = await session_account(session, caller.account_id, lock=True)
    if account.password_hash != known.password_hash:
        raise DomainValidationError.single(
            "currentPassword",
            Message("the password was changed meanwhile; try again with the new one"),
            ErrorCode.DUPLICATE,
        )
    account.password_hash = new_hash
    session.add(account)
    await end_sessions(session, account, keep=caller.session_id)
    await session.flush()
    return account


async def session_account(session: AsyncSession, account_id: int, *, lock: bool = False) -> Account:
    """The account of a signed-in actor (it exists: the actor's session was checked)."""
    statement = select(Account).where(col(Account.id) == account_id)
    if lock:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return (await session.exec(statement)).one()


async def account_for_login(*, session: AsyncSession, data: LoginInput) -> Account | None:
    """The account ``data`` names by email, if any (read before :func:`check_password`)."""
    return (
        await session.exec(select(Account).where(Account.email == data.email.strip().lower()))
    ).first()


async def check_password(account: Account | None, data: LoginInput) -> Account:
    """``account`` when it is active and ``data`` gives its password; refused otherwise.

    It uses no database: the sign-in mutation checks the password (slow on
    purpose) holding no connection, so no reader or writer waits for it, and
    then starts the session with :func:`start_session` in its write transaction.
    """
    matches = await verify_password(account.password_hash if account else None, data.password)
    if account is None or not matches or not account.active:
        raise DomainValidationError.single(None, LOGIN_REFUSED, ErrorCode.INVALID)
    return account


async def start_session(
    *, session: AsyncSession, account: Account, policy: TokenPolicy
) -> TokenPair:
    """A new sign-in session of ``account`` (already verified) and its tokens."""
    return await _start_session(session, account, policy)


async def refresh(
    *, session: AsyncSession, data: RefreshInput, policy: TokenPolicy
) -> TokenPair | None:
    """Exchange a refresh token for new tokens; the old refresh token stops working.

    The rotation revokes the presented session with one conditional ``UPDATE``
    (only while it is still live), so of concurrent refreshes of one token
    exactly one wins and the rest are refused. A rotated token presented again
    more than :data:`REUSE_GRACE` after its rotation is taken as stolen: every
    live session of its family is ended and ``None`` is returned, for the caller
    to commit that and refuse as for an unknown token (:func:`refresh_refused`).

    Raises:
        DomainValidationError: the token is unknown, used up, expired or its
            account deactivated (nothing is written).
    """
    now = clock()
    auth_session = (
        await session.exec(
            select(AuthSession).where(
                AuthSession.refresh_token_hash == token_hash(data.refresh_token)
            )
        )
    ).first()
    if auth_session is None:
        raise refresh_refused()
    if auth_session.revoked_at is not None:
        if now - _aware(auth_session.revoked_at) < REUSE_GRACE:
            raise refresh_refused()
        await session.exec(
            update(AuthSession)
            .where(
                col(AuthSession.family_id) == auth_session.family_id,
                col(AuthSession.revoked_at).is_(None),
            )
            .values(revoked_at=now)
        )
        return None
    account = await session.get(Account, auth_session.account_id)
    if account is None or _aware(auth_session.expires_at) <= now or not account.active:
        raise refresh_refused()
    rotated = await session.exec(
        update(AuthSession)
        .where(col(AuthSession.id) == auth_session.id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    if rotated.rowcount != 1:  # a concurrent refresh of the same token won
        raise refresh_refused()
    return await _start_session(session, account, policy, family_id=auth_session.family_id)


def refresh_refused() -> DomainValidationError:
    """The one answer to every refresh token that cannot be used, reused ones included."""
    return DomainValidationError.single(
        "refreshToken", Message("the refresh token is not valid; sign in again"), ErrorCode.INVALID
    )


async def logout(*, session: AsyncSession, actor: Actor) -> None:
    auth_session = await session.get(AuthSession, actor.session_id)
    if auth_session is not None and auth_session.revoked_at is None:
        auth_session.revoked_at = datetime.now(UTC)
        session.add(auth_session)
        await session.flush()


SESSION_COLUMNS = (
    col(AuthSession.revoked_at),
    col(Account.active),
    col(Account.email),
    col(Account.role),
    col(Account.country_code),
    col(Account.host_company_id),
)
"""What the sign-in check reads of a session and its account (:func:`actor_of` a row)."""


def session_check(session_id: Any, account_id: Any) -> Select[Any]:
    """The sign-in check: the session ``session_id`` of the account ``account_id``
    (values or bound parameters), one row or none."""
    return (
        sql_select(*SESSION_COLUMNS)  # sqlmodel's select types at most four columns
        .join(AuthSession, col(AuthSession.account_id) == col(Account.id))
        .where(col(AuthSession.id) == session_id, col(Account.id) == account_id)
    )


_SESSION_CHECK = session_check(bindparam("session_id"), bindparam("account_id"))
"""The sign-in check, built once: every signed-in request makes it."""


def actor_of(row: Sequence[Any] | None, account_id: int, session_id: str) -> Actor:
    """The actor of the sign-in check's ``row`` (:data:`SESSION_COLUMNS`), or
    :class:`InvalidToken` when there is none or the session has ended. The row may come
    untyped from the driver (SQLite's 0/1 for ``active``, a string for ``revoked_at``)."""
    if row is None:
        raise InvalidToken("no such session")
    revoked_at, active, email, role, country_code, host_company_id = row
    if revoked_at is not None or not active:
        raise InvalidToken("the session has ended")
    return Actor(
        account_id=account_id,
        email=email,
        role=Role(role),
        session_id=session_id,
        country_code=country_code,
        host_company_id=host_company_id,
    )


async def authenticate(reader: AsyncSession | AsyncConnection, token: str, *, secret: str) -> Actor:
    """The actor behind an access token, if its session is live and its account active.

    ``reader`` is a session or a connection (``Database.single_read``: the check is
    one statement, and every signed-in request makes it).

    Raises:
        InvalidToken: for any token that does not name a live session.
    """
    account_id, session_id = read_access_token(token, secret=secret)
    connection = await reader.connection() if isinstance(reader, AsyncSession) else reader
    found = await connection.execute(
        _SESSION_CHECK, {"session_id": session_id, "account_id": account_id}
    )
    return actor_of(found.first(), account_id, session_id)


async def _start_session(
    session: AsyncSession, account: Account, policy: TokenPolicy, *, family_id: str | None = None
) -> TokenPair:
    """A new session; a sign-in starts a family (``family_id`` None), a refresh continues one."""
    assert account.id is not None
    now = datetime.now(UTC)
    refresh_token = new_refresh_token()
    session_id = str(uuid.uuid4())
    auth_session = AuthSession(
        id=session_id,
        account_id=account.id,
        family_id=family_id or session_id,
        refresh_token_hash=token_hash(refresh_token),
        expires_at=now + policy.refresh_lifetime,
    )
    session.add(auth_session)
    await session.flush()
    access = issue_access_token(
        secret=policy.secret,
        account_id=account.id,
        session_id=auth_session.id,
        role=Role(account.role),
        lifetime=policy.access_lifetime,
        now=now,
    )
    return TokenPair(
        access_token=access,
        refresh_token=refresh_token,
        expires_at=now + policy.access_lifetime,
        account=account,
    )


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they are UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def account_by_id(session: AsyncSession, account_id: int) -> Account | None:
    return await session.get(Account, account_id)


def all_accounts() -> Listing[Account]:
    """Every account, by email (unique; the id only makes the order's key total)."""
    return Listing(
        name="account",
        statement=select(Account),
        order=column_order("email", col(Account.email), col(Account.id)),
    )
