"""Service settings, read from the environment (prefix ``IMJAPAN_``).

``DATABASE_URL`` is also accepted without the prefix, as most hosting platforms
set it under that name.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Profile = Literal["development", "production"]

DEFAULT_DATABASE_URL = "sqlite:///imjapan.sqlite3"


class Settings(BaseSettings):
    """Everything the service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="IMJAPAN_", extra="ignore", frozen=True)

    profile: Profile = "development"
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("DATABASE_URL", "IMJAPAN_DATABASE_URL"),
        description="SQLAlchemy URL; a SQLite file by default, PostgreSQL when it names one.",
    )
    database_schema: str | None = Field(
        default=None,
        pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description="PostgreSQL schema to keep the tables in (its search path); ignored by SQLite.",
    )
    migrate_on_start: bool | None = Field(
        default=None,
        description="Apply pending migrations when the service starts; on in development.",
    )
    countries: Annotated[tuple[str, ...] | None, NoDecode] = Field(
        default=None,
        description=(
            "Comma-separated entry-point names of the country plugins to load "
            "(e.g. 'indonesia,thailand'). Unset loads every installed country."
        ),
    )
    allow_user_assigned_codes: bool = Field(
        default=False,
        description=(
            "Accept the ISO 3166-1 user-assigned codes (AA, QM-QZ, XA-XZ, ZZ), which "
            "example and test countries use. Off in a real deployment."
        ),
    )
    graphiql: bool | None = Field(
        default=None, description="Serve GraphiQL at /graphql; defaults to on in development."
    )
    query_cache_size: int = Field(
        default=1000,
        ge=1,
        le=100_000,
        description="Entries kept by each of the parser and validation caches.",
    )
    trace_plugins: bool = Field(default=False, description="Log every plugin hook call.")

    @field_validator("countries", mode="before")
    @classmethod
    def _split_countries(cls, value: object) -> object:
        if isinstance(value, str):
            names = tuple(part.strip() for part in value.split(",") if part.strip())
            return names or None
        return value

    @property
    def migrates_on_start(self) -> bool:
        """Development migrates at start-up; production runs ``imjapan migrate`` first."""
        if self.migrate_on_start is not None:
            return self.migrate_on_start
        return self.profile == "development"

    @property
    def graphiql_enabled(self) -> bool:
        """GraphiQL follows the profile unless set explicitly."""
        if self.graphiql is not None:
            return self.graphiql
        return self.profile == "development"
