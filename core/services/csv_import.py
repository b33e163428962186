"""Importing many candidates from the CSV file a ministry sends.

Every row is validated completely before anything is written, so no row is
ever stored in part. Bad rows are reported with their line number in the file
(the header is line 1). In ``all_valid_rows`` mode the good rows are imported;
in ``all_or_nothing`` mode one bad row means nothing is imported.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, overload

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Table, insert
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import EVERYTHING, Scope
from core.db.models import Candidate, RecruitmentCall, StatusChange
from core.db.models.base import utcnow
from core.db.session import Database
from core.domain.states import Status
from core.errors import DomainValidationError, ErrorCode, UserErrorData
from core.i18n import Joined, Message
from core.i18n.validation import REQUIRED, validation_message
from core.plugins.registry import CountryRegistry
from core.screening.details import parse_cell
from core.services.batch_screening import reserve_ids
from core.services.candidates import (
    CandidateData,
    call_mismatches,
    existing_applicant_numbers,
)
from core.services.details import country_details_model, details_problems
from core.services.inputs import Input, RowId
from core.services.lookups import get_call
from core.settings import Settings

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
DETAIL_PREFIX = "details."
COLUMNS = {name for name in CandidateData.model_fields if name != "country_details"}
"""The columns a file may have, besides ``details.*``: the personal fields (see
:class:`core.domain.candidate.CandidateBase`)."""
REQUIRED_COLUMNS = {name for name, info in CandidateData.model_fields.items() if info.is_required()}
"""The columns a file must have: the personal fields without a default."""
CANDIDATE_TABLE: Table = Candidate.__table__  # type: ignore[attr-defined]
HISTORY_TABLE: Table = StatusChange.__table__  # type: ignore[attr-defined]


class ImportMode(StrEnum):
    ALL_VALID_ROWS = "all_valid_rows"
    ALL_OR_NOTHING = "all_or_nothing"


class ImportRequest(Input):
    call_id: RowId
    csv: str = Field(min_length=1)
    mode: ImportMode = ImportMode.ALL_VALID_ROWS


@dataclass(frozen=True)
class RowError:
    line: int
    column: str | None
    message: str
    code: ErrorCode


class ImportedCandidates(Sequence[Candidate]):
    """The candidates an import wrote, each built from its row when first read.

    Counting them (all the command line needs) builds none; building ten
    thousand table models costs as much as writing them.
    """

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = rows
        self._built: dict[int, Candidate] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Candidate: ...

    @overload
    def __getitem__(self, index: slice) -> list[Candidate]: ...

    def __getitem__(self, index: int | slice) -> Candidate | list[Candidate]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._rows)))]
        position = range(len(self._rows))[index]
        built = self._built.get(position)
        if built is None:
            built = self._built[position] = Candidate.model_construct(**self._rows[position])
        return built


@dataclass
class ImportReport:
    imported: Sequence[Candidate] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    rows: int = 0


async def import_request(
    *,
    session: AsyncSession,
    scope: Scope,
    registry: CountryRegistry,
    data: ImportRequest,
    actor: str | None,
) -> ImportReport:
    """:func:`import_candidates` as the ``importCandidates`` mutation asks for it."""
    return await import_candidates(
        session=session,
        scope=scope,
        registry=registry,
        call_id=data.call_id,
        text=data.csv,
        mode=data.mode,
        actor=actor,
    )


async def import_candidates(
    *,
    session: AsyncSession,
    scope: Scope,
    registry: CountryRegistry,
    call_id: int,
    text: str,
    mode: ImportMode,
    actor: str | None,
) -> ImportReport:
    # Parsing needs no database: done before the first statement, it keeps no
    # other writer waiting (on SQLite the turn to write begins with that statement).
    try:
        parsed = _parse(text)
    except DomainValidationError as unreadable:
        # Every refusal is reported at once, the unknown call first.
        try:
            await get_call(session, call_id, scope)
        except DomainValidationError as unknown:
            raise DomainValidationError([*unknown.errors, *unreadable.errors]) from None
        raise
    call = await get_call(session, call_id, scope)
    model = country_details_model(registry, call.country_code)
    _check_detail_columns(model, parsed)
    report = ImportReport(rows=len(parsed))
    valid: list[tuple[int, CandidateData]] = []
    for line, row in parsed:
        data, errors = _validate_row(line, row, call, model)
        report.row_errors += errors
        if data is not None and not errors:
            valid.append((line, data))
    valid = await _drop_duplicates(session, call, valid, report)
    report.row_errors.sort(key=lambda error: error.line)
    if report.row_errors and mode is ImportMode.ALL_OR_NOTHING:
        return report
    report.imported = await _insert(session, call, [data for _, data in valid], actor=actor)
    return report


async def _insert(
    session: AsyncSession, call: RecruitmentCall, rows: list[CandidateData], *, actor: str | None
) -> Sequence[Candidate]:
    """Write the candidates and their first history entries with two multi-row INSERTs.

    The rows are those ``register_candidate`` writes one at a time (a
    candidate as ``new_candidate`` makes it, and the entry
    ``core.services.history.start`` adds), without the unit of work's
    per-object cost: ids are reserved first, so neither statement needs
    RETURNING, and the returned candidates are built only when read, with
    ``model_construct`` (the table model's constructor validates nothing
    either but costs ten times more). ``session`` must be in a write
    transaction (``Database.transaction``).
    """
    if not rows:
        return []
    connection = await session.connection()
    ids = await reserve_ids(connection, CANDIDATE_TABLE, len(rows))
    now = utcnow()
    values = [
        {
            **data.model_dump(),
            "id": candidate_id,
            "call_id": call.id,
            "country_code": call.country_code,
            "status": Status.REGISTERED.value,
            "created_at": now,
        }
        for candidate_id, data in zip(ids, rows, strict=True)
    ]
    await connection.execute(insert(CANDIDATE_TABLE), values)
    await connection.execute(
        insert(HISTORY_TABLE),
        [
            {
                "candidate_id": row["id"],
                "from_status": None,
                "to_status": Status.REGISTERED.value,
                "reason": "registered",
                "actor": actor,
                "changed_at": now,
            }
            for row in values
        ],
    )
    return ImportedCandidates(values)


def _parse(text: str) -> list[tuple[int, dict[str, str]]]:
    if len(text.encode()) > MAX_BYTES:
        raise DomainValidationError.single(
            "csv",
            Message("the file is larger than {size} MB", size=MAX_BYTES // (1024 * 1024)),
            ErrorCode.LIMIT_EXCEEDED,
        )
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    if not header:
        raise DomainValidationError.single(
            "csv", Message("the file has no header line"), ErrorCode.INVALID
        )
    unknown = [n for n in header if n not in COLUMNS and not n.startswith(DETAIL_PREFIX)]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if unknown or missing:
        parts: list[str] = []
        if unknown:
            parts.append(Message("unknown columns {columns}", columns=", ".join(unknown)))
        if missing:
            parts.append(Message("missing columns {columns}", columns=", ".join(missing)))
        raise DomainValidationError.single("csv", Joined(Message("; "), parts), ErrorCode.INVALID)
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        if len(rows) == MAX_ROWS:
            raise DomainValidationError.single(
                "csv",
                Message("the file has more than {rows} rows", rows=MAX_ROWS),
                ErrorCode.LIMIT_EXCEEDED,
            )
        if None in row:
            rows.append((reader.line_num, {"__extra__": Message("more cells than columns")}))
            continue
        if "".join(value for value in row.values() if value).strip():
            rows.append((reader.line_num, row))
    return rows


def _check_detail_columns(
    model: type[BaseModel] | None, parsed: list[tuple[int, dict[str, str]]]
) -> None:
    """Refuse ``details.<name>`` columns that are not details of the call's country."""
    if model is None:
        return
    header = next((row for _, row in parsed if "__extra__" not in row), {})
    unknown = [
        column
        for column in header
        if column.startswith(DETAIL_PREFIX)
        and column.removeprefix(DETAIL_PREFIX) not in model.model_fields
    ]
    if unknown:
        known = ", ".join(DETAIL_PREFIX + name for name in model.model_fields) or "none"
        raise DomainValidationError.single(
            "csv",
            Message(
                "unknown columns {unknown} (the country's detail columns: {known})",
                unknown=", ".join(unknown),
                known=known,
            ),
            ErrorCode.INVALID,
        )


def _validate_row(
    line: int, row: dict[str, str], call: RecruitmentCall, model: type[BaseModel] | None
) -> tuple[CandidateData | None, list[RowError]]:
    if "__extra__" in row:
        return None, [RowError(line, None, row["__extra__"], ErrorCode.INVALID)]
    values: dict[str, Any] = {}
    details: dict[str, Any] = {}
    for column, raw in row.items():
        value = (raw or "").strip()
        if not value:
            continue
        if column.startswith(DETAIL_PREFIX):
            name = column.removeprefix(DETAIL_PREFIX)
            details[name] = _detail(value) if model is None else parse_cell(model, name, value)
        else:
            values[column] = value
    detail_errors: list[RowError] = []
    if model is not None:
        try:
            details = model.model_validate(details).model_dump(mode="json", exclude_none=True)
        except ValidationError as exc:
            detail_errors = [_detail_error(line, path, why) for path, why in details_problems(exc)]
    values["country_details"] = details
    try:
        data = CandidateData.model_validate(values)
    except ValidationError as exc:
        return None, [*(_row_error(line, error) for error in exc.errors()), *detail_errors]
    if detail_errors:
        return None, detail_errors
    mismatches = [
        RowError(line, _column(e.field), e.message, e.code) for e in call_mismatches(call, data)
    ]
    return data, mismatches


async def _drop_duplicates(
    session: AsyncSession,
    call: RecruitmentCall,
    rows: list[tuple[int, CandidateData]],
    report: ImportReport,
) -> list[tuple[int, CandidateData]]:
    numbers = [data.applicant_number for _, data in rows if data.applicant_number]
    registered = await existing_applicant_numbers(session, call.id or 0, numbers)
    counts = Counter(numbers)
    kept = []
    for line, data in rows:
        number = data.applicant_number
        if number in registered:
            message = Message(
                "applicant number {number} is already registered to this call", number=repr(number)
            )
        elif number is not None and counts[number] > 1:
            message = Message(
                "applicant number {number} appears more than once in the file", number=repr(number)
            )
        else:
            kept.append((line, data))
            continue
        report.row_errors.append(RowError(line, "applicant_number", message, ErrorCode.DUPLICATE))
    return kept


def _detail(value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def _detail_error(line: int, path: str, message: str) -> RowError:
    """A details value of the wrong shape: its column, and where in a list it is wrong."""
    name, _, within = path.partition(".")
    where = f"item {int(within) + 1}: " if within.isdigit() else (f"{within}: " if within else "")
    return RowError(line, DETAIL_PREFIX + name, f"{where}{message}", ErrorCode.INVALID)


def _row_error(line: int, error: Any) -> RowError:
    location = [str(part) for part in error["loc"]]
    column = _column(location[0]) if location else None
    if error["type"] == "missing":
        return RowError(line, column, REQUIRED, ErrorCode.REQUIRED)
    message = validation_message(error, str(error["msg"]).removeprefix("Value error, "))
    return RowError(line, column, message, ErrorCode.INVALID)


def _column(alias: str | None) -> str | None:
    """The CSV column (a field name) for a camelCase alias."""
    if alias is None:
        return None
    for name, info in CandidateData.model_fields.items():
        if alias in (name, info.alias):
            return name
    return alias


async def import_file(
    settings: Settings,
    *,
    registry: CountryRegistry,
    call_id: int,
    text: str,
    mode: ImportMode,
) -> tuple[ImportReport | None, list[UserErrorData]]:
    """Import outside a request (the CLI): one transaction, as the mutation does."""
    db = Database.connect(settings.database_url, schema=settings.database_schema)
    try:
        async with db.transaction() as session:
            report = await import_candidates(
                session=session,
                scope=EVERYTHING,
                registry=registry,
                call_id=call_id,
                text=text,
                mode=mode,
                actor="cli",
            )
        return report, []
    except DomainValidationError as exc:
        return None, exc.errors
    finally:
        await db.dispose()
