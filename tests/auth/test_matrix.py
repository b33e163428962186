"""Each role against each kind of object: by id, in lists, through nested edges
and through mutations, on SQLite and PostgreSQL. Zero access where there
should be none."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from starlette.testclient import TestClient

from core.auth.roles import Role
from core.db.models import Candidate, HostCompany, RecruitmentCall, TrainingCohort
from core.db.session import Database
from core.settings import Settings
from tests.accounts import signed_in
from tests.lifecycle.helpers import snapshot

World = dict[str, int]


def build_world(settings: Settings) -> World:
    async def run() -> World:
        db = Database.connect(settings.database_url, schema=settings.database_schema)
        try:
            async with db.transaction() as session:
                calls = {
                    code: RecruitmentCall(
                        country_code=code,
                        label=f"{code}-1",
                        job_fields=["manufacturing"],
                        places=5,
                        opens_on=date(2026, 1, 1),
                        closes_on=date(2026, 2, 1),
                    )
                    for code in ("VN", "ID", "TH")
                }
                cohorts = {
                    code: TrainingCohort(
                        country_code=code,
                        name=f"{code} cohort",
                        starts_on=date(2026, 3, 1),
                        ends_on=date(2026, 8, 1),
                    )
                    for code in ("VN", "ID")
                }
                companies = {
                    key: HostCompany(
                        name=f"Company {key}", prefecture="Gifu", job_category="Casting"
                    )
                    for key in ("A", "B")
                }
                session.add_all([*calls.values(), *cohorts.values(), *companies.values()])
                await session.flush()

                def candidate(code: str, status: str, company: str | None = None) -> Candidate:
                    return Candidate(
                        country_code=code,
                        call_id=calls[code].id or 0,
                        full_name=f"{code} {status}",
                        date_of_birth=date(2001, 1, 1),
                        sex="male",
                        education_level="upper_secondary",
                        status=status,
                        host_company_id=companies[company].id if company else None,
                    )

                people = {
                    "vn_registered": candidate("VN", "registered"),
                    "id_registered": candidate("ID", "registered"),
                    "th_registered": candidate("TH", "registered"),
                    "vn_in_japan": candidate("VN", "in_japan_i", "A"),
                    "th_in_japan": candidate("TH", "in_japan_ii", "B"),
                }
                session.add_all(people.values())
                await session.flush()
                world = {key: row.id or 0 for key, row in people.items()}
                world |= {f"call_{code}": row.id or 0 for code, row in calls.items()}
                world |= {f"cohort_{code}": row.id or 0 for code, row in cohorts.items()}
                world |= {f"company_{key}": row.id or 0 for key, row in companies.items()}
                return world
        finally:
            await db.dispose()

    return asyncio.run(run())


PEOPLE = ["vn_registered", "id_registered", "th_registered", "vn_in_japan", "th_in_japan"]
VISIBLE = {
    "staff": set(PEOPLE),
    "vn_ministry": {"vn_registered", "vn_in_japan"},
    "id_ministry": {"id_registered"},
    "th_embassy": {"th_in_japan"},
    "company_a": {"vn_in_japan"},
}


@pytest.fixture
def roles(api: TestClient, db_settings: Settings) -> tuple[World, dict[str, dict[str, str]]]:
    world = build_world(db_settings)
    headers = {
        "staff": signed_in(api, Role.STAFF),
        "vn_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="VN"),
        "id_ministry": signed_in(api, Role.MINISTRY_OFFICER, country_code="ID"),
        "th_embassy": signed_in(api, Role.EMBASSY_OFFICER, country_code="TH"),
        "company_a": signed_in(api, Role.HOST_COMPANY, host_company_id=world["company_A"]),
    }
    return world, headers


def post(
    api: TestClient, query: str, headers: dict[str, str], variables: dict | None = None
) -> dict:
    response = api.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.database
def test_lists_by_id_and_nested_edges_show_only_what_the_role_may_see(
    api: TestClient, roles
) -> None:
    world, headers = roles
    names = {world[key]: key for key in PEOPLE}
    listing = "{ candidates(first: 100) { totalCount edges { node { id status call { countryCode } "
    listing += "hostCompany { name } cohort { name } } } } }"
    for role, allowed in VISIBLE.items():
        body = post(api, listing, headers[role])
        assert "errors" not in body, (role, body)
        page = body["data"]["candidates"]
        assert {names[int(edge["node"]["id"])] for edge in page["edges"]} == allowed, role
        assert page["totalCount"] == len(allowed), role
        for key in PEOPLE:
            one = post(
                api,
                "query($id: ID!) { candidate(id: $id) { id fullName } }",
                headers[role],
                {"id": str(world[key])},
            )
            assert (one["data"]["candidate"] is not None) == (key in allowed), (role, key)


@pytest.mark.database
def test_calls_cohorts_companies_and_pipeline_are_scoped(api: TestClient, roles) -> None:
    _world, headers = roles
    calls = "query($c: String!) { recruitmentCalls(countryCode: $c) { label } }"
    assert post(api, calls, headers["vn_ministry"], {"c": "ID"})["data"]["recruitmentCalls"] == []
    assert post(api, calls, headers["vn_ministry"], {"c": "VN"})["data"]["recruitmentCalls"] == [
        {"label": "VN-1"}
    ]
    assert post(api, calls, headers["company_a"], {"c": "VN"})["data"]["recruitmentCalls"] == []
    cohorts = "query($c: String!) { trainingCohorts(countryCode: $c) { name } }"
    assert post(api, cohorts, headers["vn_ministry"], {"c": "ID"})["data"]["trainingCohorts"] == []
    pipeline = post(api, "{ pipeline { countryCode applied } }", headers["vn_ministry"])["data"][
        "pipeline"
    ]
    assert pipeline == [{"countryCode": "VN", "applied": 2}]
    for role in ("company_a", "th_embassy"):
        for query in (
            "{ hostCompanies { name } }",
            "{ pipeline { applied } }",
            "{ auditLog { id } }",
        ):
            assert post(api, query, headers[role])["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.database
def test_personal_fields_are_for_those_who_screen(api: TestClient, roles) -> None:
    world, headers = roles
    query = "query($id: ID!) { candidate(id: $id) { fullName dateOfBirth } }"
    ministry = post(api, query, headers["vn_ministry"], {"id": str(world["vn_in_japan"])})
    assert ministry["data"]["candidate"]["dateOfBirth"] == "2001-01-01"
    for role, key in (("company_a", "vn_in_japan"), ("th_embassy", "th_in_japan")):
        body = post(api, query, headers[role], {"id": str(world[key])})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
        assert body["errors"][0]["path"] == ["candidate", "dateOfBirth"]
        allowed = post(
            api,
            "query($id: ID!) { candidate(id: $id) "
            "{ fullName status stages { stage } hostCompany { name } } }",
            headers[role],
            {"id": str(world[key])},
        )
        assert "errors" not in allowed and allowed["data"]["candidate"]["fullName"], role


@pytest.mark.database
def test_mutations_outside_the_scope_change_nothing(
    api: TestClient, roles, db_settings: Settings
) -> None:
    world, headers = roles
    ministry = headers["vn_ministry"]
    before = snapshot(db_settings)
    attempts = [
        (
            "withdrawCandidate",
            {"candidateId": str(world["id_registered"]), "reason": "x"},
            "candidateId",
            "NOT_FOUND",
        ),
        (
            "recordTestResult",
            {"candidateId": str(world["id_registered"]), "kind": "INTERVIEW", "passed": True},
            "candidateId",
            "NOT_FOUND",
        ),
        ("screenCandidate", {"candidateId": str(world["th_in_japan"])}, "candidateId", "NOT_FOUND"),
        (
            "enrolCandidate",
            {"candidateId": str(world["id_registered"]), "cohortId": str(world["cohort_ID"])},
            "candidateId",
            "NOT_FOUND",
        ),
        (
            "registerCandidate",
            {
                "callId": str(world["call_ID"]),
                "fullName": "X",
                "dateOfBirth": "2000-01-01",
                "sex": "MALE",
                "educationLevel": "UPPER_SECONDARY",
            },
            "callId",
            "NOT_FOUND",
        ),
        (
            "updateCallCriteria",
            {"callId": str(world["call_ID"]), "omitRules": ["sex"]},
            "callId",
            "NOT_FOUND",
        ),
        (
            "createRecruitmentCall",
            {
                "countryCode": "ID",
                "label": "x",
                "jobFields": ["a"],
                "places": 1,
                "opensOn": "2026-01-01",
                "closesOn": "2026-01-02",
            },
            "countryCode",
            "FORBIDDEN",
        ),
        (
            "createTrainingCohort",
            {"countryCode": "ID", "name": "x", "startsOn": "2026-01-01", "endsOn": "2026-06-01"},
            "countryCode",
            "FORBIDDEN",
        ),
    ]
    for name, data, field, code in attempts:
        body = post(
            api,
            f"mutation($i: {name[0].upper()}{name[1:]}Input!) "
            f"{{ {name}(input: $i) {{ errors {{ field code }} }} }}",
            ministry,
            {"i": data},
        )
        assert body["data"][name]["errors"] == [{"field": field, "code": code}], name
    for role in ("company_a", "th_embassy"):
        body = post(
            api,
            "mutation($i: WithdrawCandidateInput!) "
            "{ withdrawCandidate(input: $i) { errors { code } } }",
            headers[role],
            {"i": {"candidateId": str(world["vn_in_japan"]), "reason": "x"}},
        )
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        body = post(
            api,
            "mutation($i: DispatchCandidateInput!) "
            "{ dispatchCandidate(input: $i) { errors { code } } }",
            ministry,
            {"i": {"candidateId": str(world["vn_registered"])}},
        )
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert snapshot(db_settings) == before


def test_anonymous_gets_the_catalogue_and_nothing_else(client: TestClient) -> None:
    assert len(post(client, "{ countries { code } }", {})["data"]["countries"]) == 5
    for query in (
        "{ candidates { totalCount } }",
        '{ candidate(id: "1") { id } }',
        "{ me { email } }",
    ):
        assert post(client, query, {})["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", (
            query
        )
    schema = client.app.state.schema  # type: ignore[attr-defined]
    mutation_type = schema._schema.mutation_type
    for name, field in mutation_type.fields.items():
        if name in {"login", "refreshToken"}:
            continue
        arguments = "(input: {})" if "input" in field.args else ""
        body = post(client, f"mutation {{ {name}{arguments} {{ __typename }} }}", {})
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", name
