"""The ``imjapan`` command: one module per command group, joined here.

The modules parse options, call the services and print; what they share (the
``--database-url`` option, one-line errors, exit statuses) is in
:mod:`core.cli.common`.
"""

from __future__ import annotations

import click

from core.cli import (
    assets,
    candidates,
    demo,
    docs,
    forms,
    migrate,
    occupations,
    plugins,
    reports,
    schema,
    serve,
    tallies,
    users,
)
from core.cli.common import Group


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """imjapan-api: the GraphQL backend of IM Japan's Technical Intern Training Program."""


for command in (
    serve.serve,
    migrate.migrate,
    users.users,
    candidates.candidates,
    occupations.occupations,
    schema.export_schema,
    schema.schema,
    docs.docs,
    plugins.check_plugins,
    demo.seed_demo,
    assets.assets,
    forms.forms,
    reports.reports,
    tallies.tallies,
):
    main.add_command(command)

__all__ = ["main"]
