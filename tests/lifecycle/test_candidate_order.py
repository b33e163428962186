"""The candidate list in every order, forwards and backwards, with the filters of
several statuses, a stage and date ranges, on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import pytest
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.models.candidates import name_key
from core.domain.states import PHASES, Phase, Status
from core.domain.titp import Stage
from core.services import pages
from core.services.queries import (
    CandidateFilter,
    CandidateSort,
    QueryInputError,
    candidate_order,
    candidate_page,
)
from core.settings import Settings
from tests.factories import build, call, candidate, in_transaction

T = TypeVar("T")

PEOPLE = [
    # name, status, registered, entered Japan
    ("Nguyễn Văn Bình", "registered", datetime(2026, 3, 1, 9), None),
    ("Đặng Thị Ánh", "in_training", datetime(2026, 3, 1, 23, 59), None),
    ("anh Tuan", "in_japan_ii", datetime(2026, 3, 2, 0, 0), date(2026, 5, 1)),
    ("Bui Hoa", "in_japan_i", datetime(2026, 2, 28, 12), date(2026, 4, 30)),
    ("Anh Tuan", "returned", datetime(2026, 3, 5), date(2025, 1, 1)),
    ("Cao Lan", "withdrawn", datetime(2026, 3, 1, 0, 0), None),
    ("Bùi Hoa", "screening_passed", datetime(2026, 1, 1), None),
]


def _world(session: Session) -> list[int]:
    vn = call(session, "VN")
    return [
        candidate(
            session,
            vn,
            status,
            full_name=name,
            created_at=registered.replace(tzinfo=UTC),
            entered_japan_on=entered,
        ).id
        or 0
        for name, status, registered, entered in PEOPLE
    ]


def _walk(settings: Settings, where: CandidateFilter, size: int, **order: Any) -> list[int]:
    """Every id of the list, page by page of ``size`` forwards; then checks that
    walking backwards from the end gives the same ids."""

    async def walk(session: AsyncSession) -> tuple[list[int], list[int]]:
        sort = candidate_order(**order)
        forwards: list[int] = []
        after = None
        while True:
            page = await candidate_page(session, where, first=size, after=after, order=sort)
            forwards += [row.id or 0 for row in page.rows]
            if not page.has_next:
                break
            after = page.cursors[-1]
        backwards: list[int] = []
        before = None
        while True:
            page = await candidate_page(session, where, last=size, before=before, order=sort)
            backwards = [row.id or 0 for row in page.rows] + backwards
            if not page.has_previous:
                break
            before = page.cursors[0]
        return forwards, backwards

    forwards, backwards = in_transaction(settings, walk)
    assert backwards == forwards
    return forwards


@pytest.mark.database
def test_every_order_pages_forwards_and_backwards_alike(db_settings: Settings) -> None:
    ids = build(db_settings, _world)
    person = dict(zip(ids, PEOPLE, strict=True))
    everyone = CandidateFilter()

    assert _walk(db_settings, everyone, 2) == sorted(ids)
    assert _walk(db_settings, everyone, 3, descending=True) == sorted(ids, reverse=True)

    def by_name(i: int) -> tuple[str, int]:
        return (name_key(person[i][0]), i)

    assert _walk(db_settings, everyone, 2, sort=CandidateSort.NAME) == sorted(ids, key=by_name)
    assert _walk(db_settings, everyone, 2, sort=CandidateSort.NAME, descending=True) == sorted(
        ids, key=by_name, reverse=True
    )
    # "Anh Tuan" and "anh Tuan" share a key: the id decides, and no page loses either.
    named = _walk(db_settings, everyone, 1, sort=CandidateSort.NAME)
    assert named.index(ids[2]) + 1 == named.index(ids[4])

    def by_registration(i: int) -> tuple[datetime, int]:
        return (person[i][2], i)

    assert _walk(db_settings, everyone, 2, sort=CandidateSort.REGISTERED_AT) == sorted(
        ids, key=by_registration
    )

    def by_status(i: int) -> tuple[int, int]:
        return (list(Status).index(Status(person[i][1])), i)

    assert _walk(db_settings, everyone, 4, sort=CandidateSort.STATUS, descending=True) == sorted(
        ids, key=by_status, reverse=True
    )


@pytest.mark.database
def test_filters_of_statuses_phase_stage_and_dates(db_settings: Settings) -> None:
    ids = build(db_settings, _world)
    person = dict(zip(ids, PEOPLE, strict=True))

    def found(**conditions: Any) -> list[int]:
        return _walk(db_settings, CandidateFilter(**conditions), 100)

    assert found(statuses=(Status.REGISTERED, Status.RETURNED)) == [ids[0], ids[4]]
    assert found(phase=Phase.IN_JAPAN) == [ids[2], ids[3]]
    assert found(phase=Phase.APPLICATION) == [ids[0], ids[6]]
    # Inclusive by day: the whole of 1 March, from midnight to 23:59.
    first_of_march = date(2026, 3, 1)
    assert found(registered_from=first_of_march, registered_to=first_of_march) == [
        i for i in ids if person[i][2].date() == first_of_march
    ]
    assert found(registered_from=date(2026, 3, 2)) == [ids[2], ids[4]]
    assert found(entered_japan_from=date(2026, 4, 30), entered_japan_to=date(2026, 4, 30)) == [
        ids[3]
    ]
    assert found(stage=Stage.II) == [ids[2]]
    # Conditions combine: in Japan and entered from 1 May.
    assert found(phase=Phase.IN_JAPAN, entered_japan_from=date(2026, 5, 1)) == [ids[2]]


@pytest.mark.database
def test_a_cursor_serves_only_its_own_order(db_settings: Settings) -> None:
    build(db_settings, _world)

    async def refused(session: AsyncSession) -> str:
        by_name = candidate_order(CandidateSort.NAME)
        page = await candidate_page(session, CandidateFilter(), first=1, order=by_name)
        try:
            await candidate_page(session, CandidateFilter(), first=1, after=page.cursors[0])
        except QueryInputError as exc:
            return str(exc)
        return "accepted"

    assert in_transaction(db_settings, refused) == "after: not a cursor of this list"


def test_each_status_is_in_exactly_one_phase() -> None:
    placed = [status for statuses in PHASES.values() for status in statuses]
    assert sorted(placed) == sorted(Status)
    assert set(PHASES) == set(Phase)


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 !",
        base64.urlsafe_b64encode(b"[" * 50_000).decode(),  # deeper than json may nest
        base64.urlsafe_b64encode(json.dumps(["candidate", "id:asc", [2**70]]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps(["candidate", "id:asc", [True]]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps(["candidate", "id:asc", [None]]).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps(["change", "log", [1, 2]]).encode()).decode(),
        "x" * 5_000,
    ],
    ids=["garbage", "deep", "huge", "bool", "null", "other list", "long"],
)
def test_a_foreign_or_hostile_cursor_is_refused_naming_its_argument(cursor: str) -> None:
    with pytest.raises(pages.PageInputError) as refused:
        pages.decode(cursor, "candidate", candidate_order(), "before")
    assert str(refused.value) == "before: not a cursor of this list"


def test_a_cursor_round_trips_its_values() -> None:
    order = candidate_order(CandidateSort.REGISTERED_AT, descending=True)
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    cursor = pages.encode("candidate", order, (moment, 7))
    assert pages.decode(cursor, "candidate", order, "after") == (moment, 7)
