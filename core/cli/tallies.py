"""``imjapan tallies``: the counts the database keeps per change (migration 0018)."""

from __future__ import annotations

import time

import click

from core.cli.common import Group, database_option, or_exit, ready_database, run_db, settings_for


@click.group("tallies", cls=Group)
def tallies() -> None:
    """Work with the counts pipeline, statistics and totalCount read (table tally)."""


@tallies.command("rebuild")
@database_option
def rebuild(database_url: str | None) -> None:
    """Recount every tally from the candidates and decisions, in one transaction."""
    from core.db.session import Database
    from core.services import tallies as service

    settings = settings_for(database_url)
    ready_database(settings)

    async def work(db: Database) -> tuple[int, int]:
        async with db.transaction() as session:
            before = await service.kept(session)
            await service.rebuild(session)
            after = await service.kept(session)
        changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        return len(after), len(changed)

    started = time.perf_counter()
    rows, changed = or_exit(lambda: run_db(settings, work))
    click.echo(
        f"{rows} tally row(s) recounted in {time.perf_counter() - started:.1f} s; "
        f"{changed} differed from the kept counts"
    )
