"""Dashboard figures for a small data set equal the ones counted by hand."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import (
    AssociationMembership,
    Candidate,
    FoundedBusiness,
    InterviewCompany,
    InterviewOutcome,
    InterviewRegistration,
    InterviewSession,
    RecruitmentCall,
    ScreeningDecision,
    TrainingCohort,
)
from core.settings import Settings
from tests.accounts import signed_in
from tests.sql import database

QUERY = """query($year: Int!) { statistics(year: $year) { countryCode applicants screened
  passedScreening screeningPassRate inTraining dispatched inJapanI inJapanII inJapanIII
  returned completed hiredWithinSixMonths businessesFounded } }"""


def seed(settings: Settings) -> None:
    async def run() -> None:
        db = database(settings)
        try:
            async with db.transaction() as s:

                def call(code: str, label: str, opens: date) -> RecruitmentCall:
                    return RecruitmentCall(
                        country_code=code,
                        label=label,
                        job_fields=["manufacturing"],
                        places=9,
                        opens_on=opens,
                        closes_on=opens,
                    )

                vn_2026, vn_2025 = (
                    call("VN", "a", date(2026, 1, 1)),
                    call("VN", "b", date(2025, 6, 1)),
                )
                id_2026 = call("ID", "c", date(2026, 2, 1))
                cohort = TrainingCohort(
                    country_code="VN",
                    name="VN 2026",
                    starts_on=date(2026, 2, 1),
                    ends_on=date(2026, 7, 1),
                )
                s.add_all([vn_2026, vn_2025, id_2026, cohort])
                await s.flush()

                def person(c: RecruitmentCall, status: str, **extra: object) -> Candidate:
                    return Candidate(
                        country_code=c.country_code,
                        call_id=c.id or 0,
                        full_name=status,
                        date_of_birth=date(2000, 1, 1),
                        sex="male",
                        education_level="upper_secondary",
                        status=status,
                        **extra,
                    )

                a1 = person(vn_2026, "in_japan_i", entered_japan_on=date(2026, 8, 1))
                a2 = person(vn_2026, "screening_failed")
                a3 = person(vn_2026, "in_training", cohort_id=cohort.id)
                a4 = person(vn_2026, "in_japan_ii", entered_japan_on=date(2026, 9, 1))
                a5 = person(
                    vn_2025,
                    "returned",
                    entered_japan_on=date(2023, 3, 1),
                    returned_on=date(2026, 3, 1),
                    return_outcome="completed",
                )
                a6 = person(
                    vn_2025,
                    "returned",
                    entered_japan_on=date(2024, 5, 1),
                    returned_on=date(2026, 5, 1),
                    return_outcome="early_return",
                )
                b1 = person(id_2026, "registered")
                s.add_all([a1, a2, a3, a4, a5, a6, b1])
                await s.flush()
                version_id = await _criteria_version(s, vn_2026.id or 0)
                for who, passed, on in (
                    (a1, True, date(2026, 1, 10)),
                    (a2, False, date(2026, 1, 10)),
                    (a3, True, date(2026, 1, 11)),
                    (a5, True, date(2025, 7, 1)),
                ):
                    s.add(
                        ScreeningDecision(
                            candidate_id=who.id or 0,
                            criteria_version_id=version_id,
                            passed=passed,
                            screened_on=on,
                        )
                    )
                session_row = InterviewSession(
                    country_code="VN",
                    programme_id="group-job-interviews",
                    held_on=date(2026, 7, 1),
                    city="Hanoi",
                )
                s.add(session_row)
                await s.flush()
                company = InterviewCompany(
                    session_id=session_row.id or 0, name="K", origin="japanese", open_positions=3
                )
                s.add(company)
                await s.flush()
                for who, decided in ((a5, date(2026, 7, 15)), (a6, date(2027, 1, 10))):
                    registration = InterviewRegistration(
                        session_id=session_row.id or 0, candidate_id=who.id or 0
                    )
                    s.add(registration)
                    await s.flush()
                    s.add(
                        InterviewOutcome(
                            registration_id=registration.id or 0,
                            company_id=company.id or 0,
                            result="hired",
                            decided_on=decided,
                        )
                    )
                membership = AssociationMembership(
                    candidate_id=a5.id or 0,
                    country_code="VN",
                    association_id="alumni",
                    region="Hanoi",
                    joined_on=date(2026, 4, 1),
                )
                s.add(membership)
                await s.flush()
                for year in (2026, 2025):
                    s.add(
                        FoundedBusiness(
                            membership_id=membership.id or 0,
                            name=f"Shop {year}",
                            sector="food",
                            region="Hanoi",
                            founded_year=year,
                            employees=3,
                        )
                    )
        finally:
            await db.dispose()

    asyncio.run(run())


async def _criteria_version(session: object, call_id: int) -> int:
    from core.db.models import CriteriaVersion

    version = CriteriaVersion(call_id=call_id, version=1, criteria=[])
    session.add(version)  # type: ignore[attr-defined]
    await session.flush()  # type: ignore[attr-defined]
    return version.id or 0


@pytest.mark.database
def test_figures_equal_the_ones_counted_by_hand(api: TestClient, db_settings: Settings) -> None:
    seed(db_settings)
    rows = {row["countryCode"]: row for row in ok_query(api, 2026)}
    assert rows["VN"] == {
        "countryCode": "VN",
        "applicants": 4,  # a1..a4: the 2026 call; a5, a6 applied in 2025
        "screened": 3,  # a1, a2, a3 in 2026; a5's decision was in 2025
        "passedScreening": 2,
        "screeningPassRate": pytest.approx(2 / 3),
        "inTraining": 1,  # a3, cohort started 2026
        "dispatched": 2,  # a1, a4
        "inJapanI": 1,
        "inJapanII": 1,
        "inJapanIII": 0,
        "returned": 2,  # a5, a6
        "completed": 1,  # a5
        "hiredWithinSixMonths": 1,  # a5 (hired 4.5 months after); a6 after 8 months
        "businessesFounded": 1,  # the 2026 shop
    }
    assert rows["ID"]["applicants"] == 1
    assert rows["ID"]["screeningPassRate"] is None
    assert all(row["applicants"] == 0 for code, row in rows.items() if code not in {"VN", "ID"})
    earlier = {row["countryCode"]: row for row in ok_query(api, 2025)}["VN"]
    assert (earlier["applicants"], earlier["screened"], earlier["passedScreening"]) == (2, 1, 1)
    assert (earlier["returned"], earlier["businessesFounded"]) == (0, 1)


@pytest.mark.database
def test_a_ministry_sees_its_own_country(api: TestClient, db_settings: Settings) -> None:
    seed(db_settings)
    headers = signed_in(api, Role.MINISTRY_OFFICER, country_code="ID")
    body = api.post(
        "/graphql", json={"query": QUERY, "variables": {"year": 2026}}, headers=headers
    ).json()
    assert [row["countryCode"] for row in body["data"]["statistics"]] == ["ID"]


def ok_query(api: TestClient, year: int) -> list[dict]:
    body = api.post("/graphql", json={"query": QUERY, "variables": {"year": year}}).json()
    assert "errors" not in body, body
    return body["data"]["statistics"]
