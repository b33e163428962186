"""Settings come from the environment."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from core.db.engine import DatabaseURLError, async_url
from core.settings import DEFAULT_DATABASE_URL, Settings


def test_defaults() -> None:
    settings = Settings()
    assert settings.profile == "development"
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.countries is None
    assert settings.graphiql_enabled is True


def test_database_url_is_read_with_or_without_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://db.example/imjapan")
    assert Settings().database_url == "postgresql://db.example/imjapan"
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setenv("IMJAPAN_DATABASE_URL", "sqlite:///other.sqlite3")
    assert Settings().database_url == "sqlite:///other.sqlite3"


def test_countries_are_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMJAPAN_COUNTRIES", " indonesia, vietnam ,,")
    assert Settings().countries == ("indonesia", "vietnam")
    monkeypatch.setenv("IMJAPAN_COUNTRIES", "")
    assert Settings().countries is None


def test_production_profile_turns_graphiql_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMJAPAN_PROFILE", "production")
    monkeypatch.setenv("IMJAPAN_SECRET_KEY", "k" * 32)
    assert Settings().graphiql_enabled is False
    assert Settings().migrates_on_start is False
    monkeypatch.setenv("IMJAPAN_GRAPHIQL", "true")
    assert Settings().graphiql_enabled is True


def test_production_needs_a_long_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMJAPAN_PROFILE", "production")
    with pytest.raises(ValueError, match="IMJAPAN_SECRET_KEY must be set"):
        Settings()
    monkeypatch.setenv("IMJAPAN_SECRET_KEY", "short")
    with pytest.raises(ValueError, match="at least 32 characters"):
        Settings()


def test_unknown_profile_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMJAPAN_PROFILE", "staging")
    with pytest.raises(ValueError, match="profile"):
        Settings()


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("sqlite:///imjapan.sqlite3", "sqlite+aiosqlite"),
        ("postgresql://u@h/db", "postgresql+asyncpg"),
        ("postgres://u@h/db", "postgresql+asyncpg"),
        ("postgresql+psycopg://u@h/db", "postgresql+asyncpg"),
    ],
)
def test_urls_get_async_drivers(given: str, driver: str) -> None:
    url = async_url(given)
    assert url.drivername == driver
    assert url.database == make_url(given).database


@pytest.mark.parametrize("given", ["mysql://u@h/db", "not a url"])
def test_unsupported_urls_are_refused(given: str) -> None:
    with pytest.raises(DatabaseURLError, match="DATABASE_URL"):
        async_url(given)
