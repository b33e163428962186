"""Accounts, their sign-in sessions, and the audit log of mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from core.db.models.base import json_column, timestamp


class Account(SQLModel, table=True):
    """Someone who signs in. Ministry and embassy officers belong to one country,
    a host company account to one company."""

    __tablename__ = "account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    password_hash: str = Field(max_length=200)
    role: str = Field(max_length=30)
    country_code: str | None = Field(default=None, max_length=2)
    host_company_id: int | None = Field(default=None, foreign_key="host_company.id")
    active: bool = True
    created_at: datetime = timestamp()


class AuthSession(SQLModel, table=True):
    """One sign-in or refresh: the refresh token (stored hashed) and whether it was revoked.

    Access tokens name their session, so signing out ends them at once, in
    every server process. A refresh revokes the session and starts a new one of
    the same family (``family_id``: the id of the sign-in's first session), so a
    rotated refresh token presented again can end every session of its family.
    """

    __tablename__ = "auth_session"

    id: str = Field(primary_key=True, max_length=36)
    account_id: int = Field(foreign_key="account.id", index=True)
    family_id: str = Field(max_length=36, index=True)
    refresh_token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    created_at: datetime = timestamp()


class AuditEntry(SQLModel, table=True):
    """Who ran which mutation, when, from which address, with what result."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="account.id", index=True)
    actor: str | None = Field(default=None, max_length=254)
    client_address: str | None = Field(default=None, max_length=64)
    operation: str = Field(max_length=200)
    fields: list[str] = json_column(default=list)
    variables: dict[str, Any] = json_column(default=dict)
    succeeded: bool
    at: datetime = timestamp()
