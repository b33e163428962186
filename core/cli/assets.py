"""``imjapan assets``: third-party files the service serves itself."""

from __future__ import annotations

import sys

import click

from core.cli.common import Group


@click.group("assets", cls=Group)
def assets() -> None:
    """Third-party files the service serves itself (GraphiQL)."""


@assets.command("fetch")
@click.option(
    "--registry",
    default="https://registry.npmjs.org",
    show_default=True,
    help="npm registry or mirror, or a file:// directory of the tarballs.",
)
def fetch_assets(registry: str) -> None:
    """Download GraphiQL's pinned files, verify their checksums and install them."""
    from core.http.graphiql_assets import run

    status, message = run(registry)
    click.echo(message, err=bool(status))
    sys.exit(status)
