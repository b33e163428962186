"""Service settings, read from the environment (prefix ``IMJAPAN_``).

``DATABASE_URL`` is also accepted without the prefix, as most hosting platforms
set it under that name.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Profile = Literal["development", "production"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogFormat = Literal["json", "console"]

DEFAULT_DATABASE_URL = "sqlite:///imjapan.sqlite3"
GC_THRESHOLD = 50_000
"""Young-generation threshold of a served process, chosen with ``bench.breakdown``."""


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
    database_connect_timeout: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description=(
            "Seconds connecting to the database may take; past that, /graphql answers 503 "
            "SERVICE_UNAVAILABLE (and tries again after a 2 s pause) instead of waiting."
        ),
    )
    database_busy_timeout: float = Field(
        default=3.0,
        gt=0,
        le=60,
        description=(
            "Seconds a request waits for a pooled connection or for its turn to write "
            "(SQLite's single write lock); past that it answers 503 SERVICE_BUSY."
        ),
    )
    database_pool_size: int | None = Field(
        default=None,
        ge=1,
        le=1000,
        description=(
            "Database connections a process keeps open once opened; unset, as many as "
            "operations it executes at once (IMJAPAN_MAX_CONCURRENT_OPERATIONS), so steady "
            "load opens none per request."
        ),
    )
    database_ping_after_idle_seconds: float = Field(
        default=1.0,
        ge=0,
        le=3600,
        description=(
            "A pooled PostgreSQL connection idle this long is pinged before use (one "
            "round trip); one used more recently is trusted. 0 pings at every use."
        ),
    )
    database_max_overflow: int = Field(
        default=8,
        ge=0,
        le=1000,
        description=(
            "Connections opened beyond the pool for work outside the operation slots "
            "(rate-limit counters, subscriptions, downloads), closed when returned."
        ),
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
    query_cache_bytes: int = Field(
        default=32 * 1_048_576,
        ge=1_048_576,
        le=4096 * 1_048_576,
        description=(
            "Bytes (estimated from each document's tokens) kept by each of the parser, "
            "validation and persisted-query caches of a process."
        ),
    )
    sign_in_recheck_seconds: float = Field(
        default=1.0,
        ge=0,
        le=60,
        description=(
            "Seconds a bearer token the endpoint accepted is taken as still accepted for "
            "catalogue answers from the response cache (signature and expiry are checked "
            "every time; a mutation in this process forgets them all; core/http/"
            "recent_sign_ins.py); 0 checks the session in the database every time."
        ),
    )
    response_cache_bytes: int = Field(
        default=8 * 1_048_576,
        ge=0,
        le=1024 * 1_048_576,
        description=(
            "Bytes of catalogue query responses each process keeps to answer repeats "
            "without executing them (core/http/response_cache.py); 0 turns the cache off."
        ),
    )
    gc_freeze: bool = Field(
        default=True,
        description=(
            "Move what start-up built (schema, plugins, catalogue) out of the garbage "
            "collector's generations once the app is built, so no collection walks it again."
        ),
    )
    gc_threshold: int = Field(
        default=GC_THRESHOLD,
        ge=0,
        le=1_000_000,
        description=(
            "Allocations (net of frees) between two young-generation collections in a served "
            "process; 0 keeps Python's own (700)."
        ),
    )
    compiled_reads: bool = True
    """Answer the queries whose selection core.schema.compiled knows (the candidates page,
    a candidate by id, a country's recruitment calls) with one SQL statement per root field
    whose JSON the database builds; anything else takes the resolver path."""
    max_query_depth: int = Field(
        default=10,
        ge=1,
        le=100,
        description=(
            "Deepest nesting of selections an operation may have (fragments expanded; "
            "introspection fields have a fixed limit of their own)."
        ),
    )
    max_query_aliases: int = Field(
        default=15,
        ge=0,
        le=1000,
        description="Aliases a document may use, counting each fragment spread where it is used.",
    )
    max_query_field_repeats: int = Field(
        default=20,
        ge=1,
        le=1000,
        description=(
            "Selections that may answer under one response name at one place (fragments "
            "merged in); graphql-core's overlap check costs the square of this."
        ),
    )
    max_query_selections: int = Field(
        default=10_000,
        ge=100,
        le=1_000_000,
        description="Field selections a document may have once its fragments are expanded.",
    )
    max_query_tokens: int = Field(
        default=2000,
        ge=100,
        le=100_000,
        description="Lexical tokens a document may have, comments included; parsing stops there.",
    )
    max_body_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        le=100 * 1_048_576,
        description="Largest request body (413 before it is read) and query string (414).",
    )
    persisted_query_max_bytes: int = Field(
        default=16_384,
        ge=1024,
        le=1_048_576,
        description="Largest query (UTF-8 bytes) that may be registered as a persisted query.",
    )
    persisted_queries_max: int = Field(
        default=10_000,
        ge=10,
        le=10_000_000,
        description="Persisted queries kept in the database; the oldest beyond go when pruned.",
    )
    persisted_query_max_age_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Days a persisted query is kept after it was registered.",
    )
    max_header_bytes: int = Field(
        default=16_384,
        ge=1024,
        le=1_048_576,
        description="Largest request head (request line and headers); larger ones get 431.",
    )
    request_time_limit: float = Field(
        default=5.0,
        gt=0,
        le=300,
        description=(
            "Seconds an operation may execute; past that its work is cancelled and the "
            "response is an error."
        ),
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description=(
            "Comma-separated origins (scheme://host[:port]) whose browser pages may call "
            "the API; none by default."
        ),
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description=(
            "Key that signs access tokens; required in production and the same in every "
            "process. Development makes a random one at start-up."
        ),
    )
    access_token_minutes: int = Field(default=15, ge=1, le=60)
    refresh_token_days: int = Field(default=14, ge=1, le=90)
    rate_limits: bool = Field(default=True, description="Apply the rate limits below.")
    rate_limit_per_account: int = Field(
        default=600, ge=1, description="Requests per window of one signed-in account."
    )
    rate_limit_per_address: int = Field(
        default=300, ge=1, description="Requests per window of one client address, not signed in."
    )
    rate_limit_window_seconds: int = Field(default=60, ge=1, le=86_400)
    max_concurrent_per_client: int = Field(
        default=4,
        ge=1,
        le=1000,
        description=(
            "Operations one account (or client address, when not signed in) may have "
            "executing at once on /graphql; more wait, then get 429."
        ),
    )
    max_concurrent_operations: int = Field(
        default=32,
        ge=1,
        le=10_000,
        description=(
            "Operations a process executes at once; a freed slot goes to the least busy client."
        ),
    )
    concurrency_wait_seconds: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description=(
            "Seconds a request waits for a slot before it is refused (TOO_MANY_CONCURRENT)."
        ),
    )
    changes_poll_seconds: float = Field(
        default=1.0,
        ge=0.05,
        le=60,
        description=(
            "How often a candidateStatusChanged subscription reads the change log "
            "(one short read per subscription; no connection is held in between)."
        ),
    )
    max_subscriptions_per_connection: int = Field(
        default=5,
        ge=1,
        le=100,
        description="Subscriptions one websocket on /graphql may run at once.",
    )
    max_websockets: int = Field(
        default=100,
        ge=1,
        le=10_000,
        description=(
            "Websockets a process keeps open on /graphql; one more is closed at once "
            "(code 1013, try again later)."
        ),
    )
    login_failures_allowed: int = Field(
        default=5, ge=1, description="Failed sign-ins of one email in 15 minutes before a pause."
    )
    trace_plugins: bool = Field(default=False, description="Log every plugin hook call.")
    log_level: LogLevel = Field(default="INFO", description="Least severe level to log.")
    log_format: LogFormat | None = Field(
        default=None,
        description=(
            "'json' (one JSON object per line) or 'console' (readable lines); "
            "json in production, console in development."
        ),
    )
    metrics: bool = Field(
        default=True,
        description="Serve Prometheus metrics at /metrics (scrape it on an internal network).",
    )

    @property
    def pool_size(self) -> int:
        """Connections the pool keeps: the setting, or one per operation slot."""
        return self.database_pool_size or self.max_concurrent_operations

    @field_validator("countries", mode="before")
    @classmethod
    def _split_countries(cls, value: object) -> object:
        if isinstance(value, str):
            names = tuple(part.strip() for part in value.split(",") if part.strip())
            return names or None
        return value

    @model_validator(mode="after")
    def _production_has_a_secret(self) -> Settings:
        if self.profile == "production" and self.secret_key is None:
            raise ValueError("IMJAPAN_SECRET_KEY must be set in the production profile")
        if self.secret_key is not None and len(self.secret_key.get_secret_value()) < 32:
            raise ValueError("IMJAPAN_SECRET_KEY must be at least 32 characters")
        return self

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_any_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _format_any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip().rstrip("/") for part in value.split(",") if part.strip())
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

    @property
    def introspection_enabled(self) -> bool:
        """Introspection (``__schema``, ``__type``) only in development."""
        return self.profile == "development"

    @property
    def log_renderer(self) -> LogFormat:
        """JSON lines in production, readable lines in development, unless set."""
        if self.log_format is not None:
            return self.log_format
        return "json" if self.profile == "production" else "console"

    @property
    def masks_errors(self) -> bool:
        """Production answers unexpected errors with "Unexpected error." only."""
        return self.profile == "production"
