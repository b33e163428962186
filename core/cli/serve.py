"""``imjapan serve``."""

from __future__ import annotations

import os
import secrets

import click
from starlette.applications import Starlette

from core.cli.common import or_exit
from core.http.collector import tune
from core.settings import Settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes; they share state through the database.",
)
def serve(host: str, port: int, workers: int) -> None:
    """Serve GraphQL (and GraphiQL in development) at /graphql."""
    import uvicorn

    from core.app import create_app
    from core.http.header_limit import server_options
    from core.http.metrics import multiprocess_directory
    from core.logging import configure_logging

    app = or_exit(lambda: create_app())
    bounded = server_options(app.state.settings.max_header_bytes)
    # One log format for the whole process, uvicorn's lines included; the
    # access line of core.http.observability (with the request id) replaces uvicorn's.
    configure_logging(app.state.settings)
    if workers == 1:
        # What start-up built lives as long as the process: kept out of every
        # garbage collection, which would otherwise walk it each time.
        tune(app.state.settings)
        uvicorn.run(
            app,
            host=host,
            port=port,
            proxy_headers=True,
            log_config=None,
            access_log=False,
            **bounded,
        )
        return
    _prepare_workers(app.state.settings)
    with multiprocess_directory():  # each worker's metrics, summed by /metrics
        uvicorn.run(
            "core.cli.serve:worker_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            log_config=None,
            access_log=False,
            **bounded,
        )


def worker_app() -> Starlette:
    """A worker's app (uvicorn's factory): built, then its start-up objects frozen."""
    from core.app import create_app

    app = create_app()
    tune(app.state.settings)
    return app


def _prepare_workers(settings: Settings) -> None:
    """Migrate once here rather than in every worker, and give all workers one
    token key (development has none configured): each worker reads these from
    the environment it inherits."""
    if settings.migrates_on_start:
        from core.db.migrate import upgrade

        upgrade(settings.database_url, schema=settings.database_schema)
        os.environ["IMJAPAN_MIGRATE_ON_START"] = "false"
    if settings.secret_key is None:
        click.echo("imjapan: no IMJAPAN_SECRET_KEY; the workers share a random one", err=True)
        os.environ["IMJAPAN_SECRET_KEY"] = secrets.token_urlsafe(48)
