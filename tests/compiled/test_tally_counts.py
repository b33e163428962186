"""The compiled ``totalCount`` reads the kept tallies where ``count_candidates`` does
(countries and statuses under an IM Japan, ministry or embassy scope) and counts rows
where it does not (a host company's scope), so both paths give the same number.

The tallies are shifted by hand first: an answer that moves with them was read from
them, one that does not was counted from the rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from core.settings import Settings
from tests.compiled.paths import both_paths
from tests.compiled.world import World, build_world
from tests.factories import build

SHIFT = 1000

COUNTS = """query Counts($status: CandidateStatus) {
  all: candidates(first: 1) { totalCount }
  some: candidates(first: 1, filter: {status: $status}) { totalCount }
}"""


@pytest.fixture
def world(db_settings: Settings) -> Iterator[World]:
    with both_paths(db_settings) as paths:
        world = build_world(db_settings, paths)

        def shift(session: Session) -> None:
            session.execute(
                text(
                    "UPDATE tally SET count = count + :shift "
                    "WHERE country_code = 'VN' AND figure = 'status:in_training' AND month = 0"
                ),
                {"shift": SHIFT},
            )

        build(db_settings, shift)
        yield world


@pytest.mark.parametrize(
    ("role", "every", "in_training"),
    [
        # The world: 7 Vietnamese candidates (4 in training) and 1 Indonesian.
        ("admin", 8 + SHIFT, 4 + SHIFT),
        ("ministry", 7 + SHIFT, 4 + SHIFT),
        # A host company's scope is counted from its rows: the shift does not show.
        ("company", 2, 0),
    ],
)
def test_total_count_reads_the_tallies_as_the_resolver_does(
    world: World, role: str, every: int, in_training: int
) -> None:
    before = world.paths.compiled_answered()
    body = world.paths.same(COUNTS, {"status": "IN_TRAINING"}, headers=world.headers[role])
    assert world.paths.compiled_answered() == before + 1
    data = json.loads(body)["data"]
    assert data["all"]["totalCount"] == every
    assert data["some"]["totalCount"] == in_training
