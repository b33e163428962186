"""CSV import against a bare insert of the same rows, side by side.

The import goes through ``core.services.csv_import.import_file``, as
``imjapan candidates import`` does: parse, validate every row, check the
call and duplicates, insert, write each candidate's first history entry, in
one transaction. The bare insert writes the same candidate rows and history
rows, typed already, with two multi-row INSERT statements and nothing else.
They alternate, three rounds each, each into a call of its own; the median
rate of each is compared.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Table, insert

from core.auth.scope import EVERYTHING
from core.db.models import Candidate, StatusChange
from core.db.models.base import utcnow
from core.db.session import Database
from core.plugins.registry import CountryRegistry
from core.services.batch_screening import reserve_ids
from core.services.calls import CreateCallInput, create_call
from core.services.csv_import import ImportMode, import_file
from core.settings import Settings

ROUNDS = 3
COUNTRY = "VN"
HEADER = (
    "applicant_number,full_name,date_of_birth,sex,education_level,education_track,job_field,"
    "height_cm,weight_kg,japanese_level,prior_internship_in_japan,prior_work_in_japan,"
    "military_service_completed,criminal_record,details.priority_groups"
)


def values(n: int) -> dict[str, Any]:
    """Row ``n``, typed as the service stores it."""
    return {
        "applicant_number": f"IMP-{n:06d}",
        "full_name": f"Bench Import {n:06d}",
        "date_of_birth": date(1998 + n % 7, 1 + n % 12, 1 + n % 28),
        "sex": "male" if n % 3 else "female",
        "education_level": "upper_secondary",
        "education_track": "general",
        "job_field": "manufacturing" if n % 2 else "construction",
        "height_cm": float(155 + n % 30),
        "weight_kg": float(50 + n % 25),
        "japanese_level": "N5",
        "prior_internship_in_japan": False,
        "prior_work_in_japan": False,
        "military_service_completed": None,
        "criminal_record": False,
        "country_details": {
            "priority_groups": ["ethnic_minority_mountainous_province"] if n % 5 == 0 else []
        },
    }


def csv_line(row: dict[str, Any]) -> str:
    groups = row["country_details"]["priority_groups"]
    cells = [
        row["applicant_number"],
        row["full_name"],
        row["date_of_birth"].isoformat(),
        row["sex"],
        row["education_level"],
        row["education_track"],
        row["job_field"],
        f"{row['height_cm']:g}",
        f"{row['weight_kg']:g}",
        row["japanese_level"],
        "false",
        "false",
        "",
        "false",
        '"[' + ",".join(f'""{g}""' for g in groups) + ']"',
    ]
    return ",".join(cells)


@dataclass
class ImportResult:
    rows: int
    imported: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)

    @property
    def import_rate(self) -> float:
        return self.rows / statistics.median(self.imported)

    @property
    def bare_rate(self) -> float:
        return self.rows / statistics.median(self.bare)

    @property
    def ratio(self) -> float:
        return self.import_rate / self.bare_rate

    def lines(self) -> list[str]:
        return [
            f"import_file (parse, validate, insert, history): {self.import_rate:,.0f} rows/s "
            f"(median of {', '.join(f'{s:.2f}' for s in self.imported)} s)",
            f"bare insert of the same rows and history: {self.bare_rate:,.0f} rows/s "
            f"(median of {', '.join(f'{s:.2f}' for s in self.bare)} s)",
            f"ratio {self.ratio:.2f}",
        ]


async def open_call(db: Database, registry: CountryRegistry, label: str) -> int:
    async with db.transaction() as session:
        call = await create_call(
            session=session,
            registry=registry,
            scope=EVERYTHING,
            data=CreateCallInput(
                country_code=COUNTRY,
                label=label,
                job_fields=["manufacturing", "construction"],
                places=100_000,
                opens_on=date(2026, 1, 5),
                closes_on=date(2026, 1, 30),
            ),
        )
    assert call.id is not None
    return call.id


async def bare_insert(db: Database, call_id: int, rows: list[dict[str, Any]]) -> None:
    candidates: Table = Candidate.__table__  # type: ignore[attr-defined]
    history: Table = StatusChange.__table__  # type: ignore[attr-defined]
    now = utcnow()
    async with db.write_connection() as connection:
        ids = await reserve_ids(connection, candidates, len(rows))
        await connection.execute(
            insert(candidates),
            [
                {
                    **row,
                    "id": candidate_id,
                    "call_id": call_id,
                    "country_code": COUNTRY,
                    "status": "registered",
                    "created_at": now,
                }
                for candidate_id, row in zip(ids, rows, strict=True)
            ],
        )
        await connection.execute(
            insert(history),
            [
                {
                    "candidate_id": candidate_id,
                    "from_status": None,
                    "to_status": "registered",
                    "reason": "registered",
                    "actor": "bench",
                    "changed_at": now,
                }
                for candidate_id in ids
            ],
        )


async def measure_import(
    settings: Settings, registry: CountryRegistry, *, rows: int
) -> ImportResult:
    data = [values(n) for n in range(rows)]
    text = "\n".join([HEADER, *(csv_line(row) for row in data)]) + "\n"
    result = ImportResult(rows)
    db = Database.connect(settings.database_url, schema=settings.database_schema)
    try:
        stamp = time.strftime("%H%M%S")
        for round_ in range(ROUNDS):
            bare_call = await open_call(db, registry, f"IMPB-{stamp}-{round_}")
            started = time.perf_counter()
            await bare_insert(db, bare_call, data)
            result.bare.append(time.perf_counter() - started)

            import_call = await open_call(db, registry, f"IMPI-{stamp}-{round_}")
            started = time.perf_counter()
            report, errors = await import_file(
                settings,
                registry=registry,
                call_id=import_call,
                text=text,
                mode=ImportMode.ALL_OR_NOTHING,
            )
            result.imported.append(time.perf_counter() - started)
            if report is None or errors or len(report.imported) != rows:
                problems = errors or (report.row_errors[:3] if report else [])
                raise RuntimeError(f"the import failed: {problems}")
    finally:
        await db.dispose()
    return result
