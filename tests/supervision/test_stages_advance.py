"""advanceStage against the records: the skills tests of the gate, the certified plan,
the stage (iii) conditions and open difficulties, each missing one refused on its field
with the database unchanged (table-driven, both databases), then the moves that pass.

The world is built in the database (:mod:`tests.factories`): an intern in stage (ii)
since 2024-04-01 (stage (i) from 2023-04-01) with everything stage (iii) needs from
2026-04-01; each case takes one thing away or changes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.db.models import (
    Difficulty,
    HomeStay,
    HostCompanyExcellence,
    SupervisionLicence,
)
from core.settings import Settings
from tests import factories
from tests.client import global_id, gql, key_of
from tests.lifecycle.helpers import mutate, snapshot

pytestmark = pytest.mark.database

STARTS = "2026-04-01"
FIRST, SECOND = date(2023, 4, 1), date(2024, 4, 1)


@dataclass
class World:
    """What the intern's move to (iii) finds; each entry one prerequisite's rows."""

    gate: Callable[[Session, int], None] = lambda s, c: _grade_3(s, c, date(2026, 1, 10))
    plan: Callable[[Session, int, int], None] = lambda s, c, h: _plan(s, c, h)
    excellence: Callable[[Session, int], None] = lambda s, h: _excellent(s, h, date(2025, 4, 1))
    licence: Callable[[Session], None] = lambda s: _licence(s, "titp_general", date(2025, 4, 1))
    home: Callable[[Session, int], None] = lambda s, c: _home(
        s, c, date(2026, 2, 1), date(2026, 3, 15)
    )
    extra: Callable[[Session, int], None] = lambda s, c: None
    status: str = "in_japan_ii"
    stages: dict[str, date] = field(default_factory=lambda: {"i": FIRST, "ii": SECOND})


def _grade_3(session: Session, candidate: int, day: date, *, passed: bool = True) -> None:
    factories.sitting(session, candidate, "ii", "grade_3", "practical", day, passed=passed)


def _plan(
    session: Session, candidate: int, company: int, *, stage: str = "iii", **values: Any
) -> None:
    occupation = values.pop("occupation_code", None) or factories.stage_iii_occupation(session)
    factories.stage_plan(session, candidate, stage, company, occupation_code=occupation, **values)


def _excellent(session: Session, company: int, start: date, end: date = date(2027, 3, 31)) -> None:
    session.add(
        HostCompanyExcellence(host_company_id=company, score=110, valid_from=start, valid_to=end)
    )


def _licence(session: Session, kind: str, start: date, end: date = date(2028, 3, 31)) -> None:
    session.add(SupervisionLicence(kind=kind, valid_from=start, valid_to=end))


def _home(session: Session, candidate: int, left: date, back: date) -> None:
    session.add(HomeStay(candidate_id=candidate, left_japan_on=left, returned_on=back))


def build(settings: Settings, world: World) -> tuple[str, int]:
    """The intern of ``world``: its global id and its host company's row id."""

    def make(session: Session) -> tuple[int, int]:
        company = factories.host_company(session, "Advance KK")
        person = factories.candidate(
            session,
            factories.call(session, "VN"),
            world.status,
            host_company_id=company.id,
            entered_japan_on=FIRST,
        )
        for name, day in world.stages.items():
            factories.stage(session, person, name, started_on=day)
        key, host = person.id or 0, company.id or 0
        world.gate(session, key)
        world.plan(session, key, host)
        world.excellence(session, host)
        world.licence(session)
        world.home(session, key)
        world.extra(session, key)
        session.flush()
        return key, host

    key, host = factories.build(settings, make)
    return global_id("Candidate", key), host


NONE: Any = lambda *args: None  # noqa: E731 (a prerequisite left out)


@dataclass(frozen=True)
class Case:
    name: str
    world: World
    field: str
    says: str
    given: dict[str, Any] = field(default_factory=dict)
    code: str = "INVALID"


CASES = [
    Case(
        "an open difficulty",
        World(
            extra=lambda s, c: s.add(
                Difficulty(
                    candidate_id=c,
                    kind="missing",
                    occurred_on=date(2026, 2, 20),
                    company_reported_on=date(2026, 2, 21),
                    due_on=date(2026, 3, 6),
                )
            )
        ),
        "candidateId",
        "the intern has an open difficulty (missing, since 2026-02-20): resolve it first",
        code="NOT_ALLOWED_STATE",
    ),
    Case(
        "a start after the current stage's end",
        World(),
        "startsOn",
        "stage (iii) must start after stage (ii) began (2024-04-01) and by its end (2026-04-01)",
        given={"startsOn": "2026-04-02"},
    ),
    Case(
        "no grade 3 sitting",
        World(gate=NONE),
        "skillsTest",
        "moving to stage (iii) needs a passed grade_3 practical test sat during stage (ii) by "
        "2026-04-01; none is recorded (no sitting) (rule titp.gate.iii)",
    ),
    Case(
        "only failed grade 3 sittings",
        World(
            gate=lambda s, c: (
                _grade_3(s, c, date(2025, 10, 1), passed=False),
                _grade_3(s, c, date(2026, 1, 10), passed=False),
            )
        ),
        "skillsTest",
        "none is recorded (failed on 2025-10-01, 2026-01-10)",
    ),
    Case(
        "a pass sat after the start",
        World(gate=lambda s, c: _grade_3(s, c, date(2026, 4, 2))),
        "skillsTest",
        "needs a passed grade_3 practical test sat during stage (ii) by 2026-04-01",
    ),
    Case(
        "a pass of another stage",
        World(
            gate=lambda s, c: factories.sitting(s, c, "i", "grade_3", "practical", date(2024, 2, 1))
        ),
        "skillsTest",
        "sat during stage (ii)",
    ),
    Case(
        "a skillsTest given that no pass names",
        World(),
        "skillsTest",
        "specialized does not agree with the recorded passed sittings (grade_3)",
        given={"skillsTest": "SPECIALIZED"},
    ),
    Case(
        "a passedOn given that no pass has",
        World(),
        "passedOn",
        "no recorded passed sitting of the gate was sat on 2026-01-11 (recorded: 2026-01-10)",
        given={"passedOn": "2026-01-11"},
    ),
    Case(
        "no plan",
        World(plan=NONE),
        "candidateId",
        "moving to stage (iii) needs a certified training plan for stage (iii); none is recorded",
    ),
    Case(
        "a plan applied for, not certified",
        World(plan=lambda s, c, h: _plan(s, c, h, status="applied")),
        "candidateId",
        "needs a certified training plan for stage (iii)",
    ),
    Case(
        "a certified plan for another stage",
        World(plan=lambda s, c, h: _plan(s, c, h, stage="ii")),
        "candidateId",
        "needs a certified training plan for stage (iii)",
    ),
    Case(
        "a plan in an occupation not known to allow stage (iii)",
        World(plan=lambda s, c, h: _plan(s, c, h, occupation_code="1-1-1")),
        "candidateId",
        "the plan's occupation 1-1-1 is not known to allow stage (iii) (unknown)",
    ),
    Case(
        "a plan in an occupation not eligible for stage (iii)",
        World(plan=lambda s, c, h: _plan(s, c, h, occupation_code="2-1-9")),
        "candidateId",
        "the plan's occupation 2-1-9 is not known to allow stage (iii) (not eligible)",
    ),
    Case(
        "no excellence",
        World(excellence=NONE),
        "startsOn",
        "stage (iii) needs an excellent host company: Advance KK has no period of excellence "
        "covering 2026-04-01",
    ),
    Case(
        "an excellence that ended before the start",
        World(excellence=lambda s, h: _excellent(s, h, date(2024, 4, 1), date(2026, 3, 31))),
        "startsOn",
        "has no period of excellence covering 2026-04-01",
    ),
    Case(
        "no licence",
        World(licence=NONE),
        "startsOn",
        "stage (iii) needs IM Japan's general-supervision licence (titp_general) valid on "
        "2026-04-01; none is recorded",
    ),
    Case(
        "only a specific-supervision licence",
        World(licence=lambda s: _licence(s, "titp_specific", date(2025, 4, 1))),
        "startsOn",
        "general-supervision licence (titp_general)",
    ),
    Case(
        "a general licence that starts after the start",
        World(licence=lambda s: _licence(s, "titp_general", date(2026, 4, 2))),
        "startsOn",
        "general-supervision licence (titp_general)",
    ),
    Case(
        "no home stay",
        World(home=NONE),
        "candidateId",
        "stage (iii) needs a home stay after stage (ii) began (2024-04-01) of at least 1 "
        "month(s) and under 12, ended by 2026-04-01; none is recorded (rules "
        "titp.stage_iii.home_months_min, titp.stage_iii.home_months_max)",
    ),
    Case(
        "a home stay a day short of a month",
        World(home=lambda s, c: _home(s, c, date(2026, 2, 15), date(2026, 3, 14))),
        "candidateId",
        "the one recorded is from 2026-02-15 to 2026-03-14",
    ),
    Case(
        "a home stay of twelve months",
        World(home=lambda s, c: _home(s, c, date(2025, 3, 1), date(2026, 3, 1))),
        "candidateId",
        "the one recorded is from 2025-03-01 to 2026-03-01",
    ),
    Case(
        "a home stay that ends after the start",
        World(home=lambda s, c: _home(s, c, date(2026, 3, 1), date(2026, 4, 2))),
        "candidateId",
        "none is recorded",
    ),
    Case(
        "a home stay before stage (ii) began",
        World(home=lambda s, c: _home(s, c, date(2024, 1, 10), date(2024, 3, 1))),
        "candidateId",
        "none is recorded",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_missing_prerequisite_is_refused_on_its_field(
    api: TestClient, db_settings: Settings, case: Case
) -> None:
    intern, _company = build(db_settings, case.world)
    before = snapshot(db_settings)
    errors = mutate(api, "advanceStage", {"candidateId": intern, "startsOn": STARTS, **case.given})[
        "errors"
    ]
    assert [(e["field"], e["code"]) for e in errors] == [(case.field, case.code)]
    assert case.says in errors[0]["message"]
    assert snapshot(db_settings) == before


STAGES = """query($id: ID!) { candidate(id: $id) { status hostCompany { name }
  stages { stage startedOn skillsTest skillsTestPassedOn } } }"""


def _stage_rows(settings: Settings) -> list[tuple[Any, ...]]:
    def read(session: Session) -> list[tuple[Any, ...]]:
        rows = session.execute(
            text("SELECT stage, occupation_code, plan_id FROM stage_record ORDER BY id")
        )
        return [tuple(row) for row in rows]

    return factories.build(settings, read)


def test_the_move_to_stage_iii_names_the_recorded_pass_and_the_plan(
    api: TestClient, db_settings: Settings
) -> None:
    intern, _company = build(db_settings, World())
    payload = mutate(
        api,
        "advanceStage",
        {
            "candidateId": intern,
            "startsOn": STARTS,
            "skillsTest": "GRADE_3",
            "passedOn": "2026-01-10",
        },
    )
    assert payload["errors"] == []
    shown = gql(api, STAGES, {"id": intern})["candidate"]
    assert shown["status"] == "IN_JAPAN_III"
    assert shown["stages"][-1] == {
        "stage": "III",
        "startedOn": STARTS,
        "skillsTest": "GRADE_3",
        "skillsTestPassedOn": "2026-01-10",
    }
    stage, occupation, plan = _stage_rows(db_settings)[-1]
    assert (stage, occupation, plan is not None) == ("iii", factories.TEST_OCCUPATION, True)


def test_in_stage_iii_the_intern_may_change_host_company(
    api: TestClient, db_settings: Settings
) -> None:
    """The plan for (iii) names another company: that one must be excellent, and the
    intern moves to it."""

    def other_company(session: Session, candidate: int, company: int) -> None:
        other = factories.host_company(session, "Next KK")
        _plan(session, candidate, other.id or 0)
        _excellent(session, other.id or 0, date(2025, 4, 1))

    intern, _company = build(db_settings, World(plan=other_company, excellence=NONE))
    assert mutate(api, "advanceStage", {"candidateId": intern, "startsOn": STARTS})["errors"] == []
    assert gql(api, STAGES, {"id": intern})["candidate"]["hostCompany"] == {"name": "Next KK"}


def _stage_ii_world(gate: Callable[[Session, int], None]) -> World:
    return World(
        status="in_japan_i",
        stages={"i": FIRST},
        gate=gate,
        plan=lambda s, c, h: _plan(s, c, h, stage="ii", occupation_code="1-1-1"),
        excellence=NONE,
        licence=NONE,
        home=NONE,
    )


def _basic(session: Session, candidate: int, part: str, day: date, passed: bool = True) -> None:
    factories.sitting(session, candidate, "i", "basic", part, day, passed=passed)


def test_stage_ii_needs_both_parts_of_the_basic_grade(
    api: TestClient, db_settings: Settings
) -> None:
    def written_only(session: Session, candidate: int) -> None:
        _basic(session, candidate, "written", date(2024, 1, 10))
        _basic(session, candidate, "practical", date(2024, 1, 11), passed=False)

    intern, _company = build(db_settings, _stage_ii_world(written_only))
    before = snapshot(db_settings)
    errors = mutate(api, "advanceStage", {"candidateId": intern, "startsOn": "2024-03-01"})[
        "errors"
    ]
    assert [e["field"] for e in errors] == ["skillsTest"]
    assert (
        "moving to stage (ii) needs a passed basic practical test sat during stage (i) by "
        "2024-03-01; none is recorded (failed on 2024-01-11)"
    ) in errors[0]["message"]
    assert snapshot(db_settings) == before


def test_the_move_to_stage_ii_takes_the_day_of_the_last_pass(
    api: TestClient, db_settings: Settings
) -> None:
    def both(session: Session, candidate: int) -> None:
        _basic(session, candidate, "written", date(2024, 1, 10))
        _basic(session, candidate, "practical", date(2024, 1, 20), passed=False)
        _basic(session, candidate, "practical", date(2024, 2, 5))

    intern, _company = build(db_settings, _stage_ii_world(both))
    # Stage (ii) needs no stage (iii) condition: no excellence, licence or home stay here.
    payload = mutate(
        api,
        "advanceStage",
        {"candidateId": intern, "startsOn": "2024-03-01", "passedOn": "2024-01-10"},
    )
    assert payload["errors"] == []
    shown = gql(api, STAGES, {"id": intern})["candidate"]
    assert shown["status"] == "IN_JAPAN_II"
    assert shown["stages"][-1] == {
        "stage": "II",
        "startedOn": "2024-03-01",
        "skillsTest": "BASIC_GRADE",
        "skillsTestPassedOn": "2024-02-05",
    }


def test_a_resolved_difficulty_does_not_hold_the_intern_back(
    api: TestClient, db_settings: Settings
) -> None:
    def resolved(session: Session, candidate: int) -> None:
        session.add(
            Difficulty(
                candidate_id=candidate,
                kind="illness_or_injury",
                occurred_on=date(2025, 5, 1),
                company_reported_on=date(2025, 5, 2),
                due_on=date(2025, 5, 15),
                resolved_on=date(2025, 7, 1),
            )
        )

    intern, _company = build(db_settings, World(extra=resolved))
    assert mutate(api, "advanceStage", {"candidateId": intern, "startsOn": STARTS})["errors"] == []


def test_the_checks_come_in_a_fixed_order(api: TestClient, db_settings: Settings) -> None:
    """With nothing recorded, the gate is named first; with the gate passed, the plan."""
    bare = World(gate=NONE, plan=NONE, excellence=NONE, licence=NONE, home=NONE)
    intern, _company = build(db_settings, bare)
    first = mutate(api, "advanceStage", {"candidateId": intern, "startsOn": STARTS})["errors"]
    assert [e["field"] for e in first] == ["skillsTest"]
    factories.build(
        db_settings, lambda s: _grade_3(s, key_of(intern, "Candidate"), date(2026, 1, 10))
    )
    second = mutate(api, "advanceStage", {"candidateId": intern, "startsOn": STARTS})["errors"]
    assert "certified training plan" in second[0]["message"]
