"""The seeded database both apps read, and the accounts that read it.

The data set is the demo one (``core.demo.seed_demo``), made through the same
services the mutations use: candidates of every bundled country at every stop of
the pipeline (registered to returned, withdrawn, failed screening), names in
Thai, Vietnamese, Bengali, Sinhala and Japanese scripts, optional facts left
null, host companies, screening decisions, cohorts, interviews, events. Its
``today`` is fixed, so that every run (and both databases) reads the same rows
with the same ids, and a failing document can be replayed.
"""

from __future__ import annotations

import asyncio
from datetime import date

from starlette.applications import Starlette

from core import demo
from core.auth.roles import Role
from core.screening.custom import plugin_evaluator
from core.settings import Settings
from tests.sql import database

CANDIDATES = 55
"""Eleven per bundled country: one or more at each stop of the pipeline."""
SEED = 15
TODAY = date(2026, 6, 1)
"""The day the data set is made as of (a fixed day in the past: every date it writes is
one the services accept on any later day)."""
PASSWORD = "differential passphrase"

ANONYMOUS = "anonymous"
ROLES = [role.value for role in Role] + [ANONYMOUS]
"""Every role, and a caller who is not signed in."""

ACCOUNTS = {
    Role.ADMIN.value: "demo-admin@example.invalid",
    Role.STAFF.value: "demo-staff@example.invalid",
    Role.MINISTRY_OFFICER.value: "demo-ministry-vn@example.invalid",
    Role.EMBASSY_OFFICER.value: "demo-embassy-th@example.invalid",
    Role.HOST_COMPANY.value: "demo-host-company@example.invalid",
}
"""The demo account each role signs in with (a country's ministry and another's embassy,
so that the two country scopes differ)."""


def seed(app: Starlette, settings: Settings) -> dict[str, int]:
    """Write the data set into ``settings``' (migrated, empty) database; how many rows
    of each kind it made."""
    pm = app.state.plugin_manager

    async def run() -> demo.DemoReport:
        db = database(settings)
        try:
            async with db.transaction() as session:
                return await demo.seed_demo(
                    session=session,
                    registry=app.state.registry,
                    custom=plugin_evaluator(pm, settings),
                    candidates=CANDIDATES,
                    seed=SEED,
                    today=TODAY,
                    password=PASSWORD,
                )
        finally:
            await db.dispose()

    report = asyncio.run(run())
    made = {account.email: account.role.value for account in report.accounts}
    missing = {role: email for role, email in ACCOUNTS.items() if made.get(email) != role}
    assert not missing, f"the demo data set has no such accounts: {missing}"
    return dict(report.created)
