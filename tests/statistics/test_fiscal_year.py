"""statistics(fiscalYear:): April to March, 31 March and 1 April on either side;
exactly one of year and fiscalYear."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from core.settings import Settings
from tests.client import gql, post
from tests.factories import build, call, candidate

FIELDS = """countryCode year fiscalYear startsOn endsOn dispatched returned completed
  applicants"""


def _world(session: Session) -> None:
    vn = call(session, "VN", opens_on=date(2026, 3, 31), closes_on=date(2026, 4, 30))
    late = call(session, "VN", label="VN-2", opens_on=date(2026, 4, 1))
    candidate(session, vn, "in_japan_i", entered_japan_on=date(2025, 3, 31))
    candidate(session, vn, "in_japan_i", entered_japan_on=date(2025, 4, 1))
    candidate(session, vn, "in_japan_i", entered_japan_on=date(2026, 3, 31))
    candidate(session, late, "in_japan_i", entered_japan_on=date(2026, 4, 1))
    candidate(
        session,
        vn,
        "returned",
        entered_japan_on=date(2023, 1, 1),
        returned_on=date(2026, 3, 31),
        return_outcome="completed",
    )
    candidate(
        session,
        late,
        "returned",
        entered_japan_on=date(2023, 1, 1),
        returned_on=date(2026, 4, 1),
        return_outcome="completed",
    )


def _vn(api: TestClient, arguments: str) -> dict[str, object]:
    rows = gql(api, f'{{ statistics({arguments}, countryCode: "VN") {{ {FIELDS} }} }}')
    return dict(rows["statistics"][0])


def test_a_fiscal_year_runs_from_1_april_to_31_march(
    api: TestClient, db_settings: Settings
) -> None:
    build(db_settings, _world)
    fy2025 = _vn(api, "fiscalYear: 2025")
    assert fy2025 == {
        "countryCode": "VN",
        "year": 2025,
        "fiscalYear": 2025,
        "startsOn": "2025-04-01",
        "endsOn": "2026-03-31",
        "dispatched": 2,  # 1 April 2025 and 31 March 2026, not 31 March 2025
        "returned": 1,  # 31 March 2026, not 1 April 2026
        "completed": 1,
        "applicants": 4,  # of the call that opened on 31 March 2026
    }
    fy2026 = _vn(api, "fiscalYear: 2026")
    assert (fy2026["dispatched"], fy2026["returned"], fy2026["applicants"]) == (1, 1, 2)
    assert (fy2026["startsOn"], fy2026["endsOn"]) == ("2026-04-01", "2027-03-31")
    fy2024 = _vn(api, "fiscalYear: 2024")
    assert fy2024["dispatched"] == 1  # 31 March 2025 closes fiscal year 2024


def test_the_calendar_year_is_unchanged(api: TestClient, db_settings: Settings) -> None:
    build(db_settings, _world)
    calendar = _vn(api, "year: 2026")
    assert calendar["fiscalYear"] is None
    assert (calendar["startsOn"], calendar["endsOn"]) == ("2026-01-01", "2026-12-31")
    assert (calendar["dispatched"], calendar["returned"], calendar["applicants"]) == (2, 2, 6)


def test_exactly_one_of_year_and_fiscal_year(api: TestClient) -> None:
    for arguments in ("year: 2026, fiscalYear: 2026", 'countryCode: "VN"'):
        body = post(api, f"{{ statistics({arguments}) {{ countryCode }} }}")
        error = body["errors"][0]
        assert error["extensions"]["code"] == "INVALID"
        assert "year" in error["message"] and "fiscalYear" in error["message"]
    body = post(api, "{ statistics(fiscalYear: 1800) { countryCode } }")
    assert body["errors"][0]["message"].startswith("fiscalYear:")
