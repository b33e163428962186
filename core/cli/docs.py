"""``imjapan docs``: documentation generated from the code."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from core.cli.common import Group


@click.group("docs", cls=Group)
def docs() -> None:
    """Documentation generated from the code."""


@docs.command("hooks")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (docs/plugin-hooks.md) instead of standard output.",
)
def docs_hooks(output: Path | None) -> None:
    """Print the plugin hook reference, generated from core/plugins/hookspecs.py."""
    from core.docs import docgen

    try:
        text = docgen.render()
    except docgen.HookDocError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@docs.command("csv")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (docs/csv-import.md) instead of standard output.",
)
def docs_csv(output: Path | None) -> None:
    """Print the CSV import's columns, generated from the models that read them."""
    from core.cli.common import load_plugins, settings_for
    from core.docs import csvdoc

    _pm, registry = load_plugins(settings_for(None))
    text = csvdoc.render(registry)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@docs.command("rules")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (docs/rules.md) instead of standard output.",
)
def docs_rules(output: Path | None) -> None:
    """Print the rule values and occupations a new database starts with, with their sources."""
    from core.docs import rulesdoc

    text = rulesdoc.render()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
