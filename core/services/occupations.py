"""OTIT's coded occupations and operations: reading them, refusing a code that will
not do, and importing the official list from a CSV file.

The service ships the reference's examples as a partial list
(:mod:`core.domain.occupations`); ``imjapan occupations import FILE`` loads
the official one. An import is all or nothing: every row is validated first,
every bad row is reported (line, column, reason), and nothing is written when
any row is bad. The file is the official list: its rows are added or update
the rows of the same code, and are no longer partial; a code the database has
and the file has not is closed (``valid_to`` = the import's day), not deleted,
because plans, calls and stages may name it.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models import Occupation
from core.domain.supervision import OCCUPATION_CODE, SourceTag
from core.domain.titp import Stage, stage_label
from core.errors import DomainValidationError, ErrorCode
from core.i18n import Joined, Message
from core.i18n.validation import REQUIRED, validation_message
from core.services.pages import Listing, column_order

MAX_ROWS = 5_000
"""Far more than OTIT's list (174 operations in 2026)."""
MAX_BYTES = 2 * 1024 * 1024
COLUMNS = (
    "code",
    "occupation_ja",
    "operation_ja",
    "occupation_en",
    "operation_en",
    "stage_ii_allowed",
    "stage_iii_allowed",
    "valid_from",
    "valid_to",
    "source",
)
REQUIRED_COLUMNS = ("code", "occupation_ja", "source")
YES = {"true", "yes", "1", "y"}
NO = {"false", "no", "0", "n"}

ORDER = column_order("code", col(Occupation.sort_key), col(Occupation.id))
"""By code, in the natural order of its numbers (1-2-1 before 1-10-1)."""


def occupations_listing(
    *, search: str | None = None, stage_iii_allowed: bool | None = None
) -> Listing[Occupation]:
    """Occupations by code; ``search`` finds a code starting with it or a name (Japanese
    or English, occupation or operation) holding it; ``stage_iii_allowed`` keeps those
    whose eligibility for stage (iii) is known to be that (unknown ones are left out)."""
    statement = select(Occupation)
    text = (search or "").strip()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        inside = f"%{escaped}%"
        statement = statement.where(
            or_(
                col(Occupation.code).like(f"{escaped}%", escape="\\"),
                col(Occupation.occupation_ja).ilike(inside, escape="\\"),
                col(Occupation.operation_ja).ilike(inside, escape="\\"),
                col(Occupation.occupation_en).ilike(inside, escape="\\"),
                col(Occupation.operation_en).ilike(inside, escape="\\"),
            )
        )
    if stage_iii_allowed is not None:
        statement = statement.where(col(Occupation.stage_iii_allowed) == stage_iii_allowed)
    return Listing(name="occupations", statement=statement, order=ORDER)


async def occupation_by_code(*, session: AsyncSession, code: str) -> Occupation | None:
    found = await session.exec(select(Occupation).where(col(Occupation.code) == code))
    return found.first()


async def occupations_by_codes(
    session: AsyncSession, codes: Sequence[str]
) -> dict[str, Occupation]:
    """The occupations of ``codes`` that exist, by code (one statement)."""
    if not codes:
        return {}
    found = await session.exec(select(Occupation).where(col(Occupation.code).in_(set(codes))))
    return {row.code: row for row in found.all()}


async def occupation_or_refuse(
    session: AsyncSession,
    code: str,
    *,
    field: str,
    day: date | None = None,
    stage: Stage | str | None = None,
) -> Occupation:
    """The occupation of ``code``, when it will do on ``day`` for ``stage``.

    Raises:
        DomainValidationError: on ``field``: ``NOT_FOUND`` for an unknown code;
            ``INVALID`` for a code not valid on ``day``, or one whose occupation
            does not allow ``stage`` (ii or iii) or whose eligibility for it is
            unknown (the shipped partial list leaves most of stage (iii) unknown
            until the official list is imported).
    """
    row = await occupation_by_code(session=session, code=code)
    if row is None:
        raise DomainValidationError.single(
            field,
            Message("no occupation with code {code} in OTIT's list", code=repr(code)),
            ErrorCode.NOT_FOUND,
        )
    if day is not None and not valid_on(row, day):
        raise DomainValidationError.single(
            field,
            Message(
                "occupation {code} is not in OTIT's list on {day} (valid {start} to {end})",
                code=code,
                day=day.isoformat(),
                start=row.valid_from.isoformat() if row.valid_from else "-",
                end=row.valid_to.isoformat() if row.valid_to else "-",
            ),
            ErrorCode.INVALID,
        )
    if stage is not None and Stage(stage) is not Stage.I:
        allowed = row.stage_ii_allowed if Stage(stage) is Stage.II else row.stage_iii_allowed
        if allowed is None:
            raise DomainValidationError.single(
                field,
                Message(
                    "whether occupation {code} allows stage ({stage}) is unknown until OTIT's "
                    "official list is imported (imjapan occupations import)",
                    code=code,
                    stage=stage_label(Stage(stage)),
                ),
                ErrorCode.INVALID,
            )
        if not allowed:
            raise DomainValidationError.single(
                field,
                Message(
                    "occupation {code} does not allow stage ({stage})",
                    code=code,
                    stage=stage_label(Stage(stage)),
                ),
                ErrorCode.INVALID,
            )
    return row


def valid_on(row: Occupation, day: date) -> bool:
    """Whether ``row`` is in the list on ``day`` (``valid_to`` is the first day it is not)."""
    started = row.valid_from is None or row.valid_from <= day
    return started and (row.valid_to is None or row.valid_to > day)


# --- The import ---------------------------------------------------------------


class OccupationRow(BaseModel):
    """One row of the official list's CSV file."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    code: str = Field(max_length=20)
    occupation_ja: str = Field(min_length=1, max_length=120)
    operation_ja: str | None = Field(default=None, min_length=1, max_length=120)
    occupation_en: str | None = Field(default=None, min_length=1, max_length=200)
    operation_en: str | None = Field(default=None, min_length=1, max_length=200)
    stage_ii_allowed: bool = True
    stage_iii_allowed: bool | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    source: str = Field(min_length=1, max_length=1000)

    @field_validator("code")
    @classmethod
    def _coded(cls, code: str) -> str:
        if re.fullmatch(OCCUPATION_CODE, code) is None:
            raise ValueError(
                Message("{code} is not an OTIT code such as 1-1-1 or 4-10-1", code=repr(code))
            )
        return code

    @field_validator("valid_to")
    @classmethod
    def _after_start(cls, valid_to: date | None, info: Any) -> date | None:
        start = info.data.get("valid_from")
        if valid_to is not None and start is not None and valid_to <= start:
            raise ValueError(Message("valid_to is not after valid_from"))
        return valid_to


@dataclass(frozen=True)
class RowError:
    line: int
    column: str | None
    message: str


@dataclass
class ImportReport:
    """What an import did (or would do, in a dry run), or why it did nothing."""

    rows: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)


def parse_rows(text: str) -> tuple[list[tuple[int, OccupationRow]], list[RowError]]:
    """Every row of the file validated, and every problem (line, column, reason).

    Raises:
        DomainValidationError: on ``file`` when the file itself is unreadable (too
            large, no header, unknown or missing columns).
    """
    if len(text.encode()) > MAX_BYTES:
        raise DomainValidationError.single(
            "file",
            Message("the file is larger than {size} MB", size=MAX_BYTES // (1024 * 1024)),
            ErrorCode.LIMIT_EXCEEDED,
        )
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    if not header:
        raise DomainValidationError.single(
            "file", Message("the file has no header line"), ErrorCode.INVALID
        )
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if unknown or missing:
        parts = []
        if unknown:
            parts.append(Message("unknown columns {columns}", columns=", ".join(unknown)))
        if missing:
            parts.append(Message("missing columns {columns}", columns=", ".join(missing)))
        raise DomainValidationError.single(
            "file",
            Message(
                "{problems} (the columns: {columns})",
                problems=Joined(Message("; "), parts),
                columns=", ".join(COLUMNS),
            ),
            ErrorCode.INVALID,
        )
    reader.fieldnames = header
    rows: list[tuple[int, OccupationRow]] = []
    errors: list[RowError] = []
    coded: list[tuple[int, str]] = []
    count = 0
    for raw in reader:
        line = reader.line_num
        if None in raw:
            errors.append(RowError(line, None, Message("more cells than columns")))
            continue
        if not "".join(value or "" for value in raw.values()).strip():
            continue
        count += 1
        if count > MAX_ROWS:
            raise DomainValidationError.single(
                "file",
                Message("the file has more than {rows} rows", rows=MAX_ROWS),
                ErrorCode.LIMIT_EXCEEDED,
            )
        code = (raw.get("code") or "").strip()
        if code:
            coded.append((line, code))
        row, problems = _row(line, raw)
        errors += problems
        if row is not None:
            rows.append((line, row))
    seen = Counter(code for _, code in coded)
    for line, code in coded:
        if seen[code] > 1:
            errors.append(
                RowError(
                    line,
                    "code",
                    Message("code {code} appears more than once in the file", code=code),
                )
            )
    errors.sort(key=lambda error: error.line)
    return [(line, row) for line, row in rows if seen[row.code] == 1], errors


def _row(line: int, raw: dict[str, str | None]) -> tuple[OccupationRow | None, list[RowError]]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column, cell in raw.items():
        value = (cell or "").strip()
        if not value:
            continue
        if column in ("stage_ii_allowed", "stage_iii_allowed"):
            if value.lower() in YES:
                values[column] = True
            elif value.lower() in NO:
                values[column] = False
            elif column == "stage_iii_allowed" and value.lower() == "unknown":
                values[column] = None
            else:
                errors.append(
                    RowError(
                        line,
                        column,
                        Message(
                            "{value} is not yes or no (true/false, 1/0; empty or 'unknown' "
                            "for stage_iii_allowed when not known)",
                            value=repr(value),
                        ),
                    )
                )
            continue
        values[column] = value
    try:
        row = OccupationRow.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            where = str(error["loc"][0]) if error["loc"] else None
            if where in {e.column for e in errors}:
                continue
            if error["type"] == "missing":
                errors.append(RowError(line, where, REQUIRED))
            else:
                reason = str(error["msg"]).removeprefix("Value error, ")
                errors.append(RowError(line, where, validation_message(error, reason)))
        return None, errors
    return (None, errors) if errors else (row, [])


async def import_occupations(
    *,
    session: AsyncSession,
    text: str,
    source_list: str,
    today: date,
    tag: SourceTag = SourceTag.PRIMARY,
    dry_run: bool = False,
) -> ImportReport:
    """Load the official list of ``text`` (CSV) named ``source_list``: add the new codes,
    update the others (no longer partial), close the codes the file has not (``valid_to``
    = ``today`` when they have no earlier end). Nothing is written when a row is bad or
    with ``dry_run`` (the report says what would be done). ``tag``: how the file's
    facts are known (the official list is a primary source)."""
    parsed, errors = parse_rows(text)
    lines = {line for line, _ in parsed} | {error.line for error in errors}
    report = ImportReport(rows=len(lines), row_errors=errors)
    if errors:
        return report
    existing = {
        row.code: row for row in (await session.exec(select(Occupation).with_for_update())).all()
    }
    in_file = {row.code for _, row in parsed}
    for _, row in parsed:
        values = {
            **row.model_dump(),
            "source_list": source_list,
            "partial": False,
            "tag": tag.value,
        }
        found = existing.get(row.code)
        if found is None:
            report.added.append(row.code)
            if not dry_run:
                session.add(Occupation(**values))
            continue
        if any(getattr(found, name) != value for name, value in values.items()):
            report.updated.append(row.code)
            if not dry_run:
                for name, value in values.items():
                    setattr(found, name, value)
                session.add(found)
    for code, found in sorted(existing.items()):
        if code in in_file or (found.valid_to is not None and found.valid_to <= today):
            continue
        report.closed.append(code)
        if not dry_run:
            found.valid_to = today
            session.add(found)
    if not dry_run:
        await session.flush()
    return report
