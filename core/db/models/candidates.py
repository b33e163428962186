"""Candidates and the history of their status."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, String, UniqueConstraint
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Field, SQLModel

from core.db.models.base import timestamp
from core.domain.candidate import CandidateBase

NAME_KEY_LENGTH = 600
"""Room for a 200-character name after case folding (a character folds to at most three)."""


_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {"đ": "d", "ð": "d", "ħ": "h", "\u0131": "i", "ł": "l", "ŀ": "l", "ø": "o", "ŧ": "t"}
    | {"æ": "ae", "œ": "oe", "þ": "th"}
)
"""Latin letters with a stroke or ligatures, which Unicode does not decompose
into a base letter and a mark: Vietnamese ``đ`` is searched as ``d``."""


def _is_latin_mark(char: str) -> bool:
    # Combining Diacritical Marks (U+0300-U+036F): the accents of Latin script
    # (Vietnamese tones included). The vowel signs of Thai, Bengali or Sinhala are
    # combining marks too, but letters of their own: they stay.
    return "\u0300" <= char <= "\u036f"


def name_key(text: str) -> str:
    """``text`` as the name search compares it, the same on every database.

    Case-folded by Python's full Unicode rules, compatibility-decomposed (NFKD:
    full-width letters are their ASCII selves), without the accents of Latin
    script and with the stroke letters spelled plainly, then composed again
    (NFC): ``Đặng Thị Ánh``, ``đặng`` and ``dang thi anh`` share their keys.
    Marks of other scripts are kept: they are part of the letter there.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not _is_latin_mark(char))
    return unicodedata.normalize("NFC", plain.translate(_LETTERS_WITHOUT_DECOMPOSITION))[
        :NAME_KEY_LENGTH
    ]


def _full_name_key_default(context: Any) -> str:
    return name_key(context.get_current_parameters()["full_name"])


class Candidate(CandidateBase, table=True):
    """An applicant to a recruitment call, followed to Japan and back.

    The personal data is declared once, in :class:`CandidateBase`; this table
    adds where the candidate stands. Enumerations are stored as their values.
    """

    __tablename__ = "candidate"
    __table_args__ = (
        UniqueConstraint("call_id", "applicant_number"),
        # Counts per country and status (pipeline, totalCount per country) read
        # this index alone (an index-only scan), and it gives the ids that join
        # the screening decisions; it leads with country_code, so it also
        # serves a filter on the country alone.
        Index("ix_candidate_country_code_status_id", "country_code", "status", "id"),
        # A page of one status in id order walks this index from the cursor on:
        # the planner cannot know that a status's rows are not spread evenly over
        # the ids (the candidates in training are the newest), so without it a
        # page of them scans the primary key past most of the table.
        Index("ix_candidate_status_id", "status", "id"),
        # The applicants of the calls opened in a period (statistics), counted per
        # country from this index alone; it serves the lookups by call as well.
        Index("ix_candidate_call_id_country_code", "call_id", "country_code"),
        # Those still in training in the cohorts that started in a period
        # (statistics): the status is in the index condition, so the members who
        # moved on are not read and thrown away; it serves lookups by cohort too.
        Index("ix_candidate_cohort_id_status", "cohort_id", "status"),
        # The name search is a substring match (LIKE '%key%'): a trigram index on
        # PostgreSQL (pg_trgm, installed in the schema public by migration 0017);
        # SQLite builds a plain index here, which the sort by name can use.
        Index(
            "ix_candidate_full_name_key_search",
            "full_name_key",
            postgresql_using="gin",
            postgresql_ops={"full_name_key": "public.gin_trgm_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    country_code: str = Field(max_length=2)
    call_id: int = Field(foreign_key="recruitment_call.id")
    full_name_key: str | None = Field(
        default=None,
        description="name_key(full_name), set when the row is written; what the search reads.",
        sa_column=Column(
            String(NAME_KEY_LENGTH),
            nullable=False,
            default=_full_name_key_default,
            server_default="",
        ),
    )
    status: str = Field(max_length=30)
    programme: str | None = Field(
        default=None,
        max_length=4,
        index=True,
        description="titp or esd, fixed by the first plan applied for (never both); "
        "null before any plan.",
    )
    cohort_id: int | None = Field(default=None, foreign_key="training_cohort.id")
    training_completed_on: date | None = None
    host_company_id: int | None = Field(default=None, foreign_key="host_company.id", index=True)
    entered_japan_on: date | None = Field(default=None, index=True)
    """Indexed for ``statistics``: dispatched in a period."""
    returned_on: date | None = Field(default=None, index=True)
    """Indexed for ``statistics``: returned in a period."""
    return_outcome: str | None = Field(default=None, max_length=30)
    return_reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = timestamp()


class WritingTransaction(FunctionElement[int]):
    """The id of the transaction that inserts the row, as the database's default.

    PostgreSQL: ``pg_current_xact_id()`` (a ``xid8``, which never wraps around)
    as a ``bigint``. SQLite has no such id and needs none (its writers take
    turns, see ``core.services.changes``): ``0``.
    """

    type = BigInteger()
    inherit_cache = True


@compiles(WritingTransaction)
def _no_transaction_id(element: WritingTransaction, compiler: SQLCompiler, **kw: Any) -> str:
    return "0"


@compiles(WritingTransaction, "postgresql")
def _pg_transaction_id(element: WritingTransaction, compiler: SQLCompiler, **kw: Any) -> str:
    return "(pg_current_xact_id()::text::bigint)"


class StatusChange(SQLModel, table=True):
    """One step of a candidate's history: who moved them, when, from, to, why.

    Also the change log that ``changes`` and ``candidateStatusChanged`` serve,
    in the order of ``(xact_id, id)`` (``core.services.changes``).
    """

    __tablename__ = "status_change"
    __table_args__ = (Index("ix_status_change_xact_id_id", "xact_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    from_status: str | None = Field(default=None, max_length=30)
    to_status: str = Field(max_length=30)
    reason: str | None = Field(default=None, max_length=500)
    actor: str | None = Field(default=None, max_length=254)
    changed_at: datetime = timestamp()
    xact_id: int | None = Field(
        default=None,
        description="The writing transaction (PostgreSQL), set by the database; 0 on SQLite.",
        sa_column=Column(BigInteger, nullable=False, server_default=WritingTransaction()),
    )
