"""Bursts against the database layer: nothing wedges, nothing leaks a driver's words,
and every answer says what was written."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import func
from sqlmodel import col, select
from starlette.testclient import TestClient

from core.db.models import Candidate
from core.settings import Settings
from tests.accounts import PASSWORD
from tests.lifecycle.test_import import vietnam_call
from tests.races import BURST_ENVIRONMENT, BURST_SETTINGS
from tests.server import running_service


@pytest.fixture
def db_settings(db_settings: Settings) -> Settings:
    """The database of each kind, with room for a burst (tests.races.BURST_SETTINGS)."""
    return db_settings.model_copy(update=BURST_SETTINGS)


DRIVER_TEXT = ("sqlite3", "OperationalError", "QueuePool", "[SQL:", "asyncpg", "Traceback")
LOGIN = """mutation($e: String, $p: String) { login(input: {email: $e, password: $p}) {
    accessToken errors { code } } }"""
CLEAN_REFUSALS = {"SERVICE_BUSY", "RATE_LIMITED", "TIME_LIMIT_EXCEEDED", "TOO_MANY_CONCURRENT"}
EMAIL = "root@example.org"


def assert_clean(status: int, text: str) -> None:
    """A normal GraphQL answer, or a clean refusal; never a driver's message."""
    assert not any(word in text for word in DRIVER_TEXT), text
    assert status in (200, 429, 503), (status, text)
    body = json.loads(text)
    for error in body.get("errors") or ():
        assert error["extensions"]["code"] in CLEAN_REFUSALS, body
    if status != 200:
        assert "data" not in body and body["errors"]


@pytest.fixture
def sqlite_service(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMJAPAN_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'burst.sqlite3'}",
        "IMJAPAN_SECRET_KEY": "b" * 40,
        "IMJAPAN_LOG_LEVEL": "WARNING",
        **BURST_ENVIRONMENT,
    }
    for command in (
        ["migrate"],
        ["users", "create-admin", "--email", EMAIL, "--password", PASSWORD],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "core", *command], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    with running_service([], env=env, log=tmp_path / "server.log") as base:
        yield base


def test_150_concurrent_sign_ins_on_sqlite_leave_the_service_answering(
    sqlite_service: str,
) -> None:
    async def burst() -> list[tuple[int, str]]:
        limits = httpx.Limits(max_connections=150)
        async with httpx.AsyncClient(base_url=sqlite_service, timeout=60, limits=limits) as client:

            async def one(index: int) -> tuple[int, str]:
                # Sign-ins (sessions written) and unknown emails (failure counters written);
                # wrong passwords for the admin would pause it, which is tested elsewhere.
                email = EMAIL if index % 2 else f"nobody{index}@example.org"
                password = PASSWORD if index % 2 else "not the password"
                response = await client.post(
                    "/graphql", json={"query": LOGIN, "variables": {"e": email, "p": password}}
                )
                return response.status_code, response.text

            return await asyncio.gather(*(one(index) for index in range(150)))

    start = time.monotonic()
    answers = asyncio.run(burst())
    assert time.monotonic() - start < 60
    for status, text in answers:
        assert_clean(status, text)
    assert any('"accessToken":"' in text for _, text in answers)

    # Right after the burst the service answers normally.
    start = time.monotonic()
    catalogue = httpx.post(f"{sqlite_service}/graphql", json={"query": "{ countries { code } }"})
    assert catalogue.status_code == 200 and catalogue.json()["data"]["countries"]
    assert time.monotonic() - start < 2
    signed_in = httpx.post(
        f"{sqlite_service}/graphql",
        json={"query": LOGIN, "variables": {"e": EMAIL, "p": PASSWORD}},
        timeout=30,
    )
    assert signed_in.json()["data"]["login"]["accessToken"], signed_in.text


HEADER = "applicant_number,full_name,date_of_birth,sex,education_level,height_cm,job_field\n"
IMPORTS = 6
ROWS = 2_000


def csv_for(batch: int) -> str:
    rows = (
        f"B{batch}-{n},Nguyen Van {n},2001-04-02,male,upper_secondary,165,manufacturing\n"
        for n in range(ROWS)
    )
    return HEADER + "".join(rows)


def written_per_batch(client: TestClient) -> dict[int, int]:
    database = client.app.state.db  # type: ignore[attr-defined]

    async def count() -> dict[int, int]:
        counts = {}
        async with database.session() as session:
            for batch in range(IMPORTS):
                statement = select(func.count()).where(
                    col(Candidate.applicant_number).like(f"B{batch}-%")
                )
                counts[batch] = int((await session.exec(statement)).one())
        return counts

    return client.portal.call(count)  # type: ignore[union-attr]


IMPORT = """mutation($input: ImportCandidatesInput!) { importCandidates(input: $input) {
    importedCount errors { code } } }"""


@pytest.mark.database
def test_six_concurrent_imports_each_answer_what_they_wrote(
    api: TestClient, db_settings: Settings
) -> None:
    call_id = vietnam_call(api)
    reads: list[tuple[int, str]] = []
    importing = threading.Event()

    def read_meanwhile() -> None:
        while importing.is_set():
            response = api.post("/graphql", json={"query": "{ countries { code } }"})
            reads.append((response.status_code, response.text))
            response = api.post(
                "/graphql",
                json={
                    "query": "query($c: ID) { candidates(filter: {callId: $c}) { totalCount } }",
                    "variables": {"c": call_id},
                },
            )
            reads.append((response.status_code, response.text))

    def run_import(batch: int) -> tuple[int, str]:
        response = api.post(
            "/graphql",
            json={
                "query": IMPORT,
                "variables": {"input": {"callId": call_id, "csv": csv_for(batch)}},
            },
        )
        return response.status_code, response.text

    importing.set()
    reader = threading.Thread(target=read_meanwhile)
    reader.start()
    try:
        with ThreadPoolExecutor(IMPORTS) as pool:
            answers = list(pool.map(run_import, range(IMPORTS)))
    finally:
        importing.clear()
        reader.join(timeout=30)

    written = written_per_batch(api)
    for batch, (status, text) in enumerate(answers):
        assert_clean(status, text)
        body = json.loads(text)
        payload = (body.get("data") or {}).get("importCandidates")
        reported = payload["importedCount"] if payload else 0
        assert reported == written[batch], (batch, text, written)
    assert sum(written.values()) > 0
    assert reads
    for status, text in reads:
        assert_clean(status, text)
