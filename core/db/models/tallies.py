"""Counts of candidates kept by the database in the transaction of each change.

Migration 0018 creates triggers on ``candidate``, ``screening_decision``,
``recruitment_call`` and ``training_cohort`` that add to and take from these
rows whenever a row is written, whoever writes it (the ORM, the CSV import's
multi-row inserts, raw SQL), so ``pipeline``, ``statistics`` and ``totalCount``
read a few dozen rows instead of one index entry per candidate.
``core.services.tallies`` reads them and can rebuild them from the rows.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Tally(SQLModel, table=True):
    """How many of a country's candidates (or screening decisions) a figure counts in a month.

    ``figure`` is one of ``core.services.tallies``'s figures: ``status:<status>``
    (current status; ``month`` 0), ``ever_passed`` (candidates with a passed
    screening decision; ``month`` 0), and per month (``month`` = year * 100 +
    month): ``applied`` (the call's opening), ``screened`` and ``passed`` (the
    decision's day), ``in_training`` (the cohort's start, status in training),
    ``entered:<status>`` (the day of entry to Japan, by current status),
    ``returned`` and ``completed`` (the day of return). A row whose count came
    back to 0 is kept: the rows are bounded by countries x figures x months.
    """

    __tablename__ = "tally"

    country_code: str = Field(primary_key=True, max_length=2)
    figure: str = Field(primary_key=True, max_length=40)
    month: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    count: int = 0
