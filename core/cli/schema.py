"""``imjapan export-schema`` and ``imjapan schema check``: the GraphQL schema file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from core.cli.common import Group, or_exit

SCHEMA_DIFF_LINES = 60


@click.command("export-schema")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option(
    "--check",
    "check_file",
    metavar="FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Compare FILE with the schema instead; exit 1 with a diff when they differ.",
)
def export_schema(output: Path | None, check_file: Path | None) -> None:
    """Print the GraphQL schema (SDL) built from the installed plugins."""
    from core.app import create_app

    if output is not None and check_file is not None:
        raise click.UsageError("give either --output or --check, not both")
    app = or_exit(lambda: create_app())
    sdl = str(app.state.schema) + "\n"
    if check_file is not None:
        _check_schema_file(check_file, sdl)
    elif output is None:
        click.echo(sdl, nl=False)
    else:
        output.write_text(sdl, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@click.group("schema", cls=Group)
def schema() -> None:
    """The schema contract with frontends (docs/schema-policy.md)."""


@schema.command("check")
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Release schema to compare with; the newest in schema/releases by default.",
)
@click.option(
    "--committed",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("schema.graphql"),
    show_default=True,
    help="Committed schema file that must equal the built schema (skipped when absent).",
)
def schema_check(baseline: Path | None, committed: Path) -> None:
    """Fail on breaking changes not announced by a deprecation, or a stale schema file."""
    from core.app import create_app
    from core.schema import contract

    live = str(or_exit(lambda: create_app()).state.schema) + "\n"
    try:
        baseline = baseline or contract.newest_release(contract.RELEASES_DIR).path
        comparison = contract.compare(baseline.read_text(encoding="utf-8"), live)
    except contract.SchemaContractError as exc:
        click.echo(f"imjapan: schema check: {exc}", err=True)
        sys.exit(2)
    for line in contract.describe(comparison, baseline=str(baseline)):
        click.echo(line)
    stale = committed.is_file() and contract.drift(committed.read_text(encoding="utf-8"), live)
    if stale:
        click.echo("\n".join(stale))
        click.echo(f"{committed} is out of date: run `imjapan export-schema -o {committed}`")
    sys.exit(1 if stale or not comparison.ok else 0)


def _check_schema_file(path: Path, sdl: str) -> None:
    """Exit 1 with a summary and the start of a unified diff when ``path`` is not ``sdl``."""
    import difflib

    committed = path.read_text(encoding="utf-8")
    if committed == sdl:
        click.echo(f"{path} matches the schema")
        return
    diff = list(
        difflib.unified_diff(
            committed.splitlines(), sdl.splitlines(), str(path), "live schema", lineterm=""
        )
    )
    added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
    if not diff:
        click.echo(f"imjapan: {path} differs from the schema in line endings only", err=True)
        sys.exit(1)
    for line in diff[:SCHEMA_DIFF_LINES]:
        click.echo(line)
    if len(diff) > SCHEMA_DIFF_LINES:
        click.echo(f"... ({len(diff) - SCHEMA_DIFF_LINES} more diff lines)")
    click.echo(
        f"imjapan: {path} differs from the schema: {added} line(s) added, {removed} removed; "
        f"update it with `imjapan export-schema -o {path}`",
        err=True,
    )
    sys.exit(1)
